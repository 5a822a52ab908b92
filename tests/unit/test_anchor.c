/* Anchors: a reading place made in one version of a document and found in an edited one (the
 * resume position); each fallback in turn: the same paragraph, the paragraph by its print in the
 * section of the same title, the sentence by its print, the offset in the section. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <string.h>

#include "text/anchor.h"
#include "text/document.h"
#include "text/loader.h"

static struct document *load(const char *text)
{
  struct document *doc = NULL;
  assert_int_equal(document_load_buffer(text, strlen(text), INPUT_MD, "t.md", &doc), 0);
  return doc;
}

/* The global index of the sentence whose text is exactly text. */
static size_t sentence_of(const struct document *doc, const char *text)
{
  for (size_t s = 0; s < doc->n_sentences; s++) {
    const struct doc_sentence *sen = &doc->sentences[s];
    if (sen->end - sen->start == strlen(text) && !memcmp(doc->text + sen->start, text,
                                                         strlen(text)))
      return s;
  }
  fail_msg("no sentence '%s'", text);
  return 0;
}

static const char *BOOK =
  "# One\n\nAlpha one.\n\nAlpha two.\n\n"
  "# Two\n\nBeta one.\n\n"
  "# Three\n\nGamma one. Gamma one b.\n\nGamma two.\n\nGamma three. Gamma three b.\n\n"
  "Gamma four.\n";

/* Finds the anchor of sentence `at` of BOOK in edited and checks it leads to `want`. */
static void check_found(const char *at, const char *edited, const char *want)
{
  struct document *before = load(BOOK), *after = load(edited);
  struct doc_anchor a;
  anchor_make(before, sentence_of(before, at), &a);
  assert_int_equal(anchor_find(after, &a), sentence_of(after, want));
  document_free(before);
  document_free(after);
}

static void test_make(void **state)
{
  (void)state;
  struct document *doc = load(BOOK);
  struct doc_anchor a;
  anchor_make(doc, sentence_of(doc, "Gamma three b."), &a);
  /* 0 One, 1-2 Alpha, 3 Two, 4 Beta, 5 Three, 6 Gamma one, 7 two, 8 three, 9 four */
  assert_int_equal(a.paragraph, 8);
  assert_int_equal(a.sentence, 1);
  assert_true(a.has_prints && a.has_section);
  assert_string_equal(a.section_title, "Three");
  assert_int_equal(a.section, 2);
  assert_int_equal(a.section_offset, 3);
  assert_true(a.paragraph_print == anchor_print("Gamma three. Gamma three b.", 27));
  assert_true(a.sentence_print == anchor_print("Gamma three b.", 14));
  /* Unchanged, it leads back to itself. */
  assert_int_equal(anchor_find(doc, &a), sentence_of(doc, "Gamma three b."));
  document_free(doc);
}

static void test_print_ignores_wrapping(void **state)
{
  (void)state;
  assert_true(anchor_print("a b\n c", 6) == anchor_print("  a\tb c\n", 8));
  assert_true(anchor_print("a b c", 5) != anchor_print("a bc", 4));
  assert_true(anchor_print("a b c", 5) != anchor_print("a b d", 5));
}

/* Paragraphs added to chapter one and before the place in chapter three: the paragraph is found
 * by its print in its own chapter. */
static void test_moved_paragraph(void **state)
{
  (void)state;
  check_found("Gamma three b.",
              "# One\n\nNew one.\n\nNew two.\n\nNew three.\n\nAlpha one.\n\nAlpha two.\n\n"
              "# Two\n\nBeta one.\n\n"
              "# Three\n\nGamma zero.\n\nGamma one. Gamma one b.\n\nGamma two.\n\n"
              "Gamma three. Gamma three b.\n\nGamma four.\n",
              "Gamma three b.");
}

/* The paragraph itself was edited, the sentence was not: the sentence by its print. */
static void test_edited_paragraph(void **state)
{
  (void)state;
  check_found("Gamma three b.",
              "# One\n\nNew one.\n\nAlpha one.\n\nAlpha two.\n\n# Two\n\nBeta one.\n\n"
              "# Three\n\nGamma one. Gamma one b.\n\nGamma two.\n\n"
              "Gamma three, rewritten. Gamma three b.\n\nGamma four.\n",
              "Gamma three b.");
}

/* Nothing of the place is left: the same offset in the section of the same title, cut to its
 * length; the sentence index cut to the paragraph's. */
static void test_offset_in_section(void **state)
{
  (void)state;
  check_found("Gamma three b.",
              "# One\n\nNew one.\n\nAlpha one.\n\nAlpha two.\n\n# Two\n\nBeta one.\n\n"
              "# Three\n\nOther one.\n\nOther two. Other two b.\n\nOther three.\n\nOther four.\n",
              "Other three.");
  check_found("Gamma four.",
              "# One\n\nAlpha one.\n\nAlpha two.\n\n# Two\n\nBeta one.\n\n"
              "# Three\n\nShort.\n\n# Four\n\nDelta.\n",
              "Short.");
}

