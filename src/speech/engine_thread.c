/* The reader's espeak-ng thread: see engine_thread.h. A job slot under one lock: the caller
 * posts fn, the thread runs it and counts it done. */
#include "speech/engine_thread.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>

#include "speech/voice_espeak.h"

static struct {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  /* Under lock. */
  bool running, stopping;
  void (*fn)(void *);
  void *arg;
  uint64_t posted, done;
  pthread_t thread;     /* set by the thread itself, first thing (thread_known) */
  bool thread_known;
  /* The caller's only. */
  pthread_t created;
} et = {.lock = PTHREAD_MUTEX_INITIALIZER, .cond = PTHREAD_COND_INITIALIZER};

static void *thread_main(void *unused)
{
  (void)unused;
  pthread_mutex_lock(&et.lock);
  et.thread = pthread_self();
  et.thread_known = true;
  pthread_mutex_unlock(&et.lock);
  /* What every reader needs first, done while the main thread loads the document: the first
   * job (engine_thread_wait waits for it too). */
  voice_espeak_warm_up();
  pthread_mutex_lock(&et.lock);
  et.done++;
  pthread_cond_broadcast(&et.cond);
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
  pthread_mutex_lock(&et.lock);
  et.stopping = false;
  et.thread_known = false;
  et.posted = et.done + 1;   /* the warm-up */
  et.running = true;
  pthread_mutex_unlock(&et.lock);
  int rc = pthread_create(&et.created, NULL, thread_main, NULL);
  if (rc) {
    pthread_mutex_lock(&et.lock);
    et.posted = et.done;
    et.running = false;
    pthread_mutex_unlock(&et.lock);
    return -rc;
  }
  return 0;
}

bool engine_thread_running(void)
{
  pthread_mutex_lock(&et.lock);
  bool running = et.running && !(et.thread_known && pthread_equal(pthread_self(), et.thread));
  pthread_mutex_unlock(&et.lock);
  return running;
}

bool engine_thread_is_self(void)
{
  pthread_mutex_lock(&et.lock);
  bool self = et.running && et.thread_known && pthread_equal(pthread_self(), et.thread);
  pthread_mutex_unlock(&et.lock);
  return self;
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
  pthread_join(et.created, NULL);
  pthread_mutex_lock(&et.lock);
  et.running = false;
  pthread_mutex_unlock(&et.lock);
}
