/* A sink for tests whose clock the test drives: nothing is played until the test calls
 * sink_fake_play(), so "how much has been heard" is a number the test chooses, never a
 * wall-clock window. It holds at most `capacity` samples queued (sink_writable() says how many
 * more it takes, like a device's buffer), keeps everything played (the audio heard) and can be
 * told to fail (a full disk, a lost device).
 *
 * Threads: the player thread writes, drops and drains; the test plays, reads what was heard and
 * sets failures; sink_position() from any thread. */
#ifndef LECTOR_AUDIO_SINK_FAKE_H
#define LECTOR_AUDIO_SINK_FAKE_H

#include <stddef.h>
#include <stdint.h>

struct sink;

/* Opens the fake (capacity 0: unlimited). Closed with sink_close(). Returns 0 or -ENOMEM. */
int sink_fake_open(int sample_rate, size_t capacity, struct sink **out);
/* Plays up to n queued samples (the clock moves on by that much); returns how many. */
size_t sink_fake_play(struct sink *s, size_t n);
/* Samples queued and not yet played. */
size_t sink_fake_queued(struct sink *s);
/* Everything played so far, in order; borrowed, valid until the next sink_fake_play(). */
const int16_t *sink_fake_heard(struct sink *s, size_t *n);
/* From now on writes and drain fail with rc (0: they succeed again). */
void sink_fake_fail(struct sink *s, int rc);

#endif
