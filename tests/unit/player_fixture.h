/* The player's test fixture: a fake synthesiser (player/synth_fake.h) and a sink whose clock
 * the test drives (audio/sink_fake.h). Nothing sleeps and nothing depends on wall-clock time:
 * the test plays a chosen number of samples, then waits until the player is idle
 * (player_wait_idle), so every status, trace line and sample heard is exact.
 * Included by the player's test programs (static inline: each uses a part). */
#ifndef LECTOR_TESTS_PLAYER_FIXTURE_H
#define LECTOR_TESTS_PLAYER_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "audio/sink.h"
#include "audio/sink_fake.h"
#include "player/player.h"
#include "player/synth_fake.h"
#include "speech/reading_rules.h"
#include "speech/voice.h"
#include "text/document.h"
#include "text/loader.h"
#include "text/speech_text.h"
#include "util/trace.h"

#define RATE SYNTH_FAKE_RATE
#define SENTENCE_MS 120
#define PARAGRAPH_MS 240
#define HEADING_MS 360
#define FAST_WPM 275
#define CAPACITY (RATE / 10)        /* the sink holds 100 ms, as a device does */
#define MS(m) ((size_t)(m) * RATE / 1000)
#define ANNOUNCE "Paragraph two of two."

/* Three paragraphs: 2 + 1 + 2 sentences. */
static const char *const SHORT_DOC =
  "The cat sat. A dog ran.\n\nBirds sing loudly in the trees.\n\nRain fell on the hills all "
  "night. It stopped.\n";

/* A long first sentence (19 words: 6.5 s at 175 wpm). */
static const char *const LONG_DOC =
  "This first sentence is long on purpose, so that there is time to interrupt it while it "
  "is read.\n\n"
  "Short one. Another short one.\n";

struct pcm {
  int16_t *s;
  size_t n, cap;
};

struct fixture {
  struct document *doc;
  struct voice_profile voices[2];
  struct synth_fake fake;
  struct sink *sink;
  struct player *player;
  struct trace *trace;
  char trace_path[4200];
  atomic_int wakes;
};

struct start {
  bool paused, stop_after_paragraph;
  size_t sentence;
  bool ahead;        /* player_config.ahead */
  int speed_step;    /* player_config.speed_step */
};

static inline void pcm_append(struct pcm *p, const int16_t *s, size_t n)
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

static inline int pcm_collect(void *user, const int16_t *samples, size_t n)
{
  pcm_append(user, samples, n);
  return 0;
}

static inline void voice_setup(struct voice_profile *v, const char *name, int speed)
{
  voice_profile_defaults(v);
  snprintf(v->name, sizeof v->name, "%s", name);
  v->speed = speed;
  v->sentence_pause_ms = SENTENCE_MS;
  v->paragraph_pause_ms = PARAGRAPH_MS;
  v->heading_pause_ms = HEADING_MS;
}

static inline void on_wake(void *user)
{
  atomic_fetch_add(&((struct fixture *)user)->wakes, 1);
}

static inline struct fixture *fixture_new_as(const char *text, enum input_format fmt)
{
  struct fixture *f = calloc(1, sizeof *f);
  assert_non_null(f);
  assert_int_equal(document_load_buffer(text, strlen(text), fmt, "test", &f->doc), 0);
  assert_true(f->doc->n_sentences > 0);
  voice_setup(&f->voices[0], "first", 175);
  voice_setup(&f->voices[1], "second", FAST_WPM);
  atomic_init(&f->wakes, 0);
  char dir[4096];
  const char *base = getenv("LECTOR_TEST_TMP");
  snprintf(dir, sizeof dir, "%s", base && *base ? base : "/tmp");
  static int counter;
  snprintf(f->trace_path, sizeof f->trace_path, "%s/player-%ld-%d.jsonl", dir, (long)getpid(),
           ++counter);
  assert_int_equal(trace_open(f->trace_path, &f->trace), 0);
  return f;
}

static inline struct fixture *fixture_new(const char *text)
{
  return fixture_new_as(text, INPUT_TXT);
}

static inline void fixture_start(struct fixture *f, struct start how)
{
  assert_int_equal(sink_fake_open(RATE, CAPACITY, &f->sink), 0);
  struct player_config cfg = {
    .doc = f->doc, .voices = f->voices, .n_voices = 2, .sink = f->sink, .trace = f->trace,
    .start_sentence = how.sentence, .start_paused = how.paused,
    .stop_after_paragraph = how.stop_after_paragraph, .wake = on_wake, .wake_user = f,
    .synth = &synth_fake_ops, .synth_user = &f->fake, .ahead = how.ahead,
    .speed_step = how.speed_step,
  };
  assert_int_equal(player_new(&cfg, &f->player), 0);
  player_wait_idle(f->player);
}

static inline void fixture_free(struct fixture *f)
{
  player_free(f->player);
  sink_close(f->sink);
  trace_close(f->trace);
  unlink(f->trace_path);
  document_free(f->doc);
  free(f);
}

static inline struct player_status status_of(struct fixture *f)
{
  struct player_status s;
  player_status(f->player, &s);
  return s;
}

/* Plays up to n samples, letting the player refill the sink between blocks; returns how many
 * were played (fewer when nothing more is queued once the player is idle). */
