/* The segmenter on arbitrary bytes (not necessarily UTF-8), over the whole buffer and over a
 * sub-span, checking every sentence it reports and that a non-zero callback result stops it. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "text/segmenter.h"

struct seg_check {
  const char *text;
  size_t start, end, prev;
  int utf8;          /* the span is valid UTF-8: sentences must not cut a sequence */
  size_t count, stop_after;
};

static int is_space(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

static int on_sentence(void *user, size_t start, size_t end)
{
  struct seg_check *c = user;
  if (start >= end)
    fuzz_fail("empty sentence", start, end);
  if (start < c->prev || end > c->end)
    fuzz_fail("sentence out of range or overlapping", start, end);
  if (is_space((unsigned char)c->text[start]) || is_space((unsigned char)c->text[end - 1]))
    fuzz_fail("sentence not trimmed", start, end);
  if (end - start > SEGMENT_MAX_SENTENCE_BYTES)
    fuzz_fail("sentence longer than SEGMENT_MAX_SENTENCE_BYTES", start, end - start);
  if (c->utf8 && !fuzz_valid_utf8(c->text + start, end - start))
    fuzz_fail("sentence cuts a UTF-8 sequence", start, end);
  c->prev = end;
  c->count++;
  if (c->stop_after && c->count == c->stop_after)
    return 42;
  return 0;
}

static void run(const char *text, size_t start, size_t end, size_t stop_after)
{
  struct seg_check c = {.text = text, .start = start, .end = end, .prev = start,
                        .utf8 = fuzz_valid_utf8(text + start, end - start),
                        .stop_after = stop_after};
  int rc = segment_text(text, start, end, on_sentence, &c);
  if (stop_after && c.count == stop_after) {
    if (rc != 42)
      fuzz_fail("callback result not returned", (size_t)rc, c.count);
  } else if (rc != 0) {
    fuzz_fail("error without the callback asking", (size_t)rc, c.count);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = malloc(size + 1);
  if (!text)
    return 0;
  memcpy(text, data, size);
  text[size] = '\0';
  run(text, 0, size, 0);
  if (size > 2) {
    /* A sub-span, as for one paragraph of a document; a stop after a few sentences. */
    size_t a = data[0] % size, b = size - data[1] % (size - a);
    if (b > a)
      run(text, a, b, 0);
    run(text, 0, size, 1 + data[2] % 4);
  }
  free(text);
  return 0;
}
