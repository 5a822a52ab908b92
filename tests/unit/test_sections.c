/* Sections: the tree built from headings in plain text, Markdown and HTML, and from a loader's
 * chapter marks; levels, first and last paragraphs, the lookups and the "chapter 3 of 12" text. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/document.h"
#include "text/loader.h"
#include "text/section.h"

static struct document *load(const char *text, enum input_format fmt, const char *name)
{
  struct document *doc = NULL;
  assert_int_equal(document_load_buffer(text, strlen(text), fmt, name, &doc), 0);
  assert_non_null(doc);
  return doc;
}

static void assert_section(const struct document *doc, size_t i, unsigned level,
                           const char *title, size_t first, size_t last)
{
  assert_true(i < doc->n_sections);
  const struct doc_section *s = &doc->sections[i];
  assert_string_equal(s->title, title);
  assert_int_equal(s->level, level);
  assert_int_equal(s->first, first);
  assert_int_equal(s->last, last);
}

static void test_markdown_levels(void **state)
{
  struct document *doc = load("# Book\n\nIntro.\n\n## One\n\nA.\n\nB.\n\n### One point one\n\n"
                              "C.\n\n## Two\n\nD.\n", INPUT_MD, "t.md");
  /* 0 Book, 1 Intro, 2 One, 3 A, 4 B, 5 One point one, 6 C, 7 Two, 8 D */
  assert_int_equal(doc->n_paragraphs, 9);
  assert_int_equal(doc->n_sections, 4);
  assert_section(doc, 0, 1, "Book", 0, 8);
  assert_section(doc, 1, 2, "One", 2, 6);
  assert_section(doc, 2, 3, "One point one", 5, 6);
  assert_section(doc, 3, 2, "Two", 7, 8);
  /* The innermost section holding a paragraph. */
  assert_int_equal(sections_at(doc, 1), 0);
  assert_int_equal(sections_at(doc, 4), 1);
  assert_int_equal(sections_at(doc, 6), 2);
  assert_int_equal(sections_at(doc, 8), 3);
  /* Chapters are the highest level that occurs twice: the <h2>s. */
  assert_int_equal(sections_chapter_level(doc), 2);
  document_free(doc);
}

static void test_html_headings(void **state)
{
  struct document *doc = load("<html><head><title>T</title></head><body><article>"
                              "<p>Before any heading.</p><h2>First</h2><p>a</p>"
                              "<h4>Deep</h4><p>b</p><h2>Second</h2><p>c</p></article></body></html>",
                              INPUT_HTML, "t.html");
  assert_int_equal(doc->n_sections, 3);
  size_t first = doc->sections[0].first;
  assert_section(doc, 0, 2, "First", first, first + 3);
  assert_section(doc, 1, 4, "Deep", first + 2, first + 3);
  assert_section(doc, 2, 2, "Second", first + 4, doc->n_paragraphs - 1);
  /* Text before the first heading is in no section and no chapter. */
  assert_int_equal(sections_at(doc, 0), SECTIONS_NONE);
  char buf[128] = "x";
  sections_describe(doc, 0, buf, sizeof buf);
  assert_string_equal(buf, "");
  document_free(doc);
}

static void test_plain_text_headings(void **state)
{
  struct document *doc = load("CHAPTER I\n\nIt was a dark night.\n\nThe wind blew.\n\n"
                              "CHAPTER II\n\nMorning came.\n", INPUT_TXT, "t.txt");
  assert_int_equal(doc->n_paragraphs, 5);
  assert_int_equal(doc->n_sections, 2);
  assert_section(doc, 0, 1, "CHAPTER I", 0, 2);     /* plain text has no levels: read as 1 */
  assert_section(doc, 1, 1, "CHAPTER II", 3, 4);
  document_free(doc);
}

static void test_no_headings(void **state)
{
  struct document *doc = load("Just a sentence.\n\nAnd another.\n", INPUT_TXT, "t.txt");
  assert_int_equal(doc->n_sections, 0);
  assert_int_equal(sections_chapter_level(doc), 0);
  assert_int_equal(sections_at(doc, 1), SECTIONS_NONE);
  assert_int_equal(sections_step(doc, 0, 1, DOC_SECTION_MAX_LEVEL), SECTIONS_NONE);
  char buf[64];
  sections_describe(doc, 1, buf, sizeof buf);
  assert_string_equal(buf, "");
  document_free(doc);
}

