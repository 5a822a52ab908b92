/* Plain-text loader: paragraphs, headings, list items and their spans. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/document.h"
#include "text/loader.h"
#include "text/span.h"

static struct document *load(const char *text)
{
  struct document *doc = NULL;
  assert_int_equal(document_load_buffer(text, strlen(text), INPUT_TXT, "t.txt", &doc), 0);
  assert_non_null(doc);
  return doc;
}

/* The text of paragraph p with white space collapsed (as `lector segment` prints it). */
static char *para(const struct document *doc, size_t p)
{
  assert_true(p < doc->n_paragraphs);
  const struct doc_paragraph *pp = &doc->paragraphs[p];
  size_t len;
  char *out = span_collapsed(doc->text, pp->start, pp->end, &len);
  assert_non_null(out);
  return out;
}

static void assert_para(const struct document *doc, size_t p, enum doc_kind kind, const char *text)
{
  char *got = para(doc, p);
  assert_string_equal(got, text);
  free(got);
  assert_int_equal(doc->paragraphs[p].kind, kind);
}

static void test_headline_paragraphs_and_items(void **state)
{
  struct document *doc = load(
    "We have allowed children to be groomed. It ends now | Peter Kyle\n"
    "\n"
    "A few weeks ago, when I visited the NSPCC, I met young people who were\n"
    "talking openly about their online lives.\n"
    "\n"
    "  \xE2\x80\xA2 Peter Kyle is Minister of State for Science\n"
    "\n"
    "  \xE2\x80\xA2 Do you have an opinion? Email us.\n");
  assert_int_equal(doc->n_paragraphs, 4);
  assert_para(doc, 0, DOC_HEADING, "We have allowed children to be groomed. It ends now | Peter Kyle");
  assert_para(doc, 1, DOC_PARAGRAPH, "A few weeks ago, when I visited the NSPCC, I met young people "
                                     "who were talking openly about their online lives.");
  assert_para(doc, 2, DOC_ITEM, "Peter Kyle is Minister of State for Science");
  assert_para(doc, 3, DOC_ITEM, "Do you have an opinion? Email us.");
  assert_string_equal(doc->title, "We have allowed children to be groomed. It ends now | Peter Kyle");
  /* Spans point into the text itself: the item starts right after the bullet and its space. */
  assert_memory_equal(doc->text + doc->paragraphs[2].start - 4, "\xE2\x80\xA2 P", 5);
  document_free(doc);
}

static void test_hard_wrapped_lines_join(void **state)
{
  const char *src =
    "The relief boat left us on the landing stage at half past six in the\n"
    "morning, and by seven it was no more than a grey smudge against the grey\n"
    "sea.\n"
    "\n\n\n"
    "Mr. Hallam took my bag.\n";
  struct document *doc = load(src);
  assert_int_equal(doc->n_paragraphs, 2);
  /* One span over the three lines: the text is not copied or rejoined. */
  assert_int_equal(doc->paragraphs[0].start, 0);
  assert_int_equal(doc->paragraphs[0].end, strstr(src, "sea.") + 4 - src);
  assert_memory_equal(doc->text, src, strlen(src));
  assert_para(doc, 1, DOC_PARAGRAPH, "Mr. Hallam took my bag.");
  document_free(doc);
}

static void test_crlf_reads_like_lf(void **state)
{
  struct document *lf = load("Title line\n\nFirst line of text\nsecond line.\n\n- one\n- two\n");
  struct document *crlf = load("Title line\r\n\r\nFirst line of text\r\nsecond line.\r\n\r\n- one\r\n- two\r\n");
  assert_int_equal(lf->n_paragraphs, 4);
  assert_int_equal(crlf->n_paragraphs, lf->n_paragraphs);
  assert_null(strchr(crlf->text, '\r'));
  for (size_t p = 0; p < lf->n_paragraphs; p++) {
    assert_int_equal(crlf->paragraphs[p].kind, lf->paragraphs[p].kind);
    assert_int_equal(crlf->paragraphs[p].start, lf->paragraphs[p].start);
    assert_int_equal(crlf->paragraphs[p].end, lf->paragraphs[p].end);
  }
  document_free(lf);
  document_free(crlf);
}

