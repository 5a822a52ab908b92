/* The player: commands against a wav sink, checked from the recorded audio, the trace and the
 * status. Reference audio is synthesised first, with the player not running (espeak-ng is not
 * thread-safe); each recording must then be exactly the references and the pauses, in order.
 * Waits poll the status with a generous deadline; no test asserts a wall-clock duration. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>
#include <sndfile.h>

#include "audio/sink.h"
#include "util/temp_name.h"
#include "player/player.h"
#include "speech/engine.h"
#include "speech/voice.h"
#include "text/document.h"
#include "text/loader.h"
#include "text/speech_text.h"
#include "util/trace.h"

#define DEADLINE_S 30.0
#define SENTENCE_MS 120
#define PARAGRAPH_MS 240
#define HEADING_MS 360
#define FAST_WPM 275
#define PARALLEL_TESTS 4

static char tmpdir[4096];

/* ---- fixtures ------------------------------------------------------------------------- */

struct pcm {
  int16_t *s;
  size_t n, cap;
};

static void pcm_append(struct pcm *p, const int16_t *s, size_t n)
{
  if (p->n + n > p->cap) {
    p->cap = (p->n + n) * 2;
    p->s = realloc(p->s, p->cap * sizeof *p->s);
    assert_non_null(p->s);
  }
  if (s)
    memcpy(p->s + p->n, s, n * sizeof *s);
  else
    memset(p->s + p->n, 0, n * sizeof *p->s);
  p->n += n;
}

static int collect(void *user, const int16_t *samples, size_t n)
{
  pcm_append(user, samples, n);
  return 0;
}

struct fixture {
  struct document *doc;
  struct voice_profile voices[2];
  struct pcm *refs;           /* one per sentence */
  struct pcm *fast;           /* the same at FAST_WPM */
  struct pcm announce;        /* reference for ANNOUNCE */
  int rate;
  char wav[4200], trace_path[4200];
  struct trace *trace;
  struct sink *sink;
  struct player *player;
  atomic_int wakes;
};

#define ANNOUNCE "Paragraph two of two."

static void voice_setup(struct voice_profile *v, const char *name, int speed)
{
  voice_profile_defaults(v);
  snprintf(v->name, sizeof v->name, "%s", name);
  v->speed = speed;
  v->sentence_pause_ms = SENTENCE_MS;
  v->paragraph_pause_ms = PARAGRAPH_MS;
  v->heading_pause_ms = HEADING_MS;
}

/* Loads text, and synthesises every sentence alone (the references) with the first voice. */
static struct fixture *fixture_new_as(const char *text, enum input_format fmt)
{
  struct fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  assert_int_equal(document_load_buffer(text, strlen(text), fmt, "test", &f->doc), 0);
  assert_true(f->doc->n_sentences > 0);
  voice_setup(&f->voices[0], "first", 175);
  voice_setup(&f->voices[1], "second", FAST_WPM);   /* the same espeak-ng voice, faster */
  atomic_init(&f->wakes, 0);

  struct tts_engine *e;
  assert_int_equal(tts_engine_new(&e), 0);
  f->rate = tts_engine_sample_rate(e);
  assert_int_equal(tts_engine_set_voice(e, &f->voices[0]), 0);
  f->refs = calloc(f->doc->n_sentences, sizeof *f->refs);
  assert_non_null(f->refs);
  f->fast = calloc(f->doc->n_sentences, sizeof *f->fast);
  assert_non_null(f->fast);
  struct speech_text st = {0};
  for (size_t i = 0; i < f->doc->n_sentences; i++) {
    assert_int_equal(speech_text_build(f->doc, i, NULL, &st), 0);
    assert_int_equal(tts_engine_speak(e, &st, collect, &f->refs[i], NULL, NULL), 0);
    assert_true(f->refs[i].n > 0);
  }
  struct voice_profile fast = f->voices[0];
  fast.speed = FAST_WPM;
  assert_int_equal(tts_engine_set_voice(e, &fast), 0);
  for (size_t i = 0; i < f->doc->n_sentences; i++) {
    assert_int_equal(speech_text_build(f->doc, i, NULL, &st), 0);
    assert_int_equal(tts_engine_speak(e, &st, collect, &f->fast[i], NULL, NULL), 0);
  }
  assert_int_equal(tts_engine_set_voice(e, &f->voices[0]), 0);
  assert_int_equal(speech_text_from_string(ANNOUNCE, &st), 0);
  assert_int_equal(tts_engine_speak(e, &st, collect, &f->announce, NULL, NULL), 0);
  speech_text_free(&st);
  tts_engine_free(e);

  static int counter;
  counter++;
  snprintf(f->wav, sizeof f->wav, "%s/rec%d.wav", tmpdir, counter);
  snprintf(f->trace_path, sizeof f->trace_path, "%s/trace%d.jsonl", tmpdir, counter);
  assert_int_equal(trace_open(f->trace_path, &f->trace), 0);
  return f;
}

static struct fixture *fixture_new(const char *text)
{
  return fixture_new_as(text, INPUT_TXT);
}

static void on_wake(void *user)
{
  struct fixture *f = user;
  atomic_fetch_add(&f->wakes, 1);
}

struct start {
  bool timed, paused, stop_after_paragraph;
  size_t sentence;
};

