/* The espeak-ng wrapper above espeak-ng's own top speed (450 wpm), where it speeds its audio up
 * with libsonic: the audio really gets shorter, and the word times still fall on the words,
 * checked against the audio itself (its energy envelope), not against espeak-ng's word
 * events, which are where the times come from. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "speech/engine.h"
#include "speech/reading_rules.h"
#include "speech/voice.h"
#include "text/document.h"
#include "text/segmenter.h"
#include "text/speech_text.h"

#include "audio_collect.h"

#define RATE 22050
#define WINDOW (RATE / 200)   /* 5 ms of samples per envelope window */
#define QUIET_RMS 300         /* below it a window is silence (speech peaks above 5000) */
#define TOLERANCE_MS 20       /* the highlight must follow the word this closely */

/* Fruit between commas: espeak-ng leaves a short silence before each word even at 900 wpm,
 * so every word's start is visible in the audio as the end of a silence. */
static const char *const FRUIT =
  "Apple, banana, cherry, damson, elderberry, fig, grape, hazelnut, kiwi, lemon, mango, "
  "nectarine, orange, papaya, quince, raspberry, satsuma, tangerine, vanilla, watermelon.";

static struct tts_engine *engine;

static int setup(void **state)
{
  (void)state;
  return tts_engine_new(&engine);
}

static int teardown(void **state)
{
  (void)state;
  tts_engine_free(engine);
  return 0;
}

/* Synthesises text (one sentence) at wpm into a, its speech text into st (the caller frees it)
 * and its word times into *times (malloc'd) when not NULL. */
static void say(const char *text, int wpm, struct audio *a, struct speech_text *st,
                struct tts_word_time **times)
{
  struct voice_profile v;
  voice_profile_defaults(&v);
  assert_int_equal(tts_engine_set_voice(engine, &v), 0);
  /* As the player's speed keys do (a profile's speed goes the same way: set_voice). */
  assert_int_equal(tts_engine_set_speed(engine, wpm), 0);
  struct document *doc = document_new(strdup(text), strlen(text));
  assert_non_null(doc);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, 0, strlen(text)), 0);
  assert_int_equal(segment_document(doc), 0);
  assert_int_equal(doc->n_sentences, 1);
  assert_int_equal(speech_text_build(doc, 0, NULL, st), 0);
  document_free(doc);
  struct tts_word_time *t = calloc(st->n_words + 1, sizeof *t);
  assert_non_null(t);
  uint64_t n = 0;
  assert_int_equal(tts_engine_speak(engine, st, collect, a, t, &n), 0);
  assert_int_equal(n, a->n);
  if (times)
    *times = t;
  else
    free(t);
}

/* The sample offsets where sound starts after a silence (window by window). */
static size_t onsets(const struct audio *a, size_t *out, size_t max)
{
  size_t n = 0;
  bool quiet = true;
  for (size_t i = 0; i + WINDOW <= a->n; i += WINDOW) {
    double sum = 0;
    for (size_t j = 0; j < WINDOW; j++)
      sum += (double)a->s[i + j] * a->s[i + j];
    bool q = sqrt(sum / WINDOW) < QUIET_RMS;
    if (quiet && !q && n < max)
      out[n++] = i;
    quiet = q;
  }
  return n;
}

/* 900 wpm takes about half the time of 450 (espeak-ng's libsonic speed-up; before, the engine
 * held every speed at 450 and both were the same). */
static void test_900_is_twice_450(void **state)
{
  (void)state;
  struct audio at450 = {0}, at900 = {0}, at700 = {0};
  struct speech_text st = {0};
  say(FRUIT, 450, &at450, &st, NULL);
  speech_text_free(&st);
  say(FRUIT, 700, &at700, &st, NULL);
  speech_text_free(&st);
  say(FRUIT, READING_SPEED_MAX, &at900, &st, NULL);
  double ratio = (double)at900.n / (double)at450.n;
  printf("# 450 wpm: %.3f s, 700: %.3f s, 900: %.3f s, ratio 900/450 %.3f\n",
         (double)at450.n / RATE, (double)at700.n / RATE, (double)at900.n / RATE, ratio);
  assert_true(ratio > 0.4 && ratio < 0.65);
  assert_true(at900.n < at700.n && at700.n < at450.n);
  free(at450.s);
  free(at700.s);
  free(at900.s);
  speech_text_free(&st);
}

/* At 900 wpm every word's start time (what moves the highlight and the word cursor) is within
 * 20 ms of where its sound starts in the audio. */
static void test_word_times_on_the_audio_at_900(void **state)
{
  (void)state;
  struct audio a = {0};
  struct speech_text st = {0};
  struct tts_word_time *t = NULL;
  say(FRUIT, READING_SPEED_MAX, &a, &st, &t);
  assert_int_equal(st.n_words, 20);
  size_t on[256];
  size_t n_on = onsets(&a, on, 256);
  assert_true(n_on >= st.n_words);
  size_t tol = (size_t)RATE * TOLERANCE_MS / 1000;
  double worst = 0;
  for (size_t w = 0; w < st.n_words; w++) {
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < n_on; k++) {
      size_t d = on[k] > t[w].start ? on[k] - t[w].start : t[w].start - on[k];
      if (d < best)
        best = d;
    }
    double ms = best * 1000.0 / RATE;
    if (ms > worst)
      worst = ms;
    if (best > tol)
      print_error("word %zu starts at %.1f ms, nearest sound at %.1f ms away\n", w,
                  t[w].start * 1000.0 / RATE, ms);
    assert_true(best <= tol);
  }
  printf("# 900 wpm: %zu words in %.3f s, worst word start %.1f ms from its sound\n",
         st.n_words, (double)a.n / RATE, worst);
  free(t);
  free(a.s);
  speech_text_free(&st);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_900_is_twice_450),
    cmocka_unit_test(test_word_times_on_the_audio_at_900),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
