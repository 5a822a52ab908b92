/* Private to src/audio: the backend interface behind struct sink (cmus's output plugins, mpv's
 * ao driver struct). sink.c dispatches every public call through ops. */
#ifndef LECTOR_AUDIO_SINK_INTERNAL_H
#define LECTOR_AUDIO_SINK_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "audio/sink.h"

struct sink_ops {
  const char *name;
  int (*write)(struct sink *s, const int16_t *samples, size_t n);
  size_t (*writable)(struct sink *s);
  void (*drop)(struct sink *s);
  int (*drain)(struct sink *s);
  uint64_t (*position)(struct sink *s);   /* any thread */
  int (*close)(struct sink *s);           /* frees priv, not s; a recording's unreported error */
};

struct sink {
  const struct sink_ops *ops;
  void *priv;
  int sample_rate;
};

/* The simulated device behind "null" and "wav". record (may be NULL) receives the samples at
 * the moment the simulated clock plays them; finish (may be NULL) is called once by close, with the
 * recording error no write reported (or 0). */
typedef int (*sink_record_fn)(void *user, const int16_t *samples, size_t n);
typedef int (*sink_finish_fn)(void *user, int error);
int sink_sim_open(struct sink *s, const struct sink_options *opts, sink_record_fn record,
                  sink_finish_fn finish, void *user);

int sink_null_open(struct sink *s, const struct sink_options *opts);
int sink_wav_open(struct sink *s, const struct sink_options *opts, const char *path);
/* LECTOR_ENODEVICE when there is no device (nothing printed on stderr). */
int sink_device_open(struct sink *s, const struct sink_options *opts);

/* Monotonic clock in nanoseconds. */
uint64_t sink_now_ns(void);
/* Sleeps ns nanoseconds (restarting on EINTR). */
void sink_sleep_ns(uint64_t ns);

#endif