static void fixture_start(struct fixture *f, struct start how)
{
  struct sink_options so = { .sample_rate = f->rate, .untimed = !how.timed };
  assert_int_equal(sink_open(f->wav, &so, &f->sink, NULL, 0), 0);
  struct player_config cfg = {
    .doc = f->doc,
    .voices = f->voices,
    .n_voices = 2,
    .sink = f->sink,
    .trace = f->trace,
    .start_sentence = how.sentence,
    .start_paused = how.paused,
    .stop_after_paragraph = how.stop_after_paragraph,
    .wake = on_wake,
    .wake_user = f,
  };
  assert_int_equal(player_new(&cfg, &f->player), 0);
}

/* Stops the player and closes the recording. */
static void fixture_stop(struct fixture *f)
{
  player_free(f->player);
  f->player = NULL;
  sink_close(f->sink);
  f->sink = NULL;
}

static void fixture_free(struct fixture *f)
{
  fixture_stop(f);
  trace_close(f->trace);
  for (size_t i = 0; i < f->doc->n_sentences; i++) {
    free(f->refs[i].s);
    free(f->fast[i].s);
  }
  free(f->refs);
  free(f->fast);
  free(f->announce.s);
  document_free(f->doc);
  free(f);
}

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_ms(int ms)
{
  struct timespec ts = { .tv_sec = ms / 1000, .tv_nsec = (long)(ms % 1000) * 1000000L };
  nanosleep(&ts, NULL);
}

typedef bool (*status_pred)(const struct player_status *s, const void *arg);

/* Polls the status until pred holds; fails the test after DEADLINE_S. */
static void wait_for(struct fixture *f, status_pred pred, const void *arg, struct player_status *out)
{
  double end = now_s() + DEADLINE_S;
  struct player_status s;
  for (;;) {
    player_status(f->player, &s);
    if (pred(&s, arg))
      break;
    if (now_s() > end)
      fail_msg("status never reached the expected state (state %d, sentence %zu)", s.state,
               s.sentence);
    sleep_ms(1);
  }
  if (out)
    *out = s;
}

static bool is_state(const struct player_status *s, const void *arg)
{
  return s->state == *(const enum player_state *)arg;
}

static void wait_state(struct fixture *f, enum player_state state)
{
  wait_for(f, is_state, &state, NULL);
}

/* Sentence `arg` is heard (its audio has started playing). */
static bool hearing(const struct player_status *s, const void *arg)
{
  return s->state == PLAYER_STATE_PLAYING && s->sentence == *(const size_t *)arg &&
         s->word_end > s->word_start;
}

static void wait_hearing(struct fixture *f, size_t sentence)
{
  wait_for(f, hearing, &sentence, NULL);
}

static struct pcm read_wav(const char *path, int rate)
{
  SF_INFO info = {0};
  SNDFILE *file = sf_open(path, SFM_READ, &info);
  assert_non_null(file);
  assert_int_equal(info.samplerate, rate);
  assert_int_equal(info.channels, 1);
  struct pcm p = {0};
  pcm_append(&p, NULL, (size_t)info.frames + 1);
  p.n = (size_t)sf_read_short(file, p.s, info.frames);
  assert_int_equal((sf_count_t)p.n, info.frames);
  sf_close(file);
  return p;
}

static size_t ms(const struct fixture *f, int m)
{
  return (size_t)m * (size_t)f->rate / 1000;
}

/* Expected recording: pieces appended in order. */
static void expect_sentence(struct fixture *f, struct pcm *e, size_t i, int pause_ms)
{
  pcm_append(e, f->refs[i].s, f->refs[i].n);
  pcm_append(e, NULL, ms(f, pause_ms));
}

static void assert_pcm_equal(const struct pcm *got, const struct pcm *want)
{
  assert_int_equal(got->n, want->n);
  for (size_t i = 0; i < got->n; i++)
    if (got->s[i] != want->s[i])
      fail_msg("recording differs from the reference at sample %zu of %zu", i, got->n);
}

/* The recording is a prefix (k samples, possibly none) of `before`, then exactly `after`.
 * Returns k. This is what a skip must sound like: nothing of the old audio after the cut. */
static size_t assert_cut_then(const struct pcm *got, const struct pcm *before,
                              const struct pcm *after)
{
  assert_true(got->n >= after->n);
  size_t k = got->n - after->n;
  assert_true(k <= before->n);
  if (k > 0 && memcmp(got->s, before->s, k * sizeof *got->s) != 0)
    fail_msg("the first %zu samples are not the start of the interrupted audio", k);
  if (memcmp(got->s + k, after->s, after->n * sizeof *got->s) != 0)
    fail_msg("after the cut at %zu the recording is not the expected audio", k);
  return k;
}

/* ---- trace ------------------------------------------------------------------------------ */

struct event {
  char name[16];
  long paragraph, sentence;
  char text[128];
};

static size_t read_trace(const struct fixture *f, struct event *ev, size_t max)
{
  FILE *in = fopen(f->trace_path, "r");
  assert_non_null(in);
  char line[1024];
  size_t n = 0;
  while (n < max && fgets(line, sizeof line, in)) {
    json_error_t err;
    json_t *o = json_loads(line, 0, &err);
    assert_non_null(o);
    struct event *e = &ev[n++];
    memset(e, 0, sizeof *e);
    snprintf(e->name, sizeof e->name, "%s", json_string_value(json_object_get(o, "event")));
    e->paragraph = (long)json_integer_value(json_object_get(o, "paragraph"));
    e->sentence = (long)json_integer_value(json_object_get(o, "sentence"));
    const char *t = json_string_value(json_object_get(o, "text"));
    if (!t)
      t = json_string_value(json_object_get(o, "state"));
    snprintf(e->text, sizeof e->text, "%s", t ? t : "");
    json_decref(o);
  }
  fclose(in);
  return n;
}

