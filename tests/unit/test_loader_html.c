/* HTML loader: the article without the site around it, kinds, entities, and hostile input. */
#include <setjmp.h>
#include <stdarg.h>
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

static int load_rc(const char *html, struct document **doc)
{
  *doc = NULL;
  return document_load_buffer(html, strlen(html), INPUT_HTML, "page.html", doc);
}

static struct document *load(const char *html)
{
  struct document *doc;
  assert_int_equal(load_rc(html, &doc), 0);
  assert_spans_inside(doc);
  return doc;
}

static void test_article_wins(void **state)
{
  struct document *doc = load(
    "<!DOCTYPE html><html lang=\"en-GB\"><head><title>  The   headline | Site </title>"
    "<style>p { color: red }</style><script>var x = 'script text';</script></head><body>"
    "<nav><a href=\"/\">Home</a> <a href=\"/news\">News</a></nav>"
    "<div role=\"dialog\"><p>We use cookies.</p></div>"
    "<main><p>Main but outside the article.</p>"
    "<article><header><h1>The headline</h1><p>By A. Writer</p></header>"
    "<p>First    paragraph,\n   wrapped<br>over lines with&nbsp;a &ldquo;quote&rdquo; &amp; more.</p>"
    "<aside>Related links</aside><footer>Share this</footer></article></main>"
    "<footer>Copyright</footer></body></html>");
  /* Too little text to weigh: <main> is read whole, its furniture left out. */
  assert_int_equal(doc->n_paragraphs, 4);
  assert_para(doc, 0, DOC_PARAGRAPH, "Main but outside the article.");
  assert_para(doc, 1, DOC_HEADING, "The headline");
  assert_para(doc, 2, DOC_PARAGRAPH, "By A. Writer");
  assert_para(doc, 3, DOC_PARAGRAPH, "First paragraph, wrapped over lines with a "
                                     "\xE2\x80\x9Cquote\xE2\x80\x9D & more.");
  assert_string_equal(doc->title, "The headline | Site");   /* too short to cut */
  assert_string_equal(doc->lang, "en-GB");
  const char *absent[] = {"Home", "cookies", "Related", "Share", "Copyright",
                          "script text", "color"};
  for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
    assert_null(strstr(doc->text, absent[i]));
  document_free(doc);
}

static void test_body_without_furniture(void **state)
{
  struct document *doc = load(
    "<html><body><header><p>Site name</p></header>"
    "<div class=\"content\"><h2>Section</h2><p>Visible text.</p>"
    "<p hidden>Hidden attribute.</p><p aria-hidden=\"true\">Aria hidden.</p>"
    "<p style=\"color: red; DISPLAY : none\">Styled away.</p>"
    "<div role=\"navigation\">Landmark nav.</div>"
    "<form><label>Search</label><input value=\"x\"></form>"
    "<noscript>Enable scripts.</noscript><template><p>Template text.</p></template>"
    "<span class=\"visually-hidden\">Screen-reader text is read.</span></div>"
    "<aside>Aside.</aside><footer>Footer.</footer></body></html>");
  /* A form is judged by its content, not dropped by its tag: its label is text. */
  assert_int_equal(doc->n_paragraphs, 4);
  assert_para(doc, 0, DOC_HEADING, "Section");
  assert_para(doc, 1, DOC_PARAGRAPH, "Visible text.");
  assert_para(doc, 2, DOC_PARAGRAPH, "Search");
  assert_para(doc, 3, DOC_PARAGRAPH, "Screen-reader text is read.");
  assert_null(doc->lang);
  assert_string_equal(doc->title, "Section"); /* no <title>: the first heading */
  document_free(doc);
}

