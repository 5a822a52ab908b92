#include "text/load_md.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <md4c.h>
#include <utf8proc.h>

#include "text/lang.h"
#include "text/load_build.h"
#include "util/error.h"

struct md_state {
  struct load_builder b;
  int err;                  /* first error of a callback (md_parse only says "non-zero") */
  struct load_blocks blocks;
  unsigned cells;           /* cells seen in the current table row */
};

static int fail(struct md_state *st, int rc)
{
  if (!st->err)
    st->err = rc;
  return 1;
}

/* An ordered list numbers its items from its start, with the source's delimiter ("3)" stays
 * "3)"); a bulleted one does not. */
static int enter_list(struct md_state *st, MD_BLOCKTYPE type, const void *detail)
{
  struct load_list list = {.ordered = false};
  if (type == MD_BLOCK_OL) {
    const MD_BLOCK_OL_DETAIL *ol = detail;
    list = (struct load_list){.ordered = true, .next = (long)ol->start, .step = 1, .style = '1',
                              .delim = ol->mark_delimiter == ')' ? ')' : '.'};
  }
  return load_blocks_list_push(&st->blocks, &list);
}

static int enter_item(struct md_state *st)
{
  char marker[32];
  size_t n = load_blocks_item_marker(&st->blocks, NULL, marker);
  load_builder_marker(&st->b, marker, n);
  return load_blocks_push(&st->blocks, DOC_ITEM);
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
  struct md_state *st = user;
  if (type == MD_BLOCK_TH || type == MD_BLOCK_TD) {
    if (st->cells++ > 0)
      load_builder_separator(&st->b, ", ");
    return 0;
  }
  int rc = load_builder_close(&st->b);
  if (rc)
    return fail(st, rc);
  switch (type) {
  case MD_BLOCK_QUOTE: rc = load_blocks_push(&st->blocks, DOC_QUOTE); break;
  case MD_BLOCK_UL: case MD_BLOCK_OL: rc = enter_list(st, type, detail); break;
  case MD_BLOCK_LI: rc = enter_item(st); break;
  case MD_BLOCK_H:
    st->blocks.heading = 1;
    st->b.heading_level = (unsigned char)((const MD_BLOCK_H_DETAIL *)detail)->level;
    break;
  case MD_BLOCK_CODE: case MD_BLOCK_HTML: st->blocks.code = 1; break;
  case MD_BLOCK_TR: st->blocks.row = 1; st->cells = 0; break;
  default: break;
  }
  return rc ? fail(st, rc) : 0;
}

/* True when the open paragraph is nothing but an HTML comment. */
static bool is_comment(const struct load_builder *b)
{
  size_t n;
  const char *s = load_builder_current(b, &n);
  while (n > 0 && (s[n - 1] == '\n' || s[n - 1] == ' ' || s[n - 1] == '\t'))
    n--;
  if (n < 7 || memcmp(s, "<!--", 4) || memcmp(s + n - 3, "-->", 3))
    return false;
  /* One comment, not two with markup between them. */
  const char *end = memmem(s + 4, n - 4, "-->", 3);
  return end == s + n - 3;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *user)
{
  (void)detail;
  struct md_state *st = user;
  if (type == MD_BLOCK_TH || type == MD_BLOCK_TD)
    return 0;
  if (type == MD_BLOCK_HTML && is_comment(&st->b))
    load_builder_drop(&st->b); /* nothing to show, and no marker to speak */
  int rc = load_builder_close(&st->b);
  if (rc)
    return fail(st, rc);
  switch (type) {
  case MD_BLOCK_QUOTE: case MD_BLOCK_LI: load_blocks_pop(&st->blocks); break;
  case MD_BLOCK_UL: case MD_BLOCK_OL: load_blocks_list_pop(&st->blocks); break;
  case MD_BLOCK_H: st->blocks.heading = 0; break;
  case MD_BLOCK_CODE: case MD_BLOCK_HTML: st->blocks.code = 0; break;
  case MD_BLOCK_TR: st->blocks.row = 0; break;
  default: break;
  }
  return 0;
}

static int span(MD_SPANTYPE type, void *detail, void *user)
{
  (void)type;
  (void)detail;
  (void)user;
  return 0;
}

/* Decodes an entity as md4c hands it over ("&amp;", "&#39;", "&#x2014;") into out (at least
 * 8 bytes); returns its length, 0 when it is unknown. */
