#include "text/load_txt.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/load_txt_list.h"

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

/* A short line with a letter and without final punctuation. */
static bool heading_like(const char *t, size_t start, size_t end)
{
  size_t chars = 0;
  for (size_t i = start; i < end && chars <= LOAD_TXT_MAX_HEADING_CHARS; i++)
    if (((unsigned char)t[i] & 0xC0) != 0x80)
      chars++;             /* counted no further than the limit: a long paragraph is not one */
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
  struct txt_marker marker; /* DOC_ITEM: the marker it started with */
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

/* Adds the item that starts with marker m and ends at end: an ordered item keeps its number in
 * its span (it is shown and spoken), a bulleted one starts at its text. */
static int add_item(struct document *doc, const struct txt_marker *m, size_t end)
{
  while (end > m->text && is_blank_byte(doc->text[end - 1]))
    end--;
  if (m->kind == TXT_MARK_NUMBER)
    return document_add_item(doc, m->start, end, m->text - m->start);
  return document_add_paragraph(doc, DOC_ITEM, m->text, end);
}

/* An item block is one item per marker: "1) Eggs 2) Milk" on one line is two items. */
static int add_items(struct document *doc, const struct block *b)
{
  struct txt_marker m = b->marker, next;
  while (txt_marker_next(doc->text, m.text, b->end, &m, &next)) {
    int rc = add_item(doc, &m, next.start);
    if (rc)
      return rc;
    m = next;
  }
  return add_item(doc, &m, b->end);
}

static int flush(struct document *doc, struct block *b)
{
  if (!b->open)
    return 0;
  b->open = false;
  enum doc_kind kind = b->kind;
  if (kind == DOC_ITEM)
    return add_items(doc, b);
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

/* Whether the line l, which starts with marker m, starts a list item. A number at the start of
 * a wrapped line ("...in\n1984. It was") is not a list: it asks for a list context (the first
 * line of a block, after an item or a colon, or before another numbered line). */
static bool starts_item(const char *t, size_t len, const struct block *b, bool after_colon,
                        const struct line *l, const struct txt_marker *m)
{
  if (m->kind != TXT_MARK_NUMBER)
    return m->kind == TXT_MARK_BULLET;
  if (!b->open || b->kind == DOC_ITEM || after_colon)
    return true;
  if (l->end >= len)
    return false;
  struct line next = line_at(t, len, l->end + 1);
  struct txt_marker dummy;
  return txt_marker_at(t, next.cs, next.ce, &dummy) && dummy.kind == TXT_MARK_NUMBER;
}

/* True when the line l starts with a lower-case letter. */
static bool starts_lower(const char *t, const struct line *l)
{
  utf8proc_int32_t cp;
  utf8proc_ssize_t k = utf8proc_iterate((const utf8proc_uint8_t *)t + l->cs,
                                        (utf8proc_ssize_t)(l->ce - l->cs), &cp);
  return k > 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_LL;
}

/* A line that looks ended on purpose still continues the sentence when it has no final
 * punctuation and the next line starts in lower case ("This is a sentence\ncut off in the
 * middle"): the block stays whole, and the segmenter tells a wrapped sentence (two lines, read
 * as one) from a list of short lines ("features\ncontact manager\nevents", three or more, a
 * sentence each). */
static bool continues_sentence(const char *t, const struct line *prev, const struct line *l)
{
  unsigned char last = (unsigned char)t[prev->ce - 1];
  bool alnum = (last >= '0' && last <= '9') || ((last | 0x20) >= 'a' && (last | 0x20) <= 'z') ||
               last >= 0x80;
  return alnum && starts_lower(t, l);
}

/* The lines of doc's text from from (the start of a line) to len (the end of the text, or of a
 * line without a letter or digit). */
static int load_lines(struct document *doc, size_t from, size_t len)
{
  const char *t = doc->text;
  struct block b = {0};
  bool after_colon = false;
  size_t width = 0;         /* of the current block; 0 until asked (width_from) */
  size_t width_from = from; /* where the current block's lines start: its width is measured
                               only when a second line asks for it (most paragraphs of a
                               text are one line) */
  struct line prev = {0};   /* the previous line with text */
  int rc = 0;
  for (size_t pos = from; pos < len && !rc;) {
    struct line l = line_at(t, len, pos);
    pos = l.end < len ? l.end + 1 : len;
    if (l.cs == l.ce || !has_alnum(t + l.cs, l.ce - l.cs)) {
      if (b.open && b.kind == DOC_PARAGRAPH && b.lines == 1 && !b.piece && is_underline(t, &l))
        b.heading = true;
      rc = flush(doc, &b);
      after_colon = false;
      width = 0;
      width_from = pos;
      continue;
    }
    struct txt_marker m;
    txt_marker_at(t, l.cs, l.ce, &m);
    if (starts_item(t, len, &b, after_colon, &l, &m)) {
      rc = flush(doc, &b);
      b = (struct block){.open = true, .kind = DOC_ITEM, .marker = m, .start = m.start,
                         .end = l.ce, .lines = 1};
    } else if (b.open && b.kind == DOC_PARAGRAPH && !continues_sentence(t, &prev, &l) &&
               deliberate_break(chars(t, prev.start, prev.ce), t, &l,
                                width ? width : (width = block_width(t, len, width_from)))) {
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
    prev = l;
  }
  if (!rc)
    rc = flush(doc, &b);
  return rc;
}

/* Where a large text is cut in two for two threads: the start of the first line after an empty
 * line from the middle on; 0 for no cut. An empty line ends every block and resets all that
 * load_lines carries from line to line, so both halves load as the whole text would. */
static size_t half_way(const char *t, size_t len)
{
  if (len < LOAD_TXT_SPLIT_BYTES)
    return 0;
  const char *gap = memmem(t + len / 2, len - len / 2, "\n\n", 2);
  return gap && (size_t)(gap - t) + 2 < len ? (size_t)(gap - t) + 2 : 0;
}

struct second_half {
  struct document part;     /* doc's text; its own paragraphs and title */
  size_t from;
  int rc;
};

static void *load_second_half(void *arg)
{
  struct second_half *h = arg;
  h->rc = load_lines(&h->part, h->from, h->part.len);
  return NULL;
}

int load_txt(struct document *doc)
{
  size_t cut = half_way(doc->text, doc->len);
  document_reserve_paragraphs(doc, doc->len);   /* the second half's too, adopted below */
  if (!cut)
    return load_lines(doc, 0, doc->len);
  struct second_half h = {.part = {.text = doc->text, .len = doc->len}, .from = cut};
  document_reserve_paragraphs(&h.part, doc->len - cut);
  pthread_t thread;
  bool threaded = pthread_create(&thread, NULL, load_second_half, &h) == 0;
  if (!threaded)
    load_second_half(&h);
  int rc = load_lines(doc, 0, cut);
  if (threaded)
    pthread_join(thread, NULL);
  rc = rc ? rc : h.rc;
  if (!rc)
    rc = document_adopt_paragraphs(doc, &h.part);
  free(h.part.paragraphs);
  free(h.part.title);
  return rc;
}