/* The "audio" events, as "P.S" strings joined by spaces. */
static void audio_events(const struct fixture *f, const char *name, char *out, size_t len)
{
  struct event ev[256];
  size_t n = read_trace(f, ev, 256);
  out[0] = '\0';
  for (size_t i = 0; i < n; i++) {
    if (strcmp(ev[i].name, name) != 0)
      continue;
    size_t used = strlen(out);
    snprintf(out + used, len - used, "%s%ld.%ld", used ? " " : "", ev[i].paragraph,
             ev[i].sentence);
  }
}

static size_t count_events(const struct fixture *f, const char *name, const char *text)
{
  struct event ev[256];
  size_t n = read_trace(f, ev, 256), count = 0;
  for (size_t i = 0; i < n; i++)
    if (!strcmp(ev[i].name, name) && (!text || !strcmp(ev[i].text, text)))
      count++;
  return count;
}

/* ---- documents ---------------------------------------------------------------------------- */

/* Three paragraphs: 2 + 1 + 2 sentences. Sentences 2 and 3 last over a second, so that a command
 * sent while they are heard arrives in time even on a loaded machine. */
static const char *const SHORT_DOC =
  "The cat sat. A dog ran.\n\nBirds sing loudly in the trees.\n\nRain fell on the hills all "
  "night. It stopped.\n";

/* A long first sentence (several seconds), so that commands land while it is heard. */
static const char *const LONG_DOC =
  "This first sentence is long on purpose, so that there is time to interrupt it while it "
  "is read.\n\n"
  "Short one. Another short one.\n";

/* ---- tests ---------------------------------------------------------------------------- */

static void test_reads_whole_document_in_order(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){0});
  wait_state(f, PLAYER_STATE_FINISHED);
  struct player_status s;
  player_status(f->player, &s);
  assert_int_equal(s.sentence, 4);
  assert_int_equal(s.paragraph, 2);
  assert_int_equal(s.sentence_in_paragraph, 1);
  assert_true(s.elapsed > 0.5);
  assert_true(atomic_load(&f->wakes) > 0);
  fixture_stop(f);

  struct pcm want = {0};
  expect_sentence(f, &want, 0, SENTENCE_MS);
  expect_sentence(f, &want, 1, PARAGRAPH_MS);
  expect_sentence(f, &want, 2, PARAGRAPH_MS);
  expect_sentence(f, &want, 3, SENTENCE_MS);
  expect_sentence(f, &want, 4, 0);
  struct pcm got = read_wav(f->wav, f->rate);
  assert_pcm_equal(&got, &want);

  char ev[256];
  audio_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.1 1.0 2.0 2.1");
  audio_events(f, "sentence", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.1 1.0 2.0 2.1");
  assert_int_equal(count_events(f, "state", "playing"), 1);
  free(want.s);
  free(got.s);
  fixture_free(f);
}

/* Commands that do not move the reading (PLAY while playing, a volume change of nothing)
 * still abort a synthesis in progress; the sentence is synthesised again and the recording must
 * not show it: no repeated or missing samples. */
static void test_idle_commands_leave_audio_intact(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){0});
  struct player_status s;
  double end = now_s() + DEADLINE_S;
  do {
    player_send(f->player, PLAYER_PLAY, 0);
    player_send(f->player, PLAYER_VOLUME, 0);
    struct timespec ts = { .tv_nsec = 50000 };
    nanosleep(&ts, NULL);
    player_status(f->player, &s);
  } while (s.state != PLAYER_STATE_FINISHED && now_s() < end);
  assert_int_equal(s.state, PLAYER_STATE_FINISHED);
  fixture_stop(f);
  struct pcm want = {0};
  expect_sentence(f, &want, 0, SENTENCE_MS);
  expect_sentence(f, &want, 1, PARAGRAPH_MS);
  expect_sentence(f, &want, 2, PARAGRAPH_MS);
  expect_sentence(f, &want, 3, SENTENCE_MS);
  expect_sentence(f, &want, 4, 0);
  struct pcm got = read_wav(f->wav, f->rate);
  assert_pcm_equal(&got, &want);
  char ev[256];
  audio_events(f, "sentence", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.1 1.0 2.0 2.1");
  free(got.s);
  free(want.s);
  fixture_free(f);
}

/* The pauses come from the voice profile: after a heading, a paragraph and a sentence. */
static void test_pauses_follow_the_profile(void **state)
{
  struct fixture *f = fixture_new_as("# A title\n\nFirst words here. Second words.\n\nLast.\n",
                                     INPUT_MD);
  assert_int_equal(f->doc->paragraphs[0].kind, DOC_HEADING);
  assert_int_equal(f->doc->n_sentences, 4);
  fixture_start(f, (struct start){0});
  wait_state(f, PLAYER_STATE_FINISHED);
  fixture_stop(f);
  struct pcm want = {0};
  expect_sentence(f, &want, 0, HEADING_MS);
  expect_sentence(f, &want, 1, SENTENCE_MS);
  expect_sentence(f, &want, 2, PARAGRAPH_MS);
  expect_sentence(f, &want, 3, 0);
  struct pcm got = read_wav(f->wav, f->rate);
  assert_pcm_equal(&got, &want);
  free(want.s);
  free(got.s);
  fixture_free(f);
}