static size_t decode_entity(const char *s, size_t n, char *out)
{
  if (n < 3 || s[0] != '&' || s[n - 1] != ';')
    return 0;
  long cp = -1;
  if (s[1] == '#') {
    bool hex = n > 3 && (s[2] == 'x' || s[2] == 'X');
    cp = 0;
    for (size_t i = hex ? 3 : 2; i + 1 < n; i++) {
      char c = s[i];
      int v = c >= '0' && c <= '9' ? c - '0'
            : hex && c >= 'a' && c <= 'f' ? c - 'a' + 10
            : hex && c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
      if (v < 0)
        return 0;
      cp = cp * (hex ? 16 : 10) + v;
      if (cp > 0x10FFFF)
        cp = 0xFFFD;
    }
  } else {
    char name[40];
    if (n - 2 >= sizeof name)
      return 0;
    memcpy(name, s + 1, n - 2);
    name[n - 2] = '\0';
    const htmlEntityDesc *e = htmlEntityLookup((const xmlChar *)name);
    if (!e)
      return 0;
    cp = (long)e->value;
  }
  if (cp <= 0 || !utf8proc_codepoint_valid((utf8proc_int32_t)cp))
    cp = 0xFFFD;
  return (size_t)utf8proc_encode_char((utf8proc_int32_t)cp, (utf8proc_uint8_t *)out);
}

static int text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE n, void *user)
{
  struct md_state *st = user;
  enum doc_kind kind = load_blocks_kind(&st->blocks);
  int rc = 0;
  switch (type) {
  case MD_TEXT_NORMAL:
  case MD_TEXT_CODE:
    rc = load_builder_text(&st->b, kind, s, n);
    break;
  case MD_TEXT_HTML:
    /* Raw HTML: kept inside an HTML block (shown as code), dropped inline (<span>, <!-- -->)
     * except a line break, which separates words. */
    if (st->blocks.code)
      rc = load_builder_text(&st->b, kind, s, n);
    else if (n >= 3 && !strncasecmp(s, "<br", 3))
      rc = load_builder_text(&st->b, kind, " ", 1);
    break;
  case MD_TEXT_NULLCHAR:
    rc = load_builder_text(&st->b, kind, "\xEF\xBF\xBD", 3);
    break;
  case MD_TEXT_BR:
  case MD_TEXT_SOFTBR:
    rc = load_builder_text(&st->b, kind, st->blocks.row || st->blocks.heading ? " " : "\n", 1);
    break;
  case MD_TEXT_ENTITY: {
    char buf[8];
    size_t k = decode_entity(s, n, buf);
    rc = k ? load_builder_text(&st->b, kind, buf, k) : load_builder_text(&st->b, kind, s, n);
    break;
  }
  default:
    rc = load_builder_text(&st->b, kind, s, n);
    break;
  }
  return rc ? fail(st, rc) : 0;
}

/* One line of a would-be YAML front matter block. */
struct yaml_line {
  bool yaml;        /* false: prose or Markdown, so the block is not front matter */
  bool key;         /* "key: value" (else blank, a comment, a list item, a continuation) */
  bool one_word;    /* the key is a single word, in any script */
  bool sentence;    /* the value ends like a sentence: "Warning: the text is machine-made." */
};

/* Reads line[0, n) as a line of YAML front matter. A key is a short run of words in any script
 * ("date created", "título", "og.title", "$schema") without Markdown's markers (**Warning**:,
 * > Note:) or clause punctuation. */
static struct yaml_line yaml_line_read(const char *line, size_t n)
{
  enum { MAX_KEY = 40, MAX_KEY_SPACES = 2 };
  struct yaml_line y = {.yaml = true};
  if (n == 0 || line[0] == ' ' || line[0] == '\t' || line[0] == '#')
    return y;
  if (line[0] == '-' && (n == 1 || line[1] == ' '))
    return y;
  y.yaml = false;
  bool merge = n >= 3 && !memcmp(line, "<<:", 3);
  size_t k = merge ? 2 : 0;
  int spaces = 0;
  for (; k < n && k <= MAX_KEY && line[k] != ':'; k++) {
    unsigned char c = (unsigned char)line[k];
    if (c < 0x20 || c == 0x7f || strchr("*[]<>#`~|!?,;", c))
      return y;
    if (c == ' ' && (k == 0 || line[k - 1] == ' ' || ++spaces > MAX_KEY_SPACES))
      return y;
    if (c == '.' && k + 1 < n && line[k + 1] == ' ')
      return y;
  }
  if (k == 0 || k >= n || k > MAX_KEY || line[k] != ':' ||
      !(k + 1 == n || line[k + 1] == ' ' || line[k + 1] == '\t'))
    return y;
  y.yaml = y.key = true;
  y.one_word = spaces == 0;
  size_t end = n;
  while (end > k + 1 && (line[end - 1] == ' ' || line[end - 1] == '\t'))
    end--;
  unsigned char last = end > k + 1 ? (unsigned char)line[end - 1] : 0;
  y.sentence = last == '.' || last == '!' || last == '?' ||
               (end >= k + 4 && !memcmp(line + end - 3, "\xE2\x80\xA6", 3));   /* … */
  return y;
}

