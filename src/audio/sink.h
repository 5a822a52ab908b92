/* Audio sinks: where the player's PCM goes. The player never knows which one it talks to.
 *
 *   device  real playback through pcaudiolib (PulseAudio/PipeWire, ALSA)
 *   null    a fake device that consumes audio in real time (or at once, when untimed)
 *   wav     records exactly what would have been played to a WAV file, paced like null
 *
 * All calls come from the player thread, except sink_position() which any thread may call. */
#ifndef LECTOR_AUDIO_SINK_H
#define LECTOR_AUDIO_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct sink;

struct sink_options {
  int sample_rate;      /* of the PCM that will be written (mono, 16-bit) */
  bool untimed;         /* null/wav: consume at once instead of in real time (tests) */
  bool force;           /* wav: replace an existing file (never one that is not a regular file) */
};

/* Whether spec is an --audio value sink_open knows (checked with the other options, so that a
 * typo is a usage error before anything starts). */
bool sink_spec_valid(const char *spec);

/* Opens a sink from an --audio value: "auto", "device", "null" or a path ending in .wav.
 * "auto" falls back to null when no device can be opened and writes a one-line reason into
 * notice ("No sound device found: reading silently in real time. Use 'lector export' to make
 * an audio file."); notice is "" otherwise. Nothing is printed on stderr while the device is
 * tried (ALSA and PulseAudio client noise is swallowed). Errors: LECTOR_ENODEVICE (for "device"), -EINVAL for an
 * unknown spec, negative errno for the wav file: -EEXIST when it exists and !force (nothing is
 * touched), LECTOR_ENOTSEEKABLE for a FIFO or device. The recording is written beside the target
 * and lands when the sink closes. */
int sink_open(const char *spec, const struct sink_options *opts, struct sink **out,
              char *notice, size_t notice_len);

/* Queues n samples; blocks while the sink's queue is full (at most ~100 ms of audio queued
 * in a device or paced sink). Returns 0 or a negative code. */
int sink_write(struct sink *s, const int16_t *samples, size_t n);
/* Samples that sink_write() would take now without blocking (SIZE_MAX when untimed). The player
 * waits on its own command queue instead of blocking in sink_write(), so a skip is never held up
 * behind a full sink. */
size_t sink_writable(struct sink *s);
/* Throws away queued audio that has not been played yet (a skip). */
void sink_drop(struct sink *s);
/* Waits until everything queued has been played. */
int sink_drain(struct sink *s);
/* Samples played so far (monotonic; drop does not rewind it). Thread-safe. */
uint64_t sink_position(struct sink *s);
/* The sample rate given to sink_open(). */
int sink_sample_rate(const struct sink *s);
/* "device", "null" or "wav". */
const char *sink_name(const struct sink *s);
/* Drains nothing: stops, finalises any file, frees. NULL is allowed. Returns 0, or for a
 * recording an error no write or drain reported yet (the last audio heard, or the file's
 * closing, failed): the file is then incomplete. */
int sink_close(struct sink *s);

/* Silences ALSA's error printing (it would scribble over the control panel). Call once, before
 * curses starts. */
void sink_silence_alsa_errors(void);

#endif
