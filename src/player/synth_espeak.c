/* The real synthesiser of the player: speech/engine.h's tts_engine behind player_synth_ops,
 * each sentence spoken in the voices of its languages (speech/lang_voices.h). */
#include "player/synth.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "speech/lang_voices.h"
#include "text/speech_text.h"
#include "util/error.h"

struct espeak_synth {
  struct tts_engine *engine;
  const struct lang_voices *langs;  /* borrowed; may be NULL */
};

/* The engine player_synth_espeak_prepare made: the next create on this thread takes it. */
static struct tts_engine *prepared;

void player_synth_espeak_prepare(void *voice)
{
  if (prepared)
    return;
  struct tts_engine *e = NULL;
  if (tts_engine_new(&e) == 0 && tts_engine_set_voice(e, voice) == 0) {
    tts_engine_fork_ahead(e);
    prepared = e;
  } else {
    tts_engine_free(e);
  }
}

void player_synth_espeak_discard(void *unused)
{
  (void)unused;
  tts_engine_free(prepared);
  prepared = NULL;
}

static int espeak_create(void *user, void **state)
{
  struct espeak_synth *s = calloc(1, sizeof *s);
  *state = s;
  if (!s)
    return -ENOMEM;
  s->langs = user;
  if (prepared) {
    s->engine = prepared;
    prepared = NULL;
    return 0;
  }
  return tts_engine_new(&s->engine);
}

static int espeak_sample_rate(void *state)
{
  return tts_engine_sample_rate(((struct espeak_synth *)state)->engine);
}

static int espeak_set_voice(void *state, const struct voice_profile *voice)
{
  return tts_engine_set_voice(((struct espeak_synth *)state)->engine, voice);
}

static int espeak_set_speed(void *state, int wpm)
{
  return tts_engine_set_speed(((struct espeak_synth *)state)->engine, wpm);
}

static int espeak_set_volume(void *state, int volume)
{
  return tts_engine_set_volume(((struct espeak_synth *)state)->engine, volume);
}

static int espeak_speak(void *state, const struct speech_text *st, tts_audio_fn fn, void *user,
                        struct tts_word_time *times)
{
  struct espeak_synth *s = state;
  return lang_voices_speak(s->engine, s->langs, st, fn, user, times, NULL);
}

/* The voice id (lang_voices.h) that speaks every word of st, or NULL when it takes several. */
static const char *single_voice(const struct lang_voices *langs, const struct speech_text *st)
{
  const char *voice = NULL;
  for (size_t i = 0; i < st->n_words; i++) {
    const struct lang_voice *v = lang_voices_for(langs, st->words[i].lang);
    const char *id = v ? v->id : "";
    if (voice && strcmp(id, voice) != 0)
      return NULL;
    voice = id;
  }
  return voice ? voice : "";
}

/* The items of one batch: those spoken in the first one's voice. */
struct batch {
  struct tts_ahead_item *items;
  size_t *index;       /* of each in the caller's items */
  size_t n;
  tts_ahead_fn fn;
  void *user;
};

static int batch_audio(void *user, size_t item, const int16_t *samples, size_t n)
{
  struct batch *b = user;
  return b->fn(b->user, b->index[item], samples, n);
}

/* Made ahead in one batch: the items in one voice (a sentence in several, or in another
 * language than the first's, is not made ahead: its key synthesises it as usual). */
static int espeak_speak_ahead(void *state, const struct tts_ahead_item *items, size_t n,
                              size_t max_samples, tts_ahead_fn fn, void *user)
{
  struct espeak_synth *s = state;
  struct batch b = { .items = malloc(n * sizeof *b.items), .index = malloc(n * sizeof *b.index),
                     .fn = fn, .user = user };
  int rc = b.items && b.index ? 0 : -ENOMEM;
  const char *voice = NULL;
  for (size_t i = 0; rc == 0 && i < n; i++) {
    const char *v = single_voice(s->langs, items[i].st);
    if (v && (!voice || strcmp(v, voice) == 0)) {
      voice = v;
      b.items[b.n] = items[i];
      b.index[b.n++] = i;
    } else if (fn(user, i, NULL, 0)) {
      rc = -ECANCELED;
    }
  }
  if (rc == 0 && b.n > 0) {   /* as lang_voices_speak selects it */
    rc = tts_engine_use_voice(s->engine, voice);
    if (rc == LECTOR_EVOICE && *voice)
      rc = tts_engine_use_voice(s->engine, NULL);
  }
  if (rc == 0 && b.n > 0)
    rc = tts_engine_speak_ahead(s->engine, b.items, b.n, max_samples, batch_audio, &b);
  free(b.items);
  free(b.index);
  return rc;
}

static void espeak_set_cancel_fd(void *state, int fd)
{
  tts_engine_set_cancel_fd(((struct espeak_synth *)state)->engine, fd);
}

static const char *espeak_voice_name(void *state, unsigned lang)
{
  struct espeak_synth *s = state;
  const struct lang_voice *v = lang_voices_for(s->langs, lang);
  return v && v->id[0] ? v->name : tts_engine_voice_name(s->engine);
}

static void espeak_free(void *state)
{
  struct espeak_synth *s = state;
  if (!s)
    return;
  if (s->engine)
    tts_engine_free(s->engine);
  free(s);
}

const struct player_synth_ops player_synth_espeak = {
  .create = espeak_create,
  .sample_rate = espeak_sample_rate,
  .set_voice = espeak_set_voice,
  .set_speed = espeak_set_speed,
  .set_volume = espeak_set_volume,
  .speak = espeak_speak,
  .set_cancel_fd = espeak_set_cancel_fd,
  .speak_ahead = espeak_speak_ahead,
  .voice_name = espeak_voice_name,
  .free = espeak_free,
};
