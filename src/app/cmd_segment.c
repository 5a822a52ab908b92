/* lector segment: prints the text exactly as lector will read it. */
#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <jansson.h>

#include "app/commands.h"
#include "app/plain_output.h"
#include "text/document.h"
#include "text/lexicon.h"
#include "text/normalise.h"
#include "text/span.h"
#include "text/speech_text.h"
#include "util/error.h"

/* The speech text of each sentence, a line each (--speech); the plain text is plain_output's. */
static int print_speech(const struct document *doc, const struct lexicon *lex)
{
  struct speech_text st = {0};
  int rc = 0;
  for (size_t p = 0; p < doc->n_paragraphs && !rc; p++) {
    const struct doc_paragraph *para = &doc->paragraphs[p];
    if (p > 0)
      fputc('\n', stdout);
    for (size_t s = para->first_sentence; s < para->first_sentence + para->n_sentences; s++) {
      rc = speech_text_build(doc, s, lex, &st);
      if (rc)
        break;
      span_print_collapsed(stdout, st.text, 0, st.len);
      fputc('\n', stdout);
    }
  }
  speech_text_free(&st);
  return rc;
}

/* The chapters and headings: level, title, first and last paragraph (0-based). */
static json_t *sections_json(const struct document *doc)
{
  json_t *sections = json_array();
  for (size_t i = 0; i < doc->n_sections; i++) {
    const struct doc_section *sec = &doc->sections[i];
    json_array_append_new(sections, json_pack("{s:I,s:s,s:I,s:I}", "level",
                                              (json_int_t)sec->level, "title", sec->title,
                                              "first", (json_int_t)sec->first, "last",
                                              (json_int_t)sec->last));
  }
  return sections;
}

/* Returned when standard output cannot be written (the other failures are negative codes). */
#define OUTPUT_FAILED 1

/* The runs of para in another language (HTML lang= on an inline element): [{"lang","start",
 * "end","text"}], or NULL when there is none. */
static json_t *lang_spans_json(const struct document *doc, const struct doc_paragraph *para)
{
  json_t *spans = NULL;
  for (size_t i = document_lang_span_after(doc, para->start);
       i < doc->n_lang_spans && doc->lang_spans[i].start < para->end; i++) {
    const struct doc_lang_span *sp = &doc->lang_spans[i];
    if (!spans)
      spans = json_array();
    size_t b = sp->start > para->start ? sp->start : para->start;
    size_t e = sp->end < para->end ? sp->end : para->end;
    json_array_append_new(spans, json_pack("{s:s,s:I,s:I,s:o}",
      "lang", document_lang_name(doc, sp->lang), "start", (json_int_t)b, "end", (json_int_t)e,
      "text", span_collapsed_json(doc->text, b, e)));
  }
  return spans;
}

/* With speech, each sentence also gets "speech": the text sent to espeak-ng. */
/* The "meta" object: what the input says about itself; a key is left out when unknown. */
static json_t *meta_json(const struct document *doc)
{
  json_t *meta = json_object();
  const struct { const char *key; const char *value; } f[] = {
    {"title", doc->title}, {"byline", doc->byline}, {"site", doc->site}, {"date", doc->date},
    {"lang", doc->lang}, {"url", doc->url}};
  for (size_t i = 0; meta && i < sizeof f / sizeof f[0]; i++)
    if (f[i].value)
      json_object_set_new(meta, f[i].key, json_string(f[i].value));
  return meta;
}

static int print_json(const struct document *doc, const struct lexicon *lex, bool speech)
{
  struct speech_text st = {0};
  int rc = 0;
  json_t *paragraphs = json_array();
  for (size_t p = 0; p < doc->n_paragraphs && !rc; p++) {
    const struct doc_paragraph *para = &doc->paragraphs[p];
    json_t *sentences = json_array();
    for (size_t s = para->first_sentence; s < para->first_sentence + para->n_sentences; s++) {
      const struct doc_sentence *sent = &doc->sentences[s];
      json_t *item = json_pack("{s:o,s:I,s:I}",
        "text", span_collapsed_json(doc->text, sent->start, sent->end),
        "start", (json_int_t)sent->start, "end", (json_int_t)sent->end);
      if (speech) {
        rc = speech_text_build(doc, s, lex, &st);
        if (rc) {
          json_decref(item);
          break;
        }
        json_object_set_new(item, "speech", span_collapsed_json(st.text, 0, st.len));
        json_t *rules = json_array(); /* which reading rules fired, to debug a pronunciation */
        for (unsigned bit = 1; bit && bit < 1u << NORMALISE_N_RULES; bit <<= 1)
          if (st.rules & bit)
            json_array_append_new(rules, json_string(normalise_rule_name(bit)));
        json_object_set_new(item, "rules", rules);
      }
      json_array_append_new(sentences, item);
    }
    json_t *pj = json_pack("{s:s}", "kind", doc_kind_name(para->kind));
    const char *lang = document_paragraph_lang(doc, p);
    if (lang)
      json_object_set_new(pj, "lang", json_string(lang));
    json_object_set_new(pj, "sentences", sentences);
    json_t *spans = lang_spans_json(doc, para);
    if (spans)
      json_object_set_new(pj, "spans", spans);
    json_array_append_new(paragraphs, pj);
  }
  speech_text_free(&st);
  json_t *root = json_pack("{s:o}", "paragraphs", paragraphs);
  if (root)
    json_object_set_new(root, "meta", meta_json(doc));
  if (root && doc->n_sections)
    json_object_set_new(root, "sections", sections_json(doc));
  if (!rc && (!root || json_dumpf(root, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER) != 0))
    rc = OUTPUT_FAILED;
  if (!rc)
    fputc('\n', stdout);
  json_decref(root);
  return rc;
}

/* A large text's output goes out in large writes: stdio's default for a file or pipe is one
 * write per 4 KiB. A terminal keeps its line buffering. */
#define OUTPUT_BUFFER_BYTES (64 * 1024)

/* glibc's malloc tuned for a batch of large arrays (the text, the paragraphs, the sentences),
 * some grown on helper threads: each in a mapping of its own above this size, grown by mremap
 * and returned when freed (its sliding threshold would keep what each doubling leaves behind),
 * and one arena for every thread (no thread keeps a heap of its own). Peak memory:
 * bench/segment. */
#define MALLOC_MAP_BYTES (128 * 1024)

int cmd_segment(const struct lector_options *opts)
{
  mallopt(M_MMAP_THRESHOLD, MALLOC_MAP_BYTES);
  mallopt(M_ARENA_MAX, 1);
  if (!isatty(STDOUT_FILENO))
    setvbuf(stdout, NULL, _IOFBF, OUTPUT_BUFFER_BYTES);
  struct document *doc = NULL;
  if (app_load_document(opts, &doc))
    return 1;
  struct lexicon *lex = NULL;
  if (opts->speech && app_load_lexicon(opts, &lex)) {
    document_free(doc);
    return 1;
  }
  int rc = 0;
  if (opts->json)
    rc = print_json(doc, lex, opts->speech);
  else if (opts->speech)
    rc = print_speech(doc, lex);
  else
    plain_output_print(stdout, doc);
  if (!rc && (fflush(stdout) != 0 || ferror(stdout)))
    rc = OUTPUT_FAILED;
  if (rc == OUTPUT_FAILED)
    app_error("cannot write the text to standard output");
  else if (rc)
    app_error("%s", lector_strerror(rc));
  lexicon_free(lex);
  document_free(doc);
  return rc ? 1 : 0;
}