static void test_starts_at_start_sentence(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .sentence = 2 });
  wait_state(f, PLAYER_STATE_FINISHED);
  fixture_stop(f);
  struct pcm want = {0};
  expect_sentence(f, &want, 2, PARAGRAPH_MS);
  expect_sentence(f, &want, 3, SENTENCE_MS);
  expect_sentence(f, &want, 4, 0);
  struct pcm got = read_wav(f->wav, f->rate);
  assert_pcm_equal(&got, &want);
  char ev[256];
  audio_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "1.0 2.0 2.1");
  free(want.s);
  free(got.s);
  fixture_free(f);
}

static bool at_sentence(const struct player_status *s, const void *arg)
{
  return s->sentence == *(const size_t *)arg;
}

/* Moving while paused: the status follows, nothing is heard, PLAY reads from there. */
static void test_moves_while_paused(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .paused = true });
  struct player_status s;
  player_status(f->player, &s);
  assert_int_equal(s.state, PLAYER_STATE_PAUSED);
  assert_int_equal(s.sentence, 0);

  size_t want_sentence = 2;
  player_send(f->player, PLAYER_NEXT_PARAGRAPH, 0);
  wait_for(f, at_sentence, &want_sentence, &s);
  assert_int_equal(s.paragraph, 1);
  assert_int_equal(s.state, PLAYER_STATE_PAUSED);

  want_sentence = 3;
  player_send(f->player, PLAYER_LAST_PARAGRAPH, 0);
  wait_for(f, at_sentence, &want_sentence, &s);
  want_sentence = 0;
  player_send(f->player, PLAYER_FIRST_PARAGRAPH, 0);
  wait_for(f, at_sentence, &want_sentence, &s);
  want_sentence = 4;
  player_send(f->player, PLAYER_JUMP_SENTENCE, 4);
  wait_for(f, at_sentence, &want_sentence, &s);
  assert_int_equal(s.paragraph, 2);
  assert_int_equal(s.sentence_in_paragraph, 1);
  player_send(f->player, PLAYER_JUMP_SENTENCE, 99);   /* out of range: ignored */
  want_sentence = 3;
  player_send(f->player, PLAYER_PREV_SENTENCE, 0);
  wait_for(f, at_sentence, &want_sentence, &s);
  assert_int_equal(sink_position(f->sink), 0);        /* nothing was heard while paused */

  player_send(f->player, PLAYER_PLAY, 0);
  wait_state(f, PLAYER_STATE_FINISHED);
  fixture_stop(f);
  struct pcm want = {0};
  expect_sentence(f, &want, 3, SENTENCE_MS);
  expect_sentence(f, &want, 4, 0);
  struct pcm got = read_wav(f->wav, f->rate);
  assert_pcm_equal(&got, &want);
  char ev[256];
  audio_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "2.0 2.1");
  free(want.s);
  free(got.s);
  fixture_free(f);
}

/* A skip in the middle of a sentence (real time): what follows the cut is exactly the new
 * sentence, then the rest; nothing of the old sentence follows it. */
static void skip_test(enum player_command cmd, size_t target)
{
  struct fixture *f = fixture_new(LONG_DOC);
  fixture_start(f, (struct start){ .timed = true });
  wait_hearing(f, 0);
  player_send(f->player, cmd, 0);
  struct player_status s;
  wait_for(f, at_sentence, &target, &s);
  assert_int_equal(s.paragraph, 1);
  wait_state(f, PLAYER_STATE_FINISHED);
  fixture_stop(f);

  struct pcm after = {0};
  expect_sentence(f, &after, 1, SENTENCE_MS);
  expect_sentence(f, &after, 2, 0);
  struct pcm got = read_wav(f->wav, f->rate);
  size_t k = assert_cut_then(&got, &f->refs[0], &after);
  assert_true(k > 0);               /* some of the first sentence was heard before the skip */
  assert_true(k < f->refs[0].n);    /* and it was cut short */
  char ev[256];
  audio_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "0.0 1.0 1.1");
  free(after.s);
  free(got.s);
  fixture_free(f);
}

static void test_next_sentence_cuts_at_once(void **state)
{
  skip_test(PLAYER_NEXT_SENTENCE, 1);
}

static void test_next_paragraph_cuts_at_once(void **state)
{
  skip_test(PLAYER_NEXT_PARAGRAPH, 1);
}

/* Pause drops what is queued and stops; play starts the sentence again from its beginning. */
static void test_pause_and_resume(void **state)
{
  struct fixture *f = fixture_new(LONG_DOC);
  fixture_start(f, (struct start){ .timed = true });
  wait_hearing(f, 0);
  player_send(f->player, PLAYER_TOGGLE_PAUSE, 0);
  wait_state(f, PLAYER_STATE_PAUSED);
  struct player_status s;
  player_status(f->player, &s);
  assert_int_equal(s.sentence, 0);
  assert_int_equal(s.word_start, s.word_end);   /* no word is being heard */
  uint64_t at_pause = sink_position(f->sink);
  sleep_ms(300);
  assert_int_equal(sink_position(f->sink), at_pause);   /* silence: nothing more is played */

  player_send(f->player, PLAYER_TOGGLE_PAUSE, 0);
  wait_state(f, PLAYER_STATE_FINISHED);
  fixture_stop(f);
  struct pcm after = {0};
  expect_sentence(f, &after, 0, PARAGRAPH_MS);
  expect_sentence(f, &after, 1, SENTENCE_MS);
  expect_sentence(f, &after, 2, 0);
  struct pcm got = read_wav(f->wav, f->rate);
  size_t k = assert_cut_then(&got, &f->refs[0], &after);
  assert_int_equal(k, at_pause);
  assert_int_equal(count_events(f, "state", "paused"), 1);
  assert_int_equal(count_events(f, "state", "playing"), 2);
  char ev[256];
  audio_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.0 1.0 1.1");
  free(after.s);
  free(got.s);
  fixture_free(f);
}

