#include "fuzz_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/loader.h"
#include "text/segmenter.h"
#include "util/error.h"

void fuzz_fail(const char *why, size_t a, size_t b)
{
  fprintf(stderr, "fuzz invariant: %s (%zu, %zu)\n", why, a, b);
  abort();
}

int fuzz_valid_utf8(const char *str, size_t len)
{
  const unsigned char *s = (const unsigned char *)str;
  size_t i = 0;
  while (i < len) {
    unsigned c = s[i];
    size_t n;
    unsigned min;
    if (c < 0x80) {
      i++;
      continue;
    } else if ((c & 0xE0) == 0xC0) {
      n = 1;
      min = 0x80;
      c &= 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      n = 2;
      min = 0x800;
      c &= 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      n = 3;
      min = 0x10000;
      c &= 0x07;
    } else {
      return 0;
    }
    if (len - i <= n)
      return 0;
    for (size_t k = 1; k <= n; k++) {
      if ((s[i + k] & 0xC0) != 0x80)
        return 0;
      c = (c << 6) | (s[i + k] & 0x3F);
    }
    if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
      return 0;
    i += n + 1;
  }
  return 1;
}

static int is_space(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

void fuzz_check_document(const struct document *doc)
{
  if (!doc->text)
    fuzz_fail("document without text", 0, 0);
  if (doc->text[doc->len] != '\0')
    fuzz_fail("text not NUL-terminated", doc->len, 0);
  if (memchr(doc->text, '\0', doc->len))
    fuzz_fail("NUL byte inside the decoded text", doc->len, 0);
  if (!fuzz_valid_utf8(doc->text, doc->len))
    fuzz_fail("decoded text is not valid UTF-8", doc->len, 0);
  if (doc->title && !fuzz_valid_utf8(doc->title, strlen(doc->title)))
    fuzz_fail("title is not valid UTF-8", 0, 0);
  if (doc->n_paragraphs > 0 && doc->n_sentences == 0)
    fuzz_fail("paragraphs but no sentences", doc->n_paragraphs, 0);

  size_t next_sentence = 0, prev_end = 0;
  for (size_t p = 0; p < doc->n_paragraphs; p++) {
    const struct doc_paragraph *para = &doc->paragraphs[p];
    if (para->start >= para->end || para->end > doc->len)
      fuzz_fail("paragraph span out of range", para->start, para->end);
    if (para->start < prev_end)
      fuzz_fail("paragraphs overlap or go backwards", p, para->start);
    prev_end = para->end;
    if (para->n_sentences < 1)
      fuzz_fail("paragraph without sentences", p, 0);
    if (para->first_sentence != next_sentence)
      fuzz_fail("sentences of paragraphs not contiguous", p, para->first_sentence);
    if (para->n_sentences > doc->n_sentences - para->first_sentence)
      fuzz_fail("paragraph sentence count out of range", p, para->n_sentences);
    next_sentence += para->n_sentences;

    size_t prev = para->start;
    for (size_t s = para->first_sentence; s < next_sentence; s++) {
      const struct doc_sentence *sent = &doc->sentences[s];
      if (sent->start >= sent->end)
        fuzz_fail("empty sentence", s, sent->start);
      if (sent->start < prev || sent->end > para->end)
        fuzz_fail("sentence outside its paragraph or overlapping", s, sent->start);
      prev = sent->end;
      if (is_space((unsigned char)doc->text[sent->start]) ||
          is_space((unsigned char)doc->text[sent->end - 1]))
        fuzz_fail("sentence not trimmed", sent->start, sent->end);
      if (para->kind != DOC_CODE && sent->end - sent->start > SEGMENT_MAX_SENTENCE_BYTES)
        fuzz_fail("sentence longer than SEGMENT_MAX_SENTENCE_BYTES", s, sent->end - sent->start);
      if (!fuzz_valid_utf8(doc->text + sent->start, sent->end - sent->start))
        fuzz_fail("sentence cuts a UTF-8 sequence", sent->start, sent->end);
    }
  }
  if (next_sentence != doc->n_sentences)
    fuzz_fail("sentences not covered by paragraphs", next_sentence, doc->n_sentences);
}

void fuzz_load(const uint8_t *data, size_t size, int fmt, const char *name)
{
  struct document *doc = NULL;
  int rc = document_load_buffer((const char *)data, size, (enum input_format)fmt, name, &doc);
  if (rc == 0) {
    if (!doc)
      fuzz_fail("success without a document", size, 0);
    fuzz_check_document(doc);
    document_free(doc);
    return;
  }
  if (rc > 0)
    fuzz_fail("positive error code", (size_t)rc, 0);
  if (!lector_strerror(rc))
    fuzz_fail("error without text", (size_t)-rc, 0);
  /* On failure nothing may be handed out (a leak is reported by LeakSanitizer anyway). */
  document_free(doc);
}
