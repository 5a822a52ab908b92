/* The espeak-ng wrapper: synchronous synthesis, one sentence per call, streaming PCM.
 *
 * espeak-ng keeps global state and is not thread-safe: one engine per process, and only the
 * thread that created it may call it.
 *
 * Each sentence is synthesised in a short-lived child process forked from the engine's process
 * (see engine.c for why: determinism). Other threads may keep running meanwhile, but none may
 * call rand()/srand() (its lock does not survive fork). */
#ifndef LECTOR_SPEECH_ENGINE_H
#define LECTOR_SPEECH_ENGINE_H

#include <stddef.h>
#include <stdint.h>

struct speech_text;
struct voice_profile;
struct tts_engine;

/* Receives PCM (mono, 16-bit, tts_engine_sample_rate()) as it is synthesised.
 * Return non-zero to abort the sentence at once. */
typedef int (*tts_audio_fn)(void *user, const int16_t *samples, size_t n);

/* Start and end of one speech_word, in samples from the sentence's first sample. */
struct tts_word_time {
  uint64_t start, end;
};

/* Initialises espeak-ng for this process (once; it is never terminated, see engine.c) and returns
 * its sample rate, or LECTOR_ETTS. Called by tts_engine_new and by voice.c to list voices. */
int tts_espeak_init(void);

/* Selects the espeak-ng voice of a profile (name + variant, or language via
 * espeak_SetVoiceByProperties) without touching the other parameters. LECTOR_EVOICE when
 * espeak-ng does not know it. Same thread rules as the engine. */
int tts_engine_select_voice(const struct voice_profile *voice);

/* Creates the engine with the built-in default voice. Only the calling thread may use it. */
int tts_engine_new(struct tts_engine **out);
void tts_engine_free(struct tts_engine *engine);
int tts_engine_sample_rate(const struct tts_engine *engine);

/* Applies voice, variant, speed, pitch, range, volume and word gap. LECTOR_EVOICE if espeak-ng
 * does not know the voice or language. */
int tts_engine_set_voice(struct tts_engine *engine, const struct voice_profile *voice);
/* Changes only the speed (words per minute), effective from the next call to speak. */
int tts_engine_set_speed(struct tts_engine *engine, int wpm);
int tts_engine_set_volume(struct tts_engine *engine, int volume);

/* Synthesises st, passing audio to fn. When times is not NULL it receives st->n_words entries:
 * every word gets increasing start/end times, interpolated where espeak-ng gives no event.
 * *n_samples (may be NULL) receives the number of samples passed to fn.
 * Returns 0, -ECANCELED when fn aborted, or LECTOR_ETTS.
 * The same text, voice and speed always produce the same samples, whatever came before. */
int tts_engine_speak(struct tts_engine *engine, const struct speech_text *st, tts_audio_fn fn,
                     void *user, struct tts_word_time *times, uint64_t *n_samples);

#endif
