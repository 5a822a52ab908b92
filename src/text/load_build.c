#include "text/load_build.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/decode.h"
#include "util/grow.h"
#include "util/error.h"

void load_builder_init(struct load_builder *b, struct document *doc, size_t limit)
{
  *b = (struct load_builder){.doc = doc, .limit = limit};
}

void load_builder_discard(struct load_builder *b)
{
  free(b->buf);
  free(b->first_heading);
  b->buf = NULL;
  b->first_heading = NULL;
  b->len = b->cap = 0;
  b->open = false;
}

static int reserve(struct load_builder *b, size_t more)
{
  if (b->len + more + 1 > b->limit)
    return LECTOR_ETOOBIG;
  return grow_for((void **)&b->buf, &b->cap, b->len + more, 1, 4096);
}

static int put(struct load_builder *b, const char *s, size_t n)
{
  int rc = reserve(b, n);
  if (rc)
    return rc;
  memcpy(b->buf + b->len, s, n);
  b->len += n;
  return 0;
}

/* Length of the whitespace at s (ASCII white space or U+00A0), 0 if none. A control character
 * counts as white space: the decoder removed those of the file, but an HTML character reference
 * (&#27;, &#x9b;) makes new ones. */
static size_t space_at(const char *s, size_t n)
{
  unsigned char c = (unsigned char)s[0];
  if (c == ' ' || c == '\t' || c == '\n')
    return 1;
  if (c == 0xC2 && n >= 2 && (unsigned char)s[1] == 0xA0)
    return 2;
  return decode_control_at(s, n);
}

/* put() for text kept as it is (code): control characters become spaces, as above. */
static int put_verbatim(struct load_builder *b, const char *s, size_t n)
{
  int rc = reserve(b, n);
  if (rc)
    return rc;
  for (size_t i = 0; i < n;) {
    size_t k = decode_control_at(s + i, n - i);
    if (k) {
      b->buf[b->len++] = ' ';
      i += k;
    } else {
      b->buf[b->len++] = s[i++];
    }
  }
  return 0;
}

static int open_paragraph(struct load_builder *b, enum doc_kind kind)
{
  b->sep_start = b->len;
  if (b->len > 0) {
    int rc = put(b, "\n\n", 2);
    if (rc)
      return rc;
  }
  b->open = true;
  b->kind = kind;
  b->start = b->len;
  b->pending_space = false;
  b->pending_sep = NULL;
  b->open_marker = kind == DOC_ITEM ? b->marker_len : 0;
  b->marker_len = 0;
  return b->open_marker ? put(b, b->marker, b->open_marker) : 0;
}

void load_builder_marker(struct load_builder *b, const char *m, size_t n)
{
  b->marker_len = n < sizeof b->marker ? n : 0;
  memcpy(b->marker, m, b->marker_len);
}

int load_builder_text(struct load_builder *b, enum doc_kind kind, const char *s, size_t n)
{
  size_t i = 0;
  if (!b->open) {
    /* A new paragraph: skip leading white space (code keeps its indentation and loses only
     * leading blank lines), and open none for white space alone. */
    if (kind == DOC_CODE) {
      size_t line = 0;
      for (size_t k = 0; k < n; k++) {
        size_t w = space_at(s + k, n - k);
        if (!w)
          break;
        if (s[k] == '\n')
          line = k + 1;
        k += w - 1;
      }
      i = line;
      size_t k = i;
      while (k < n && space_at(s + k, n - k))
        k += space_at(s + k, n - k);
      if (k == n)
        return 0;
    } else {
      while (i < n) {
        size_t w = space_at(s + i, n - i);
        if (!w)
          break;
        i += w;
      }
      if (i == n)
        return 0;
    }
    int rc = open_paragraph(b, kind);
    if (rc)
      return rc;
  }
  if (b->pending_sep) {
    const char *sep = b->pending_sep;
    b->pending_sep = NULL;
    b->pending_space = false;
    int rc = put(b, sep, strlen(sep));
    if (rc)
      return rc;
  }
  if (!b->collapse || b->kind == DOC_CODE) {
    b->pending_space = false;
    return put_verbatim(b, s + i, n - i);
  }
  int rc = reserve(b, n - i + 1);
  if (rc)
    return rc;
  while (i < n) {
    size_t w = space_at(s + i, n - i);
    if (w) {
      b->pending_space = b->len > b->start;
      i += w;
      continue;
    }
    if ((unsigned char)s[i] == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xAD) {
      i += 2; /* a soft hyphen (&shy;) only says where a word may break */
      continue;
    }
    if (b->pending_space) {
      b->buf[b->len++] = ' ';
      b->pending_space = false;
    }
    b->buf[b->len++] = s[i++];
  }
  return 0;
}

void load_builder_separator(struct load_builder *b, const char *sep)
{
  if (b->open && b->len > b->start)
    b->pending_sep = sep;
}

