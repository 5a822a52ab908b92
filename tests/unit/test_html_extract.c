/* HTML article extraction (html_extract.c, html_clean.c) and page metadata (html_meta.c),
 * through the loader: content is judged, not containers. */
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

static struct document *load(const char *html)
{
  struct document *doc = NULL;
  assert_int_equal(document_load_buffer(html, strlen(html), INPUT_HTML, "page.html", &doc), 0);
  return doc;
}

#define PROSE \
  "<p>The council met on Tuesday to discuss the new library, which has been closed for two " \
  "years, and agreed that the work on its roof, its windows and its heating should start in " \
  "the spring, when the weather allows the builders to work outside.</p>" \
  "<p>Residents, many of whom had campaigned for the reopening, said they were pleased, " \
  "although some, including the head of the reading group, asked why it had taken so long, " \
  "and whether the budget, already stretched, would cover the whole of the work.</p>" \
  "<p>The council said that the money had been set aside last year, that the builders had " \
  "been chosen, and that the library would open again, with longer hours, before winter.</p>"

#define MENU \
  "<div><a href='/a'>Home page</a> <a href='/b'>World news</a> <a href='/c'>Sport results</a> " \
  "<a href='/d'>Culture and arts</a> <a href='/e'>Weather forecast</a></div>"

static bool has(const struct document *doc, const char *s)
{
  return doc->text && strstr(doc->text, s) != NULL;
}

/* The ASP.NET pattern: the whole page inside one <form>. Dropping forms by tag lost it all. */
static void test_page_in_form(void **state)
{
  (void)state;
  struct document *doc = load("<html><body><form action='x.aspx'>" MENU
                              "<div class='text'>" PROSE "</div></form></body></html>");
  assert_true(has(doc, "The council met on Tuesday"));
  assert_true(has(doc, "before winter."));
  assert_false(has(doc, "Weather forecast"));
  document_free(doc);
}

/* No <article> or <main>: menus and sidebars made of plain divs are left out by their links. */
static void test_div_menus_left_out(void **state)
{
  (void)state;
  struct document *doc = load("<html><body>" MENU "<div><div>" PROSE "</div></div>"
                              "<div class='sidebar'><p>Subscribe to our newsletter today, "
                              "it is free and you can leave at any time.</p></div>" MENU
                              "</body></html>");
  assert_true(has(doc, "Residents, many of whom"));
  assert_false(has(doc, "Home page"));
  assert_false(has(doc, "Subscribe"));
  document_free(doc);
}

/* A small <article> (a promo box) inside <main> does not win over the real text. */
static void test_small_article_in_main(void **state)
{
  (void)state;
  struct document *doc = load("<html><body><main><article class='promo'><p>Donate now to "
                              "support our work.</p></article><div>" PROSE "</div></main>"
                              "</body></html>");
  assert_true(has(doc, "The council met on Tuesday"));
  document_free(doc);
}

/* A share bar and a related-links list inside the article are cleaned out. */
static void test_clutter_inside_article(void **state)
{
  (void)state;
  struct document *doc = load("<html><body><div class='story'>" PROSE
                              "<div class='share-tools'><a href='/f'>Share on Facebook</a></div>"
                              "<ul class='related'><li><a href='/1'>Another library story "
                              "about books</a></li><li><a href='/2'>A story about the council "
                              "budget</a></li></ul>" PROSE "</div></body></html>");
  assert_true(has(doc, "The council met on Tuesday"));
  assert_false(has(doc, "Share on Facebook"));
  assert_false(has(doc, "Another library story"));
  document_free(doc);
}

static void test_meta_og_and_json_ld(void **state)
{
  (void)state;
  struct document *doc = load(
    "<html lang='en-GB'><head><title>Library to reopen - The Town Gazette</title>"
    "<meta property='og:title' content='Library to reopen before winter'>"
    "<meta property='og:site_name' content='The Town Gazette'>"
    "<script type='application/ld+json'>{\"@context\":\"https://schema.org\","
    "\"@type\":\"NewsArticle\",\"datePublished\":\"2024-03-05T10:00\","
    "\"author\":[{\"@type\":\"Person\",\"name\":\"Ann Lee\"},{\"name\":\"Bo Chan\"}]}</script>"
    "</head><body>" PROSE "</body></html>");
  assert_string_equal(doc->title, "Library to reopen before winter");
  assert_string_equal(doc->byline, "Ann Lee, Bo Chan");
  assert_string_equal(doc->site, "The Town Gazette");
  assert_string_equal(doc->date, "2024-03-05T10:00");
  assert_string_equal(doc->lang, "en-GB");
  document_free(doc);
}

