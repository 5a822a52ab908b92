/* The reader's espeak-ng thread: see engine_thread.h. A job slot under one lock: the caller
 * posts fn, the thread runs it and counts it done. */
#include "speech/engine_thread.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>

#include "speech/engine.h"
#include "speech/voice_espeak.h"

static struct {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  /* Under lock. */
  bool running, stopping;
  void (*fn)(void *);
  void *arg;
  uint64_t posted, done;
  /* The caller's only. */
  pthread_t thread;
} et = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static void *thread_main(void *unused)
{
  (void)unused;
  /* What every reader needs first, done while the main thread loads the document. */
  voice_espeak_warm_up();
  pthread_mutex_lock(&et.lock);
  for (;;) {
    while (et.done == et.posted && !et.stopping)
      pthread_cond_wait(&et.cond, &et.lock);
    if (et.done == et.posted)
      break;
    void (*fn)(void *) = et.fn;
    void *arg = et.arg;
    pthread_mutex_unlock(&et.lock);
    fn(arg);
    pthread_mutex_lock(&et.lock);
    et.done++;
    pthread_cond_broadcast(&et.cond);
  }
  pthread_mutex_unlock(&et.lock);
  return NULL;
}

int engine_thread_start(void)
{
  if (et.running)
    return 0;
  et.stopping = false;
  int rc = pthread_create(&et.thread, NULL, thread_main, NULL);
  if (rc)
    return -rc;
  pthread_mutex_lock(&et.lock);
  et.running = true;
  pthread_mutex_unlock(&et.lock);
  return 0;
}

bool engine_thread_running(void)
{
  pthread_mutex_lock(&et.lock);
  bool running = et.running && !pthread_equal(pthread_self(), et.thread);
  pthread_mutex_unlock(&et.lock);
  return running;
}

int engine_thread_post(void (*fn)(void *), void *arg)
{
  if (!engine_thread_running())
    return -ESRCH;
  engine_thread_wait();   /* one job at a time */
  pthread_mutex_lock(&et.lock);
  et.fn = fn;
  et.arg = arg;
  et.posted++;
  pthread_cond_broadcast(&et.cond);
  pthread_mutex_unlock(&et.lock);
  return 0;
}

void engine_thread_wait(void)
{
  pthread_mutex_lock(&et.lock);
  while (et.done != et.posted)
    pthread_cond_wait(&et.cond, &et.lock);
  pthread_mutex_unlock(&et.lock);
}

bool engine_thread_call(void (*fn)(void *), void *arg)
{
  if (engine_thread_post(fn, arg) < 0)
    return false;
  engine_thread_wait();
  return true;
}

void engine_thread_stop(void)
{
  if (!et.running)
    return;
  pthread_mutex_lock(&et.lock);
  et.stopping = true;
  pthread_cond_broadcast(&et.cond);
  pthread_mutex_unlock(&et.lock);
  pthread_join(et.thread, NULL);
  pthread_mutex_lock(&et.lock);
  et.running = false;
  pthread_mutex_unlock(&et.lock);
}
