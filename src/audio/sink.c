/* Sink dispatch: picks a backend from the --audio value and forwards every call to its ops. */
#include "audio/sink.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <alsa/asoundlib.h>

#include "audio/sink_internal.h"
#include "util/error.h"

#define NO_DEVICE_NOTICE \
  "No sound device found: reading silently in real time. Use 'lector export' to make an " \
  "audio file."

uint64_t sink_now_ns(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

void sink_sleep_ns(uint64_t ns)
{
  struct timespec ts = { .tv_sec = (time_t)(ns / 1000000000u),
                         .tv_nsec = (long)(ns % 1000000000u) };
  while (nanosleep(&ts, &ts) == -1 && errno == EINTR)
    ;
}

static bool ends_with_wav(const char *spec)
{
  size_t n = strlen(spec);
  return n > 4 && strcasecmp(spec + n - 4, ".wav") == 0;
}

bool sink_spec_valid(const char *spec)
{
  return !strcmp(spec, "null") || !strcmp(spec, "device") || !strcmp(spec, "auto") ||
         ends_with_wav(spec);
}

int sink_open(const char *spec, const struct sink_options *opts, struct sink **out,
              char *notice, size_t notice_len)
{
  if (notice && notice_len)
    notice[0] = '\0';
  if (!spec || !opts || opts->sample_rate <= 0)
    return -EINVAL;
  struct sink *s = calloc(1, sizeof *s);
  if (!s)
    return -ENOMEM;
  s->sample_rate = opts->sample_rate;
  int rc;
  if (!strcmp(spec, "null")) {
    rc = sink_null_open(s, opts);
  } else if (!strcmp(spec, "device")) {
    rc = sink_device_open(s, opts);
  } else if (!strcmp(spec, "auto")) {
    rc = sink_device_open(s, opts);
    if (rc == LECTOR_ENODEVICE || rc == LECTOR_EAUDIO) {
      rc = sink_null_open(s, opts);
      if (rc == 0 && notice && notice_len)
        snprintf(notice, notice_len, "%s", NO_DEVICE_NOTICE);
    }
  } else if (ends_with_wav(spec)) {
    rc = sink_wav_open(s, opts, spec);
  } else {
    rc = -EINVAL;
  }
  if (rc < 0) {
    free(s);
    return rc;
  }
  *out = s;
  return 0;
}

int sink_write(struct sink *s, const int16_t *samples, size_t n)
{
  if (n == 0)
    return 0;
  return s->ops->write(s, samples, n);
}

size_t sink_writable(struct sink *s)
{
  return s->ops->writable(s);
}

void sink_drop(struct sink *s)
{
  s->ops->drop(s);
}

int sink_drain(struct sink *s)
{
  return s->ops->drain(s);
}

uint64_t sink_position(struct sink *s)
{
  return s->ops->position(s);
}

int sink_sample_rate(const struct sink *s)
{
  return s->sample_rate;
}

const char *sink_name(const struct sink *s)
{
  return s->ops->name;
}

int sink_close(struct sink *s)
{
  if (!s)
    return 0;
  int rc = s->ops->close(s);
  free(s);
  return rc;
}

/* ALSA calls this instead of printing to stderr. */
static void alsa_error_ignore(const char *file, int line, const char *function, int err,
                              const char *fmt, ...)
{
  (void)file;
  (void)line;
  (void)function;
  (void)err;
  (void)fmt;
}

void sink_silence_alsa_errors(void)
{
  snd_lib_error_set_handler(alsa_error_ignore);
}