static void test_consecutive_bullets_and_numbers(void **state)
{
  struct document *doc = load(
    "What you need:\n"
    "- Three bays built from old pallets.\n"
    "* A lid for each bay, to keep the heat in and the rain\n"
    "  out.\n"
    "+ A garden fork.\n"
    "\xE2\x80\x93 A rota.\n"
    "\n"
    "Steps:\n"
    "1. Ask the committee.\n"
    "2) Build the bays.\n"
    "(3) Put up the board.\n"
    "\n"
    "a) Too wet.\n"
    "b. Too dry.\n");
  assert_int_equal(doc->n_paragraphs, 11);
  assert_para(doc, 0, DOC_PARAGRAPH, "What you need:");
  assert_para(doc, 1, DOC_ITEM, "Three bays built from old pallets.");
  assert_para(doc, 2, DOC_ITEM, "A lid for each bay, to keep the heat in and the rain out.");
  assert_para(doc, 3, DOC_ITEM, "A garden fork.");
  assert_para(doc, 4, DOC_ITEM, "A rota.");
  assert_para(doc, 5, DOC_PARAGRAPH, "Steps:");
  assert_para(doc, 6, DOC_ITEM, "1. Ask the committee.");
  assert_para(doc, 7, DOC_ITEM, "2) Build the bays.");
  assert_para(doc, 8, DOC_ITEM, "(3) Put up the board.");
  assert_para(doc, 9, DOC_ITEM, "a) Too wet.");
  assert_para(doc, 10, DOC_ITEM, "b. Too dry.");
  /* A bullet is outside the span; a number is inside it, and its length is recorded. */
  assert_int_equal(doc->paragraphs[1].marker, 0);
  assert_int_equal(doc->paragraphs[6].marker, 3);
  assert_int_equal(doc->paragraphs[8].marker, 4);
  document_free(doc);
}

static void test_not_lists(void **state)
{
  /* A year at the start of a wrapped line, emphasis, an en dash, a decimal: all prose. */
  struct document *doc = load(
    "It was a cold spring, the coldest since records began in\n"
    "1984. It rained for weeks on end and the river rose by some\n"
    "*three* feet, then slowly, after a fortnight of grey skies,\n"
    "\xE2\x80\x93not before time\xE2\x80\x93 it fell again, day by day, by a further\n"
    "2.5 metres.\n");
  assert_int_equal(doc->n_paragraphs, 1);
  assert_int_equal(doc->paragraphs[0].kind, DOC_PARAGRAPH);
  document_free(doc);
}

static void test_deliberate_line_breaks(void **state)
{
  /* Lines ended on purpose (the next word would have fitted) are paragraphs of their own;
   * wrapped lines are joined, however narrow the wrapping. */
  struct document *doc = load(
    "Dear Sir,\n"
    "I write to complain about the bins, which have not been collected for\n"
    "three weeks now. The smell is dreadful.\n"
    "Yours faithfully,\n"
    "Jo Smith\n"
    "\n"
    "Title: Pride and Prejudice\n"
    "Author: Jane Austen\n"
    "Release date: June 1, 1998 [eBook #1342]\n"
    "\n"
    "A paragraph wrapped at a narrow\n"
    "width of thirty-two columns, by\n"
    "a program that moves a word down\n"
    "only when it does not fit.\n");
  assert_int_equal(doc->n_paragraphs, 8);
  assert_para(doc, 0, DOC_PARAGRAPH, "Dear Sir,");
  assert_para(doc, 1, DOC_PARAGRAPH, "I write to complain about the bins, which have not been "
                                     "collected for three weeks now. The smell is dreadful.");
  assert_para(doc, 2, DOC_PARAGRAPH, "Yours faithfully,");
  assert_para(doc, 3, DOC_PARAGRAPH, "Jo Smith"); /* a piece of a block: not a heading */
  assert_para(doc, 4, DOC_PARAGRAPH, "Title: Pride and Prejudice");
  assert_para(doc, 5, DOC_PARAGRAPH, "Author: Jane Austen");
  assert_para(doc, 6, DOC_PARAGRAPH, "Release date: June 1, 1998 [eBook #1342]");
  assert_para(doc, 7, DOC_PARAGRAPH, "A paragraph wrapped at a narrow width of thirty-two "
                                     "columns, by a program that moves a word down only when "
                                     "it does not fit.");
  assert_string_equal(doc->title, "t.txt");
  document_free(doc);
}

