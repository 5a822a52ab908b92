/* The espeak-ng wrapper: real synthesis, measured. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

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

/* The child forked ahead (while the sentence before played) speaks at the speed and volume set
 * since, exactly as a child forked after the change; a change of voice is never spoken by a
 * child forked with the voice before (test_voices hears the difference), while the same voice
 * set again keeps it. */
static void test_child_forked_ahead(void **state)
{
  const char *text = "Keys change the speed and the volume of this sentence.";
  struct voice_profile v;
  voice_profile_defaults(&v);
  assert_int_equal(tts_engine_set_voice(engine, &v), 0);
  struct speech_text st = {0};
  struct capture ahead = {0}, fresh = {0}, before = {0};
  assert_int_equal(speak(engine, text, &before, &st, NULL), 0);   /* forks one ahead */
  assert_int_equal(tts_engine_set_speed(engine, 300), 0);
  assert_int_equal(tts_engine_set_volume(engine, 60), 0);
  uint64_t used = tts_engine_spares_used(engine);
  assert_int_equal(speak(engine, text, &ahead, &st, NULL), 0);
  assert_int_equal(tts_engine_spares_used(engine), used + 1);

  struct voice_profile other = v;
  other.pitch = v.pitch + 10;
  assert_int_equal(tts_engine_set_voice(engine, &other), 0);   /* the one ahead is dropped */
  assert_int_equal(tts_engine_set_voice(engine, &v), 0);
  assert_int_equal(tts_engine_set_speed(engine, 300), 0);
  assert_int_equal(tts_engine_set_volume(engine, 60), 0);
  assert_int_equal(speak(engine, text, &fresh, &st, NULL), 0);
  assert_int_equal(tts_engine_spares_used(engine), used + 1);
  struct voice_profile again = v;   /* the same voice at another speed: the one ahead stays */
  again.speed = 300;
  again.volume = 60;
  assert_int_equal(tts_engine_set_voice(engine, &again), 0);
  struct capture kept = {0};
  assert_int_equal(speak(engine, text, &kept, &st, NULL), 0);
  assert_int_equal(tts_engine_spares_used(engine), used + 2);
  assert_int_equal(kept.n, fresh.n);
  assert_memory_equal(kept.samples, fresh.samples, kept.n * sizeof *kept.samples);
  free(kept.samples);

  assert_true(ahead.n > 0 && ahead.n * 3 < before.n * 2);   /* the new speed was heard */
  assert_int_equal(ahead.n, fresh.n);
  assert_memory_equal(ahead.samples, fresh.samples, ahead.n * sizeof *ahead.samples);
  assert_int_equal(tts_engine_set_voice(engine, &v), 0);
  free(ahead.samples);
  free(fresh.samples);
  free(before.samples);
  speech_text_free(&st);
}

/* Items made ahead, per item: the samples and whether it ended made. */
struct made {
  struct capture cap[3];
  int ended[3];   /* 0: not yet; 1: made; -1: failed */
};

static int collect_made(void *user, size_t item, const int16_t *samples, size_t n)
{
  struct made *m = user;
  assert_true(item < 3 && !m->ended[item]);
  if (!samples) {
    m->ended[item] = n ? 1 : -1;
    return 0;
  }
  return collect(&m->cap[item], samples, n);
}

/* Made ahead in a batch: each item's first samples are those tts_engine_speak gives at its
 * speed and volume (the splice of a key's audio with its synthesis is seamless); a short one
 * all of it. */
