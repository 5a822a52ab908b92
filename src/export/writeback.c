#include "export/writeback.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

struct writeback {
  int fd;
  pthread_t thread;
  pthread_mutex_t lock;
  pthread_cond_t wake;
  bool pending, stop;  /* under lock */
  int error;           /* first errno of a failed sync; read after the join */
};

static void *writeback_main(void *arg)
{
  struct writeback *wb = arg;
  pthread_mutex_lock(&wb->lock);
  for (;;) {
    while (!wb->pending && !wb->stop)
      pthread_cond_wait(&wb->wake, &wb->lock);
    if (wb->stop)
      break;
    wb->pending = false;
    pthread_mutex_unlock(&wb->lock);
    /* EINVAL: a file that cannot be synced (a pipe, a special file); nothing to wait for. */
    if (fdatasync(wb->fd) != 0 && errno != EINVAL && errno != EINTR && !wb->error)
      wb->error = errno;
    pthread_mutex_lock(&wb->lock);
  }
  pthread_mutex_unlock(&wb->lock);
  return NULL;
}

int writeback_start(struct writeback **out, int fd)
{
  *out = NULL;
  struct writeback *wb = calloc(1, sizeof *wb);
  if (!wb)
    return -ENOMEM;
  wb->fd = fd;
  pthread_mutex_init(&wb->lock, NULL);
  pthread_cond_init(&wb->wake, NULL);
  int rc = pthread_create(&wb->thread, NULL, writeback_main, wb);
  if (rc) {
    pthread_cond_destroy(&wb->wake);
    pthread_mutex_destroy(&wb->lock);
    free(wb);
    return -rc;
  }
  *out = wb;
  return 0;
}

void writeback_kick(struct writeback *wb)
{
  if (!wb)
    return;
  pthread_mutex_lock(&wb->lock);
  wb->pending = true;
  pthread_cond_signal(&wb->wake);
  pthread_mutex_unlock(&wb->lock);
}

int writeback_stop(struct writeback *wb)
{
  if (!wb)
    return 0;
  pthread_mutex_lock(&wb->lock);
  wb->stop = true;
  pthread_cond_signal(&wb->wake);
  pthread_mutex_unlock(&wb->lock);
  pthread_join(wb->thread, NULL);
  int rc = wb->error ? -wb->error : 0;
  pthread_cond_destroy(&wb->wake);
  pthread_mutex_destroy(&wb->lock);
  free(wb);
  return rc;
}
