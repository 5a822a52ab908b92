#include "ui/timing.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>

#include "speech/reading_rules.h"
#include "text/document.h"
#include "ui/layout.h"

/* Runs of non-space in text[start, end): what the synthesiser will say as words, near enough. */
static uint32_t count_words(const char *text, size_t start, size_t end)
{
  uint32_t n = 0;
  bool in_word = false;
  size_t i = start;
  while (i < end) {
    size_t sp = layout_is_space(text + i, end - i);
    if (sp) {
      in_word = false;
      i += sp;
      continue;
    }
    if (!in_word)
      n++;
    in_word = true;
    i++;
  }
  return n ? n : 1;   /* a sentence of symbols still takes about a word's time */
}

int timing_build(struct timing *t, const struct document *doc,
                 const struct reading_pauses *pauses)
{
  size_t n = doc->n_sentences;
  *t = (struct timing){0};
  uint32_t *words = malloc((n + 1) * sizeof *words);
  uint64_t *pause = malloc((n + 1) * sizeof *pause);
  if (!words || !pause) {
    free(words);
    free(pause);
    return -ENOMEM;
  }
  words[0] = 0;
  pause[0] = 0;
  for (size_t i = 0; i < n; i++) {
    const struct doc_sentence *s = &doc->sentences[i];
    words[i + 1] = words[i] + count_words(doc->text, s->start, s->end);
    int ms = reading_pause_ms(pauses, doc, i, false);
    pause[i + 1] = pause[i] + (uint64_t)(ms > 0 ? ms : 0);
  }
  *t = (struct timing){n, words, pause};
  return 0;
}

void timing_free(struct timing *t)
{
  free(t->words);
  free(t->pause_ms);
  *t = (struct timing){0};
}

double timing_at(const struct timing *t, size_t i, int wpm)
{
  if (!t->words || wpm <= 0)
    return 0;
  if (i > t->n)
    i = t->n;
  return t->words[i] * 60.0 / wpm + t->pause_ms[i] / 1000.0 * reading_pause_factor(wpm);
}

size_t timing_sentence_at(const struct timing *t, double seconds, int wpm)
{
  if (t->n == 0)
    return 0;
  size_t lo = 0, hi = t->n - 1;   /* the last sentence starting at or before seconds */
  while (lo < hi) {
    size_t mid = lo + (hi - lo + 1) / 2;
    if (timing_at(t, mid, wpm) <= seconds)
      lo = mid;
    else
      hi = mid - 1;
  }
  return lo;
}

void timing_clock(double seconds, char *buf, size_t len)
{
  long s = seconds > 0 ? (long)(seconds + 0.5) : 0;
  if (s >= 3600)
    snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    snprintf(buf, len, "%ld:%02ld", s / 60, s % 60);
}

void timing_position(const struct timing *t, double seconds, int wpm, char *of, size_t of_len,
                     char *left, size_t left_len)
{
  double total = timing_at(t, t->n, wpm);
  if (seconds > total)
    seconds = total;
  char at[32], all[32], rest[32];
  timing_clock(seconds, at, sizeof at);
  timing_clock(total, all, sizeof all);
  timing_clock(total - seconds, rest, sizeof rest);
  snprintf(of, of_len, "%s of %s", at, all);
  snprintf(left, left_len, "%s left", rest);
}

void timing_left_words(const struct timing *t, double seconds, int wpm, char *buf, size_t len)
{
  double rest = timing_at(t, t->n, wpm) - seconds;
  long s = rest > 0 ? (long)(rest + 0.5) : 0;
  long h = s / 3600, m = s / 60 % 60;
  if (s < 60)
    snprintf(buf, len, "less than a minute left");
  else if (h)
    snprintf(buf, len, "%ld hour%s %ld minute%s left", h, h == 1 ? "" : "s", m, m == 1 ? "" : "s");
  else
    snprintf(buf, len, "%ld minute%s left", m, m == 1 ? "" : "s");
}
