/* The espeak-ng wrapper: real synthesis, measured. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "speech/engine.h"
#include "speech/voice.h"
#include "text/document.h"
#include "text/lexicon.h"
#include "text/segmenter.h"
#include "text/speech_text.h"
#include "util/error.h"

struct capture {
  int16_t *samples;
  size_t n, cap;
  size_t calls;
  size_t abort_after;   /* calls; 0: never abort */
};

static int collect(void *user, const int16_t *samples, size_t n)
{
  struct capture *c = user;
  c->calls++;
  if (c->n + n > c->cap) {
    c->cap = (c->n + n) * 2;
    c->samples = realloc(c->samples, c->cap * sizeof *c->samples);
    assert_non_null(c->samples);
  }
  memcpy(c->samples + c->n, samples, n * sizeof *samples);
  c->n += n;
  return c->abort_after && c->calls >= c->abort_after;
}

static struct document *make_doc(const char *text)
{
  struct document *doc = document_new(strdup(text), strlen(text));
  assert_non_null(doc);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, 0, strlen(text)), 0);
  assert_int_equal(segment_document(doc), 0);
  return doc;
}

/* Speaks the first sentence of text; returns the rc and fills cap (and times when not NULL). */
static int speak(struct tts_engine *e, const char *text, struct capture *cap,
                 struct speech_text *st, struct tts_word_time **times)
{
  struct document *doc = make_doc(text);
  assert_int_equal(speech_text_build(doc, 0, NULL, st), 0);
  struct tts_word_time *t = calloc(st->n_words + 1, sizeof *t);
  uint64_t n = 0;
  int rc = tts_engine_speak(e, st, collect, cap, t, &n);
  if (rc == 0)
    assert_int_equal(n, cap->n);
  if (times)
    *times = t;
  else
    free(t);
  document_free(doc);
  return rc;
}

static struct tts_engine *engine;

static int setup(void **state)
{
  return tts_engine_new(&engine);
}

static int teardown(void **state)
{
  tts_engine_free(engine);
  return 0;
}

static void test_sample_rate(void **state)
{
  assert_int_equal(tts_engine_sample_rate(engine), 22050);
}

static void test_sentence_and_word_times(void **state)
{
  struct voice_profile v;
  voice_profile_defaults(&v);
  assert_int_equal(tts_engine_set_voice(engine, &v), 0);
  struct capture cap = {0};
  struct speech_text st = {0};
  struct tts_word_time *t;
  const char *text = "The quick brown fox jumps over the lazy dog, and then it runs far away "
                     "into the deep green forest before the sun goes down.";
  assert_int_equal(speak(engine, text, &cap, &st, &t), 0);
  assert_int_equal(st.n_words, 25);
  /* 25 words at 175 wpm is about 8.6 s; espeak-ng speaks a little faster than nominal. */
  double seconds = (double)cap.n / 22050.0;
  assert_true(seconds > 4.0 && seconds < 12.0);
  /* Not silence. */
  int peak = 0;
  for (size_t i = 0; i < cap.n; i++)
    if (abs(cap.samples[i]) > peak)
      peak = abs(cap.samples[i]);
  assert_true(peak > 1000);
  size_t timed = 0;
  for (size_t i = 0; i < st.n_words; i++) {
    assert_true(t[i].start <= t[i].end);
    assert_true(t[i].end <= cap.n);
    if (i > 0)
      assert_true(t[i].start >= t[i - 1].start);
    if (t[i].end > t[i].start)
      timed++;
  }
  assert_true(timed * 100 >= st.n_words * 99);
  /* The first word starts near the beginning, the last in the second half. */
  assert_true(t[0].start < 22050 / 2);
  assert_true(t[st.n_words - 1].start > cap.n / 2);
  free(t);
  free(cap.samples);
  speech_text_free(&st);
}

/* Word times follow the words: a long word gets more time than a short one. */
static void test_word_times_follow_words(void **state)
{
  struct capture cap = {0};
  struct speech_text st = {0};
  struct tts_word_time *t;
  assert_int_equal(speak(engine, "Go incomprehensibilities now.", &cap, &st, &t), 0);
  assert_int_equal(st.n_words, 3);
  assert_true(t[1].end - t[1].start > t[0].end - t[0].start);
  free(t);
  free(cap.samples);
  speech_text_free(&st);
}

