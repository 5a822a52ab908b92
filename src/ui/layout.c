#include "ui/layout.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/document.h"
#include "text/loader.h"
#include "util/grow.h"

#define REPLACEMENT 0xfffd

size_t layout_glyph(const char *s, size_t len, bool utf8, struct layout_glyph *out)
{
  memset(out, 0, sizeof *out);
  utf8proc_int32_t cp;
  utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &cp);
  if (n <= 0) {
    out->wc[0] = utf8 ? REPLACEMENT : '?';
    out->width = 1;
    return 1;
  }
  if (cp < 0x20 || cp == 0x7f) {
    /* Caret notation, the way less and cat -v show it: ESC is "^[". */
    out->wc[0] = '^';
    out->wc[1] = (wchar_t)(cp ^ 0x40);
    out->width = 2;
    return (size_t)n;
  }
  if (cp < 0x80) {
    out->wc[0] = (wchar_t)cp;
    out->width = 1;
    return (size_t)n;
  }
  if (!utf8 || (cp >= 0x80 && cp < 0xa0)) {
    /* C1 controls (CSI is 0x9b) would be taken as escape sequences by some terminals. */
    out->wc[0] = utf8 ? REPLACEMENT : '?';
    out->width = 1;
    return (size_t)n;
  }
  int w = wcwidth((wchar_t)cp);
  if (w > 0) {
    out->wc[0] = (wchar_t)cp;
    out->width = w;
  } else if (w == 0) {
    utf8proc_category_t cat = utf8proc_category(cp);
    /* Combining marks join the previous cell; other zero-width characters (bidi controls, zero
     * width joiners, format characters) are not sent: they could reorder or hide what is shown. */
    if (cat == UTF8PROC_CATEGORY_MN || cat == UTF8PROC_CATEGORY_ME ||
        cat == UTF8PROC_CATEGORY_MC)
      out->wc[0] = (wchar_t)cp;
  } else {
    out->wc[0] = REPLACEMENT;
    out->width = 1;
  }
  return (size_t)n;
}

size_t layout_is_space(const char *s, size_t len)
{
  if (len == 0)
    return 0;
  unsigned char c = (unsigned char)s[0];
  if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
    return 1;
  if (len >= 2 && c == 0xc2 && (unsigned char)s[1] == 0x85)   /* NEL */
    return 2;
  if (len >= 3 && c == 0xe2 && (unsigned char)s[1] == 0x80 &&
      ((unsigned char)s[2] == 0xa8 || (unsigned char)s[2] == 0xa9))   /* U+2028, U+2029 */
    return 3;
  return 0;
}

bool layout_skip_space(const char *text, size_t len, size_t *pos, bool started)
{
  size_t i = *pos, sp;
  while (i < len && (sp = layout_is_space(text + i, len - i)))
    i += sp;
  bool space = started && i > *pos && i < len;
  *pos = i;
  return space;
}

int layout_text_width(const char *s, size_t len, bool utf8)
{
  int w = 0;
  size_t i = 0;
  while (i < len) {
    size_t sp = layout_is_space(s + i, len - i);
    if (sp) {
      while (i < len && (sp = layout_is_space(s + i, len - i)))
        i += sp;
      w++;
      continue;
    }
    struct layout_glyph g;
    i += layout_glyph(s + i, len - i, utf8, &g);
    w += g.width;
  }
  return w;
}

_Static_assert(LOADER_MAX_INPUT_BYTES <= UINT32_MAX, "layout_line's offsets are 32-bit");

struct builder {
  struct layout *l;
  size_t cap;
  /* The line being filled. */
  bool open;
  size_t start, end;
  int col;
  size_t paragraph;
  int indent;
  bool first;
};

static int push(struct builder *b, struct layout_line line)
{
  struct layout *l = b->l;
  if (grow_for((void **)&l->lines, &b->cap, l->n_lines, sizeof *l->lines, 256))
    return -ENOMEM;
  l->lines[l->n_lines++] = line;
  return 0;
}

static int close_line(struct builder *b)
{
  if (!b->open)
    return 0;
  b->open = false;
  struct layout_line line = {.paragraph = (uint32_t)b->paragraph, .start = (uint32_t)b->start,
                             .end = (uint32_t)b->end, .indent = (unsigned short)b->indent,
                             .first = b->first};
  b->first = false;
  return push(b, line);
}

static void open_line(struct builder *b, size_t start)
{
  b->open = true;
  b->start = start;
  b->end = start;
  b->col = 0;
}