/* Length of a YAML front matter block ("---" ... "---" or "...") at the top, 0 if none.
 *
 * Text between two thematic breaks may be a notice ("Warning: this text was machine
 * translated.", "Trigger warning: violence") that a listener must hear, and dropping it would
 * go unnoticed; speaking real metadata is the lesser harm. So every line must read as YAML,
 * and some key must hold data rather than a sentence: with one key line only, a one-word key. */
static size_t front_matter(const char *s, size_t len)
{
  if (len < 4 || memcmp(s, "---\n", 4))
    return 0;
  size_t limit = len < 65536 ? len : 65536;
  size_t keys = 0, data = 0, one_word_data = 0;
  for (size_t i = 4; i < limit;) {
    const char *line = s + i;
    const char *nl = memchr(line, '\n', len - i);
    size_t n = nl ? (size_t)(nl - line) : len - i;
    if (n == 3 && (!memcmp(line, "---", 3) || !memcmp(line, "...", 3))) {
      bool metadata = data > 0 && (keys >= 2 || one_word_data > 0);
      return !metadata ? 0 : nl ? i + 4 : len;
    }
    struct yaml_line y = yaml_line_read(line, n);
    if (!y.yaml)
      return 0;
    keys += y.key;
    data += y.key && !y.sentence;
    one_word_data += y.key && !y.sentence && y.one_word;
    i += n + 1;
  }
  return 0;
}

/* The value of key ("title:") in a front matter block fm[0, n), unquoted, or NULL. */
static char *front_matter_value(const char *fm, size_t n, const char *key, bool *oom)
{
  *oom = false;
  size_t k = strlen(key);
  for (size_t i = 0; i < n;) {
    const char *line = fm + i;
    const char *nl = memchr(line, '\n', n - i);
    size_t ll = nl ? (size_t)(nl - line) : n - i;
    i += ll + 1;
    if (ll < k || memcmp(line, key, k))
      continue;
    size_t a = k, b = ll;
    while (a < b && (line[a] == ' ' || line[a] == '\t'))
      a++;
    while (b > a && (line[b - 1] == ' ' || line[b - 1] == '\t'))
      b--;
    if (b - a >= 2 && (line[a] == '"' || line[a] == '\'') && line[b - 1] == line[a])
      a++, b--;
    if (a == b)
      return NULL;
    char *t = strndup(line + a, b - a);
    *oom = !t;
    return t;
  }
  return NULL;
}

/* The language a front matter block fm[0, n) states (lang: or language:, a BCP 47 tag), into
 * doc->lang. Returns 0 or -ENOMEM. */
static int front_matter_lang(const char *fm, size_t n, struct document *doc)
{
  bool oom = false;
  char *lang = front_matter_value(fm, n, "lang:", &oom);
  if (!lang && !oom)
    lang = front_matter_value(fm, n, "language:", &oom);
  int rc = oom ? -ENOMEM : lang && lang_tag_valid(lang) ? document_set_string(&doc->lang, lang) : 0;
  free(lang);
  return rc;
}

int load_md(const char *src, size_t len, struct document *doc)
{
  size_t skip = front_matter(src, len);
  bool oom = false;
  char *fm_title = skip ? front_matter_value(src, skip, "title:", &oom) : NULL;
  if (skip && !oom && front_matter_lang(src, skip, doc))
    oom = true;
  if (oom) {
    free(fm_title);
    return -ENOMEM;
  }
  src += skip;
  len -= skip;
  if (len > (size_t)(MD_SIZE)-1 / 4) {
    free(fm_title);
    return LECTOR_ETOOBIG;
  }
  struct md_state st = {0};
  /* Entities and images' alt text can make the text longer than the source, never by much. */
  load_builder_init(&st.b, doc, 2 * len + 4096);
  MD_PARSER parser = {
    .abi_version = 0,
    .flags = MD_DIALECT_GITHUB,
    .enter_block = enter_block,
    .leave_block = leave_block,
    .enter_span = span,
    .leave_span = span,
    .text = text,
  };
  int r = md_parse(src, (MD_SIZE)len, &parser, &st);
  int rc = r == 0 ? 0 : st.err ? st.err : LECTOR_EPARSE;
  if (!rc)
    rc = load_builder_finish(&st.b);
  if (!rc && fm_title) {
    free(doc->title);
    doc->title = fm_title;
    fm_title = NULL;
  } else if (!rc && st.b.first_heading) {
    free(doc->title);
    doc->title = st.b.first_heading;
    st.b.first_heading = NULL;
  }
  load_builder_discard(&st.b);
  load_blocks_free(&st.blocks);
  free(fm_title);
  return rc;
}