static void test_speak_ahead(void **state)
{
  const char *texts[3] = {"The next sentence is made ahead.", "Yes.",
                          "A faster one, from the word heard."};
  const int wpm[3] = {175, 175, 320}, volume[3] = {100, 100, 70};
  const size_t max = 2205;   /* 100 ms */
  struct voice_profile v;
  voice_profile_defaults(&v);
  assert_int_equal(tts_engine_set_voice(engine, &v), 0);
  struct speech_text st[3] = {{0}};
  struct document *docs[3];
  struct tts_ahead_item items[3];
  for (int i = 0; i < 3; i++) {
    docs[i] = make_doc(texts[i]);
    assert_int_equal(speech_text_build(docs[i], 0, NULL, &st[i]), 0);
    items[i] = (struct tts_ahead_item){&st[i], wpm[i], volume[i]};
  }
  struct made m = {0};
  assert_int_equal(tts_engine_speak_ahead(engine, items, 3, max, collect_made, &m), 0);
  for (int i = 0; i < 3; i++) {
    struct capture fresh = {0};
    struct speech_text whole = {0};
    assert_int_equal(tts_engine_set_speed(engine, wpm[i]), 0);
    assert_int_equal(tts_engine_set_volume(engine, volume[i]), 0);
    assert_int_equal(speak(engine, texts[i], &fresh, &whole, NULL), 0);
    assert_int_equal(m.ended[i], 1);
    assert_int_equal(m.cap[i].n, fresh.n < max ? fresh.n : max);
    assert_memory_equal(m.cap[i].samples, fresh.samples, m.cap[i].n * sizeof *fresh.samples);
    free(fresh.samples);
    free(m.cap[i].samples);
    speech_text_free(&whole);
    speech_text_free(&st[i]);
    document_free(docs[i]);
  }
  assert_int_equal(tts_engine_set_voice(engine, &v), 0);
}