/* A chapter renamed: the paragraph is looked for in the whole document. */
static void test_renamed_section(void **state)
{
  (void)state;
  check_found("Gamma two.",
              "# Prologue\n\nNew.\n\n# One\n\nAlpha one.\n\nAlpha two.\n\n# Two\n\nBeta one.\n\n"
              "# The Third\n\nGamma one. Gamma one b.\n\nGamma two.\n\nGamma four.\n",
              "Gamma two.");
}

/* Titles that repeat: the section nearest the old index is the one meant. */
static void test_repeated_titles(void **state)
{
  (void)state;
  const char *book = "# Notes\n\nFirst.\n\n# Body\n\nText.\n\n# Notes\n\nSecond a.\n\n"
                     "Second b.\n\n# End\n\nBye.\n";
  struct document *doc = load(book);
  struct doc_anchor a;
  anchor_make(doc, sentence_of(doc, "Second b."), &a);
  document_free(doc);
  doc = load("# Notes\n\nFirst.\n\n# Body\n\nText.\n\nMore.\n\n# Notes\n\nChanged a.\n\n"
             "Changed b.\n\n# End\n\nBye.\n");
  assert_int_equal(anchor_find(doc, &a), sentence_of(doc, "Changed b."));
  document_free(doc);
}

/* A paragraph that recurs (a scene break) at the old index, but in another chapter, is not the
 * place. */
static void test_recurring_paragraph(void **state)
{
  (void)state;
  const char *book = "# One\n\nA.\n\n# Two\n\nB.\n\nStars.\n\nB2.\n";
  struct document *doc = load(book);
  struct doc_anchor a;
  anchor_make(doc, sentence_of(doc, "Stars."), &a);   /* paragraph 4 */
  document_free(doc);
  /* 0 One, 1 A., 2 A1., 3 A2., 4 Stars. (One's, at the old index), 5 Two, 6 B., 7 Stars. */
  doc = load("# One\n\nA.\n\nA1.\n\nA2.\n\nStars.\n\n# Two\n\nB.\n\nStars.\n\nB2.\n");
  assert_int_equal(anchor_find(doc, &a), doc->paragraphs[7].first_sentence);
  document_free(doc);
}

/* An older state file (no prints, no section): the paragraph index as it was, cut to the
 * document (past its end: the last paragraph's first sentence). */
static void test_without_prints(void **state)
{
  (void)state;
  struct document *doc = load(BOOK);
  struct doc_anchor a = {.paragraph = 8, .sentence = 5};
  assert_int_equal(anchor_find(doc, &a), sentence_of(doc, "Gamma three b."));
  a.paragraph = 99;
  assert_int_equal(anchor_find(doc, &a), sentence_of(doc, "Gamma four."));
  document_free(doc);
}

/* Bookmarks (anchor_find_sentences): one whose sentence is still at its index stays; one whose
 * sentence moved follows it, to the nearest copy when the text repeats; one whose sentence is
 * gone stays at its number. */
static void test_bookmark_sentences(void **state)
{
  (void)state;
  struct document *before = load(BOOK);
  const char *edited =
    "# Zero\n\nA new chapter first. Gamma two.\n\n"
    "# One\n\nAlpha one.\n\nAlpha two.\n\n# Two\n\nBeta one.\n\n"
    "# Three\n\nGamma one. Gamma one b.\n\nGamma two.\n\nGamma four.\n";
  struct document *after = load(edited);
  size_t at[4] = {sentence_of(before, "Gamma two."), sentence_of(before, "Beta one."),
                  sentence_of(before, "Gamma three."), 0};
  uint64_t prints[4];
  for (size_t i = 0; i < 3; i++)
    prints[i] = anchor_sentence_print(before, at[i]);
  at[3] = sentence_of(after, "Alpha two.");   /* an index whose sentence is still there */
  prints[3] = anchor_sentence_print(after, at[3]);
  size_t gone = at[2];
  assert_int_equal(anchor_find_sentences(after, 4, at, prints), 0);
  /* "Gamma two." is now both the 3rd sentence and in chapter Three: the one nearest its old
   * index, chapter Three's, is taken. */
  assert_int_equal(at[0], after->paragraphs[9].first_sentence);
  assert_int_equal(at[1], sentence_of(after, "Beta one."));
  assert_int_equal(at[2], gone);
  assert_int_equal(at[3], sentence_of(after, "Alpha two."));
  document_free(before);
  document_free(after);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_make),
    cmocka_unit_test(test_print_ignores_wrapping),
    cmocka_unit_test(test_moved_paragraph),
    cmocka_unit_test(test_edited_paragraph),
    cmocka_unit_test(test_offset_in_section),
    cmocka_unit_test(test_renamed_section),
    cmocka_unit_test(test_repeated_titles),
    cmocka_unit_test(test_recurring_paragraph),
    cmocka_unit_test(test_without_prints),
    cmocka_unit_test(test_bookmark_sentences),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
