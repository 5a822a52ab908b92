/* Timing sidecars: JSON per DESIGN.md, WebVTT, SRT and LRC, parsed back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <jansson.h>

#include "export/sidecar.h"
#include "text/document.h"
#include "util/error.h"

#define RATE 22050

/* "Title" (heading), then a paragraph of two sentences, the second with a hard line break and
 * characters WebVTT reserves. */
static const char TEXT[] = "Caf\xc3\xa9 news\n\nOne two. Three <four>\n  & five.";

static struct document *make_doc(void)
{
  char *text = strdup(TEXT);
  struct document *doc = document_new(text, strlen(text));
  assert_non_null(doc);
  assert_int_equal(document_add_paragraph(doc, DOC_HEADING, 0, 10), 0);
  assert_int_equal(document_add_sentence(doc, 0, 10), 0);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, 12, strlen(TEXT)), 0);
  assert_int_equal(document_add_sentence(doc, 12, 20), 0);
  assert_int_equal(document_add_sentence(doc, 21, strlen(TEXT)), 0);
  /* The segmenter counts a paragraph's sentences; do as it does. */
  doc->paragraphs[0].n_sentences = 1;
  doc->paragraphs[1].n_sentences = 2;
  return doc;
}

static struct sidecar *make_sidecar(const struct document *doc)
{
  struct sidecar *sc = NULL;
  assert_int_equal(sidecar_new(&sc, doc), 0);
  struct sidecar_word w0[] = {{0, 5, 0, 11025}, {6, 10, 11025, 22050}};
  assert_int_equal(sidecar_add_sentence(sc, 0, 0, 22050, w0, 2), 0);
  struct sidecar_word w1[] = {{12, 15, 44100, 50000}, {16, 20, 50000, 66150}};
  assert_int_equal(sidecar_add_sentence(sc, 1, 44100, 66150, w1, 2), 0);
  struct sidecar_word w2[] = {{21, 26, 72765, 80000}, {27, 33, 80000, 90000},
                              {36, 37, 90000, 95000}, {38, 43, 95000, 100000}};
  assert_int_equal(sidecar_add_sentence(sc, 2, 72765, 100000, w2, 4), 0);
  return sc;
}

static const struct sidecar_info INFO = {
  .audio = "x.ogg", .voice = "default", .title = "Caf\xc3\xa9 news", .artist = "Me",
  .sample_rate = RATE, .frames = 110250,
};

static void test_json(void **state)
{
  struct document *doc = make_doc();
  struct sidecar *sc = make_sidecar(doc);
  char *out;
  size_t len;
  assert_int_equal(sidecar_render(sc, SIDECAR_JSON, &INFO, &out, &len), 0);
  json_error_t err;
  json_t *root = json_loadb(out, len, 0, &err);
  assert_non_null(root);
  assert_int_equal(json_integer_value(json_object_get(root, "version")), 1);
  assert_string_equal(json_string_value(json_object_get(root, "audio")), "x.ogg");
  assert_string_equal(json_string_value(json_object_get(root, "voice")), "default");
  assert_int_equal(json_integer_value(json_object_get(root, "sample_rate")), RATE);
  assert_true(json_real_value(json_object_get(root, "duration")) == 5.0);
  json_t *paras = json_object_get(root, "paragraphs");
  assert_int_equal(json_array_size(paras), 2);
  json_t *p1 = json_array_get(paras, 1);
  assert_int_equal(json_integer_value(json_object_get(p1, "index")), 1);
  assert_string_equal(json_string_value(json_object_get(p1, "kind")), "paragraph");
  assert_true(json_real_value(json_object_get(p1, "start")) == 2.0);
  /* Every time maps back to its frame exactly. */
  double end = json_real_value(json_object_get(p1, "end"));
  assert_int_equal((long)(end * RATE + 0.5), 100000);
  assert_string_equal(json_string_value(json_object_get(json_array_get(paras, 0), "kind")),
                      "heading");
  json_t *s1 = json_array_get(json_object_get(p1, "sentences"), 1);
  assert_int_equal(json_integer_value(json_object_get(s1, "index")), 1);
  assert_string_equal(json_string_value(json_object_get(s1, "text")), "Three <four> & five.");
  json_t *words = json_object_get(s1, "words");
  assert_int_equal(json_array_size(words), 4);
  assert_string_equal(json_string_value(json_object_get(json_array_get(words, 1), "text")),
                      "<four>");
  json_t *h = json_array_get(json_object_get(json_array_get(paras, 0), "sentences"), 0);
  assert_string_equal(
    json_string_value(json_object_get(json_array_get(json_object_get(h, "words"), 0), "text")),
    "Caf\xc3\xa9");
  assert_true(json_real_value(json_object_get(
                json_array_get(json_object_get(h, "words"), 0), "end")) == 0.5);
  json_decref(root);
  free(out);
  sidecar_free(sc);
  document_free(doc);
}

static void test_vtt(void **state)
{
  struct document *doc = make_doc();
  struct sidecar *sc = make_sidecar(doc);
  char *out;
  size_t len;
  assert_int_equal(sidecar_render(sc, SIDECAR_VTT, &INFO, &out, &len), 0);
  assert_string_equal(out,
    "WEBVTT\n"
    "\n1\n00:00:00.000 --> 00:00:01.000\nCaf\xc3\xa9 news\n"
    "\n2\n00:00:02.000 --> 00:00:03.000\nOne two.\n"
    "\n3\n00:00:03.300 --> 00:00:04.535\nThree &lt;four&gt; &amp; five.\n");
  free(out);
  assert_int_equal(sidecar_render(sc, SIDECAR_SRT, &INFO, &out, &len), 0);
  assert_string_equal(out,
    "1\n00:00:00,000 --> 00:00:01,000\nCaf\xc3\xa9 news\n\n"
    "2\n00:00:02,000 --> 00:00:03,000\nOne two.\n\n"
    "3\n00:00:03,300 --> 00:00:04,535\nThree <four> & five.\n\n");
  free(out);
  assert_int_equal(sidecar_render(sc, SIDECAR_LRC, &INFO, &out, &len), 0);
  assert_string_equal(out,
    "[ti:Caf\xc3\xa9 news]\n[ar:Me]\n[length:00:05]\n[re:lector]\n"
    "[00:00.00]Caf\xc3\xa9 news\n[00:02.00]One two.\n[00:03.30]Three <four> & five.\n");
  free(out);
  sidecar_free(sc);
  document_free(doc);
}

static void test_format_from_path(void **state)
{
  enum sidecar_format f;
  assert_int_equal(sidecar_format_from_path("a.json", &f), 0);
  assert_int_equal(f, SIDECAR_JSON);
  assert_int_equal(sidecar_format_from_path("d/a.VTT", &f), 0);
  assert_int_equal(f, SIDECAR_VTT);
  assert_int_equal(sidecar_format_from_path("a.srt", &f), 0);
  assert_int_equal(f, SIDECAR_SRT);
  assert_int_equal(sidecar_format_from_path("a.lrc", &f), 0);
  assert_int_equal(f, SIDECAR_LRC);
  assert_int_equal(sidecar_format_from_path("a.txt", &f), LECTOR_EFORMAT);
  assert_int_equal(sidecar_format_from_path("json", &f), LECTOR_EFORMAT);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_format_from_path),
    cmocka_unit_test(test_json),
    cmocka_unit_test(test_vtt),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