static void test_step(void **state)
{
  struct document *doc = load("# Book\n\nIntro.\n\n## One\n\nA.\n\n### Sub\n\nB.\n\n## Two\n\nC.\n",
                              INPUT_MD, "t.md");
  /* 0 Book, 1 Intro, 2 One, 3 A, 4 Sub, 5 B, 6 Two, 7 C; sections 0 Book, 1 One, 2 Sub, 3 Two */
  assert_int_equal(sections_step(doc, 1, 1, DOC_SECTION_MAX_LEVEL), 1);
  assert_int_equal(sections_step(doc, 3, 1, DOC_SECTION_MAX_LEVEL), 2);
  assert_int_equal(sections_step(doc, 3, 1, 2), 3);         /* level 2 or higher: skips Sub */
  assert_int_equal(sections_step(doc, 7, 1, DOC_SECTION_MAX_LEVEL), SECTIONS_NONE);
  assert_int_equal(sections_step(doc, 5, -1, DOC_SECTION_MAX_LEVEL), 2);
  assert_int_equal(sections_step(doc, 5, -1, 2), 1);
  assert_int_equal(sections_step(doc, 4, -1, DOC_SECTION_MAX_LEVEL), 1);   /* strictly before */
  assert_int_equal(sections_step(doc, 0, -1, DOC_SECTION_MAX_LEVEL), SECTIONS_NONE);
  document_free(doc);
}

static void test_describe(void **state)
{
  struct document *doc = load("## Down the Rabbit-Hole\n\nOne.\n\nTwo.\n\n"
                              "## The Pool of Tears\n\nThree.\n\n### Aside\n\nFour.\n\n"
                              "## The Caucus-Race\n\nFive.\n", INPUT_MD, "t.md");
  /* 0 Rabbit, 1 One, 2 Two, 3 Pool, 4 Three, 5 Aside, 6 Four, 7 Caucus, 8 Five */
  char buf[128];
  sections_describe(doc, 2, buf, sizeof buf);
  assert_string_equal(buf, "chapter 1 of 3, Down the Rabbit-Hole, paragraph 3 of 3");
  sections_describe(doc, 6, buf, sizeof buf);   /* inside a sub-section: still its chapter */
  assert_string_equal(buf, "chapter 2 of 3, The Pool of Tears, paragraph 4 of 4");
  sections_describe(doc, 7, buf, sizeof buf);
  assert_string_equal(buf, "chapter 3 of 3, The Caucus-Race, paragraph 1 of 2");
  size_t s, number, count;
  assert_true(sections_chapter(doc, 5, &s, &number, &count));
  assert_int_equal(s, 1);
  assert_int_equal(number, 2);
  assert_int_equal(count, 3);
  sections_describe(doc, 8, buf, 12);           /* truncated, still terminated */
  assert_int_equal(strlen(buf), 11);
  document_free(doc);
  /* An article's one headline is no chapter. */
  doc = load("# Headline\n\nText.\n", INPUT_MD, "t.md");
  sections_describe(doc, 1, buf, sizeof buf);
  assert_string_equal(buf, "");
  document_free(doc);
}

/* A loader's chapter marks (as EPUB's table of contents) name the chapters; the heading a chapter
 * opens with is its title, not a section of its own, and deeper headings go below it. */
static void test_chapter_marks(void **state)
{
  struct document *doc = load("## Opening\n\nA.\n\n### Inner\n\nB.\n\n## Second\n\nC.\n",
                              INPUT_MD, "t.md");
  /* 0 Opening, 1 A, 2 Inner, 3 B, 4 Second, 5 C: rebuild from marks, as load_epub does */
  for (size_t i = 0; i < doc->n_sections; i++)
    free(doc->sections[i].title);
  doc->n_sections = 0;
  assert_int_equal(document_add_section(doc, 1, "Chapter  Two\n", 4), 0);   /* out of order */
  assert_int_equal(document_add_section(doc, 1, "Chapter One", 0), 0);
  assert_int_equal(sections_build(doc), 0);
  assert_int_equal(doc->n_sections, 3);
  assert_section(doc, 0, 1, "Chapter One", 0, 3);
  assert_section(doc, 1, 2, "Inner", 2, 3);
  assert_section(doc, 2, 1, "Chapter Two", 4, 5);   /* white space collapsed */
  document_free(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_markdown_levels),
    cmocka_unit_test(test_html_headings),
    cmocka_unit_test(test_plain_text_headings),
    cmocka_unit_test(test_no_headings),
    cmocka_unit_test(test_step),
    cmocka_unit_test(test_describe),
    cmocka_unit_test(test_chapter_marks),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
