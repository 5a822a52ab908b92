/* The fake synthesiser of the player's tests (see synth_fake.h). */
#include "player/synth_fake.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "speech/reading_rules.h"
#include "speech/voice.h"
#include "text/speech_text.h"
#include "util/error.h"

#define CHUNK 100   /* samples passed to the callback at a time, like a streaming engine */

struct fake_state {
  struct synth_fake *fake;
  int rate;
  char voice[64];
  int wpm, volume;
  bool ahead;      /* speak is called by speak_ahead */
};

size_t synth_fake_word_samples(int rate, int wpm)
{
  return (size_t)rate * 60 / (size_t)(wpm > 0 ? wpm : 1);
}

static int fake_create(void *user, void **state)
{
  struct fake_state *s = calloc(1, sizeof *s);
  if (!s)
    return -ENOMEM;
  s->fake = user;
  s->rate = s->fake->sample_rate > 0 ? s->fake->sample_rate : SYNTH_FAKE_RATE;
  snprintf(s->voice, sizeof s->voice, "default");
  s->wpm = 175;
  s->volume = 100;
  *state = s;
  return 0;
}

static int fake_sample_rate(void *state)
{
  return ((struct fake_state *)state)->rate;
}

static int fake_set_voice(void *state, const struct voice_profile *voice)
{
  struct fake_state *s = state;
  if (!strncmp(voice->espeak_voice, "zz", 2))
    return LECTOR_EVOICE;
  snprintf(s->voice, sizeof s->voice, "%s", voice->name);
  s->wpm = reading_clamp(voice->speed, READING_SPEED_MIN, READING_SPEED_MAX);
  s->volume = reading_clamp(voice->volume, READING_VOLUME_MIN, READING_VOLUME_MAX);
  return 0;
}

static int fake_set_speed(void *state, int wpm)
{
  ((struct fake_state *)state)->wpm = wpm;
  return 0;
}

static int fake_set_volume(void *state, int volume)
{
  ((struct fake_state *)state)->volume = volume;
  return 0;
}

static struct synth_fake_call *record(struct fake_state *s, const struct speech_text *st)
{
  struct synth_fake *f = s->fake;
  if (f->n_calls++ >= SYNTH_FAKE_MAX_CALLS)
    return NULL;
  struct synth_fake_call *c = &f->calls[f->n_calls - 1];
  snprintf(c->text, sizeof c->text, "%s", st->text ? st->text : "");
  snprintf(c->voice, sizeof c->voice, "%s", s->voice);
  c->wpm = s->wpm;
  c->volume = s->volume;
  c->completed = false;
  c->ahead = s->ahead;
  return c;
}

static int fake_speak(void *state, const struct speech_text *st, tts_audio_fn fn, void *user,
                      struct tts_word_time *times)
{
  struct fake_state *s = state;
  struct synth_fake_call *call = record(s, st);
  size_t per_word = synth_fake_word_samples(s->rate, s->wpm);
  size_t words = st->n_words ? st->n_words : 1, total = words * per_word;
  if (times)
    for (size_t k = 0; k < st->n_words; k++)
      times[k] = (struct tts_word_time){ k * per_word, (k + 1) * per_word };
  unsigned hash = (2166136261u ^ (unsigned)s->wpm) * 16777619u;   /* FNV-1a of the speed and */
  for (const char *c = st->text ? st->text : ""; *c; c++)         /* text: each sounds its own */
    hash = (hash ^ (unsigned char)*c) * 16777619u;
  int16_t buf[CHUNK];
  size_t index = s->fake->n_calls - 1;
  for (size_t done = 0; done < total;) {
    if (s->fake->during)
      s->fake->during(s->fake->during_user, index, done);
    size_t n = total - done < CHUNK ? total - done : CHUNK;
    for (size_t i = 0; i < n; i++)
      buf[i] = (int16_t)((long)((hash + (done + i) * 31u) % 2000u + 1) * s->volume / 100);
    if (fn(user, buf, n) != 0)
      return -ECANCELED;
    done += n;
  }
  if (call)
    call->completed = true;
  return 0;
}

struct fake_ahead {
  tts_ahead_fn fn;
  void *user;
  size_t item, left;
  bool aborted;
};

static int fake_ahead_audio(void *user, const int16_t *samples, size_t n)
{
  struct fake_ahead *fa = user;
  size_t take = n < fa->left ? n : fa->left;
  if (take && fa->fn(fa->user, fa->item, samples, take)) {
    fa->aborted = true;
    return 1;
  }
  fa->left -= take;
  return fa->left == 0;
}

/* Each item as speak says it, at its speed and volume, up to max_samples. */
static int fake_speak_ahead(void *state, const struct tts_ahead_item *items, size_t n,
                            size_t max_samples, tts_ahead_fn fn, void *user)
{
  struct fake_state *s = state;
  int wpm = s->wpm, volume = s->volume, rc = 0;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    s->wpm = items[i].wpm;
    s->volume = items[i].volume;
    struct fake_ahead fa = { fn, user, i, max_samples, false };
    s->ahead = true;
    rc = fake_speak(s, items[i].st, fake_ahead_audio, &fa, NULL);
    s->ahead = false;
    if (rc == -ECANCELED && !fa.aborted)
      rc = 0;   /* stopped at max_samples */
    if (rc == 0 && fn(user, i, NULL, 1))
      rc = -ECANCELED;
  }
  s->wpm = wpm;
  s->volume = volume;
  return rc;
}

static void fake_free(void *state)
{
  free(state);
}

const struct player_synth_ops synth_fake_ops = {
  .create = fake_create,
  .sample_rate = fake_sample_rate,
  .set_voice = fake_set_voice,
  .set_speed = fake_set_speed,
  .set_volume = fake_set_volume,
  .speak = fake_speak,
  .speak_ahead = fake_speak_ahead,
  .free = fake_free,
};
