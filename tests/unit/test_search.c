/* Search (the / key) and the phrases of w and s: pure functions of the document. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/document.h"
#include "ui/phrases.h"
#include "ui/search.h"

/* One paragraph per sentence. */
static struct document *make_doc(const char *const *sentences, size_t n)
{
  char *text = malloc(512);
  size_t pos = 0;
  struct { size_t start, end; } span[8];
  assert_true(n <= 8);
  for (size_t i = 0; i < n; i++) {
    span[i].start = pos;
    pos += (size_t)sprintf(text + pos, "%s", sentences[i]);
    span[i].end = pos;
    text[pos++] = '\n';
  }
  text[pos] = '\0';
  struct document *doc = document_new(text, pos);
  assert_non_null(doc);
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, span[i].start, span[i].end), 0);
    assert_int_equal(document_add_sentence(doc, span[i].start, span[i].end), 0);
    doc->paragraphs[i].n_sentences = 1;
  }
  return doc;
}

static void test_search_folds_case_and_space(void **state)
{
  static const char *const s[] = {"Straße und Meer.", "The  QUICK\nfox.", "ÉCOLE d'été.",
                                  "the end."};
  struct document *doc = make_doc(s, 4);
  assert_int_equal(search_next(doc, 0, "quick fox"), 1);
  assert_int_equal(search_next(doc, 0, "école"), 2);
  assert_int_equal(search_next(doc, 0, "STRASSE"), 0);   /* full case folding: ß is ss */
  assert_int_equal(search_next(doc, 0, "d'été"), 2);
  assert_int_equal(search_next(doc, 0, "zebra"), -1);
  assert_int_equal(search_next(doc, 0, ""), -1);
  assert_int_equal(search_next(doc, 0, "   "), -1);
  document_free(doc);
}

/* As a person types: no accents, straight quotes, a hyphen for any dash. */
static void test_search_folds_as_typed(void **state)
{
  static const char *const s[] = {"He wouldn\u2019t go.", "Caf\u00e9 au lait.",
                                  "\u201cQuoted\u201d words.", "Pages 3\u20134 and 5\u20146.",
                                  "Cafe\u0301 again."};
  struct document *doc = make_doc(s, 5);
  assert_int_equal(search_next(doc, 4, "wouldn't"), 0);
  assert_int_equal(search_next(doc, 4, "WOULDN\u2019T"), 0);
  assert_int_equal(search_next(doc, 0, "cafe"), 1);
  assert_int_equal(search_next(doc, 1, "CAFÉ"), 4);   /* precomposed or combining, the same */
  assert_int_equal(search_next(doc, 0, "\"quoted\""), 2);
  assert_int_equal(search_next(doc, 0, "3-4"), 3);
  assert_int_equal(search_next(doc, 0, "5-6"), 3);
  document_free(doc);
}

static void test_search_order(void **state)
{
  static const char *const s[] = {"the one.", "two.", "the three.", "four."};
  struct document *doc = make_doc(s, 4);
  /* The first after `from`, wrapping round, `from` itself last. */
  assert_int_equal(search_next(doc, 0, "the"), 2);
  assert_int_equal(search_next(doc, 2, "the"), 0);
  assert_int_equal(search_next(doc, 3, "the"), 0);
  assert_int_equal(search_next(doc, 1, "two"), 1);
  document_free(doc);
}

static void test_where(void **state)
{
  static const char *const s[] = {"a.", "b.", "c.", "d."};
  struct document *doc = make_doc(s, 4);
  char buf[128];
  phrases_where(doc, 2, buf, sizeof buf);
  assert_string_equal(buf, "paragraph 3 of 4, sentence 1 of 1, 50 percent");
  phrases_where(doc, 99, buf, sizeof buf);   /* clamped to the last */
  assert_string_equal(buf, "paragraph 4 of 4, sentence 1 of 1, 75 percent");
  document_free(doc);
}

static void test_spell(void **state)
{
  char buf[64];
  phrases_spell("cat", 3, buf, sizeof buf);
  assert_string_equal(buf, "C, A, T");
  phrases_spell("é-2!", strlen("é-2!"), buf, sizeof buf);
  assert_string_equal(buf, "É, 2");
  phrases_spell("\xff", 1, buf, sizeof buf);
  assert_string_equal(buf, "");
  phrases_spell("abcdef", 6, buf, 8);   /* stops at a whole letter that does not fit */
  assert_string_equal(buf, "A, B");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_search_folds_case_and_space),
    cmocka_unit_test(test_search_folds_as_typed),
    cmocka_unit_test(test_search_order),
    cmocka_unit_test(test_where),
    cmocka_unit_test(test_spell),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
