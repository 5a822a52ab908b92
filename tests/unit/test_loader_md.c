/* Markdown loader: kinds, extracted text, titles, and bounded work on hostile input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc_asserts.h"
#include "text/document.h"
#include "text/loader.h"
#include "util/error.h"

static struct document *load(const char *text)
{
  struct document *doc = NULL;
  assert_int_equal(document_load_buffer(text, strlen(text), INPUT_MD, "t.md", &doc), 0);
  assert_non_null(doc);
  /* Every span lies inside the text, in order, and blocks are apart. */
  assert_spans_inside(doc);
  for (size_t p = 1; p < doc->n_paragraphs; p++)
    assert_true(doc->paragraphs[p].start >= doc->paragraphs[p - 1].end + 2);
  assert_int_equal(strlen(doc->text), doc->len);
  return doc;
}

static void test_blocks_and_kinds(void **state)
{
  struct document *doc = load(
    "Intro text\n"
    "=========\n\n"
    "A paragraph with *emphasis*, **strong** text, `inline code` and a\n"
    "[link to somewhere](https://example.org/secret-url \"title\").\n\n"
    "## Second heading\n\n"
    "> Quoted words.\n"
    "> More of them.\n\n"
    "- first item\n"
    "- second item\n"
    "  - nested item\n\n"
    "1. numbered\n"
    "2. again\n");
  assert_int_equal(doc->n_paragraphs, 9);
  assert_para(doc, 0, DOC_HEADING, "Intro text");
  assert_para(doc, 1, DOC_PARAGRAPH, "A paragraph with emphasis, strong text, inline code and a\n"
                                     "link to somewhere.");
  assert_para(doc, 2, DOC_HEADING, "Second heading");
  assert_para(doc, 3, DOC_QUOTE, "Quoted words.\nMore of them.");
  assert_para(doc, 4, DOC_ITEM, "first item");
  assert_para(doc, 5, DOC_ITEM, "second item");
  assert_para(doc, 6, DOC_ITEM, "nested item");
  assert_para(doc, 7, DOC_ITEM, "1. numbered");
  assert_para(doc, 8, DOC_ITEM, "2. again");
  assert_null(strstr(doc->text, "example.org"));
  assert_string_equal(doc->title, "Intro text");
  document_free(doc);
}

static void test_code_html_images_tables(void **state)
{
  struct document *doc = load(
    "# Title\n\n"
    "```sh\n"
    "rsync --archive src/ dst/\n"
    "  echo done\n"
    "```\n\n"
    "    indented code\n\n"
    "<div class=\"x\">raw html</div>\n\n"
    "![A disk next to a laptop](disk.jpg)\n\n"
    "| Kind | Size |\n"
    "|------|------|\n"
    "| Photos | 200 GB |\n"
    "| Docs &amp; notes | |\n\n"
    "<!-- a comment block is neither shown nor read -->\n\n"
    "Fish &amp; chips &mdash; &#163;5 &#x20AC;6.<br>Line<BR/>break<span>s</span>.\n");
  assert_int_equal(doc->n_paragraphs, 9);
  assert_para(doc, 0, DOC_HEADING, "Title");
  assert_para(doc, 1, DOC_CODE, "rsync --archive src/ dst/\n  echo done");
  assert_para(doc, 2, DOC_CODE, "indented code");
  assert_para(doc, 3, DOC_CODE, "<div class=\"x\">raw html</div>");
  assert_para(doc, 4, DOC_PARAGRAPH, "A disk next to a laptop");
  assert_para(doc, 5, DOC_PARAGRAPH, "Kind, Size");
  assert_para(doc, 6, DOC_PARAGRAPH, "Photos, 200 GB");
  assert_para(doc, 7, DOC_PARAGRAPH, "Docs & notes");
  assert_para(doc, 8, DOC_PARAGRAPH, "Fish & chips \xE2\x80\x94 \xC2\xA3""5 \xE2\x82\xAC""6. Line breaks.");
  /* A code paragraph is one sentence for the speech module to replace with a marker. */
  assert_int_equal(doc->paragraphs[1].n_sentences, 1);
  document_free(doc);
}

/* block between two thematic breaks, then "Body.": read as a paragraph of its own, or dropped
 * as front matter. */
