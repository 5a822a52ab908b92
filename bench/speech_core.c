/* The reading rules' share of the work, next to the segmenter's: on one file (loaded and
 * segmented once), the median seconds of RUNS runs of
 *   segment  segment_text() over the whole text (the segmenter alone, as segment_core.c),
 *   rules    the quick look at each sentence (the first normalise_worth_trying, once) and, in
 *            a sentence where it finds something, at each written token whether the look's
 *            answer holds (normalise_worth_trying) and normalise_at() where it says so, and
 *            the name of each character between words but white space (normalise_symbol:
 *            commas, full stops)
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

/* The thread's CPU time: the three passes are a few milliseconds each, and on a machine shared
 * with other work a wall clock counts the time the thread waited for a core as theirs. */
static double now(void)
{
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static int by_value(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

/* What speech_text meets in each sentence, in text order: a token start (where it asks the
 * rules) or a character between words but white space (where it asks for a symbol's name).
 * Found once, outside the timing (speech_text walks its words anyway), so that only the rules'
 * look-ups are timed; 16 bits each, a sentence's next to each other, so that reading them costs
 * no more than speech_text's reading of its text. */
struct events {
  unsigned short *ev;  /* the offset in the sentence (bits 0-11) | the length of a character
                          between words (bits 12-14; 0 for a token start) */
  size_t *first;       /* those of sentence s: ev[first[s] .. first[s + 1]) */
};

#define EV_OFFSET 0x0FFFu
#define EV_LEN_SHIFT 12

/* Every token start of every sentence, as speech_text's token_start() sees them, and the
 * characters between words of the sentences where the look found something, but those where
 * it found nothing (as speech_text asks them; it looks at more token starts, so it asks
 * fewer). */
static size_t rules_pass(const struct document *doc, const struct events *e)
{
  const struct norm_lang *lang = normalise_lang_for(doc->lang);
  size_t fired = 0;
  struct norm_match m;
  for (size_t s = 0; s < doc->n_sentences; s++) {
    const struct doc_sentence *sent = &doc->sentences[s];
    struct norm_ctx c = {lang, doc->text, sent->start, sent->end, normalise_urls_choice(),
                         normalise_punct_choice(), doc->len};
    /* the look once a sentence, as speech_text's first normalise_worth_trying() has it; the
     * words of a sentence where it found nothing are not walked (speech_text asks each of them
     * only whether the look's answer is still good: two comparisons) */
    struct norm_scan scan = {0};
    normalise_worth_trying(&c, &scan, sent->start);
    if (scan.want >= c.end)
      continue;
    for (size_t k = e->first[s], after = 0; k < e->first[s + 1]; k++) {
      size_t i = sent->start + (e->ev[k] & EV_OFFSET), n = e->ev[k] >> EV_LEN_SHIFT;
      if (n) { /* where speech_text asks: not where the look found nothing */
        fired += !normalise_nothing_at(&scan, i) && normalise_symbol(&c, doc->text + i, n);
        continue;
      }
      if (i < after)
        continue; /* read by the rule that fired before */
      size_t r = normalise_worth_trying(&c, &scan, i) ? normalise_at(&c, i, &m) : i;
      fired += r != i;
      after = r;
    }
  }
  return fired;
}

static int find_events(const struct document *doc, struct events *e)
{
  e->ev = malloc(2 * doc->len * sizeof *e->ev);
  e->first = malloc((doc->n_sentences + 1) * sizeof *e->first);
  if (!e->ev || !e->first)
    return 1;
  size_t n_ev = 0;
  for (size_t s = 0; s < doc->n_sentences; s++) {
    size_t start = doc->sentences[s].start, end = doc->sentences[s].end;
    e->first[s] = n_ev;
    if (end - start > EV_OFFSET)
      return 1;
    for (size_t i = start; i < end;) {
      char p = i > start ? doc->text[i - 1] : ' ';
      if (p == ' ' || p == '\n' || p == '(')
        e->ev[n_ev++] = (unsigned short)(i - start);
      utf8proc_int32_t cp;
      utf8proc_ssize_t r = utf8proc_iterate((const utf8proc_uint8_t *)doc->text + i,
                                            (utf8proc_ssize_t)(end - i), &cp);
      size_t n = r > 0 ? (size_t)r : 1;
      bool blank = cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r'; /* not asked */
      if (r > 0 && !blank && !speech_text_is_word_char(cp))
        e->ev[n_ev++] = (unsigned short)((i - start) | n << EV_LEN_SHIFT);
      i += n;
    }
  }
  e->first[doc->n_sentences] = n_ev;
  return 0;
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
  struct events ev;
  if (find_events(doc, &ev))
    return 1;
  for (int r = 0; r < runs; r++) {
    double t0 = now();
    sentences = 0;
    segment_text(doc->text, 0, doc->len, count, &sentences);
    double t1 = now();
    fired = rules_pass(doc, &ev);
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
  free(ev.ev);
  free(ev.first);
  speech_text_free(&st);
  document_free(doc);
  return 0;
}
