/* Word times: espeak-ng's WORD events are unreliable (some words get none, some jump
 * backwards), so each word of our own tokeniser is placed from the events that land in it and
 * interpolated by character position where none does. */
#include "speech/engine_internal.h"
#include "text/speech_text.h"
#include "util/bisect.h"

#define UNKNOWN UINT64_MAX

/* Index of the word whose speech span holds byte b, or n when none. */
struct word_search {
  const struct speech_text *st;
  size_t b;
};

static bool word_ends_by(const void *ctx, size_t i)
{
  const struct word_search *s = ctx;
  return s->st->words[i].speech_end <= s->b;
}

static size_t word_at(const struct speech_text *st, size_t b)
{
  struct word_search s = {st, b};
  size_t lo = bisect(st->n_words, word_ends_by, &s);
  if (lo < st->n_words && st->words[lo].speech_start <= b)
    return lo;
  return st->n_words;
}

/* The first event landing in a word gives its start; events that jump backwards are not
 * trusted. */
static void anchor_words(const struct speech_text *st, const struct word_event *ev, size_t n_ev,
                         uint64_t total, struct tts_word_time *times)
{
  size_t n = st->n_words;
  for (size_t i = 0; i < n; i++)
    times[i].start = UNKNOWN;
  for (size_t i = 0; i < n_ev; i++) {
    size_t w = word_at(st, ev[i].byte);
    if (w < n && times[w].start == UNKNOWN)
      times[w].start = ev[i].sample < total ? ev[i].sample : total;
  }
  uint64_t last = 0;
  for (size_t i = 0; i < n; i++) {
    if (times[i].start == UNKNOWN)
      continue;
    if (times[i].start < last)
      times[i].start = UNKNOWN;
    else
      last = times[i].start;
  }
}

/* Interpolates runs of unknown words by character position between known anchors; the text
 * begins at sample 0 and ends at the last sample. */
static void interpolate_words(const struct speech_text *st, uint64_t total,
                              const size_t *char_of_byte, struct tts_word_time *times)
{
  size_t n = st->n_words;
  size_t prev_w = SIZE_MAX; /* SIZE_MAX: the virtual anchor at char 0, sample 0 */
  uint64_t prev_s = 0;
  size_t prev_c = 0;
  size_t i = 0;
  while (i < n) {
    if (times[i].start != UNKNOWN) {
      prev_w = i;
      prev_s = times[i].start;
      prev_c = char_of_byte[st->words[i].speech_start];
      i++;
      continue;
    }
    size_t j = i;
    while (j < n && times[j].start == UNKNOWN)
      j++;
    uint64_t next_s = j < n ? times[j].start : total;
    size_t next_c = j < n ? char_of_byte[st->words[j].speech_start] : char_of_byte[st->len];
    if (prev_w == SIZE_MAX && i == 0)   /* speech starts at the first word */
      prev_c = char_of_byte[st->words[0].speech_start];
    for (size_t k = i; k < j; k++) {
      size_t c = char_of_byte[st->words[k].speech_start];
      if (next_c > prev_c && c >= prev_c && next_s >= prev_s)
        times[k].start = prev_s + (uint64_t)((double)(next_s - prev_s) * (double)(c - prev_c) /
                                             (double)(next_c - prev_c));
      else
        times[k].start = prev_s;
    }
    i = j;
  }
}

void engine_word_times(const struct speech_text *st, const struct word_event *ev, size_t n_ev,
                       uint64_t total, const size_t *char_of_byte, struct tts_word_time *times)
{
  size_t n = st->n_words;
  if (n == 0)
    return;
  anchor_words(st, ev, n_ev, total, times);
  interpolate_words(st, total, char_of_byte, times);
  /* Monotonic, bounded, and every word ends where the next begins. */
  for (size_t k = 0; k < n; k++) {
    if (times[k].start > total)
      times[k].start = total;
    if (k > 0 && times[k].start < times[k - 1].start)
      times[k].start = times[k - 1].start;
  }
  for (size_t k = 0; k < n; k++)
    times[k].end = k + 1 < n ? times[k + 1].start : total;
}