static void assert_block_read(const char *block, bool read)
{
  char md[200];
  snprintf(md, sizeof md, "---\n%s\n---\n\nBody.\n", block);
  struct document *doc = load(md);
  assert_int_equal(doc->n_paragraphs, read ? 2 : 1);
  assert_para(doc, doc->n_paragraphs - 1, DOC_PARAGRAPH, "Body.");
  document_free(doc);
}

static void test_front_matter_and_empty(void **state)
{
  struct document *doc = load("---\ntitle: Hidden\ntags: [a, b]\n---\nBody text.\n");
  assert_int_equal(doc->n_paragraphs, 1);
  assert_para(doc, 0, DOC_PARAGRAPH, "Body text.");
  assert_string_equal(doc->title, "Hidden");
  document_free(doc);
  doc = load("---\nauthor: x\n...\n# Heading\n");
  assert_int_equal(doc->n_paragraphs, 1);
  assert_string_equal(doc->title, "Heading");
  document_free(doc);
  doc = load("\n\n   \n");
  assert_int_equal(doc->n_paragraphs, 0);
  document_free(doc);
  doc = load("---\n\n***\n");
  assert_int_equal(doc->n_paragraphs, 0);
  document_free(doc);
  /* Thematic breaks around prose are not front matter: nothing is lost. */
  doc = load("---\nThe opening words.\n\nMore of them.\n---\nThe end.\n");
  assert_int_equal(doc->n_paragraphs, 3);
  assert_para(doc, 0, DOC_PARAGRAPH, "The opening words.");
  assert_para(doc, 1, DOC_HEADING, "More of them.");   /* --- under a line: a setext heading */
  assert_para(doc, 2, DOC_PARAGRAPH, "The end.");
  document_free(doc);
  /* Lists, indented values and comments are front matter. */
  doc = load("---\n# meta\ntitle: \"Quoted: yes\"\ntags:\n  - a\n- b\n---\nBody.\n");
  assert_int_equal(doc->n_paragraphs, 1);
  assert_string_equal(doc->title, "Quoted: yes");
  document_free(doc);
  /* Keys of several words, in any script, and a tab after the colon are YAML too. */
  doc = load("---\ntitle:\tTabbed\ndate created: 2024-01-01\nt\xC3\xAD""tulo: Mi art\xC3\xAD""culo\n"
             "<<: *base\n---\nBody.\n");
  assert_int_equal(doc->n_paragraphs, 1);
  assert_para(doc, 0, DOC_PARAGRAPH, "Body.");
  assert_string_equal(doc->title, "Tabbed");
  document_free(doc);
  /* A clause before a colon is prose, however YAML-like the rest. */
  doc = load("---\nauthor: x\nHere is what we found after a year: nothing.\n---\nBody.\n");
  assert_int_equal(doc->n_paragraphs, 2);
  assert_para(doc, 0, DOC_HEADING, "author: x Here is what we found after a year: nothing.");
  document_free(doc);
  doc = load("---\nWe looked, and found: nothing.\n---\nBody.\n");
  assert_int_equal(doc->n_paragraphs, 2);
  document_free(doc);
  /* A notice between two rules is read, not dropped: Markdown is not YAML, and keys that hold
   * only sentences (or one key of two words) are prose. */
  const char *notices[] = {
    "**Warning**: this text was machine translated.", "> Note: the figures are provisional.",
    "*Updated 3 May*: corrections below.", "Editor's note: this article was updated in May.",
    "In short: the law works.", "Trigger warning: violence", "<b>Note</b>: read this",
    "Warning: this text was machine translated.", "Alice: Hello there.\nBob: Hi.",
  };
  for (size_t i = 0; i < sizeof notices / sizeof *notices; i++)
    assert_block_read(notices[i], true);
  /* Real front matter goes, whatever script or style its keys are in. */
  const char *blocks[] = {
    "\xD0\xB7\xD0\xB0\xD0\xB3: \xD0\x9F\xD1\x80\xD0\xB8\n\xD0\xB4\xD0\xB0: 2023-01-01",  /* Cyrillic */
    "\xE6\xA0\x87\xE9\xA2\x98: \xE4\xBD\xA0\xE5\xA5\xBD",                                  /* 标题: 你好 */
    "date created: 2024-01-01\ndate modified: 2024-02-01",
    "\"title\": \"A\"", "og.title: x\n$schema: y\nsize (kb): 3",
    "description: A post about things.\ntitle: Mine",
  };
  for (size_t i = 0; i < sizeof blocks / sizeof *blocks; i++)
    assert_block_read(blocks[i], false);
}

