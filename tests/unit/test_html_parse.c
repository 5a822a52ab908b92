/* What a page's tree holds before extraction: the source pass (html_prescan.c) drops what is
 * never read, and the parse (html_parse.c) empties as they close the elements the pass removes
 * unread, so that the tree is never held whole; what the metadata reads stays. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "text/html_extract.h"
#include "text/html_hints.h"
#include "text/html_measure.h"
#include "text/html_parse.h"
#include "text/html_prescan.h"

/* src after the source pass, as a string to compare. */
static char *prescanned(const char *src)
{
  char *s = strdup(src);
  assert_non_null(s);
  s[html_prescan(s, strlen(s))] = '\0';
  return s;
}

static void test_prescan_drops_comments(void **state)
{
  (void)state;
  char *s = prescanned("<p>one <!-- a comment --> two<!----></p>");
  assert_string_equal(s, "<p>one  two</p>");
  free(s);
  /* Gone, these would join the text around into a reference or a tag. */
  s = prescanned("<p>&am<!-- -->p; and <<!-- -->b>x</p>");
  assert_string_equal(s, "<p>&am<!-- -->p; and <<!-- -->b>x</p>");
  free(s);
}

static void test_prescan_keeps_only_local_hrefs(void **state)
{
  (void)state;
  char *s = prescanned("<a href=\"https://example.org/x\" class=c>x</a><a href='#fn1'>1</a>"
                       "<a href=#top>t</a><a class=d href=/y>y</a>");
  assert_string_equal(s, "<a class=c>x</a><a href='#fn1'>1</a><a href=#top>t</a>"
                         "<a class=d>y</a>");
  free(s);
}

/* An attribute goes where nothing reads it: name and content are read on <meta> only, value on
 * <li>, type and start on <ol>; itemprop nowhere. */
static void test_prescan_keeps_attributes_where_read(void **state)
{
  (void)state;
  char *s = prescanned("<meta name=a content=b itemprop=c><a name=x>l</a>"
                       "<ol type=a start=3 value=1><li value=3 type=x>i</li></ol>");
  assert_string_equal(s, "<meta name=a content=b><a>l</a><ol type=a start=3><li value=3>i</li>"
                         "</ol>");
  free(s);
}

/* A script's content goes however few bytes went before its tag (a removal shorter than the
 * tag's name once left the name unrecognised). */
static void test_prescan_drops_scripts_after_short_removals(void **state)
{
  (void)state;
  char *s = prescanned("<p x>a</p><script>var x;</script><p x y>b</p><style>p{}</style>");
  assert_string_equal(s, "<p>a</p><script></script><p>b</p><style></style>");
  free(s);
}

/* The first element named name in document order, NULL when none. */
static xmlNode *find(xmlDoc *doc, const char *name)
{
  xmlNode *root = xmlDocGetRootElement(doc);
  for (xmlNode *n = root; n; n = html_next(n, root, true))
    if (html_is(n, name))
      return n;
  return NULL;
}

static xmlDoc *parse(const char *src, int flags)
{
  xmlDoc *doc = html_parse(src, strlen(src), flags);
  assert_non_null(doc);
  return doc;
}

static void test_parse_empties_what_no_pass_reads(void **state)
{
  (void)state;
  xmlDoc *doc = parse("<html><body><nav><ul><li><a>Home</a></li></ul></nav>"
                      "<div hidden><p>secret</p></div><svg><path/><path/></svg>"
                      "<aside><script src=ad.js></script><meta itemprop=x content=y></aside>"
                      "<p>Text</p></body></html>", HTML_X_ALL);
  assert_null(find(doc, "nav")->children);
  assert_null(find(doc, "aside")->children);
  assert_null(find(doc, "svg")->children);
  assert_null(find(doc, "div")->children);
  assert_null(find(doc, "li"));
  assert_non_null(find(doc, "p"));
  xmlFreeDoc(doc);
}

/* The title and the metadata are read from the whole page, extraction's removals or not. */
static void test_parse_keeps_what_metadata_reads(void **state)
{
  (void)state;
  xmlDoc *doc = parse("<html><body><nav><h1>The headline</h1><a>Home</a></nav>"
                      "<aside><meta property='og:title' content='T'></aside></body></html>",
                      HTML_X_ALL);
  assert_non_null(find(doc, "h1"));
  assert_non_null(find(doc, "meta"));
  assert_non_null(find(doc, "a"));
  xmlFreeDoc(doc);
}

/* Elements stripped for their class alone go in the strict pass only: the others read them. */
static void test_parse_strips_unlikely_in_strict_pass_only(void **state)
{
  (void)state;
  const char *src = "<html><body><div class='comments'><p>A comment</p></div></body></html>";
  xmlDoc *doc = parse(src, HTML_X_ALL);
  assert_null(find(doc, "div")->children);
  xmlFreeDoc(doc);
  doc = parse(src, HTML_X_ALL & ~HTML_X_STRIP_UNLIKELY);
  assert_non_null(find(doc, "p"));
  xmlFreeDoc(doc);
}

/* No table of id= attributes: nothing looks one up. */
static void test_parse_keeps_no_id_table(void **state)
{
  (void)state;
  xmlDoc *doc = parse("<html><body><p id='a'>x</p><p id='b'>y</p></body></html>", HTML_X_ALL);
  assert_null(doc->ids);
  xmlFreeDoc(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_prescan_drops_comments),
    cmocka_unit_test(test_prescan_keeps_only_local_hrefs),
    cmocka_unit_test(test_prescan_keeps_attributes_where_read),
    cmocka_unit_test(test_prescan_drops_scripts_after_short_removals),
    cmocka_unit_test(test_parse_empties_what_no_pass_reads),
    cmocka_unit_test(test_parse_keeps_what_metadata_reads),
    cmocka_unit_test(test_parse_strips_unlikely_in_strict_pass_only),
    cmocka_unit_test(test_parse_keeps_no_id_table),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