static void test_kinds(void **state)
{
  struct document *doc = load(
    "<html><body><main lang=\"fr\">"
    "<h3>Liste</h3><ul><li>un</li><li><p>deux</p><ol><li>deux bis</li></ol></li></ul>"
    "<blockquote><p>Cit\xC3\xA9.</p><p>Encore.</p></blockquote>"
    "<pre>  code line 1\n  code line 2\n</pre>"
    "<table><caption>Prix</caption><tr><th>Nom</th><th>Prix</th></tr>"
    "<tr><td>Pain</td><td>1 &euro;</td></tr></table>"
    "<figure><img src=\"a.jpg\" alt=\"Une photo\"><figcaption>L\xC3\xA9gende</figcaption></figure>"
    "<p>Fin<img src=\"b.png\" alt=\"\">.</p>"
    "</main></body></html>");
  assert_int_equal(doc->n_paragraphs, 12);   /* the caption describes the photo, not its alt */
  assert_para(doc, 0, DOC_HEADING, "Liste");
  assert_para(doc, 1, DOC_ITEM, "un");
  assert_para(doc, 2, DOC_ITEM, "deux");
  assert_para(doc, 3, DOC_ITEM, "1. deux bis");
  assert_para(doc, 4, DOC_QUOTE, "Cit\xC3\xA9.");
  assert_para(doc, 5, DOC_QUOTE, "Encore.");
  assert_para(doc, 6, DOC_CODE, "  code line 1\n  code line 2");
  assert_para(doc, 7, DOC_PARAGRAPH, "Prix");
  assert_para(doc, 8, DOC_PARAGRAPH, "Nom, Prix");
  assert_para(doc, 9, DOC_PARAGRAPH, "Pain, 1 \xE2\x82\xAC");
  assert_para(doc, 10, DOC_PARAGRAPH, "L\xC3\xA9gende");
  assert_para(doc, 11, DOC_PARAGRAPH, "Fin.");
  assert_string_equal(doc->lang, "fr");
  document_free(doc);
  doc = load("<?xml version=\"1.0\"?><html xmlns=\"http://www.w3.org/1999/xhtml\" xml:lang=\"de\">"
             "<head><title>Titel</title></head><body><p>Stra\xC3\x9F" "e.</p></body></html>");
  assert_string_equal(doc->lang, "de");
  assert_string_equal(doc->title, "Titel");
  assert_para(doc, 0, DOC_PARAGRAPH, "Stra\xC3\x9F" "e.");
  document_free(doc);
}

static void test_article_choice(void **state)
{
  /* A teaser <article> in an aside is not the article; <main> is. */
  struct document *doc = load(
    "<html><body><aside><article><p>Teaser for another story, quite long to look important, "
    "longer than the main text by far, on and on and on.</p></article></aside>"
    "<main><p>The real story.</p></main></body></html>");
  assert_int_equal(doc->n_paragraphs, 1);
  assert_para(doc, 0, DOC_PARAGRAPH, "The real story.");
  document_free(doc);
  /* Several articles: the largest, comments (nested articles) included. */
  doc = load(
    "<html><body><article><p>Short card.</p></article>"
    "<article><h1>Long story</h1><p>Much more text in this one than in the card.</p>"
    "<article><p>A comment.</p></article></article></body></html>");
  assert_int_equal(doc->n_paragraphs, 3);
  assert_para(doc, 0, DOC_HEADING, "Long story");
  assert_para(doc, 2, DOC_PARAGRAPH, "A comment.");
  document_free(doc);
}

static void test_footnote_references(void **state)
{
  struct document *doc = load(
    "<html><body><p>Water boils at 100 \xC2\xB0" "C.<sup class=\"reference\"><a href=\"#cite-1\">[1]"
    "</a></sup> Ice melts at 0<sup>2</sup> degrees.<a href=\"#n2\" role=\"doc-noteref\">2</a>"
    "</p></body></html>");
  assert_para(doc, 0, DOC_PARAGRAPH, "Water boils at 100 \xC2\xB0" "C. Ice melts at 02 degrees.");
  document_free(doc);
  doc = load("<p>Donau&shy;dampf&shy;schiff \xC2\xAD fahrt.</p>");
  assert_para(doc, 0, DOC_PARAGRAPH, "Donaudampfschiff fahrt.");
  document_free(doc);
}

static void test_line_breaks(void **state)
{
  struct document *doc = load(
    "<html><body><div>First line<br>same paragraph.<br> <br>\nNew paragraph<br/><br/>"
    "<br>Third.</div><pre>a<br>b</pre></body></html>");
  assert_int_equal(doc->n_paragraphs, 4);
  assert_para(doc, 0, DOC_PARAGRAPH, "First line same paragraph.");
  assert_para(doc, 1, DOC_PARAGRAPH, "New paragraph");
  assert_para(doc, 2, DOC_PARAGRAPH, "Third.");
  assert_para(doc, 3, DOC_CODE, "a\nb");
  document_free(doc);
}

static void test_sample(void **state)
{
  struct document *doc = NULL;
  assert_int_equal(document_load_file("samples/article.html", INPUT_AUTO, &doc), 0);
  assert_int_equal(doc->paragraphs[0].kind, DOC_HEADING);
  assert_string_equal(doc->lang, "en-GB");
  assert_non_null(strstr(doc->title, "night bus"));
  assert_non_null(strstr(doc->text, "nineteen passengers"));
  const char *absent[] = {"cookies", "Subscribe", "Most read", "All rights", "Related stories",
                          "Advertisement", "Tracking", "analytics", "dataLayer", "JavaScript",
                          "Structured data", "Share this", "Georgia"};
  for (size_t i = 0; i < sizeof absent / sizeof absent[0]; i++)
    assert_null(strstr(doc->text, absent[i]));
  document_free(doc);
}

/* An entity-expansion bomb: the HTML parser never expands DOCTYPE entities, so it is read in
 * bounded time and memory as a short text. */