/* PREV_SENTENCE and REPEAT_SENTENCE restart the sentence being heard (more than 2 s into it). */
static void repeat_test(enum player_command cmd)
{
  struct fixture *f = fixture_new(LONG_DOC);
  assert_true(f->refs[0].n > (size_t)f->rate * 3);   /* the sentence lasts more than 3 s */
  fixture_start(f, (struct start){ .timed = true });
  struct player_status s;
  do {   /* more than 2 s of the sentence heard */
    wait_hearing(f, 0);
    player_status(f->player, &s);
    sleep_ms(20);
  } while (s.elapsed < 2.5);
  player_send(f->player, cmd, 0);
  wait_state(f, PLAYER_STATE_FINISHED);
  fixture_stop(f);
  struct pcm after = {0};
  expect_sentence(f, &after, 0, PARAGRAPH_MS);
  expect_sentence(f, &after, 1, SENTENCE_MS);
  expect_sentence(f, &after, 2, 0);
  struct pcm got = read_wav(f->wav, f->rate);
  size_t k = assert_cut_then(&got, &f->refs[0], &after);
  assert_true(k > (size_t)f->rate * 2);
  char ev[256];
  audio_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.0 1.0 1.1");
  free(after.s);
  free(got.s);
  fixture_free(f);
}

static void test_prev_sentence_restarts_after_2s(void **state)
{
  repeat_test(PLAYER_PREV_SENTENCE);
}

static void test_repeat_sentence(void **state)
{
  repeat_test(PLAYER_REPEAT_SENTENCE);
}

/* Early in a sentence, PREV_SENTENCE goes to the one before. */
static void test_prev_sentence_goes_back_early(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .timed = true, .sentence = 3 });
  wait_hearing(f, 3);
  player_send(f->player, PLAYER_PREV_SENTENCE, 0);
  size_t want = 2;
  wait_for(f, at_sentence, &want, NULL);
  wait_state(f, PLAYER_STATE_FINISHED);
  fixture_stop(f);
  /* Sentence 2.1 may have been queued (work ahead) before the command came: what matters is
   * that 1.0 was heard again and reading went on from there. */
  char ev[256];
  audio_events(f, "audio", ev, sizeof ev);
  assert_true(strncmp(ev, "2.0 ", 4) == 0);
  assert_non_null(strstr(ev, " 1.0 2.0 2.1"));
  fixture_free(f);
}

/* PREV_PARAGRAPH: back to the previous paragraph early on, else the start of this one. */
static void test_prev_paragraph(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .timed = true, .sentence = 2 });
  wait_hearing(f, 2);
  player_send(f->player, PLAYER_PREV_PARAGRAPH, 0);
  wait_hearing(f, 0);
  player_send(f->player, PLAYER_QUIT, 0);
  fixture_stop(f);
  char ev[256];
  audio_events(f, "audio", ev, sizeof ev);
  assert_true(strncmp(ev, "1.0 0.0", 7) == 0);
  fixture_free(f);

  /* Two sentences into a paragraph (over 2 s heard): its first sentence again. */
  f = fixture_new("Birds sing loudly in the early morning light, all together. They stop at noon.\n\n"
                  "The end.\n");
  assert_true(f->refs[0].n > (size_t)f->rate * 2);
  fixture_start(f, (struct start){ .timed = true });
  wait_hearing(f, 1);
  player_send(f->player, PLAYER_PREV_PARAGRAPH, 0);
  wait_state(f, PLAYER_STATE_FINISHED);
  fixture_stop(f);
  audio_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.1 0.0 0.1 1.0");
  fixture_free(f);
}

static bool at_wpm(const struct player_status *s, const void *arg)
{
  return s->wpm == *(const int *)arg;
}

static bool hearing_from(const struct player_status *s, const void *arg)
{
  return s->state == PLAYER_STATE_PLAYING && s->sentence == 0 &&
         s->word_end > s->word_start && s->word_start >= *(const size_t *)arg;
}

/* SPEED (or a voice at another speed) applies at once: the rest of the sentence is synthesised
 * again from the word heard; what follows is at the new speed. */