static inline size_t advance(struct fixture *f, size_t n)
{
  size_t done = 0;
  player_wait_idle(f->player);
  while (done < n) {
    size_t got = sink_fake_play(f->sink, n - done);
    player_wait_idle(f->player);
    if (got == 0)
      break;
    done += got;
  }
  return done;
}

/* Plays everything the player writes, until it stops writing. */
static inline void play_all(struct fixture *f)
{
  advance(f, SIZE_MAX);
}

/* The audio heard so far. */
static inline struct pcm heard(struct fixture *f)
{
  size_t n;
  const int16_t *s = sink_fake_heard(f->sink, &n);
  struct pcm p = {0};
  pcm_append(&p, s, n);
  return p;
}

/* What the fake synthesiser says for text with n_words words at wpm and volume. */
static inline void render(struct pcm *out, const char *text, size_t n_words, int wpm,
                          int volume)
{
  struct synth_fake quiet = {0};
  void *state;
  assert_int_equal(synth_fake_ops.create(&quiet, &state), 0);
  synth_fake_ops.set_speed(state, wpm);
  synth_fake_ops.set_volume(state, volume);
  struct speech_text st = { .text = (char *)text, .len = strlen(text), .n_words = n_words };
  assert_int_equal(synth_fake_ops.speak(state, &st, pcm_collect, out, NULL), 0);
  synth_fake_ops.free(state);
}

/* Appends sentence i at wpm, then pause_ms of silence. */
static inline void expect_sentence(struct fixture *f, struct pcm *e, size_t i, int wpm,
                                   int pause_ms)
{
  struct speech_text st = {0};
  assert_int_equal(speech_text_build(f->doc, i, NULL, &st), 0);
  render(e, st.text, st.n_words, wpm, 100);
  speech_text_free(&st);
  pcm_append(e, NULL, MS(pause_ms));
}

/* Appends sentences first..last at wpm, each followed by the pause the reading rules give. */
static inline void expect_run(struct fixture *f, struct pcm *e, size_t first, size_t last,
                              int wpm)
{
  struct reading_pauses pauses = reading_pauses_of(&f->voices[0]);
  pauses.wpm = wpm;
  for (size_t i = first; i <= last; i++)
    expect_sentence(f, e, i, wpm, reading_pause_ms(&pauses, f->doc, i, false));
}

/* Appends the first k samples of sentences first..last (as expect_run gives them). */
static inline void expect_prefix(struct fixture *f, struct pcm *e, size_t first, size_t last,
                                 size_t k)
{
  struct pcm all = {0};
  expect_run(f, &all, first, last, 175);
  assert_true(k <= all.n);
  pcm_append(e, all.s, k);
  free(all.s);
}

/* Samples of sentence i at 175 wpm, without its pause. */
static inline size_t sentence_samples(struct fixture *f, size_t i)
{
  struct pcm p = {0};
  expect_sentence(f, &p, i, 175, 0);
  free(p.s);
  return p.n;
}

/* Appends ANNOUNCE at 175 wpm and the sentence pause after it. */
static inline void expect_announcement(struct pcm *e)
{
  struct speech_text st = {0};
  assert_int_equal(speech_text_from_string(ANNOUNCE, &st), 0);
  render(e, st.text, st.n_words, 175, 100);
  speech_text_free(&st);
  pcm_append(e, NULL, MS(SENTENCE_MS));
}

static inline void assert_pcm_equal(const struct pcm *got, const struct pcm *want)
{
  assert_int_equal(got->n, want->n);
  for (size_t i = 0; i < got->n; i++)
    if (got->s[i] != want->s[i])
      fail_msg("the audio heard differs from the expected at sample %zu of %zu", i, got->n);
}

/* The heard audio is exactly want; frees both. */
static inline void assert_heard(struct fixture *f, struct pcm *want)
{
  struct pcm got = heard(f);
  assert_pcm_equal(&got, want);
  free(got.s);
  free(want->s);
  *want = (struct pcm){0};
}

/* ---- trace ------------------------------------------------------------------------------ */

/* The events called name, as "P.S" (or their text) joined by spaces. */
static inline void trace_events(struct fixture *f, const char *name, char *out, size_t len)
{
  player_wait_idle(f->player);   /* every line is flushed as it is written */
  FILE *in = fopen(f->trace_path, "r");
  assert_non_null(in);
  char line[1024];
  out[0] = '\0';
  while (fgets(line, sizeof line, in)) {
    json_t *o = json_loads(line, 0, NULL);
    assert_non_null(o);
    if (!strcmp(json_string_value(json_object_get(o, "event")), name)) {
      size_t used = strlen(out);
      const char *t = json_string_value(json_object_get(o, "text"));
      if (!t)
        t = json_string_value(json_object_get(o, "state"));
      if (t)
        snprintf(out + used, len - used, "%s%s", used ? " " : "", t);
      else
        snprintf(out + used, len - used, "%s%lld.%lld", used ? " " : "",
                 (long long)json_integer_value(json_object_get(o, "paragraph")),
                 (long long)json_integer_value(json_object_get(o, "sentence")));
    }
    json_decref(o);
  }
  fclose(in);
}

#endif
