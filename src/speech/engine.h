/* The espeak-ng wrapper: synchronous synthesis, one sentence per call, streaming PCM.
 *
 * espeak-ng keeps global state and is not thread-safe: one engine per process, and only the
 * thread that created it may call it.
 *
 * By default each sentence is synthesised in a short-lived child process forked from the
 * engine's process (see engine.c for why: determinism); see tts_engine_set_isolation. Other
 * threads may keep running meanwhile, but none may call rand()/srand() (its lock does not
 * survive fork). */
#ifndef LECTOR_SPEECH_ENGINE_H
#define LECTOR_SPEECH_ENGINE_H

#include <stdbool.h>
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
 * its sample rate, or LECTOR_ETTS. The calling thread becomes the one thread of this process
 * that may call espeak-ng: tts_engine_new calls it (the reader's espeak-ng thread, which
 * becomes its player thread: engine_thread.h; an export worker), and so do the listings of
 * `lector voices` (espeak_voices.h). Resolving a voice never calls it in the calling thread
 * (voice_resolve.h asks a child process or that thread instead). */
int tts_espeak_init(void);

/* True once this process has initialised espeak-ng (tts_espeak_init succeeded). For tests of
 * the one-thread rule: the reader's main thread must resolve voices without it. */
bool tts_espeak_started(void);

/* Creates the engine with the built-in default voice. Only the calling thread may use it. */
int tts_engine_new(struct tts_engine **out);
void tts_engine_free(struct tts_engine *engine);
int tts_engine_sample_rate(const struct tts_engine *engine);

/* Applies voice, variant, speed, pitch, range, volume and word gap. LECTOR_EVOICE if espeak-ng
 * does not know the voice or language. The voice this engine set last, with espeak-ng as it
 * left it, only takes the speed and volume: the child forked ahead stays good. */
int tts_engine_set_voice(struct tts_engine *engine, const struct voice_profile *voice);
/* TTS_ISOLATE_SENTENCE: forks now the child the next sentence will be spoken in, rather than
 * when the sentence is asked for (the reader's first sentence: while the rest starts). */
void tts_engine_fork_ahead(struct tts_engine *engine);
/* Selects the espeak-ng voice id ("roa/fr", as lang_voices.h resolves it) with the variant of
 * the voice set, keeping speed, pitch, range, volume and word gap; NULL or "": the voice set
 * again. Costs nothing when that voice is selected already. LECTOR_EVOICE when espeak-ng has no
 * such voice. */
int tts_engine_use_voice(struct tts_engine *engine, const char *id);
/* How many sentences a synthesis child forked ahead (while the one before played) spoke, with
 * TTS_ISOLATE_SENTENCE: the others waited for a fork (the first, and after a change of voice or
 * an abort). For tests and measurements. */
uint64_t tts_engine_spares_used(const struct tts_engine *engine);
/* espeak-ng's name of the voice set ("German", "English (Great Britain)"). */
const char *tts_engine_voice_name(const struct tts_engine *engine);
/* Changes only the speed (words per minute), effective from the next call to speak. */
int tts_engine_set_speed(struct tts_engine *engine, int wpm);
int tts_engine_set_volume(struct tts_engine *engine, int volume);

/* With TTS_ISOLATE_SENTENCE: while a call to tts_engine_speak waits for its child, fd becoming
 * readable aborts it (-ECANCELED), as fn returning non-zero would, without waiting for the
 * child's next samples (espeak-ng translates a clause for milliseconds before the first). The
 * caller drains fd. -1 (the default): none. */
void tts_engine_set_cancel_fd(struct tts_engine *engine, int fd);

/* Made ahead: the first samples of a text at a speed and volume (tts_engine_speak_ahead). */
struct tts_ahead_item {
  const struct speech_text *st;
  int wpm, volume;
};
/* Receives item's samples; at the end of the item, samples NULL and n 1 when it was made (its
 * samples are the ones tts_engine_speak gives), 0 when it failed (forget them). Returns
 * non-zero to abort. */
typedef int (*tts_ahead_fn)(void *user, size_t item, const int16_t *samples, size_t n);
/* With TTS_ISOLATE_SENTENCE: the first max_samples of each item (all of it when shorter), one
 * after the other, in the voice set, the samples tts_engine_speak would give at the item's
 * speed and volume. They are made in one child (a grandchild each), so that the caller forks
 * once for all of them (a fork copies the process's page tables: ~1 ms, 10-30 on a busy
 * machine, that a key would wait). The cancel fd aborts it too. Returns 0, -ECANCELED,
 * -ENOTSUP (TTS_ISOLATE_NONE) or LECTOR_ETTS. */
int tts_engine_speak_ahead(struct tts_engine *engine, const struct tts_ahead_item *items,
                           size_t n, size_t max_samples, tts_ahead_fn fn, void *user);

/* Where each call to tts_engine_speak runs.
 * TTS_ISOLATE_SENTENCE (the default): in a child forked from the engine's pristine state, so
 *   every sentence sounds the same whatever came before (see engine.c); the calling process
 *   never synthesises.
 * TTS_ISOLATE_NONE: in the calling process, without a fork per sentence (faster: for a long
 *   run of sentences). espeak-ng then carries state from one sentence to the next, so the
 *   samples of a sentence depend on those synthesised before it in the same process. The
 *   caller provides the isolation: e.g. it forks a child per run of sentences from a process
 *   that has applied the voice and never synthesised, so that the same run always gives the
 *   same samples. Switching to it reseeds rand() (see engine.c) so that such children start
 *   alike. */
enum tts_isolation {
  TTS_ISOLATE_SENTENCE,
  TTS_ISOLATE_NONE,
};
void tts_engine_set_isolation(struct tts_engine *engine, enum tts_isolation mode);

/* Synthesises st, passing audio to fn. When times is not NULL it receives st->n_words entries:
 * every word gets increasing start/end times, interpolated where espeak-ng gives no event.
 * *n_samples (may be NULL) receives the number of samples passed to fn.
 * Returns 0, -ECANCELED when fn aborted, or LECTOR_ETTS.
 * With TTS_ISOLATE_SENTENCE, the same text, voice and speed always produce the same samples,
 * whatever came before. */
int tts_engine_speak(struct tts_engine *engine, const struct speech_text *st, tts_audio_fn fn,
                     void *user, struct tts_word_time *times, uint64_t *n_samples);

#endif