static void test_abort(void **state)
{
  struct capture cap = {.abort_after = 1};
  struct speech_text st = {0};
  const char *text = "This is a long sentence that would take several seconds to say in full, "
                     "so aborting it after the first block of audio must stop it at once.";
  assert_int_equal(speak(engine, text, &cap, &st, NULL), -ECANCELED);
  assert_int_equal(cap.calls, 1);
  /* One block is 50 ms of audio at most. */
  assert_true(cap.n <= 22050 / 10);
  free(cap.samples);
  /* The engine still works afterwards. */
  struct capture again = {0};
  assert_int_equal(speak(engine, "Still here.", &again, &st, NULL), 0);
  assert_true(again.n > 0);
  free(again.samples);
  speech_text_free(&st);
}

/* The same sentence gives the same samples whatever was synthesised before it. */
static void test_determinism(void **state)
{
  const char *a = "Hello there, how are you today?";
  const char *b = "The quick brown fox jumps over the lazy dog.";
  const char *c = "What! Really? A much longer sentence, which goes on and on; with clauses.";
  struct speech_text st = {0};
  struct capture b1 = {0}, b2 = {0}, b3 = {0}, tmp = {0};
  assert_int_equal(speak(engine, b, &b1, &st, NULL), 0);
  assert_int_equal(speak(engine, a, &tmp, &st, NULL), 0);
  assert_int_equal(speak(engine, b, &b2, &st, NULL), 0);
  tmp.n = 0;
  assert_int_equal(speak(engine, c, &tmp, &st, NULL), 0);
  assert_int_equal(speak(engine, b, &b3, &st, NULL), 0);
  assert_true(b1.n > 0);
  assert_int_equal(b1.n, b2.n);
  assert_int_equal(b1.n, b3.n);
  assert_memory_equal(b1.samples, b2.samples, b1.n * sizeof *b1.samples);
  assert_memory_equal(b1.samples, b3.samples, b1.n * sizeof *b1.samples);
  free(b1.samples);
  free(b2.samples);
  free(b3.samples);
  free(tmp.samples);
  speech_text_free(&st);
}

/* A breathy variant draws noise from rand(): still the same samples whatever the process did. */
static void test_determinism_breathy(void **state)
{
  struct voice_profile v;
  voice_profile_defaults(&v);
  snprintf(v.variant, sizeof v.variant, "whisper");
  assert_int_equal(tts_engine_set_voice(engine, &v), 0);
  struct speech_text st = {0};
  struct capture x = {0}, y = {0};
  assert_int_equal(speak(engine, "A whispered secret.", &x, &st, NULL), 0);
  for (int i = 0; i < 1000; i++)
    (void)rand();
  assert_int_equal(speak(engine, "A whispered secret.", &y, &st, NULL), 0);
  assert_true(x.n > 0);
  assert_int_equal(x.n, y.n);
  assert_memory_equal(x.samples, y.samples, x.n * sizeof *x.samples);
  voice_profile_defaults(&v);
  assert_int_equal(tts_engine_set_voice(engine, &v), 0);
  free(x.samples);
  free(y.samples);
  speech_text_free(&st);
}

static atomic_int churn_stop;

static void *churn(void *arg)
{
  size_t k = 1;
  while (!atomic_load(&churn_stop)) {
    void *p = malloc(k);
    free(p);
    k = k % 4093 + 7;
  }
  return arg;
}

/* Other threads allocating while sentences are forked (the player's situation): every sentence
 * still completes with the same samples. */
static void test_other_threads(void **state)
{
  struct speech_text st = {0};
  struct capture ref = {0};
  assert_int_equal(speak(engine, "Threads keep running.", &ref, &st, NULL), 0);
  atomic_store(&churn_stop, 0);
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    assert_int_equal(pthread_create(&t[i], NULL, churn, NULL), 0);
  for (int i = 0; i < 50; i++) {
    struct capture c = {0};
    assert_int_equal(tts_engine_speak(engine, &st, collect, &c, NULL, NULL), 0);
    assert_int_equal(c.n, ref.n);
    assert_memory_equal(c.samples, ref.samples, c.n * sizeof *c.samples);
    free(c.samples);
  }
  atomic_store(&churn_stop, 1);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  free(ref.samples);
  speech_text_free(&st);
}

static void test_speed(void **state)
{
  struct speech_text st = {0};
  struct capture slow = {0}, fast = {0};
  const char *text = "Speed changes how long this sentence takes to say.";
  assert_int_equal(tts_engine_set_speed(engine, 120), 0);
  assert_int_equal(speak(engine, text, &slow, &st, NULL), 0);
  assert_int_equal(tts_engine_set_speed(engine, 300), 0);
  assert_int_equal(speak(engine, text, &fast, &st, NULL), 0);
  assert_int_equal(tts_engine_set_speed(engine, 175), 0);
  assert_true(fast.n * 3 < slow.n * 2);
  free(slow.samples);
  free(fast.samples);
  speech_text_free(&st);
}

