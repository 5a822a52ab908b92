/* Checks on a loaded document shared by the loaders' tests (static inline: each test program
 * includes it once). */
#ifndef LECTOR_TESTS_DOC_ASSERTS_H
#define LECTOR_TESTS_DOC_ASSERTS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/document.h"

/* Every paragraph's span is non-empty and inside the text. */
static inline void assert_spans_inside(const struct document *doc)
{
  for (size_t p = 0; p < doc->n_paragraphs; p++) {
    assert_true(doc->paragraphs[p].start < doc->paragraphs[p].end);
    assert_true(doc->paragraphs[p].end <= doc->len);
  }
}

/* Paragraph p exists, is of kind `kind` and its text is exactly `text`. */
static inline void assert_para(const struct document *doc, size_t p, enum doc_kind kind,
                               const char *text)
{
  assert_true(p < doc->n_paragraphs);
  const struct doc_paragraph *pp = &doc->paragraphs[p];
  char *got = strndup(doc->text + pp->start, pp->end - pp->start);
  assert_string_equal(got, text);
  free(got);
  assert_int_equal(pp->kind, kind);
}

#endif
