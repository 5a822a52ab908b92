/* The real synthesiser of the player: speech/engine.h's tts_engine behind player_synth_ops,
 * each sentence spoken in the voices of its languages (speech/lang_voices.h). */
#include "player/synth.h"

#include <errno.h>
#include <stdlib.h>

#include "speech/lang_voices.h"

struct espeak_synth {
  struct tts_engine *engine;
  const struct lang_voices *langs;  /* borrowed; may be NULL */
};

static int espeak_create(void *user, void **state)
{
  struct espeak_synth *s = calloc(1, sizeof *s);
  *state = s;
  if (!s)
    return -ENOMEM;
  s->langs = user;
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
  .voice_name = espeak_voice_name,
  .free = espeak_free,
};
