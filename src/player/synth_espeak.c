/* The real synthesiser of the player: speech/engine.h's tts_engine behind player_synth_ops. */
#include "player/synth.h"

static int espeak_create(void *user, void **state)
{
  (void)user;
  struct tts_engine *e = NULL;
  int rc = tts_engine_new(&e);
  *state = e;
  return rc;
}

static int espeak_sample_rate(void *state)
{
  return tts_engine_sample_rate(state);
}

static int espeak_set_voice(void *state, const struct voice_profile *voice)
{
  return tts_engine_set_voice(state, voice);
}

static int espeak_set_speed(void *state, int wpm)
{
  return tts_engine_set_speed(state, wpm);
}

static int espeak_set_volume(void *state, int volume)
{
  return tts_engine_set_volume(state, volume);
}

static int espeak_speak(void *state, const struct speech_text *st, tts_audio_fn fn, void *user,
                        struct tts_word_time *times)
{
  return tts_engine_speak(state, st, fn, user, times, NULL);
}

static void espeak_free(void *state)
{
  tts_engine_free(state);
}

const struct player_synth_ops player_synth_espeak = {
  .create = espeak_create,
  .sample_rate = espeak_sample_rate,
  .set_voice = espeak_set_voice,
  .set_speed = espeak_set_speed,
  .set_volume = espeak_set_volume,
  .speak = espeak_speak,
  .free = espeak_free,
};