static void test_voices(void **state)
{
  struct voice_profile v;
  voice_profile_defaults(&v);
  snprintf(v.espeak_voice, sizeof v.espeak_voice, "xyz-no-such-voice");
  assert_int_equal(tts_engine_set_voice(engine, &v), LECTOR_EVOICE);

  voice_profile_defaults(&v);
  v.espeak_voice[0] = '\0';
  snprintf(v.language, sizeof v.language, "en-gb");
  assert_int_equal(tts_engine_set_voice(engine, &v), 0);
  struct speech_text st = {0};
  struct capture gb = {0}, us = {0};
  assert_int_equal(speak(engine, "Tomato and water.", &gb, &st, NULL), 0);
  assert_true(gb.n > 0);

  snprintf(v.language, sizeof v.language, "en-us");
  snprintf(v.variant, sizeof v.variant, "f3");
  assert_int_equal(tts_engine_set_voice(engine, &v), 0);
  assert_int_equal(speak(engine, "Tomato and water.", &us, &st, NULL), 0);
  assert_true(us.n > 0);
  assert_false(gb.n == us.n && memcmp(gb.samples, us.samples, gb.n * sizeof *gb.samples) == 0);

  voice_profile_defaults(&v);
  assert_int_equal(tts_engine_set_voice(engine, &v), 0);
  free(gb.samples);
  free(us.samples);
  speech_text_free(&st);
}

/* Volume scales the samples. */
static void test_volume(void **state)
{
  struct speech_text st = {0};
  struct capture loud = {0}, quiet = {0};
  assert_int_equal(tts_engine_set_volume(engine, 30), 0);
  assert_int_equal(speak(engine, "Volume.", &quiet, &st, NULL), 0);
  assert_int_equal(tts_engine_set_volume(engine, 100), 0);
  assert_int_equal(speak(engine, "Volume.", &loud, &st, NULL), 0);
  long long sq = 0, sl = 0;
  for (size_t i = 0; i < quiet.n; i++)
    sq += abs(quiet.samples[i]);
  for (size_t i = 0; i < loud.n; i++)
    sl += abs(loud.samples[i]);
  assert_true(sq * 2 < sl);
  free(loud.samples);
  free(quiet.samples);
  speech_text_free(&st);
}

/* Phonemes from the lexicon reach espeak-ng as phonemes: [[h@l'oU]] sounds about as long as
 * "hello", not like its characters read out one by one. */
static void test_lexicon_phonemes(void **state)
{
  const char *lex_text = "Zork = [[h@l'oU]]\n";
  struct lexicon *lex;
  assert_int_equal(lexicon_parse(lex_text, strlen(lex_text), "t", NULL, NULL, &lex), 0);
  struct document *doc = make_doc("Zork");
  struct speech_text st = {0};
  assert_int_equal(speech_text_build(doc, 0, lex, &st), 0);
  assert_string_equal(st.text, "[[h@l'oU]]");
  struct capture phon = {0}, hello = {0}, spelled = {0};
  assert_int_equal(tts_engine_speak(engine, &st, collect, &phon, NULL, NULL), 0);
  struct speech_text st2 = {0};
  assert_int_equal(speak(engine, "hello", &hello, &st2, NULL), 0);
  assert_int_equal(speak(engine, "h at l oh you", &spelled, &st2, NULL), 0);
  assert_true(phon.n > 0);
  assert_true(phon.n * 10 > hello.n * 7 && phon.n * 10 < hello.n * 13);
  assert_true(phon.n * 3 < spelled.n * 2);
  free(phon.samples);
  free(hello.samples);
  free(spelled.samples);
  speech_text_free(&st);
  speech_text_free(&st2);
  document_free(doc);
  lexicon_free(lex);
}

static void test_empty(void **state)
{
  struct speech_text st = {0};
  assert_int_equal(speech_text_from_string("", &st), 0);
  uint64_t n = 99;
  assert_int_equal(tts_engine_speak(engine, &st, collect, &(struct capture){0}, NULL, &n), 0);
  assert_int_equal(n, 0);
  speech_text_free(&st);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_sample_rate),
    cmocka_unit_test(test_sentence_and_word_times),
    cmocka_unit_test(test_word_times_follow_words),
    cmocka_unit_test(test_abort),
    cmocka_unit_test(test_determinism),
    cmocka_unit_test(test_determinism_breathy),
    cmocka_unit_test(test_other_threads),
    cmocka_unit_test(test_speed),
    cmocka_unit_test(test_voices),
    cmocka_unit_test(test_volume),
    cmocka_unit_test(test_lexicon_phonemes),
    cmocka_unit_test(test_empty),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
