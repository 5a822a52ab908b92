/* The "device" sink: real playback through pcaudiolib (PulseAudio/PipeWire, else ALSA).
 *
 * audio_object_write() blocks until the sound server has room, so a writer thread of the sink
 * does it; the player thread only fills a small queue (QUEUE_MS) and never waits on the device.
 * sink_drop() empties the queue and flushes the device at once (espeak-ng itself flushes from
 * another thread than the one writing, so pcaudiolib allows it).
 *
 * Lock order: dev->lock only; it is never held across a pcaudiolib call.
 * position() counts samples handed to the device: it runs ahead of the loudspeaker by the
 * server's latency (tens of ms), which is close enough to mark the word being heard. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <pcaudiolib/audio.h>

#include "audio/sink_internal.h"
#include "util/error.h"

#define QUEUE_MS 100
#define CHUNK_MS 10

struct dev {
  /* Immutable after open. */
  struct audio_object *obj;   /* writer thread: write, drain; player thread: flush */
  size_t cap;                 /* samples the queue holds at most */
  size_t chunk;               /* samples per audio_object_write */
  pthread_t thread;

  pthread_mutex_t lock;
  pthread_cond_t cond;        /* broadcast on every change below */
  /* Under lock. */
  int16_t *ring;
  size_t head, queued;
  bool writing;               /* the writer thread is inside audio_object_write */
  bool quit;
  int error;                  /* first write error; returned by sink_write/sink_drain */

  /* Writer thread writes, anyone reads. */
  _Atomic uint64_t played;
};

static void *writer_main(void *arg)
{
  struct dev *d = arg;
  int16_t *buf = malloc(d->chunk * sizeof *buf);
  pthread_mutex_lock(&d->lock);
  while (buf) {
    while (d->queued == 0 && !d->quit)
      pthread_cond_wait(&d->cond, &d->lock);
    if (d->quit)
      break;
    size_t n = d->queued < d->chunk ? d->queued : d->chunk;
    for (size_t i = 0; i < n; i++)
      buf[i] = d->ring[(d->head + i) % d->cap];
    d->head = (d->head + n) % d->cap;
    d->queued -= n;
    d->writing = true;
    pthread_cond_broadcast(&d->cond);
    pthread_mutex_unlock(&d->lock);

    int rc = audio_object_write(d->obj, buf, n * sizeof *buf);

    pthread_mutex_lock(&d->lock);
    d->writing = false;
    atomic_fetch_add(&d->played, n);
    if (rc != 0 && d->error == 0)
      d->error = LECTOR_EAUDIO;
    pthread_cond_broadcast(&d->cond);
  }
  if (!buf && d->error == 0)
    d->error = -ENOMEM;
  pthread_mutex_unlock(&d->lock);
  free(buf);
  return NULL;
}

static int dev_write(struct sink *s, const int16_t *samples, size_t n)
{
  struct dev *d = s->priv;
  pthread_mutex_lock(&d->lock);
  while (n > 0 && d->error == 0) {
    while (d->queued == d->cap && d->error == 0)
      pthread_cond_wait(&d->cond, &d->lock);
    size_t space = d->cap - d->queued;
    size_t part = n < space ? n : space;
    size_t tail = (d->head + d->queued) % d->cap;
    for (size_t i = 0; i < part; i++)
      d->ring[(tail + i) % d->cap] = samples[i];
    d->queued += part;
    samples += part;
    n -= part;
    pthread_cond_broadcast(&d->cond);
  }
  int rc = d->error;
  pthread_mutex_unlock(&d->lock);
  return rc;
}

static size_t dev_writable(struct sink *s)
{
  struct dev *d = s->priv;
  pthread_mutex_lock(&d->lock);
  size_t space = d->cap - d->queued;
  pthread_mutex_unlock(&d->lock);
  return space;
}