static void faster_from_word(enum player_command cmd, long arg)
{
  struct fixture *f = fixture_new(LONG_DOC);
  fixture_start(f, (struct start){ .timed = true });
  struct player_status s;
  player_status(f->player, &s);
  assert_int_equal(s.wpm, 175);
  size_t fourth_word = (size_t)(strstr(f->doc->text, "long") - f->doc->text);
  wait_for(f, hearing_from, &fourth_word, NULL);
  player_send(f->player, cmd, arg);
  int want = FAST_WPM;
  wait_for(f, at_wpm, &want, &s);
  assert_string_equal(s.voice, cmd == PLAYER_NEXT_VOICE ? "second" : "first");
  wait_state(f, PLAYER_STATE_FINISHED);
  fixture_stop(f);

  /* Heard: the start of sentence 0 at 175 wpm, the rest of it from a word at FAST_WPM, then the
   * next sentences at FAST_WPM. */
  struct pcm tail = {0};
  pcm_append(&tail, NULL, ms(f, PARAGRAPH_MS));
  pcm_append(&tail, f->fast[1].s, f->fast[1].n);
  pcm_append(&tail, NULL, ms(f, SENTENCE_MS));
  pcm_append(&tail, f->fast[2].s, f->fast[2].n);
  struct pcm got = read_wav(f->wav, f->rate);
  assert_true(got.n > tail.n);
  assert_memory_equal(got.s + got.n - tail.n, tail.s, tail.n * sizeof *tail.s);
  size_t k = 0;   /* at least this much of sentence 0 at the old speed */
  while (k < got.n && k < f->refs[0].n && got.s[k] == f->refs[0].s[k])
    k++;
  assert_true(k > 0 && k < f->refs[0].n);
  size_t rest = got.n - tail.n - k;   /* the rest of sentence 0, at the new speed */
  assert_true(rest > 0);
  assert_true(rest < f->refs[0].n - k);
  assert_int_equal(count_events(f, "sentence", NULL), 4);   /* 0.0 twice, 1.0, 1.1 */
  char ev[256];
  audio_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.0 1.0 1.1");
  free(tail.s);
  free(got.s);
  fixture_free(f);
}

static void test_speed_applies_from_current_word(void **state)
{
  faster_from_word(PLAYER_SPEED, FAST_WPM - 175);
}

static void test_next_voice_applies_from_current_word(void **state)
{
  faster_from_word(PLAYER_NEXT_VOICE, 0);
}

static bool hearing_sentence(const struct player_status *s, const void *arg)
{
  return s->state == PLAYER_STATE_PLAYING && s->sentence == *(const size_t *)arg;
}

/* A change of volume while a sentence without words is heard (a code block, whose marker is
 * spoken but maps to no word of the text) starts that sentence again, not the one reading
 * began at. */
static void test_volume_during_code_block(void **state)
{
  struct fixture *f = fixture_new_as("First words here.\n\n```\nint x;\n```\n\nLast words.\n",
                                     INPUT_MD);
  assert_int_equal(f->doc->n_sentences, 3);
  /* At the slowest speed the code block's marker lasts some seconds: the volume change lands
   * in it even when a busy machine is slow to poll the status. */
  fixture_start(f, (struct start){ .timed = true, .paused = true });
  player_send(f->player, PLAYER_SPEED, -1000);
  player_send(f->player, PLAYER_PLAY, 0);
  size_t code = 1;
  wait_for(f, hearing_sentence, &code, NULL);
  player_send(f->player, PLAYER_VOLUME, -10);
  wait_state(f, PLAYER_STATE_FINISHED);
  fixture_stop(f);
  char ev[256];
  audio_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "0.0 1.0 1.0 2.0");
  fixture_free(f);
}

static bool at_volume(const struct player_status *s, const void *arg)
{
  return s->volume == *(const int *)arg;
}

static bool at_voice(const struct player_status *s, const void *arg)
{
  return !strcmp(s->voice, (const char *)arg);
}

static void test_volume_and_voice(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .paused = true });
  struct player_status s;
  player_status(f->player, &s);
  assert_int_equal(s.volume, 100);
  assert_string_equal(s.voice, "first");
  player_send(f->player, PLAYER_VOLUME, -30);
  int want = 70;
  wait_for(f, at_volume, &want, &s);
  player_send(f->player, PLAYER_VOLUME, 500);
  want = 200;
  wait_for(f, at_volume, &want, &s);
  player_send(f->player, PLAYER_VOLUME, -500);
  want = 0;
  wait_for(f, at_volume, &want, &s);
  player_send(f->player, PLAYER_SPEED, 1000);
  int wpm = 450;
  wait_for(f, at_wpm, &wpm, &s);
  player_send(f->player, PLAYER_SPEED, -1000);
  wpm = 80;
  wait_for(f, at_wpm, &wpm, &s);
  player_send(f->player, PLAYER_NEXT_VOICE, 0);
  wait_for(f, at_voice, "second", &s);
  assert_int_equal(s.wpm, FAST_WPM);
  player_send(f->player, PLAYER_NEXT_VOICE, 0);
  wait_for(f, at_voice, "first", &s);
  assert_int_equal(s.wpm, 175);
  assert_int_equal(s.state, PLAYER_STATE_PAUSED);
  fixture_free(f);
}

/* A profile espeak-ng refuses is skipped over: the voice in use stays, at the speed and volume
 * the listener had set. */
static void test_refused_voice_keeps_settings(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  snprintf(f->voices[1].espeak_voice, sizeof f->voices[1].espeak_voice, "zz-no-such-voice");
  fixture_start(f, (struct start){ .paused = true });
  player_send(f->player, PLAYER_SPEED, 50);
  player_send(f->player, PLAYER_VOLUME, -20);
  player_send(f->player, PLAYER_NEXT_VOICE, 0);
  player_send(f->player, PLAYER_VOLUME, -1);   /* once this is seen, so is NEXT_VOICE */
  int want = 79;
  struct player_status s;
  wait_for(f, at_volume, &want, &s);
  assert_string_equal(s.voice, "first");
  assert_int_equal(s.wpm, 225);
  fixture_free(f);
}

/* The recording is written beside its path until the sink closes (issue 21): its size so far is
 * that of this process's temporary file. */
