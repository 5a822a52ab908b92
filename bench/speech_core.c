/* The reading rules' share of the work, next to the segmenter's: on one file (loaded and
 * segmented once), the median seconds of RUNS runs of
 *   segment  segment_text() over the whole text (the segmenter alone, as segment_core.c),
 *   rules    the quick look at each sentence (normalise_sentence_quiet) and, in a sentence
 *            where it finds something, at each written token the look at what is ahead
 *            (normalise_worth_trying) and normalise_at() where it says so, and the name of
 *            each character between words but white space (normalise_symbol: commas, full stops)
 *            in every sentence where the look found something (speech_text asks for no name
 *            where it found nothing; it asks fewer than this in the others): what
 *            speech_text_build asks of the rules, without the rest of the speech text,
 *   speech   speech_text_build() of every sentence (the whole speech text, rules included).
 * Built and run by `bench/segment --speech`; prints "segment rules speech sentences". */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <utf8proc.h>

#include "text/document.h"
#include "text/loader.h"
#include "text/normalise.h"
#include "text/segmenter.h"
#include "text/speech_text.h"

static int count(void *user, size_t start, size_t end)
{
  (void)start;
  (void)end;
  ++*(size_t *)user;
  return 0;
}

static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* The characters between words (where speech_text asks normalise_symbol for a name), sentence
 * by sentence (those of sentence s are at[first[s] .. first[s + 1])): found once, outside the
 * timing, so that only the rules' look-ups are timed. */
struct between {
  size_t *at, n, *first;
  unsigned char *len;
  size_t *starts, n_starts, *first_start; /* the token starts, by sentence likewise */
};

/* Every token start of every sentence, as speech_text's token_start() sees them (in
 * bw->starts, found outside the timing like the characters between words: speech_text walks
 * its words anyway); quiet[s] says whether the quick look found nothing in sentence s. */
static size_t rules_pass(const struct document *doc, const struct between *bw, bool *quiet)
{
  const struct norm_lang *lang = normalise_lang_for(doc->lang);
  size_t fired = 0;
  struct norm_match m;
  for (size_t s = 0; s < doc->n_sentences; s++) {
    const struct doc_sentence *sent = &doc->sentences[s];
    struct norm_ctx c = {lang, doc->text, sent->start, sent->end, normalise_urls_choice(),
                         normalise_punct_choice(), doc->len};
    if ((quiet[s] = normalise_sentence_quiet(&c)))
      continue;
    struct norm_scan scan = {0};
    for (size_t k = bw->first_start[s], after = 0; k < bw->first_start[s + 1]; k++) {
      size_t i = bw->starts[k];
      if (i < after)
        continue; /* read by the rule that fired before */
      size_t r = normalise_worth_trying(&c, &scan, i) ? normalise_at(&c, i, &m) : i;
      fired += r != i;
      after = r;
    }
  }
  return fired;
}

static int find_between(const struct document *doc, struct between *bw)
{
  bw->at = malloc(doc->len * sizeof *bw->at);
  bw->len = malloc(doc->len);
  bw->first = malloc((doc->n_sentences + 1) * sizeof *bw->first);
  bw->starts = malloc(doc->len * sizeof *bw->starts);
  bw->first_start = malloc((doc->n_sentences + 1) * sizeof *bw->first_start);
  if (!bw->at || !bw->len || !bw->first || !bw->starts || !bw->first_start)
    return 1;
  bw->n = bw->n_starts = 0;
  for (size_t s = 0; s < doc->n_sentences; s++) {
    bw->first[s] = bw->n;
    bw->first_start[s] = bw->n_starts;
    for (size_t i = doc->sentences[s].start; i < doc->sentences[s].end; i++) {
      char p = i > doc->sentences[s].start ? doc->text[i - 1] : ' ';
      if (p == ' ' || p == '\n' || p == '(')
        bw->starts[bw->n_starts++] = i;
    }
    for (size_t i = doc->sentences[s].start, end = doc->sentences[s].end; i < end;) {
      utf8proc_int32_t cp;
      utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)doc->text + i,
                                            (utf8proc_ssize_t)(end - i), &cp);
      size_t n = r > 0 ? (size_t)r : 1;
      bool blank = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r'; /* not asked */
      if (r > 0 && !blank && !speech_text_is_word_char(cp)) {
        bw->at[bw->n] = i;
        bw->len[bw->n++] = (unsigned char)n;
      }
      i += n;
    }
  }
  bw->first[doc->n_sentences] = bw->n;
  bw->first_start[doc->n_sentences] = bw->n_starts;
  return 0;
}

static size_t symbol_pass(const struct document *doc, const struct between *bw,
                          const bool *quiet)
{
  struct norm_ctx c = {normalise_lang_for(doc->lang), doc->text, 0, doc->len,
                       normalise_urls_choice(), normalise_punct_choice(), doc->len};
  size_t named = 0;
  for (size_t s = 0; s < doc->n_sentences; s++)
    for (size_t k = bw->first[s]; k < bw->first[s + 1] && !quiet[s]; k++)
      named += normalise_symbol(&c, doc->text + bw->at[k], bw->len[k]) != NULL;
  return named;
}

static int speech_pass(const struct document *doc, struct speech_text *st)
{
  for (size_t s = 0; s < doc->n_sentences; s++)
    if (speech_text_build(doc, s, NULL, st))
      return 1;
  return 0;
}

int main(int argc, char **argv)
{
  if (argc != 3)
    return 2;
  struct document *doc;
  if (document_load_file(argv[1], INPUT_AUTO, &doc))
    return 1;
  int runs = atoi(argv[2]);
  double seg[64], rules[64], speech[64];
  if (runs < 1 || runs > 64)
    return 2;
  struct speech_text st = {0};
  size_t sentences = 0, fired = 0;
  struct between bw;
  bool *quiet = malloc(doc->n_sentences + 1);
  if (!quiet || find_between(doc, &bw))
    return 1;
  for (int r = 0; r < runs; r++) {
    double t0 = now();
    sentences = 0;
    segment_text(doc->text, 0, doc->len, count, &sentences);
    double t1 = now();
    fired = rules_pass(doc, &bw, quiet);
    fired += symbol_pass(doc, &bw, quiet);
    double t2 = now();
    if (speech_pass(doc, &st))
      return 1;
    double t3 = now();
    seg[r] = t1 - t0;
    rules[r] = t2 - t1;
    speech[r] = t3 - t2;
  }
  qsort(seg, (size_t)runs, sizeof *seg, by_value);
  qsort(rules, (size_t)runs, sizeof *rules, by_value);
  qsort(speech, (size_t)runs, sizeof *speech, by_value);
  printf("%.6f %.6f %.6f %zu %zu\n", seg[runs / 2], rules[runs / 2], speech[runs / 2],
         sentences, fired);
  free(bw.at);
  free(bw.len);
  free(bw.first);
  free(bw.starts);
  free(bw.first_start);
  free(quiet);
  speech_text_free(&st);
  document_free(doc);
  return 0;
}