/* Without metadata, <title> loses the site's name after the last separator. */
static void test_title_without_site_name(void **state)
{
  (void)state;
  struct document *doc = load("<html><head><title>The library will open again before winter "
                              "| The Town Gazette</title></head><body>" PROSE "</body></html>");
  assert_string_equal(doc->title, "The library will open again before winter");
  document_free(doc);
  doc = load("<html><head><title>Short - Site</title></head><body>" PROSE "</body></html>");
  assert_string_equal(doc->title, "Short - Site");   /* too short to cut */
  document_free(doc);
}

/* JSON-LD inside CDATA markers; "name" is the title unless only "headline" is close to <title>
 * (sites put their own name in "name"). */
static void test_json_ld_name_or_headline(void **state)
{
  (void)state;
  struct document *doc = load(
    "<html><head><title>Library to reopen before winter | Gazette</title>"
    "<script type='application/ld+json'>\n<![CDATA[{\"@context\":\"http://schema.org/\","
    "\"@type\":\"NewsArticle\",\"name\":\"The Town Gazette\","
    "\"headline\":\"Library to reopen before winter\"}]]>\n</script>"
    "</head><body>" PROSE "</body></html>");
  assert_string_equal(doc->title, "Library to reopen before winter");
  document_free(doc);
  doc = load("<html><head><script type='application/ld+json'>{\"@context\":\"https://schema.org\","
             "\"@type\":\"Article\",\"name\":\"New Zealand\",\"headline\":\"country in "
             "Oceania\"}</script><title>New Zealand - Wikipedia</title></head><body>" PROSE
             "</body></html>");
  assert_string_equal(doc->title, "New Zealand");
  document_free(doc);
}

/* <meta> names as Reader View reads them: a property list takes its first known name, a name
 * may be written "DC.Title", Parse.ly's names count, and Dublin Core comes before Open Graph. */
static void test_meta_names(void **state)
{
  (void)state;
  struct document *doc = load(
    "<html><head><title>Title element</title>"
    "<meta property='og:title twitter:title' content='A title'>"
    "<meta property='x:title dc:title' content='Preferred title'></head><body>" PROSE
    "</body></html>");
  assert_string_equal(doc->title, "Preferred title");
  document_free(doc);
  doc = load("<html><head><meta name='DC.Title' content='remoteStorage'><title>draft-04 - "
             "remoteStorage</title></head><body>" PROSE "</body></html>");
  assert_string_equal(doc->title, "remoteStorage");
  document_free(doc);
  doc = load("<html><head><meta name='parsely-title' content='Some other title'>"
             "<meta name='parsely-author' content='Ann Lee'></head><body>" PROSE
             "</body></html>");
  assert_string_equal(doc->title, "Some other title");
  assert_string_equal(doc->byline, "Ann Lee");
  document_free(doc);
}

/* A title with a colon is cut after it unless a heading repeats it whole; a short title stays
 * whole even when the page has one <h1>. */
static void test_title_colon_and_short(void **state)
{
  (void)state;
  struct document *doc = load("<html><head><title>Superbugs: What They Are and How You Get "
                              "Them</title></head><body><h2>Superbugs: What They Are and How "
                              "You Get Them</h2>" PROSE "</body></html>");
  assert_string_equal(doc->title, "Superbugs: What They Are and How You Get Them");
  document_free(doc);
  doc = load("<html><head><title>Health: What superbugs are and how you get them</title>"
             "</head><body>" PROSE "</body></html>");
  assert_string_equal(doc->title, "What superbugs are and how you get them");
  document_free(doc);
  doc = load("<html><head><title>Base URL test</title></head><body><h1>Lorem</h1>" PROSE
             "</body></html>");
  assert_string_equal(doc->title, "Base URL test");
  document_free(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_page_in_form),
    cmocka_unit_test(test_div_menus_left_out),
    cmocka_unit_test(test_small_article_in_main),
    cmocka_unit_test(test_clutter_inside_article),
    cmocka_unit_test(test_meta_og_and_json_ld),
    cmocka_unit_test(test_title_without_site_name),
    cmocka_unit_test(test_json_ld_name_or_headline),
    cmocka_unit_test(test_meta_names),
    cmocka_unit_test(test_title_colon_and_short),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