static void test_headings(void **state)
{
  struct document *doc = load(
    "CHAPTER I\n\n"
    "Common problems\n===============\n\n"
    "This one-line paragraph ends with a full stop.\n\n"
    "He said \xE2\x80\x9Cno.\xE2\x80\x9D\n\n"
    "* * *\n\n"
    "A line that has no final punctuation but is far too long to be a heading, because it "
    "goes on and on for well over one hundred and twenty characters\n\n"
    "Are you sure?\n");
  assert_int_equal(doc->n_paragraphs, 6);
  assert_para(doc, 0, DOC_HEADING, "CHAPTER I");
  assert_para(doc, 1, DOC_HEADING, "Common problems");
  assert_int_equal(doc->paragraphs[2].kind, DOC_PARAGRAPH);
  assert_int_equal(doc->paragraphs[3].kind, DOC_PARAGRAPH);
  assert_int_equal(doc->paragraphs[4].kind, DOC_PARAGRAPH);
  assert_int_equal(doc->paragraphs[5].kind, DOC_PARAGRAPH);
  assert_string_equal(doc->title, "CHAPTER I");
  document_free(doc);
}

static void test_empty_and_blank(void **state)
{
  const char *inputs[] = {"", "\n\n\n", "   \t\n  \r\n", "* * *\n-----\n"};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    struct document *doc = load(inputs[i]);
    assert_int_equal(doc->n_paragraphs, 0);
    assert_int_equal(doc->n_sentences, 0);
    assert_string_equal(doc->title, "t.txt"); /* no heading: the file name */
    document_free(doc);
  }
}

static void test_sample_article(void **state)
{
  struct document *doc = NULL;
  assert_int_equal(document_load_file("samples/online-safety.txt", INPUT_AUTO, &doc), 0);
  assert_true(doc->n_paragraphs >= 17);
  assert_int_equal(doc->paragraphs[0].kind, DOC_HEADING);
  size_t n = doc->n_paragraphs;
  assert_int_equal(doc->paragraphs[n - 1].kind, DOC_ITEM);
  assert_int_equal(doc->paragraphs[n - 2].kind, DOC_ITEM);
  for (size_t p = 1; p + 2 < n; p++)
    assert_int_equal(doc->paragraphs[p].kind, DOC_PARAGRAPH);
  char *item = para(doc, n - 2);
  assert_string_equal(item, "Peter Kyle is Minister of State for Science, Innovation and Technology");
  free(item);
  assert_null(doc->warning);
  assert_non_null(doc->title);
  assert_non_null(strstr(doc->title, "It ends now"));
  document_free(doc);
}

static void test_large_text_no_copies(void **state)
{
  /* 5 MB of the same paragraphs: the text is the decoded buffer itself, and the paragraph and
   * sentence tables stay well below the size of the text. */
  const char *para_text = "The stories I heard were heartbreaking. They were also annoying. In the "
                          "last decade, we have seen thousands of cases like these.\n\n";
  size_t pl = strlen(para_text), target = 5u << 20;
  size_t count = target / pl + 1;
  char *big = malloc(count * pl + 1);
  for (size_t i = 0; i < count; i++)
    memcpy(big + i * pl, para_text, pl);
  big[count * pl] = '\0';
  struct document *doc = NULL;
  assert_int_equal(document_load_buffer(big, count * pl, INPUT_AUTO, NULL, &doc), 0);
  assert_int_equal(doc->len, count * pl);
  assert_int_equal(doc->n_paragraphs, count);
  assert_true(doc->n_sentences >= count);
  size_t tables = doc->cap_paragraphs * sizeof *doc->paragraphs +
                  doc->cap_sentences * sizeof *doc->sentences;
  assert_true(tables < doc->len);
  document_free(doc);
  free(big);
}

/* The text of sentence i, white space collapsed. */
static char *sentence(const struct document *doc, size_t i)
{
  assert_true(i < doc->n_sentences);
  size_t len;
  char *out = span_collapsed(doc->text, doc->sentences[i].start, doc->sentences[i].end, &len);
  assert_non_null(out);
  return out;
}