/* A copy of s[0, n) with runs of white space collapsed to one space. */
static char *collapsed_copy(const char *s, size_t n)
{
  char *out = malloc(n + 1);
  if (!out)
    return NULL;
  size_t w = 0;
  bool space = false;
  for (size_t i = 0; i < n;) {
    size_t k = space_at(s + i, n - i);
    if (k) {
      space = w > 0;
      i += k;
      continue;
    }
    if (space)
      out[w++] = ' ';
    space = false;
    out[w++] = s[i++];
  }
  out[w] = '\0';
  return out;
}

int load_builder_close(struct load_builder *b)
{
  if (!b->open)
    return 0;
  b->open = false;
  b->pending_sep = NULL;
  b->pending_space = false;
  size_t end = b->len;
  while (end > b->start && space_at(b->buf + end - 1, 1))
    end--;
  if (end == b->start) {
    b->len = b->sep_start;
    return 0;
  }
  b->len = end;
  if (b->kind == DOC_HEADING && !b->first_heading) {
    b->first_heading = collapsed_copy(b->buf + b->start, end - b->start);
    if (!b->first_heading)
      return -ENOMEM;
  }
  if (b->open_marker)
    return document_add_item(b->doc, b->start, end, b->open_marker);
  int rc = document_add_paragraph(b->doc, b->kind, b->start, end);
  if (!rc && b->kind == DOC_HEADING)
    b->doc->paragraphs[b->doc->n_paragraphs - 1].level = b->heading_level;
  return rc;
}

void load_builder_drop(struct load_builder *b)
{
  if (!b->open)
    return;
  b->open = false;
  b->pending_sep = NULL;
  b->pending_space = false;
  b->len = b->sep_start;
}

const char *load_builder_current(const struct load_builder *b, size_t *n)
{
  *n = b->open ? b->len - b->start : 0;
  return b->open ? b->buf + b->start : "";
}

int load_builder_finish(struct load_builder *b)
{
  int rc = load_builder_close(b);
  if (rc)
    return rc;
  if (!b->buf) {
    b->buf = malloc(1);
    if (!b->buf)
      return -ENOMEM;
  }
  b->buf[b->len] = '\0';
  free(b->doc->text);
  b->doc->text = b->buf;
  b->doc->len = b->len;
  b->buf = NULL;
  b->len = b->cap = 0;
  return 0;
}

int load_blocks_push(struct load_blocks *bl, enum doc_kind kind)
{
  int rc = grow_for((void **)&bl->stack, &bl->cap, bl->depth, sizeof *bl->stack, 16);
  if (rc)
    return rc;
  bl->stack[bl->depth++] = kind;
  return 0;
}

void load_blocks_pop(struct load_blocks *bl)
{
  if (bl->depth)
    bl->depth--;
}

enum doc_kind load_blocks_kind(const struct load_blocks *bl)
{
  if (bl->heading)
    return DOC_HEADING;
  if (bl->code)
    return DOC_CODE;
  if (bl->row || bl->depth == 0)
    return DOC_PARAGRAPH;
  return bl->stack[bl->depth - 1];
}

void load_blocks_free(struct load_blocks *bl)
{
  free(bl->stack);
  free(bl->lists);
  *bl = (struct load_blocks){0};
}

int load_blocks_list_push(struct load_blocks *bl, const struct load_list *list)
{
  int rc = grow_for((void **)&bl->lists, &bl->list_cap, bl->list_depth, sizeof *bl->lists, 8);
  if (rc)
    return rc;
  bl->lists[bl->list_depth++] = *list;
  return 0;
}

void load_blocks_list_pop(struct load_blocks *bl)
{
  if (bl->list_depth)
    bl->list_depth--;
}

/* value as letters in the given case: 1 "a", 26 "z", 27 "aa". Returns the length. */
static size_t letters(long value, char base, char out[16])
{
  char rev[16];
  size_t n = 0;
  for (unsigned long v = (unsigned long)value; v > 0 && n < sizeof rev; v = (v - 1) / 26)
    rev[n++] = (char)(base + (char)((v - 1) % 26));
  for (size_t i = 0; i < n; i++)
    out[i] = rev[n - 1 - i];
  return n;
}

size_t load_blocks_item_marker(struct load_blocks *bl, const long *value, char out[32])
{
  if (!bl->list_depth || !bl->lists[bl->list_depth - 1].ordered)
    return 0;
  struct load_list *l = &bl->lists[bl->list_depth - 1];
  if (value)
    l->next = *value;
  long v = l->next;
  l->next += l->step;
  char num[16];
  size_t n = l->style != '1' && v > 0 ? letters(v, l->style, num)
                                      : (size_t)snprintf(num, sizeof num, "%ld", v);
  return (size_t)snprintf(out, 32, "%.*s%c ", (int)n, num, l->delim);
}
