/* Regression tests for hostile input found by tests/fuzz and tests/cli/hostile_*: each feeds the
 * input that once broke a loader and checks the document that comes out. */
#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/decode.h"
#include "text/document.h"
#include "text/loader.h"
#include "text/segmenter.h"

/* Every sentence inside its paragraph, in order, at most SEGMENT_MAX_SENTENCE_BYTES. */
static void check_spans(const struct document *doc)
{
  size_t next = 0;
  for (size_t p = 0; p < doc->n_paragraphs; p++) {
    const struct doc_paragraph *para = &doc->paragraphs[p];
    assert_true(para->start < para->end && para->end <= doc->len);
    assert_int_equal(para->first_sentence, next);
    assert_true(para->n_sentences >= 1);
    next += para->n_sentences;
    for (size_t s = para->first_sentence; s < next; s++) {
      assert_true(doc->sentences[s].start >= para->start);
      assert_true(doc->sentences[s].end <= para->end);
      if (para->kind != DOC_CODE)
        assert_true(doc->sentences[s].end - doc->sentences[s].start <= SEGMENT_MAX_SENTENCE_BYTES);
    }
  }
  assert_int_equal(next, doc->n_sentences);
}

static char *repeat(const char *head, const char *unit, size_t n, const char *tail, size_t *len)
{
  size_t hl = strlen(head), ul = strlen(unit), tl = strlen(tail);
  *len = hl + ul * n + tl;
  char *s = malloc(*len + 1);
  assert_non_null(s);
  memcpy(s, head, hl);
  for (size_t i = 0; i < n; i++)
    memcpy(s + hl + i * ul, unit, ul);
  memcpy(s + hl + n * ul, tail, tl + 1);
  return s;
}

/* load_html.c: libxml2 stops building the tree 256 levels down unless XML_PARSE_HUGE is given,
 * so everything after 300 unclosed <font> tags was silently lost. */
static void test_html_deep_unclosed_tags_keep_text(void **state)
{
  size_t len;
  char *html = repeat("<html><body><p>Intro text here.</p>", "<font size=2>", 300,
                      "<p>Old page text.</p></body></html>\n", &len);
  struct document *doc = NULL;
  assert_int_equal(document_load_buffer(html, len, INPUT_HTML, "fonts.html", &doc), 0);
  assert_non_null(strstr(doc->text, "Intro text here."));
  assert_non_null(strstr(doc->text, "Old page text."));
  check_spans(doc);
  document_free(doc);
  free(html);
}

/* 10,000 nested elements: the text at the bottom is read, with no recursion to overflow. */
static void test_html_ten_thousand_levels(void **state)
{
  size_t len;
  char *html = repeat("<!DOCTYPE html><html><body>", "<div>", 10000, "deep text here.", &len);
  struct document *doc = NULL;
  assert_int_equal(document_load_buffer(html, len, INPUT_HTML, "deep.html", &doc), 0);
  assert_non_null(strstr(doc->text, "deep text here."));
  check_spans(doc);
  document_free(doc);
  free(html);
}

/* decode.c normalise(): C0 controls and DEL become spaces, but C1 controls (U+0080..U+009F, as
 * UTF-8 C2 80..C2 9F, or from ISO-8859-1 bytes 0x80..0x9F) went through to the document, and so
 * to `lector segment` on a terminal: U+009B is CSI to terminals that honour 8-bit controls. */
static void test_c1_controls_do_not_reach_the_text(void **state)
{
  static const char txt[] = "A plain sentence with a CSI \xc2\x9b" "2J inside and a \xc2\x85 NEL.\n";
  struct document *doc = NULL;
  assert_int_equal(document_load_buffer(txt, sizeof txt - 1, INPUT_TXT, "c1.txt", &doc), 0);
  bool text = strstr(doc->text, "A plain sentence") != NULL, c1 = false;
  for (size_t i = 0; i + 1 < doc->len; i++) {
    unsigned char a = (unsigned char)doc->text[i], b = (unsigned char)doc->text[i + 1];
    c1 = c1 || (a == 0xc2 && b >= 0x80 && b <= 0x9f);
  }
  document_free(doc);   /* before asserting: a failure must not also be a leak */
  assert_true(text);
  assert_false(c1);
}

static void test_c0_controls_do_not_reach_the_text(void **state)
{
  static const char txt[] = "Some text and an escape \x1b[2J in it, long enough to be text.\n";
  struct document *doc = NULL;
  assert_int_equal(document_load_buffer(txt, sizeof txt - 1, INPUT_TXT, "c0.txt", &doc), 0);
  for (size_t i = 0; i < doc->len; i++)
    assert_false((unsigned char)doc->text[i] < 0x20 && doc->text[i] != '\n');
  document_free(doc);
}

/* The decoder cleans the file, but HTML and Markdown character references make new control
 * characters after it: &#x9b; is a C1 CSI, &#27; an ESC, in the title as well as the text. */
static void test_character_references_make_no_controls(void **state)
{
  static const char html[] =
    "<html><head><title>Title &#x9b;2J &#x1b;]0;X&#7;</title></head><body>"
    "<p>Text with &#x9b;2J, &#27;[2J and &#x85; in it.</p><pre>code &#x9b; &#13; here</pre>"
    "</body></html>";
  static const char md[] = "Markdown with &#x9b;2J and &#27;[2J in it.\n";
  struct { const char *src; size_t len; enum input_format fmt; } cases[] = {
    {html, sizeof html - 1, INPUT_HTML}, {md, sizeof md - 1, INPUT_MD}};
  for (size_t c = 0; c < 2; c++) {
    struct document *doc = NULL;
    assert_int_equal(document_load_buffer(cases[c].src, cases[c].len, cases[c].fmt, "refs", &doc),
                     0);
    bool control = false;
    const char *fields[] = {doc->text, doc->title};
    for (size_t f = 0; f < 2; f++)
      for (const char *p = fields[f]; p && *p; p++)
        control = control || decode_control_at(p, strlen(p)) > 0;
    bool text = strstr(doc->text, "2J") != NULL;
    document_free(doc);
    assert_true(text);
    assert_false(control);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_html_deep_unclosed_tags_keep_text),
    cmocka_unit_test(test_html_ten_thousand_levels),
    cmocka_unit_test(test_c1_controls_do_not_reach_the_text),
    cmocka_unit_test(test_c0_controls_do_not_reach_the_text),
    cmocka_unit_test(test_character_references_make_no_controls),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
