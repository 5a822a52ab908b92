#include "text/load_txt.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

struct line {
  size_t start, end;        /* the line without its '\n' */
  size_t cs, ce;            /* its content, without leading and trailing white space */
};

static bool is_blank_byte(char c)
{
  return c == ' ' || c == '\t' || c == '\n';
}

/* The line starting at pos (pos < len). */
static struct line line_at(const char *t, size_t len, size_t pos)
{
  struct line l = {.start = pos};
  const char *nl = memchr(t + pos, '\n', len - pos);
  l.end = nl ? (size_t)(nl - t) : len;
  l.cs = l.start;
  for (;;) {
    if (l.cs < l.end && is_blank_byte(t[l.cs]))
      l.cs++;
    else if (l.cs + 1 < l.end && (unsigned char)t[l.cs] == 0xC2 &&
             (unsigned char)t[l.cs + 1] == 0xA0)
      l.cs += 2; /* no-break space used for indentation */
    else
      break;
  }
  l.ce = l.end;
  while (l.ce > l.cs && is_blank_byte(t[l.ce - 1]))
    l.ce--;
  return l;
}

/* True when s[0, n) holds a letter or a digit. */
static bool has_alnum(const char *s, size_t n)
{
  size_t i = 0;
  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    if (c < 0x80) {
      if ((c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z'))
        return true;
      i++;
      continue;
    }
    utf8proc_int32_t cp;
    utf8proc_ssize_t k =
      utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp);
    if (k <= 0) {
      i++;
      continue;
    }
    switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO: case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
      return true;
    default:
      break;
    }
    i += (size_t)k;
  }
  return false;
}

/* A line of only '=' or only '-' (three or more): the underline of a heading. */
static bool is_underline(const char *t, const struct line *l)
{
  if (l->ce - l->cs < 3 || (t[l->cs] != '=' && t[l->cs] != '-'))
    return false;
  for (size_t i = l->cs; i < l->ce; i++)
    if (t[i] != t[l->cs])
      return false;
  return true;
}

enum marker { MARK_NONE, MARK_BULLET, MARK_NUMBER };

/* The list marker that the line's content starts with, and where the item's text starts. */
static enum marker line_marker(const char *t, const struct line *l, size_t *text_start)
{
  static const char *const bullets[] = {
    "\xE2\x80\xA2" /* • */, "\xE2\x97\xA6" /* ◦ */, "\xE2\x80\xA3" /* ‣ */,
    "\xE2\x96\xAA" /* ▪ */, "\xE2\x97\x8F" /* ● */, "\xE2\x97\x8B" /* ○ */,
    "\xE2\x96\xA0" /* ■ */, "\xE2\x80\x93" /* – */, "\xC2\xB7" /* · */};
  const char *s = t + l->cs;
  size_t n = l->ce - l->cs;
  size_t m = 0;
  enum marker kind = MARK_NONE;
  bool need_space = true;
  for (size_t b = 0; b < sizeof bullets / sizeof bullets[0]; b++) {
    size_t bl = strlen(bullets[b]);
    if (n > bl && !memcmp(s, bullets[b], bl)) {
      m = bl;
      kind = MARK_BULLET;
      /* "•Item" is clearly a bullet; "–word" (an en dash) is not. */
      need_space = b == 7;
      break;
    }
  }
  if (!kind && n > 1 && (s[0] == '-' || s[0] == '*' || s[0] == '+'))
    m = 1, kind = MARK_BULLET;
  if (!kind) {
    size_t i = 0;
    bool paren = s[0] == '(';
    if (paren)
      i++;
    size_t d = i;
    while (d < n && d - i < 3 && s[d] >= '0' && s[d] <= '9')
      d++;
    if (d > i && (d - i) <= 3) {
      if (d < n && (paren ? s[d] == ')' : (s[d] == '.' || s[d] == ')')))
        m = d + 1, kind = MARK_NUMBER;
    } else if (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')) &&
               i + 1 < n) {
      char c = s[i], p = s[i + 1];
      bool lower = c >= 'a' && c <= 'z';
      /* "a." "a)" "(a)" "A)" "(A)"; "A." is left alone: it is too often an initial. */
      if (paren ? p == ')' : (p == ')' || (lower && p == '.')))
        m = i + 2, kind = MARK_NUMBER;
    }
  }
  if (!kind)
    return MARK_NONE;
  size_t k = m;
  while (k < n && (s[k] == ' ' || s[k] == '\t'))
    k++;
  if ((need_space && k == m) || k == n)
    return MARK_NONE;
  *text_start = l->cs + k;
  return kind;
}

/* A short line with a letter and without final punctuation. */
static bool heading_like(const char *t, size_t start, size_t end)
{
  size_t chars = 0;
  for (size_t i = start; i < end; i++)
    if (((unsigned char)t[i] & 0xC0) != 0x80)
      chars++;
  if (chars > LOAD_TXT_MAX_HEADING_CHARS)
    return false;
  /* Look through closing quotes and brackets: 'He said "no."' ends with a full stop. */
  size_t e = end;
  for (;;) {
    if (e > start && strchr("\"')]", t[e - 1]))
      e--;
    else if (e >= start + 3 && (unsigned char)t[e - 3] == 0xE2 && (unsigned char)t[e - 2] == 0x80 &&
             ((unsigned char)t[e - 1] == 0x9D || (unsigned char)t[e - 1] == 0x99))
      e -= 3; /* ” ’ */
    else if (e >= start + 2 && (unsigned char)t[e - 2] == 0xC2 && (unsigned char)t[e - 1] == 0xBB)
      e -= 2; /* » */
    else
      break;
  }
  if (e == start)
    return false;
  if (strchr(".!?:;,", t[e - 1]))
    return false;
  if (e >= start + 3 && !memcmp(t + e - 3, "\xE2\x80\xA6", 3)) /* … */
    return false;
  return true;
}