static void test_entity_bomb(void **state)
{
  char *s = malloc(1 << 16);
  size_t w = (size_t)sprintf(s, "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
  for (int i = 1; i <= 9; i++) {
    w += (size_t)sprintf(s + w, "<!ENTITY lol%d \"", i);
    for (int k = 0; k < 10; k++)
      w += (size_t)sprintf(s + w, i == 1 ? "&lol;" : "&lol%d;", i - 1);
    w += (size_t)sprintf(s + w, "\">\n");
  }
  sprintf(s + w, "]>\n<html><body><p>Before.</p><p>&lol9;</p><p>After.</p></body></html>");
  struct document *doc;
  int rc = load_rc(s, &doc);
  if (rc == 0) {
    assert_true(doc->len < strlen(s));
    assert_non_null(strstr(doc->text, "After."));
    document_free(doc);
  } else {
    assert_int_equal(rc, LECTOR_ETOOBIG);
  }
  free(s);
}

/* 10,000 nested elements, and 300 unclosed tags as old pages have: read to the bottom, with no
 * recursion to overflow the stack (walk() is iterative). */
static void test_deep_nesting(void **state)
{
  size_t n = 10000;
  char *s = malloc(12 * n + 64);
  size_t w = (size_t)sprintf(s, "<html><body>");
  for (size_t i = 0; i < n; i++)
    w += (size_t)sprintf(s + w, "<div>");
  w += (size_t)sprintf(s + w, "Deep.");
  for (size_t i = 0; i < n; i++)
    w += (size_t)sprintf(s + w, "</div>");
  sprintf(s + w, "<p>After.</p></body></html>");
  struct document *doc = load(s);
  assert_int_equal(doc->n_paragraphs, 2);
  assert_para(doc, 0, DOC_PARAGRAPH, "Deep.");
  assert_para(doc, 1, DOC_PARAGRAPH, "After.");
  document_free(doc);

  w = (size_t)sprintf(s, "<html><body><h1>Old page</h1>");
  for (size_t i = 0; i < 300; i++)
    w += (size_t)sprintf(s + w, "<font size=2><li><blockquote>");
  sprintf(s + w, "<p>Bottom text.</p></body></html>");
  doc = load(s);
  assert_para(doc, 0, DOC_HEADING, "Old page");
  assert_int_equal(doc->n_paragraphs, 2);
  assert_memory_equal(doc->text + doc->paragraphs[1].start, "Bottom text.", 12);
  document_free(doc);
  free(s);
}

static void test_empty_and_broken(void **state)
{
  const char *inputs[] = {"", "<html></html>", "<html><body>  \n </body></html>",
                          "<p>unclosed <b>bold <i>and", "</div></p>>>><<<&&&;"};
  for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
    struct document *doc;
    assert_int_equal(load_rc(inputs[i], &doc), 0);
    document_free(doc);
  }
  struct document *doc = load("<p>unclosed <b>bold <i>and");
  assert_para(doc, 0, DOC_PARAGRAPH, "unclosed bold and");
  document_free(doc);
}

/* <ol> numbers its items (start=, type=, reversed, <li value=>); <ul> does not; the number is
 * in the text, so that the panel shows it and the offsets point at it. */
static void test_ordered_lists_keep_numbers(void **state)
{
  (void)state;
  struct document *doc = load(
    "<html><body><ol><li>Eggs</li><li>Milk</li></ol>"
    "<ul><li>salt</li></ul>"
    "<ol start=\"5\" type=\"A\"><li>five</li><li value=\"10\">ten</li><li>eleven</li></ol>"
    "<ol reversed><li>three</li><li><p>two</p><p>more</p></li><li>one</li></ol>"
    "<ol start=\"-2\"><li>minus two</li></ol>"
    "</body></html>");
  const char *want[] = {"1. Eggs", "2. Milk", "salt", "E. five", "J. ten", "K. eleven",
                        "3. three", "2. two", "more", "1. one", "-2. minus two"};
  assert_int_equal(doc->n_paragraphs, 11);
  for (size_t p = 0; p < 11; p++) {
    assert_para(doc, p, DOC_ITEM, want[p]);
    const char *space = strchr(want[p], ' ');
    size_t marker = want[p][1] == '.' || want[p][2] == '.' ? (size_t)(space - want[p]) + 1 : 0;
    assert_int_equal(doc->paragraphs[p].marker, marker);
  }
  assert_memory_equal(doc->text + doc->sentences[0].start, "1. Eggs", 7);
  document_free(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_article_wins),
    cmocka_unit_test(test_body_without_furniture),
    cmocka_unit_test(test_kinds),
    cmocka_unit_test(test_article_choice),
    cmocka_unit_test(test_footnote_references),
    cmocka_unit_test(test_line_breaks),
    cmocka_unit_test(test_sample),
    cmocka_unit_test(test_entity_bomb),
    cmocka_unit_test(test_deep_nesting),
    cmocka_unit_test(test_empty_and_broken),
    cmocka_unit_test(test_ordered_lists_keep_numbers),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
