/* The simulated device behind "null" and "wav" (mpv's ao_null): a queue of at most QUEUE_MS of
 * audio that a clock drains in real time from the monotonic wall clock, or at once when
 * untimed. A recorder (the wav sink) receives samples at the moment the clock plays them, so a
 * recording holds exactly what was heard: sink_drop() throws the unplayed part away unrecorded.
 *
 * The clock: while audio is queued, the device has played (now - t_ref) * rate samples since
 * t_ref. When the queue runs dry the device stops; the next write restarts it (t_ref = now).
 *
 * Threads: the player thread makes every call but position(); position() may come from any
 * thread, so all state is under lock. The recorder is called with lock held (it only writes a
 * file). */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "audio/sink_internal.h"

#define QUEUE_MS 100

struct sim {
  /* Immutable after open. */
  int rate;
  bool untimed;
  size_t cap;                 /* samples the queue holds at most */
  sink_record_fn record;      /* may be NULL: nothing kept (null sink) */
  sink_finish_fn finish;
  void *user;

  pthread_mutex_t lock;
  /* Under lock. */
  int16_t *ring;              /* cap samples; only allocated when recording */
  size_t head;                /* index of the oldest queued sample in ring */
  size_t queued;              /* samples written and not yet played */
  uint64_t t_ref;             /* ns: when the current run of playing started */
  uint64_t consumed;          /* samples played since t_ref */
  uint64_t played;            /* samples played since open */
  int record_error;           /* first error from record, returned once by write/drain: the
                                 player then stops, and the user may free space and try again */
  bool record_stopped;        /* an error was returned: nothing is recorded (and no new error
                                 raised) until the next write, which is the try again */
};

/* Samples the clock has played since t_ref by now, of which `consumed` are accounted for. */
static uint64_t clock_due(const struct sim *m, uint64_t now)
{
  if (now <= m->t_ref)
    return 0;
  uint64_t due = (now - m->t_ref) / 1000u * (uint64_t)m->rate / 1000000u;
  return due > m->consumed ? due - m->consumed : 0;
}

/* Hands n queued samples to the recorder, oldest first. */
static void record_queued(struct sim *m, size_t n)
{
  if (!m->record)
    return;
  while (n > 0) {
    size_t run = m->cap - m->head;
    if (run > n)
      run = n;
    if (m->record_error == 0 && !m->record_stopped) {
      int rc = m->record(m->user, m->ring + m->head, run);
      if (rc < 0)
        m->record_error = rc;
    }
    m->head = (m->head + run) % m->cap;
    n -= run;
  }
}

/* The recorder's error, reported once. Under lock. */
static int take_record_error(struct sim *m)
{
  int rc = m->record_error;
  m->record_error = 0;
  if (rc)
    m->record_stopped = true;
  return rc;
}

/* Advances the simulated clock to now. Under lock. */
static void advance(struct sim *m, uint64_t now)
{
  if (m->queued == 0)
    return;
  uint64_t due = clock_due(m, now);
  size_t take = due < m->queued ? (size_t)due : m->queued;
  record_queued(m, take);
  m->queued -= take;
  m->consumed += take;
  m->played += take;
}

static void queue_samples(struct sim *m, const int16_t *samples, size_t n)
{
  if (m->ring) {
    size_t tail = (m->head + m->queued) % m->cap;
    size_t done = 0;
    while (done < n) {
      size_t run = m->cap - tail;
      if (run > n - done)
        run = n - done;
      memcpy(m->ring + tail, samples + done, run * sizeof *samples);
      tail = (tail + run) % m->cap;
      done += run;
    }
  }
  m->queued += n;
}

static uint64_t samples_to_ns(const struct sim *m, size_t n)
{
  return (uint64_t)n * 1000000000u / (uint64_t)m->rate + 1;
}