static void dev_drop(struct sink *s)
{
  struct dev *d = s->priv;
  pthread_mutex_lock(&d->lock);
  d->queued = 0;
  d->head = 0;
  pthread_mutex_unlock(&d->lock);
  audio_object_flush(d->obj);
}

static int dev_drain(struct sink *s)
{
  struct dev *d = s->priv;
  pthread_mutex_lock(&d->lock);
  while ((d->queued > 0 || d->writing) && d->error == 0)
    pthread_cond_wait(&d->cond, &d->lock);
  int rc = d->error;
  pthread_mutex_unlock(&d->lock);
  if (rc == 0 && audio_object_drain(d->obj) != 0)
    rc = LECTOR_EAUDIO;
  return rc;
}

static uint64_t dev_position(struct sink *s)
{
  struct dev *d = s->priv;
  return atomic_load(&d->played);
}

/* Everything but the writer thread, which is joined first (or never started). */
static void dev_free(struct dev *d)
{
  audio_object_close(d->obj);
  audio_object_destroy(d->obj);
  pthread_cond_destroy(&d->cond);
  pthread_mutex_destroy(&d->lock);
  free(d->ring);
  free(d);
}

static int dev_close(struct sink *s)
{
  struct dev *d = s->priv;
  pthread_mutex_lock(&d->lock);
  d->quit = true;
  d->queued = 0;
  pthread_cond_broadcast(&d->cond);
  pthread_mutex_unlock(&d->lock);
  audio_object_flush(d->obj);   /* cuts short a write in progress */
  pthread_join(d->thread, NULL);
  dev_free(d);
  return 0;   /* nothing is kept: what was not heard is gone anyway */
}

static const struct sink_ops device_ops = {
  .name = "device",
  .write = dev_write,
  .writable = dev_writable,
  .drop = dev_drop,
  .drain = dev_drain,
  .position = dev_position,
  .close = dev_close,
};

/* Opens the device with stderr pointed at /dev/null: the PulseAudio client library and ALSA's
 * configuration code print diagnostics when there is no server or card, and those would land on
 * the user's terminal. It takes milliseconds, before the UI starts. */
static struct audio_object *open_device_quietly(int rate)
{
  int saved = -1;
  int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (null_fd >= 0) {
    saved = fcntl(STDERR_FILENO, F_DUPFD_CLOEXEC, 3);
    if (saved >= 0)
      dup2(null_fd, STDERR_FILENO);
    close(null_fd);
  }
  struct audio_object *obj = create_audio_device_object(NULL, "lector", "lector");
  if (obj && audio_object_open(obj, AUDIO_OBJECT_FORMAT_S16LE, (uint32_t)rate, 1) != 0) {
    audio_object_destroy(obj);
    obj = NULL;
  }
  if (saved >= 0) {
    dup2(saved, STDERR_FILENO);
    close(saved);
  }
  return obj;
}

int sink_device_open(struct sink *s, const struct sink_options *opts)
{
  sink_silence_alsa_errors();
  struct dev *d = calloc(1, sizeof *d);
  if (!d)
    return -ENOMEM;
  d->cap = (size_t)opts->sample_rate * QUEUE_MS / 1000;
  d->chunk = (size_t)opts->sample_rate * CHUNK_MS / 1000;
  if (d->chunk == 0)
    d->chunk = 1;
  if (d->cap < d->chunk)
    d->cap = d->chunk;
  d->ring = malloc(d->cap * sizeof *d->ring);
  if (!d->ring) {
    free(d);
    return -ENOMEM;
  }
  d->obj = open_device_quietly(opts->sample_rate);
  if (!d->obj) {
    free(d->ring);
    free(d);
    return LECTOR_ENODEVICE;
  }
  pthread_mutex_init(&d->lock, NULL);
  pthread_cond_init(&d->cond, NULL);
  int rc = pthread_create(&d->thread, NULL, writer_main, d);
  if (rc != 0) {
    dev_free(d);
    return -rc;
  }
  s->priv = d;
  s->ops = &device_ops;
  return 0;
}