static void assert_sentence(const struct document *doc, size_t i, const char *text)
{
  char *got = sentence(doc, i);
  assert_string_equal(got, text);
  free(got);
}

/* An inline list is one item per marker: numbers, letters and bullets, each marker starting a
 * new item only when it is the next in its list. */
static void test_inline_lists_split_at_markers(void **state)
{
  (void)state;
  struct document *doc = load(
    "1) Preheat the oven 2) Grease the tin 3) Mix in 4 eggs. 5) Bake.\n"
    "\n"
    "a. Flour b. Sugar c. Butter\n"
    "\n"
    "\xE2\x80\xA2 9. Salt \xE2\x80\xA2 10. Pepper - to taste\n");
  assert_int_equal(doc->n_paragraphs, 8);
  assert_para(doc, 0, DOC_ITEM, "1) Preheat the oven");
  assert_para(doc, 1, DOC_ITEM, "2) Grease the tin");
  /* "5)" does not follow "3)": it stays inside the third item. */
  assert_para(doc, 2, DOC_ITEM, "3) Mix in 4 eggs. 5) Bake.");
  assert_para(doc, 3, DOC_ITEM, "a. Flour");
  assert_para(doc, 4, DOC_ITEM, "b. Sugar");
  assert_para(doc, 5, DOC_ITEM, "c. Butter");
  /* A bullet item's number is its text; a hyphen is never an inline bullet. */
  assert_para(doc, 6, DOC_ITEM, "9. Salt");
  assert_para(doc, 7, DOC_ITEM, "10. Pepper - to taste");
  assert_int_equal(doc->paragraphs[6].marker, 0);
  for (size_t p = 0; p < 6; p++)
    assert_true(doc->paragraphs[p].marker > 0);
  document_free(doc);
}

/* An ordered item's number is part of its first sentence, never a sentence of its own, even
 * where the segmenter alone would not know it as a list marker. */
static void test_number_stays_with_its_sentence(void **state)
{
  (void)state;
  struct document *doc = load(
    "Steps:\n"
    "1. Eggs\n"
    "2. Milk. Then stir.\n"
    "100. Done\n");
  assert_int_equal(doc->n_paragraphs, 4);
  assert_int_equal(doc->n_sentences, 5);
  assert_sentence(doc, 1, "1. Eggs");
  assert_sentence(doc, 2, "2. Milk.");
  assert_sentence(doc, 3, "Then stir.");
  assert_sentence(doc, 4, "100. Done");
  assert_int_equal(doc->sentences[1].start, doc->paragraphs[1].start);
  assert_memory_equal(doc->text + doc->sentences[1].start, "1. Eggs", 7);
  document_free(doc);
}

/* A line without final punctuation before a line in lower case is not ended on purpose: the
 * block stays whole (golden rule #40), while three short lines stay a sentence each (#42). */
static void test_lower_case_line_continues(void **state)
{
  (void)state;
  struct document *doc = load(
    "This is a sentence\n"
    "cut off in the middle because pdf.\n"
    "\n"
    "features\n"
    "contact manager\n"
    "events, activities\n");
  assert_int_equal(doc->n_paragraphs, 2);
  assert_para(doc, 0, DOC_PARAGRAPH, "This is a sentence cut off in the middle because pdf.");
  assert_int_equal(doc->n_sentences, 4);
  assert_sentence(doc, 1, "features");
  assert_sentence(doc, 2, "contact manager");
  assert_sentence(doc, 3, "events, activities");
  document_free(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_headline_paragraphs_and_items),
    cmocka_unit_test(test_hard_wrapped_lines_join),
    cmocka_unit_test(test_crlf_reads_like_lf),
    cmocka_unit_test(test_consecutive_bullets_and_numbers),
    cmocka_unit_test(test_not_lists),
    cmocka_unit_test(test_deliberate_line_breaks),
    cmocka_unit_test(test_headings),
    cmocka_unit_test(test_empty_and_blank),
    cmocka_unit_test(test_sample_article),
    cmocka_unit_test(test_large_text_no_copies),
    cmocka_unit_test(test_inline_lists_split_at_markers),
    cmocka_unit_test(test_number_stays_with_its_sentence),
    cmocka_unit_test(test_lower_case_line_continues),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
