/* A synthesiser for the player's tests (the player_synth_ops seam, see player/synth.h): no
 * espeak-ng, deterministic samples, and a record of everything it was asked to say.
 *
 * Audio: every word of a speech text lasts synth_fake_word_samples(rate, wpm) samples (a text
 * without words lasts one word); word k starts at k times that. Sample i of a text is a function
 * of the text, the speed, i and the volume only, never 0 at a volume above 0, so a recording shows which
 * text was heard and where it was cut. A profile whose espeak_voice starts with "zz" is refused
 * (LECTOR_EVOICE), as espeak-ng refuses a voice it does not know. speak_ahead makes each item
 * with speak, at the item's speed and volume, stopping at its limit. */
#ifndef LECTOR_PLAYER_SYNTH_FAKE_H
#define LECTOR_PLAYER_SYNTH_FAKE_H

#include <stdbool.h>
#include <stddef.h>

#include "player/synth.h"

#define SYNTH_FAKE_RATE 8000        /* sample rate when synth_fake.sample_rate is 0 */
#define SYNTH_FAKE_MAX_CALLS 256

/* One call of speak: what was asked, and whether it ran to its end (not aborted). */
struct synth_fake_call {
  char text[200];
  char voice[64];
  int wpm, volume;
  bool completed;
  bool ahead;         /* made ahead (speak_ahead): only its first samples were asked for */
};

/* The test's side (player_config.synth_user). The calls are written by the player thread; read
 * them once the player is idle (player_wait_idle orders the accesses). */
struct synth_fake {
  int sample_rate;                 /* set by the test; 0: SYNTH_FAKE_RATE */
  /* Called by speak before each block of samples it passes on (on the player thread), with the
   * index of the call and the samples of it passed so far: a test sends a command there to land
   * in the middle of a synthesis, deterministically. May be NULL. */
  void (*during)(void *user, size_t call, size_t done);
  void *during_user;
  size_t n_calls;                  /* may exceed SYNTH_FAKE_MAX_CALLS; the rest are not kept */
  struct synth_fake_call calls[SYNTH_FAKE_MAX_CALLS];
};

extern const struct player_synth_ops synth_fake_ops;

/* Samples per word at wpm. */
size_t synth_fake_word_samples(int rate, int wpm);

#endif
