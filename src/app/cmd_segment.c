/* lector segment: prints the text exactly as lector will read it. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "app/commands.h"
#include "text/document.h"
#include "text/lexicon.h"
#include "text/speech_text.h"

static bool is_space(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

/* Writes text[start,end) with every run of whitespace (including newlines from hard-wrapped
 * lines) collapsed to one space. Writes whole runs of non-space bytes at a time: this is the
 * hot loop of `segment` on large texts. */
static void print_collapsed(FILE *f, const char *text, size_t start, size_t end)
{
  size_t i = start;
  while (i < end && is_space((unsigned char)text[i]))
    i++;
  while (i < end) {
    size_t run = i;
    while (run < end && !is_space((unsigned char)text[run]))
      run++;
    fwrite(text + i, 1, run - i, f);
    i = run;
    while (i < end && is_space((unsigned char)text[i]))
      i++;
    if (i < end)
      fputc(' ', f);
  }
}

static int print_plain(const struct document *doc, const struct lexicon *lex, bool speech)
{
  struct speech_text st = {0};
  int rc = 0;
  for (size_t p = 0; p < doc->n_paragraphs && !rc; p++) {
    const struct doc_paragraph *para = &doc->paragraphs[p];
    if (p > 0)
      fputc('\n', stdout);
    for (size_t s = para->first_sentence; s < para->first_sentence + para->n_sentences; s++) {
      if (speech) {
        rc = speech_text_build(doc, s, lex, &st);
        if (rc)
          break;
        print_collapsed(stdout, st.text, 0, st.len);
      } else {
        print_collapsed(stdout, doc->text, doc->sentences[s].start, doc->sentences[s].end);
      }
      fputc('\n', stdout);
    }
  }
  speech_text_free(&st);
  return rc;
}

/* The text of a span with whitespace collapsed, as a JSON string. */
static json_t *collapsed_string(const char *text, size_t start, size_t end)
{
  char *buf = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&buf, &len);
  if (!mem)
    return NULL;
  print_collapsed(mem, text, start, end);
  fclose(mem);
  json_t *s = json_stringn(buf, len);
  free(buf);
  return s;
}

static int print_json(const struct document *doc)
{
  json_t *paragraphs = json_array();
  for (size_t p = 0; p < doc->n_paragraphs; p++) {
    const struct doc_paragraph *para = &doc->paragraphs[p];
    json_t *sentences = json_array();
    for (size_t s = para->first_sentence; s < para->first_sentence + para->n_sentences; s++) {
      const struct doc_sentence *sent = &doc->sentences[s];
      json_array_append_new(sentences, json_pack("{s:o,s:I,s:I}",
        "text", collapsed_string(doc->text, sent->start, sent->end),
        "start", (json_int_t)sent->start, "end", (json_int_t)sent->end));
    }
    json_array_append_new(paragraphs, json_pack("{s:s,s:o}", "kind", doc_kind_name(para->kind),
                                                "sentences", sentences));
  }
  json_t *root = json_pack("{s:o}", "paragraphs", paragraphs);
  int rc = json_dumpf(root, stdout, JSON_COMPACT | JSON_PRESERVE_ORDER) == 0 ? 0 : -1;
  fputc('\n', stdout);
  json_decref(root);
  return rc;
}

int cmd_segment(const struct lector_options *opts)
{
  struct document *doc = NULL;
  if (app_load_document(opts, &doc))
    return 1;
  struct lexicon *lex = NULL;
  if (opts->speech && app_load_lexicon(opts, &lex)) {
    document_free(doc);
    return 1;
  }
  int rc = opts->json ? print_json(doc) : print_plain(doc, lex, opts->speech);
  if (fflush(stdout) != 0 || ferror(stdout))
    rc = -1;
  if (rc)
    app_error("cannot write the text to standard output");
  lexicon_free(lex);
  document_free(doc);
  return rc ? 1 : 0;
}