static int stat_recording(const char *path, struct stat *st)
{
  char dir[4200];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  *slash = '\0';
  DIR *d = opendir(dir);
  if (!d)
    return -1;
  int rc = -1;
  struct dirent *e;
  while (rc != 0 && (e = readdir(d)) != NULL)
    if (temp_name_owner(e->d_name, slash + 1) == getpid()) {
      char temp[8400];
      snprintf(temp, sizeof temp, "%s/%s", dir, e->d_name);
      rc = stat(temp, st);
    }
  closedir(d);
  return rc;
}

static bool has_error(const struct player_status *s, const void *arg)
{
  (void)arg;
  return s->error != 0;
}

/* The sink fails after the end of the document (an announcement there finds the disk full):
 * reading stops with the reason, and starting again clears it, as it does after a pause. */
static void test_failure_after_the_end_clears_on_play(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){0});
  wait_state(f, PLAYER_STATE_FINISHED);
  struct stat st;
  assert_int_equal(stat_recording(f->wav, &st), 0);
  signal(SIGXFSZ, SIG_IGN);   /* a write past the limit fails with EFBIG instead */
  struct rlimit old, full = { .rlim_cur = (rlim_t)st.st_size, .rlim_max = RLIM_INFINITY };
  assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
  full.rlim_max = old.rlim_max;
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &full), 0);
  player_say(f->player, ANNOUNCE);
  struct player_status s;
  wait_for(f, has_error, NULL, &s);
  assert_int_equal(s.error, -EFBIG);
  assert_int_equal(s.state, PLAYER_STATE_FINISHED);
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
  player_send(f->player, PLAYER_PLAY, 0);   /* Space after the end: from the top */
  wait_hearing(f, 0);
  player_status(f->player, &s);
  assert_int_equal(s.error, 0);
  fixture_free(f);
}

/* An announcement while paused is heard at once; reading stays paused and then resumes. */
static void test_say_while_paused(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .paused = true, .sentence = 3 });
  player_say(f->player, ANNOUNCE);
  double end = now_s() + DEADLINE_S;
  while (count_events(f, "announce", ANNOUNCE) == 0 && now_s() < end)
    sleep_ms(1);
  /* The announcement and its pause are in the (untimed) recording as soon as written. */
  while (sink_position(f->sink) < f->announce.n + ms(f, SENTENCE_MS) && now_s() < end)
    sleep_ms(1);
  struct player_status s;
  player_status(f->player, &s);
  assert_int_equal(s.state, PLAYER_STATE_PAUSED);
  assert_int_equal(s.sentence, 3);
  player_send(f->player, PLAYER_PLAY, 0);
  wait_state(f, PLAYER_STATE_FINISHED);
  fixture_stop(f);
  struct pcm want = {0};
  pcm_append(&want, f->announce.s, f->announce.n);
  pcm_append(&want, NULL, ms(f, SENTENCE_MS));
  expect_sentence(f, &want, 3, SENTENCE_MS);
  expect_sentence(f, &want, 4, 0);
  struct pcm got = read_wav(f->wav, f->rate);
  assert_pcm_equal(&got, &want);
  assert_int_equal(count_events(f, "announce", ANNOUNCE), 1);
  free(want.s);
  free(got.s);
  fixture_free(f);
}

/* An announcement while reading interrupts; reading resumes at the start of that sentence. */
static void test_say_interrupts_and_resumes(void **state)
{
  struct fixture *f = fixture_new(LONG_DOC);
  fixture_start(f, (struct start){ .timed = true });
  wait_hearing(f, 0);
  player_say(f->player, ANNOUNCE);
  wait_state(f, PLAYER_STATE_FINISHED);
  fixture_stop(f);
  struct pcm after = {0};
  pcm_append(&after, f->announce.s, f->announce.n);
  pcm_append(&after, NULL, ms(f, SENTENCE_MS));
  expect_sentence(f, &after, 0, PARAGRAPH_MS);
  expect_sentence(f, &after, 1, SENTENCE_MS);
  expect_sentence(f, &after, 2, 0);
  struct pcm got = read_wav(f->wav, f->rate);
  size_t k = assert_cut_then(&got, &f->refs[0], &after);
  assert_true(k > 0 && k < f->refs[0].n);
  assert_int_equal(count_events(f, "announce", ANNOUNCE), 1);
  char ev[256];
  audio_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.0 1.0 1.1");
  free(after.s);
  free(got.s);
  fixture_free(f);
}

/* stop_after_paragraph: reading pauses at the end of each paragraph; PLAY reads the next. */
static void test_stop_after_paragraph(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .stop_after_paragraph = true });
  struct player_status s;
  size_t next = 2;
  wait_for(f, at_sentence, &next, &s);
  wait_state(f, PLAYER_STATE_PAUSED);
  player_status(f->player, &s);
  assert_int_equal(s.paragraph, 1);
  uint64_t first_paragraph = sink_position(f->sink);
  assert_int_equal(first_paragraph, f->refs[0].n + ms(f, SENTENCE_MS) + f->refs[1].n);

  player_send(f->player, PLAYER_PLAY, 0);
  next = 3;
  wait_for(f, at_sentence, &next, &s);
  wait_state(f, PLAYER_STATE_PAUSED);
  player_send(f->player, PLAYER_TOGGLE_PAUSE, 0);
  wait_state(f, PLAYER_STATE_FINISHED);
  fixture_stop(f);
  struct pcm want = {0};
  expect_sentence(f, &want, 0, SENTENCE_MS);
  expect_sentence(f, &want, 1, 0);
  expect_sentence(f, &want, 2, 0);
  expect_sentence(f, &want, 3, SENTENCE_MS);
  expect_sentence(f, &want, 4, 0);
  struct pcm got = read_wav(f->wav, f->rate);
  assert_pcm_equal(&got, &want);
  assert_int_equal(count_events(f, "state", "paused"), 2);
  free(want.s);
  free(got.s);
  fixture_free(f);
}

