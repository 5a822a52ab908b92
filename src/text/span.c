#include "text/span.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <utf8proc.h>

static bool is_space(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Whether the code point that starts (or, with before, ends) at text[i] is East Asian wide or
 * full-width, Hangul excepted: CSS Text's rule for the line breaks of Chinese and Japanese
 * text, where a newline joins two characters with nothing between them. */
static bool wide_at(const char *text, size_t lo, size_t i, size_t end, bool before)
{
  if (before) {
    size_t b = i;
    while (b > lo && i - b < 4 && ((unsigned char)text[b - 1] & 0xC0) == 0x80)
      b--;
    if (b == lo)
      return false;
    i = b - 1;
  }
  if ((unsigned char)text[i] < 0xE1)
    return false;              /* wide characters start at U+1100 */
  utf8proc_int32_t cp;
  if (utf8proc_iterate((const utf8proc_uint8_t *)text + i, (utf8proc_ssize_t)(end - i), &cp) <= 0)
    return false;
  int w = u_getIntPropertyValue(cp, UCHAR_EAST_ASIAN_WIDTH);
  return (w == U_EA_WIDE || w == U_EA_FULLWIDTH) &&
         u_getIntPropertyValue(cp, UCHAR_SCRIPT) != USCRIPT_HANGUL;
}

/* A run of white space text[b, e) made of line breaks alone between two wide characters:
 * the lines of a hard-wrapped Chinese or Japanese paragraph join without a space. */
static bool joins_wide(const char *text, size_t start, size_t b, size_t e, size_t end)
{
  for (size_t k = b; k < e; k++)
    if (text[k] != '\n' && text[k] != '\r')
      return false;
  return wide_at(text, start, b, end, true) && wide_at(text, start, e, end, false);
}

/* The end of the run of non-space bytes at text[i, end). */
static size_t run_end(const char *text, size_t i, size_t end)
{
  while (i < end && ((unsigned char)text[i] > ' ' || !is_space((unsigned char)text[i])))
    i++;
  return i;
}

/* Whole stretches at a time: words and the single spaces between them go out as one piece, and
 * only other white space (a newline, a run of spaces) ends one. This is the hot loop of
 * `segment` on large texts. */
void span_for_each_piece(const char *text, size_t start, size_t end,
                         void (*put)(void *user, const char *s, size_t n), void *user)
{
  size_t i = start;
  while (i < end && is_space((unsigned char)text[i]))
    i++;
  while (i < end) {
    size_t piece = i, run = run_end(text, i, end);
    while (run + 1 < end && text[run] == ' ' && !is_space((unsigned char)text[run + 1]))
      run = run_end(text, run + 1, end);    /* one plain space: the piece goes on */
    put(user, text + piece, run - piece);
    i = run;
    while (i < end && is_space((unsigned char)text[i]))
      i++;
    if (i < end && !joins_wide(text, start, run, i, end))
      put(user, " ", 1);
  }
}

/* Pieces gathered into whole buffers: one fwrite per sentence rather than per word. */
struct file_buffer {
  FILE *f;
  size_t len;
  char buf[4096];
};

static void put_file(void *user, const char *s, size_t n)
{
  struct file_buffer *b = user;
  if (b->len + n > sizeof b->buf) {
    fwrite(b->buf, 1, b->len, b->f);
    b->len = 0;
    if (n > sizeof b->buf) {
      fwrite(s, 1, n, b->f);
      return;
    }
  }
  memcpy(b->buf + b->len, s, n);
  b->len += n;
}

void span_print_collapsed(FILE *f, const char *text, size_t start, size_t end)
{
  struct file_buffer b = {.f = f};
  span_for_each_piece(text, start, end, put_file, &b);
  fwrite(b.buf, 1, b.len, f);
}

struct buffer {
  char *p;
  size_t len;
};

static void put_buffer(void *user, const char *s, size_t n)
{
  struct buffer *b = user;
  memcpy(b->p + b->len, s, n);
  b->len += n;
}

char *span_collapsed(const char *text, size_t start, size_t end, size_t *len)
{
  /* Collapsing never lengthens the text. */
  struct buffer b = {.p = malloc(end - start + 1)};
  if (!b.p)
    return NULL;
  span_for_each_piece(text, start, end, put_buffer, &b);
  b.p[b.len] = '\0';
  *len = b.len;
  return b.p;
}

json_t *span_collapsed_json(const char *text, size_t start, size_t end)
{
  size_t len;
  char *s = span_collapsed(text, start, end, &len);
  if (!s)
    return NULL;
  json_t *j = json_stringn(s, len);
  free(s);
  return j;
}
