/* The test sink whose clock the test drives (see sink_fake.h). */
#include "audio/sink_fake.h"

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "audio/sink_internal.h"

struct buf {
  int16_t *s;
  size_t n, cap;
};

struct fake {
  pthread_mutex_t lock;   /* everything below */
  size_t capacity;
  struct buf queue, heard;
  uint64_t played;
  int fail;
};

static int buf_append(struct buf *b, const int16_t *s, size_t n)
{
  if (b->n + n > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    while (cap < b->n + n)
      cap *= 2;
    int16_t *p = realloc(b->s, cap * sizeof *p);
    if (!p)
      return -ENOMEM;
    b->s = p;
    b->cap = cap;
  }
  memcpy(b->s + b->n, s, n * sizeof *s);
  b->n += n;
  return 0;
}

static int fake_write(struct sink *s, const int16_t *samples, size_t n)
{
  struct fake *f = s->priv;
  pthread_mutex_lock(&f->lock);
  int rc = f->fail ? f->fail : buf_append(&f->queue, samples, n);
  pthread_mutex_unlock(&f->lock);
  return rc;
}

static size_t fake_writable(struct sink *s)
{
  struct fake *f = s->priv;
  pthread_mutex_lock(&f->lock);
  size_t room = !f->capacity ? SIZE_MAX : f->queue.n < f->capacity ? f->capacity - f->queue.n : 0;
  pthread_mutex_unlock(&f->lock);
  return room;
}

static void fake_drop(struct sink *s)
{
  struct fake *f = s->priv;
  pthread_mutex_lock(&f->lock);
  f->queue.n = 0;
  pthread_mutex_unlock(&f->lock);
}

/* Never waits: the test decides when audio is played (the player drains once it is heard). */
static int fake_drain(struct sink *s)
{
  struct fake *f = s->priv;
  pthread_mutex_lock(&f->lock);
  int rc = f->fail;
  pthread_mutex_unlock(&f->lock);
  return rc;
}

static uint64_t fake_position(struct sink *s)
{
  struct fake *f = s->priv;
  pthread_mutex_lock(&f->lock);
  uint64_t pos = f->played;
  pthread_mutex_unlock(&f->lock);
  return pos;
}

static int fake_close(struct sink *s)
{
  struct fake *f = s->priv;
  pthread_mutex_destroy(&f->lock);
  free(f->queue.s);
  free(f->heard.s);
  free(f);
  return 0;
}

static const struct sink_ops fake_ops = {
  .name = "fake",
  .write = fake_write,
  .writable = fake_writable,
  .drop = fake_drop,
  .drain = fake_drain,
  .position = fake_position,
  .close = fake_close,
};

int sink_fake_open(int sample_rate, size_t capacity, struct sink **out)
{
  if (sample_rate <= 0)
    return -EINVAL;
  struct sink *s = calloc(1, sizeof *s);
  struct fake *f = calloc(1, sizeof *f);
  if (!s || !f) {
    free(s);
    free(f);
    return -ENOMEM;
  }
  pthread_mutex_init(&f->lock, NULL);
  f->capacity = capacity;
  *s = (struct sink){ .ops = &fake_ops, .priv = f, .sample_rate = sample_rate };
  *out = s;
  return 0;
}

size_t sink_fake_play(struct sink *s, size_t n)
{
  struct fake *f = s->priv;
  pthread_mutex_lock(&f->lock);
  if (n > f->queue.n)
    n = f->queue.n;
  if (buf_append(&f->heard, f->queue.s, n) < 0)
    n = 0;
  memmove(f->queue.s, f->queue.s + n, (f->queue.n - n) * sizeof *f->queue.s);
  f->queue.n -= n;
  f->played += n;
  pthread_mutex_unlock(&f->lock);
  return n;
}

size_t sink_fake_queued(struct sink *s)
{
  struct fake *f = s->priv;
  pthread_mutex_lock(&f->lock);
  size_t n = f->queue.n;
  pthread_mutex_unlock(&f->lock);
  return n;
}

const int16_t *sink_fake_heard(struct sink *s, size_t *n)
{
  struct fake *f = s->priv;
  pthread_mutex_lock(&f->lock);
  const int16_t *heard = f->heard.s;
  *n = f->heard.n;
  pthread_mutex_unlock(&f->lock);
  return heard;
}

void sink_fake_fail(struct sink *s, int rc)
{
  struct fake *f = s->priv;
  pthread_mutex_lock(&f->lock);
  f->fail = rc;
  pthread_mutex_unlock(&f->lock);
}