/* The word being heard moves through the sentence, inside the sentence's span. */
static void test_word_follows_audio(void **state)
{
  struct fixture *f = fixture_new(LONG_DOC);
  fixture_start(f, (struct start){ .timed = true });
  const struct doc_sentence *sent = &f->doc->sentences[0];
  const char *text = f->doc->text;
  size_t words_seen = 0, last = SIZE_MAX;
  uint64_t serial = 0;
  double end = now_s() + DEADLINE_S;
  while (words_seen < 4 && now_s() < end) {
    struct player_status s;
    player_status(f->player, &s);
    assert_true(s.serial >= serial);
    serial = s.serial;
    if (s.sentence == 0 && s.word_end > s.word_start) {
      assert_true(s.word_start >= sent->start && s.word_end <= sent->end);
      /* A whole word: it starts the sentence or follows a space, and ends before one (or the
       * sentence's end or a punctuation mark). */
      assert_true(s.word_start == sent->start || text[s.word_start - 1] == ' ');
      assert_true(s.word_end == sent->end || text[s.word_end] == ' ' || text[s.word_end] == ',');
      if (s.word_start != last) {
        assert_true(last == SIZE_MAX || s.word_start > last);   /* forward only */
        words_seen++;
        last = s.word_start;
      }
    }
    sleep_ms(2);
  }
  assert_int_equal(words_seen, 4);
  fixture_free(f);
}

static void test_rejects_bad_config(void **state)
{
  struct player *p = NULL;
  struct player_config cfg = {0};
  assert_int_equal(player_new(&cfg, &p), -EINVAL);
  assert_null(p);
  player_free(NULL);
}

static int setup_dir(void **state)
{
  const char *base = getenv("LECTOR_TEST_TMP");
  snprintf(tmpdir, sizeof tmpdir, "%s/playerXXXXXX", base && *base ? base : "/tmp");
  return mkdtemp(tmpdir) ? 0 : -1;
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_reads_whole_document_in_order),
    cmocka_unit_test(test_idle_commands_leave_audio_intact),
    cmocka_unit_test(test_pauses_follow_the_profile),
    cmocka_unit_test(test_starts_at_start_sentence),
    cmocka_unit_test(test_moves_while_paused),
    cmocka_unit_test(test_next_sentence_cuts_at_once),
    cmocka_unit_test(test_next_paragraph_cuts_at_once),
    cmocka_unit_test(test_pause_and_resume),
    cmocka_unit_test(test_prev_sentence_restarts_after_2s),
    cmocka_unit_test(test_repeat_sentence),
    cmocka_unit_test(test_prev_sentence_goes_back_early),
    cmocka_unit_test(test_prev_paragraph),
    cmocka_unit_test(test_speed_applies_from_current_word),
    cmocka_unit_test(test_next_voice_applies_from_current_word),
    cmocka_unit_test(test_volume_and_voice),
    cmocka_unit_test(test_volume_during_code_block),
    cmocka_unit_test(test_refused_voice_keeps_settings),
    cmocka_unit_test(test_say_while_paused),
    cmocka_unit_test(test_failure_after_the_end_clears_on_play),
    cmocka_unit_test(test_say_interrupts_and_resumes),
    cmocka_unit_test(test_stop_after_paragraph),
    cmocka_unit_test(test_word_follows_audio),
    cmocka_unit_test(test_rejects_bad_config),
  };
  if (getenv("LECTOR_TEST_FILTER"))   /* e.g. "*speed*": run some tests only */
    cmocka_set_test_filter(getenv("LECTOR_TEST_FILTER"));
  /* Each test in a process of its own: espeak-ng's process-wide state drifts after some tens of
   * voice selections (the same text then gives slightly different samples), and every test
   * selects voices for its references and its player. Most tests wait for real-time audio, so
   * a few run at once; each one's output is kept in a file and shown when it ends. */
  size_t n = sizeof tests / sizeof *tests, next = 0, running = 0;
  struct child {
    pid_t pid;
    FILE *out;
  } children[PARALLEL_TESTS];
  int failed = 0;
  while (next < n || running > 0) {
    if (next < n && running < PARALLEL_TESTS) {
      FILE *out = tmpfile();
      if (!out)
        return 1;
      fflush(stdout);
      fflush(stderr);
      pid_t pid = fork();
      if (pid < 0)
        return 1;
      if (pid == 0) {
        dup2(fileno(out), STDOUT_FILENO);
        dup2(fileno(out), STDERR_FILENO);
        exit(_cmocka_run_group_tests(tests[next].name, &tests[next], 1, setup_dir, NULL));
      }
      children[running++] = (struct child){ .pid = pid, .out = out };
      next++;
      continue;
    }
    int status;
    pid_t pid = wait(&status);
    if (pid < 0)
      return 1;
    for (size_t i = 0; i < running; i++) {
      if (children[i].pid != pid)
        continue;
      if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        failed++;
      char buf[4096];
      size_t got;
      rewind(children[i].out);
      while ((got = fread(buf, 1, sizeof buf, children[i].out)) > 0)
        fwrite(buf, 1, got, stdout);
      fclose(children[i].out);
      children[i] = children[--running];
      break;
    }
  }
  fflush(stdout);
  return failed ? 1 : 0;
}
