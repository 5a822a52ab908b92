#include "util/offthread.h"

#include <errno.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

/* Shared by the caller and the thread; the last of the two to let go frees it. */
struct shared {
  pthread_mutex_t lock;
  struct offthread_call call;
  int result;       /* under lock */
  bool done;        /* under lock: run returned */
  bool abandoned;   /* under lock: the caller left; the job is the thread's */
};

static void shared_free(struct shared *s)
{
  pthread_mutex_destroy(&s->lock);
  free(s);
}

static void *thread_main(void *arg)
{
  struct shared *s = arg;
  int rc = s->call.run(s->call.job);
  pthread_mutex_lock(&s->lock);
  bool abandoned = s->abandoned;
  s->result = rc;
  s->done = true;
  if (!abandoned) {
    /* The caller is still waiting, so the pipe is still open. A full pipe already wakes it. */
    char c = 3;
    ssize_t n = write(s->call.wake_fd, &c, 1);
    (void)n;
  }
  pthread_mutex_unlock(&s->lock);
  if (abandoned) {
    s->call.abandoned(s->call.job);
    shared_free(s);
  }
  return NULL;
}

/* Starts the thread with every asynchronous signal blocked (the synchronous ones cannot be). */
static int start_thread(struct shared *s)
{
  sigset_t all, old;
  sigfillset(&all);
  sigdelset(&all, SIGSEGV);
  sigdelset(&all, SIGBUS);
  sigdelset(&all, SIGFPE);
  sigdelset(&all, SIGILL);
  pthread_sigmask(SIG_BLOCK, &all, &old);
  pthread_t thread;
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  int rc = pthread_create(&thread, &attr, thread_main, s);
  pthread_attr_destroy(&attr);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  return -rc;
}

/* Waits until run returned (true) or stopped() said stop (false). */
static bool wait_done(struct shared *s)
{
  for (;;) {
    pthread_mutex_lock(&s->lock);
    bool done = s->done;
    if (!done && s->call.stopped())
      s->abandoned = true;
    bool abandoned = s->abandoned;
    pthread_mutex_unlock(&s->lock);
    if (done || abandoned)
      return done;
    /* A signal that came between the check and poll() left a byte in the pipe. */
    struct pollfd p = {.fd = s->call.wait_fd, .events = POLLIN};
    if (poll(&p, 1, -1) > 0) {
      char buf[64];
      while (read(s->call.wait_fd, buf, sizeof buf) > 0)
        ;
    }
  }
}

int offthread_run(const struct offthread_call *call)
{
  struct shared *s = calloc(1, sizeof *s);
  if (!s)
    return -ENOMEM;
  pthread_mutex_init(&s->lock, NULL);
  s->call = *call;
  int rc = start_thread(s);
  if (rc) {
    shared_free(s);
    return rc;
  }
  if (!wait_done(s))
    return -ECANCELED;   /* s and the job are the thread's now */
  rc = s->result;
  shared_free(s);
  return rc;
}
