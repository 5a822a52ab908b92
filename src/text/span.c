#include "text/span.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static bool is_space(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Whole runs at a time: this is the hot loop of `segment` on large texts. */
void span_for_each_piece(const char *text, size_t start, size_t end,
                         void (*put)(void *user, const char *s, size_t n), void *user)
{
  size_t i = start;
  while (i < end && is_space((unsigned char)text[i]))
    i++;
  while (i < end) {
    size_t run = i;
    while (run < end && !is_space((unsigned char)text[run]))
      run++;
    put(user, text + i, run - i);
    i = run;
    while (i < end && is_space((unsigned char)text[i]))
      i++;
    if (i < end)
      put(user, " ", 1);
  }
}

static void put_file(void *user, const char *s, size_t n)
{
  fwrite(s, 1, n, user);
}

void span_print_collapsed(FILE *f, const char *text, size_t start, size_t end)
{
  span_for_each_piece(text, start, end, put_file, f);
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
