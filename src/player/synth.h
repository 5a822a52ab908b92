/* The player's synthesiser seam (like export_synth_ops in export/pipeline.h): the player thread
 * talks to a synthesiser through these operations only, so that its tests can run a fake one
 * (player/synth_fake.h) without espeak-ng. The real one, player_synth_espeak, wraps
 * speech/engine.h's tts_engine.
 *
 * Threads: create is called on the player thread, and every other operation on that same
 * thread (espeak-ng is not thread-safe). */
#ifndef LECTOR_PLAYER_SYNTH_H
#define LECTOR_PLAYER_SYNTH_H

#include <stddef.h>
#include <stdint.h>

#include "speech/engine.h"

struct speech_text;
struct voice_profile;

struct player_synth_ops {
  /* Creates the synthesiser (user: player_config.synth_user). Returns 0 or a negative code
   * (LECTOR_ETTS). */
  int (*create)(void *user, void **state);
  int (*sample_rate)(void *state);
  /* Voice, variant, speed, pitch, volume of a profile; LECTOR_EVOICE when it cannot be used. */
  int (*set_voice)(void *state, const struct voice_profile *voice);
  int (*set_speed)(void *state, int wpm);
  int (*set_volume)(void *state, int volume);
  /* Synthesises st, streaming samples to fn (which returns non-zero to abort: speak then
   * returns -ECANCELED). times (may be NULL) receives st->n_words increasing word times. */
  int (*speak)(void *state, const struct speech_text *st, tts_audio_fn fn, void *user,
               struct tts_word_time *times);
  /* While speak waits for audio, fd becoming readable aborts it (-ECANCELED) at once, rather
   * than at its next samples (-1: no such fd). May be NULL: speak aborts from fn only. */
  void (*set_cancel_fd)(void *state, int fd);
  /* The first max_samples of each item, the samples speak gives at its speed and volume (see
   * speech/engine.h's tts_engine_speak_ahead for fn), made in the background of reading
   * (audio made ahead, player/ahead.h). An item it cannot make ends at once, not made. fn
   * returning non-zero aborts it: -ECANCELED; so does the cancel fd. May be NULL: nothing is
   * made ahead (a sentence that was synthesised is still kept). */
  int (*speak_ahead)(void *state, const struct tts_ahead_item *items, size_t n,
                     size_t max_samples, tts_ahead_fn fn, void *user);
  /* The name of the voice speaking lang (a document lang field: 0 is the document's), for the
   * status line. May be NULL (nothing shown). */
  const char *(*voice_name)(void *state, unsigned lang);
  void (*free)(void *state);   /* NULL state allowed */
};

/* espeak-ng through tts_engine; user is the voice of each language (a const struct lang_voices
 * *, speech/lang_voices.h), or NULL: every language in the voice set. */
extern const struct player_synth_ops player_synth_espeak;

/* On the thread that will create player_synth_espeak (the reader's espeak-ng thread), before
 * the player starts: makes its engine with voice (a struct voice_profile) and forks the child
 * of the first sentence, while the caller opens the sound output. A job for engine_thread_post;
 * the voice must stay as it is until it ran. */
void player_synth_espeak_prepare(void *voice);
/* Frees the engine prepared and not taken (reading never started). The same thread's job. */
void player_synth_espeak_discard(void *unused);

#endif