static int sim_write(struct sink *s, const int16_t *samples, size_t n)
{
  struct sim *m = s->priv;
  pthread_mutex_lock(&m->lock);
  m->record_stopped = false;
  if (m->untimed) {
    if (m->record && m->record_error == 0) {
      int rc = m->record(m->user, samples, n);
      if (rc < 0)
        m->record_error = rc;
    }
    m->played += n;
    int rc = take_record_error(m);
    pthread_mutex_unlock(&m->lock);
    return rc;
  }
  while (n > 0) {
    uint64_t now = sink_now_ns();
    advance(m, now);
    if (m->queued == 0) {   /* the device was idle: it starts playing now */
      m->t_ref = now;
      m->consumed = 0;
    }
    size_t space = m->cap - m->queued;
    if (space == 0) {
      /* Wait until a useful piece fits, without holding the lock. */
      size_t want = n < m->cap ? n : m->cap;
      uint64_t ns = samples_to_ns(m, want);
      pthread_mutex_unlock(&m->lock);
      sink_sleep_ns(ns);
      pthread_mutex_lock(&m->lock);
      continue;
    }
    size_t part = n < space ? n : space;
    queue_samples(m, samples, part);
    samples += part;
    n -= part;
  }
  int rc = take_record_error(m);
  pthread_mutex_unlock(&m->lock);
  return rc;
}

static size_t sim_writable(struct sink *s)
{
  struct sim *m = s->priv;
  if (m->untimed)
    return SIZE_MAX;
  pthread_mutex_lock(&m->lock);
  advance(m, sink_now_ns());
  size_t space = m->cap - m->queued;
  pthread_mutex_unlock(&m->lock);
  return space;
}

static void sim_drop(struct sink *s)
{
  struct sim *m = s->priv;
  pthread_mutex_lock(&m->lock);
  advance(m, sink_now_ns());   /* what was played up to now stays played (and recorded) */
  m->queued = 0;
  m->head = 0;
  pthread_mutex_unlock(&m->lock);
}

static int sim_drain(struct sink *s)
{
  struct sim *m = s->priv;
  pthread_mutex_lock(&m->lock);
  for (;;) {
    advance(m, sink_now_ns());
    if (m->queued == 0)
      break;
    uint64_t ns = samples_to_ns(m, m->queued);
    pthread_mutex_unlock(&m->lock);
    sink_sleep_ns(ns);
    pthread_mutex_lock(&m->lock);
  }
  int rc = take_record_error(m);
  pthread_mutex_unlock(&m->lock);
  return rc;
}

static uint64_t sim_position(struct sink *s)
{
  struct sim *m = s->priv;
  pthread_mutex_lock(&m->lock);
  /* Read-only: the player thread commits the clock (and records) in its own calls. */
  uint64_t pos = m->played;
  if (m->queued > 0) {
    uint64_t due = clock_due(m, sink_now_ns());
    pos += due < m->queued ? due : m->queued;
  }
  pthread_mutex_unlock(&m->lock);
  return pos;
}

static int sim_close(struct sink *s)
{
  struct sim *m = s->priv;
  pthread_mutex_lock(&m->lock);
  advance(m, sink_now_ns());   /* what was heard up to now belongs in the recording */
  int rc = m->record_error;    /* not reported by any write: nobody knows yet */
  pthread_mutex_unlock(&m->lock);
  if (m->finish) {
    int finish_rc = m->finish(m->user, rc);
    if (!rc)
      rc = finish_rc;
  }
  pthread_mutex_destroy(&m->lock);
  free(m->ring);
  free(m);
  return rc;
}

/* The null and the wav sink are the same simulated device; only the name differs. */
#define SIM_OPS(sink_name)                                                                    \
  {                                                                                           \
    .name = sink_name, .write = sim_write, .writable = sim_writable, .drop = sim_drop,        \
    .drain = sim_drain, .position = sim_position, .close = sim_close,                         \
  }
static const struct sink_ops null_ops = SIM_OPS("null");
static const struct sink_ops wav_ops = SIM_OPS("wav");

int sink_sim_open(struct sink *s, const struct sink_options *opts, sink_record_fn record,
                  sink_finish_fn finish, void *user)
{
  struct sim *m = calloc(1, sizeof *m);
  if (!m)
    return -ENOMEM;
  m->rate = opts->sample_rate;
  m->untimed = opts->untimed;
  m->cap = (size_t)m->rate * QUEUE_MS / 1000;
  if (m->cap == 0)
    m->cap = 1;
  m->record = record;
  m->finish = finish;
  m->user = user;
  if (record && !m->untimed) {
    m->ring = malloc(m->cap * sizeof *m->ring);
    if (!m->ring) {
      free(m);
      return -ENOMEM;
    }
  }
  pthread_mutex_init(&m->lock, NULL);
  s->priv = m;
  s->ops = record ? &wav_ops : &null_ops;
  return 0;
}

int sink_null_open(struct sink *s, const struct sink_options *opts)
{
  return sink_sim_open(s, opts, NULL, NULL, NULL);
}