/* A readable cancel fd aborts a synthesis before its first samples; -1 lets it run. */
static void test_cancel_fd(void **state)
{
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  assert_int_equal(write(fds[1], "", 1), 1);
  tts_engine_set_cancel_fd(engine, fds[0]);
  struct speech_text st = {0};
  struct capture cut = {0}, whole = {0};
  assert_int_equal(speak(engine, "This is never heard.", &cut, &st, NULL), -ECANCELED);
  assert_int_equal(cut.n, 0);
  tts_engine_set_cancel_fd(engine, -1);
  assert_int_equal(speak(engine, "This is heard.", &whole, &st, NULL), 0);
  assert_true(whole.n > 0);
  close(fds[0]);
  close(fds[1]);
  free(whole.samples);
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

static volatile sig_atomic_t children_ended;

static void count_child(int sig)
{
  (void)sig;
  children_ended++;
}

struct direct_run {
  struct capture a, b;
  int rc_a, rc_b, rc_abort;
  size_t abort_calls;
  int times_ok;       /* the words of b got increasing times inside its audio */
  int children;       /* SIGCHLD received while speaking */
};

/* In a child forked from the test process (which stays pristine): TTS_ISOLATE_NONE, sentences
 * a and b one after the other, then an aborted one; the results come back through a pipe. */
static void run_direct(const char *a, const char *b, struct direct_run *out)
{
  int p[2];
  assert_int_equal(pipe(p), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    close(p[0]);
    struct sigaction sa = {.sa_handler = count_child};
    sigaction(SIGCHLD, &sa, NULL);
    tts_engine_set_isolation(engine, TTS_ISOLATE_NONE);
    struct direct_run r = {0};
    struct speech_text st = {0};
    struct tts_word_time *t = NULL;
    r.rc_a = speak(engine, a, &r.a, &st, NULL);
    r.rc_b = speak(engine, b, &r.b, &st, &t);
    r.times_ok = st.n_words > 3;
    for (size_t i = 0; i < st.n_words; i++)
      if (t[i].start > t[i].end || t[i].end > r.b.n || (i > 0 && t[i].start < t[i - 1].start))
        r.times_ok = 0;
    /* Times count from the sentence's own first sample, not from the first of the process. */
    if (st.n_words && (t[0].start >= 22050 / 2 || t[st.n_words - 1].start <= r.b.n / 2))
      r.times_ok = 0;
    struct capture c = {.abort_after = 1};
    r.rc_abort = speak(engine, b, &c, &st, NULL);
    r.abort_calls = c.calls;
    r.children = children_ended;
    FILE *f = fdopen(p[1], "wb");
    fwrite(&r, sizeof r, 1, f);
    fwrite(r.a.samples, sizeof *r.a.samples, r.a.n, f);
    fwrite(r.b.samples, sizeof *r.b.samples, r.b.n, f);
    _exit(fclose(f) == 0 ? 0 : 1);
  }
  close(p[1]);
  FILE *f = fdopen(p[0], "rb");
  assert_int_equal(fread(out, sizeof *out, 1, f), 1);
  out->a.samples = malloc((out->a.n + 1) * sizeof *out->a.samples);
  out->b.samples = malloc((out->b.n + 1) * sizeof *out->b.samples);
  assert_int_equal(fread(out->a.samples, sizeof *out->a.samples, out->a.n, f), out->a.n);
  assert_int_equal(fread(out->b.samples, sizeof *out->b.samples, out->b.n, f), out->b.n);
  fclose(f);
  int status;
  assert_int_equal(waitpid(pid, &status, 0), pid);
  assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

/* TTS_ISOLATE_NONE synthesises in the calling process, without a child per sentence. Its
 * first sentence is what the isolated engine gives (both start from the pristine state), and
 * a run of sentences from the same pristine state always gives the same samples. */
static void test_isolation_none(void **state)
{
  struct voice_profile v;
  voice_profile_defaults(&v);
  assert_int_equal(tts_engine_set_voice(engine, &v), 0);
  const char *a = "Hello there, how are you today?";
  const char *b = "The quick brown fox jumps over the lazy dog, and then it runs far away.";
  struct speech_text st = {0};
  struct capture ref_a = {0};
  assert_int_equal(speak(engine, a, &ref_a, &st, NULL), 0);

  struct direct_run x, y;
  run_direct(a, b, &x);
  run_direct(a, b, &y);
  assert_int_equal(x.rc_a, 0);
  assert_int_equal(x.rc_b, 0);
  assert_int_equal(x.children, 0);
  assert_true(x.times_ok);
  assert_int_equal(x.rc_abort, -ECANCELED);
  assert_int_equal(x.abort_calls, 1);
  /* The first sentence: as isolated. */
  assert_int_equal(x.a.n, ref_a.n);
  assert_memory_equal(x.a.samples, ref_a.samples, ref_a.n * sizeof *ref_a.samples);
  /* The run: the same in every fresh process. */
  assert_true(x.b.n > 22050);
  assert_int_equal(x.b.n, y.b.n);
  assert_memory_equal(x.b.samples, y.b.samples, x.b.n * sizeof *x.b.samples);
  assert_int_equal(y.a.n, x.a.n);
  assert_memory_equal(x.a.samples, y.a.samples, x.a.n * sizeof *x.a.samples);

  /* The default mode forks a child per sentence (this process stayed pristine). */
  struct sigaction sa = {.sa_handler = count_child}, old;
  sigaction(SIGCHLD, &sa, &old);
  children_ended = 0;
  struct capture again = {0};
  assert_int_equal(speak(engine, a, &again, &st, NULL), 0);
  assert_true(children_ended >= 1);
  sigaction(SIGCHLD, &old, NULL);
  assert_int_equal(again.n, ref_a.n);
  assert_memory_equal(again.samples, ref_a.samples, ref_a.n * sizeof *ref_a.samples);

  free(again.samples);
  free(ref_a.samples);
  free(x.a.samples);
  free(x.b.samples);
  free(y.a.samples);
  free(y.b.samples);
  speech_text_free(&st);
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
    cmocka_unit_test(test_child_forked_ahead),
    cmocka_unit_test(test_speak_ahead),
    cmocka_unit_test(test_cancel_fd),
    cmocka_unit_test(test_lexicon_phonemes),
    cmocka_unit_test(test_isolation_none),
    cmocka_unit_test(test_empty),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