struct block {
  bool open;
  enum doc_kind kind;
  size_t start, end;
  size_t lines;
  bool heading;             /* underlined: a heading whatever its length */
  bool piece;               /* cut from a block at a deliberate line break: never a heading */
};

/* Characters (code points) in t[a, b). */
static size_t chars(const char *t, size_t a, size_t b)
{
  size_t n = 0;
  for (size_t i = a; i < b; i++)
    n += ((unsigned char)t[i] & 0xC0) != 0x80;
  return n;
}

/* The width of the widest line of the block starting at pos, in characters: the block's wrap
 * width as far as can be told. */
static size_t block_width(const char *t, size_t len, size_t pos)
{
  size_t width = 0;
  while (pos < len) {
    struct line l = line_at(t, len, pos);
    if (l.cs == l.ce || !has_alnum(t + l.cs, l.ce - l.cs))
      break;
    size_t w = chars(t, l.start, l.ce);
    if (w > width)
      width = w;
    pos = l.end + 1;
  }
  return width;
}

/* True when a line of prev characters was ended on purpose: the first word of the next line
 * would have fitted on it, with room to spare, within the block's width. A wrapping program
 * moves a word down only when it does not fit, so wrapped prose never passes this test;
 * addresses, letters' openings and closings, metadata and verse do. */
static bool deliberate_break(size_t prev, const char *t, const struct line *next, size_t width)
{
  size_t word = 0;
  for (size_t i = next->cs; i < next->ce && t[i] != ' ' && t[i] != '\t'; i++)
    word += ((unsigned char)t[i] & 0xC0) != 0x80;
  size_t margin = width / 8 > 2 ? width / 8 : 2;
  return prev + 1 + word + margin <= width;
}

static int flush(struct document *doc, struct block *b)
{
  if (!b->open)
    return 0;
  b->open = false;
  enum doc_kind kind = b->kind;
  if (b->heading || (kind == DOC_PARAGRAPH && b->lines == 1 && !b->piece &&
                     heading_like(doc->text, b->start, b->end)))
    kind = DOC_HEADING;
  if (kind == DOC_HEADING && !doc->title) {
    char *title = strndup(doc->text + b->start, b->end - b->start);
    if (!title)
      return -ENOMEM;
    doc->title = title;
  }
  return document_add_paragraph(doc, kind, b->start, b->end);
}

int load_txt(struct document *doc)
{
  const char *t = doc->text;
  size_t len = doc->len;
  struct block b = {0};
  bool after_colon = false;
  size_t width = 0;         /* of the current block; 0 between blocks */
  size_t prev_chars = 0;    /* width of the previous line */
  int rc = 0;
  for (size_t pos = 0; pos < len && !rc;) {
    struct line l = line_at(t, len, pos);
    pos = l.end < len ? l.end + 1 : len;
    if (l.cs == l.ce || !has_alnum(t + l.cs, l.ce - l.cs)) {
      if (b.open && b.kind == DOC_PARAGRAPH && b.lines == 1 && !b.piece && is_underline(t, &l))
        b.heading = true;
      rc = flush(doc, &b);
      after_colon = false;
      width = 0;
      continue;
    }
    if (width == 0)
      width = block_width(t, len, l.start);
    size_t text_start = 0;
    enum marker m = line_marker(t, &l, &text_start);
    bool item = m == MARK_BULLET;
    if (m == MARK_NUMBER) {
      /* A number at the start of a wrapped line ("...in\n1984. It was") is not a list: ask for
       * a list context. */
      item = !b.open || b.kind == DOC_ITEM || after_colon;
      if (!item && pos < len) {
        struct line next = line_at(t, len, pos);
        size_t dummy;
        item = line_marker(t, &next, &dummy) == MARK_NUMBER;
      }
    }
    if (item) {
      rc = flush(doc, &b);
      b = (struct block){.open = true, .kind = DOC_ITEM, .start = text_start, .end = l.ce,
                         .lines = 1};
    } else if (b.open && b.kind == DOC_PARAGRAPH && deliberate_break(prev_chars, t, &l, width)) {
      b.piece = true;
      rc = flush(doc, &b);
      b = (struct block){.open = true, .kind = DOC_PARAGRAPH, .start = l.cs, .end = l.ce,
                         .lines = 1, .piece = true};
    } else if (b.open) {
      b.end = l.ce;
      b.lines++;
    } else {
      b = (struct block){.open = true, .kind = DOC_PARAGRAPH, .start = l.cs, .end = l.ce,
                         .lines = 1};
    }
    after_colon = t[l.ce - 1] == ':';
    prev_chars = chars(t, l.start, l.ce);
  }
  if (!rc)
    rc = flush(doc, &b);
  return rc;
}