/* Places the word text[ws, we) of display width ww on lines of avail columns. */
static int place_word(struct builder *b, const char *text, size_t ws, size_t we, int ww,
                      int avail)
{
  if (b->open && b->col + 1 + ww <= avail) {
    b->col += 1 + ww;
    b->end = we;
    return 0;
  }
  if (ww <= avail) {
    int rc = close_line(b);
    if (rc)
      return rc;
    open_line(b, ws);
    b->col = ww;
    b->end = we;
    return 0;
  }
  /* Longer than a line: cut it between characters. */
  int rc = close_line(b);
  if (rc)
    return rc;
  open_line(b, ws);
  size_t i = ws;
  while (i < we) {
    struct layout_glyph g;
    size_t n = layout_glyph(text + i, we - i, b->l->utf8, &g);
    if (b->col > 0 && b->col + g.width > avail) {
      b->end = i;
      if ((rc = close_line(b)))
        return rc;
      open_line(b, i);
    }
    b->col += g.width;
    i += n;
    b->end = i;
  }
  return 0;
}

static int layout_paragraph(struct builder *b, const struct document *doc, size_t p)
{
  const struct doc_paragraph *para = &doc->paragraphs[p];
  const char *text = doc->text;
  int width = b->l->width;
  int indent = (para->kind == DOC_ITEM || para->kind == DOC_QUOTE || para->kind == DOC_CODE) ? 2
                                                                                            : 0;
  if (width - indent < 8)
    indent = 0;   /* a tiny terminal: the text matters more than the decoration */
  int avail = width - indent;
  b->paragraph = p;
  b->indent = indent;
  b->first = true;
  b->open = false;
  size_t before = b->l->n_lines;

  size_t i = para->start;
  while (i < para->end) {
    size_t sp = layout_is_space(text + i, para->end - i);
    if (sp) {
      /* Code keeps its line breaks. */
      if (para->kind == DOC_CODE && text[i] == '\n') {
        int rc = close_line(b);
        if (rc)
          return rc;
      }
      i += sp;
      continue;
    }
    size_t ws = i;
    int ww = 0;
    while (i < para->end && !layout_is_space(text + i, para->end - i)) {
      struct layout_glyph g;
      i += layout_glyph(text + i, para->end - i, b->l->utf8, &g);
      ww += g.width;
    }
    int rc = place_word(b, text, ws, i, ww, avail);
    if (rc)
      return rc;
  }
  int rc = close_line(b);
  if (rc)
    return rc;
  if (b->l->n_lines == before) {
    open_line(b, para->start);
    return close_line(b);
  }
  return 0;
}

int layout_build(const struct document *doc, int width, bool utf8, struct layout *out)
{
  memset(out, 0, sizeof *out);
  out->width = width < 1 ? 1 : width;
  out->utf8 = utf8;
  struct builder b = {.l = out};
  for (size_t p = 0; p < doc->n_paragraphs; p++) {
    int rc = 0;
    if (p > 0) {
      uint32_t at = (uint32_t)doc->paragraphs[p].start;
      struct layout_line blank = {.paragraph = (uint32_t)p, .start = at, .end = at,
                                  .blank = true};
      rc = push(&b, blank);
    }
    if (!rc)
      rc = layout_paragraph(&b, doc, p);
    if (rc) {
      layout_free(out);
      return rc;
    }
  }
  return 0;
}

void layout_free(struct layout *l)
{
  free(l->lines);
  l->lines = NULL;
  l->n_lines = 0;
}

size_t layout_line_of(const struct layout *l, size_t b)
{
  if (l->n_lines == 0)
    return 0;
  size_t lo = 0, hi = l->n_lines;   /* the answer is the last line with start <= b */
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (l->lines[mid].start <= b)
      lo = mid;
    else
      hi = mid;
  }
  if (l->lines[lo].blank && lo + 1 < l->n_lines)
    lo++;
  return lo;
}

/* End of the word at s[i, len): the next whitespace, or len. */
static size_t word_end(const char *s, size_t len, size_t i)
{
  while (i < len && !layout_is_space(s + i, len - i))
    i++;
  return i;
}

int layout_wrap_string(const char *s, size_t len, int width, bool utf8,
                       struct layout_span *lines, int max_lines)
{
  int n = 0;
  size_t i = 0;
  if (width < 1)
    width = 1;
  while (i < len && layout_is_space(s + i, len - i))
    i += layout_is_space(s + i, len - i);
  while (i < len) {
    size_t start = i, end = i;
    int used = 0;
    /* Whole words while they fit; a word wider than the line alone is cut at the width. */
    while (i < len) {
      size_t we = word_end(s, len, i);
      int ww = layout_text_width(s + i, we - i, utf8);
      int need = used ? used + 1 + ww : ww;
      if (need > width && used)
        break;
      if (need > width) {   /* alone and too wide: as many characters as fit */
        size_t k = i;
        int w = 0;
        while (k < we) {
          struct layout_glyph g;
          size_t gl = layout_glyph(s + k, we - k, utf8, &g);
          if (w + g.width > width && w > 0)
            break;
          w += g.width;
          k += gl;
        }
        end = i = k;
        used = w;
        break;
      }
      used = need;
      end = we;
      i = we;
      while (i < len && layout_is_space(s + i, len - i))
        i += layout_is_space(s + i, len - i);
    }
    if (n < max_lines)
      lines[n] = (struct layout_span){start, end};
    n++;
  }
  return n;
}