static void test_sample(void **state)
{
  struct document *doc = NULL;
  assert_int_equal(document_load_file("samples/article.md", INPUT_AUTO, &doc), 0);
  size_t kinds[5] = {0};
  for (size_t p = 0; p < doc->n_paragraphs; p++)
    kinds[doc->paragraphs[p].kind]++;
  assert_true(kinds[DOC_HEADING] >= 4);
  assert_true(kinds[DOC_ITEM] >= 5);
  assert_true(kinds[DOC_QUOTE] >= 1);
  assert_true(kinds[DOC_CODE] >= 1);
  assert_int_equal(doc->paragraphs[0].kind, DOC_HEADING);
  assert_string_equal(doc->title, "Backing up a home computer without losing sleep");
  assert_null(strstr(doc->text, "https://"));
  assert_null(strstr(doc->text, "disk.jpg"));
  assert_non_null(strstr(doc->text, "A small external disk next to a laptop"));
  document_free(doc);
}

/* Hostile nesting: thousands of quote levels, nested lists, unclosed emphasis. */
static void test_deep_nesting(void **state)
{
  size_t n = 20000;
  char *s = malloc(4 * n + 64);
  memset(s, '>', n);
  strcpy(s + n, " deep quote.\n");
  struct document *doc = load(s);
  assert_int_equal(doc->n_paragraphs, 1);
  assert_para(doc, 0, DOC_QUOTE, "deep quote.");
  document_free(doc);

  size_t w = 0;
  for (size_t i = 0; i < 500; i++) {
    memset(s + w, ' ', 2 * i);
    w += 2 * i;
    w += (size_t)sprintf(s + w, "- i\n");
    if (w > 3 * n)
      break;
  }
  s[w] = '\0';
  doc = load(s);
  assert_true(doc->n_paragraphs >= 1);
  document_free(doc);

  memset(s, '*', n);
  strcpy(s + n, "x\n");
  doc = load(s);
  document_free(doc);
  free(s);
}

/* An ordered item starts with its number (from the list's start, with the source's delimiter),
 * which is part of its first sentence; a bulleted item has no marker; the second paragraph of
 * an item and a nested bulleted list carry no number. */
static void test_ordered_lists_keep_numbers(void **state)
{
  (void)state;
  struct document *doc = load(
    "3) Eggs\n"
    "4) Milk. Stir well.\n\n"
    "- salt\n\n"
    "1. First\n\n"
    "   More about it.\n"
    "2. Second\n"
    "   - a bullet inside\n");
  assert_int_equal(doc->n_paragraphs, 7);
  assert_para(doc, 0, DOC_ITEM, "3) Eggs");
  assert_para(doc, 1, DOC_ITEM, "4) Milk. Stir well.");
  assert_para(doc, 2, DOC_ITEM, "salt");
  assert_para(doc, 3, DOC_ITEM, "1. First");
  assert_para(doc, 4, DOC_ITEM, "More about it.");
  assert_para(doc, 5, DOC_ITEM, "2. Second");
  assert_para(doc, 6, DOC_ITEM, "a bullet inside");
  size_t markers[] = {3, 3, 0, 3, 0, 3, 0};
  for (size_t p = 0; p < 7; p++)
    assert_int_equal(doc->paragraphs[p].marker, markers[p]);
  /* "4) Milk." is one sentence with its number, then "Stir well.". */
  const struct doc_paragraph *milk = &doc->paragraphs[1];
  assert_int_equal(milk->n_sentences, 2);
  assert_int_equal(doc->sentences[milk->first_sentence].start, milk->start);
  assert_memory_equal(doc->text + milk->start, "4) Milk.", 8);
  document_free(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_blocks_and_kinds),
    cmocka_unit_test(test_code_html_images_tables),
    cmocka_unit_test(test_front_matter_and_empty),
    cmocka_unit_test(test_sample),
    cmocka_unit_test(test_deep_nesting),
    cmocka_unit_test(test_ordered_lists_keep_numbers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
