/* A call that may block for ever (opening a sound device whose server hangs, a device file that
 * waits for a reader), made so that the user can still stop lector.
 *
 * The call runs on a thread of its own with every asynchronous signal blocked, so that any
 * thread it starts (a sound library's) inherits that mask and the signal handlers only ever run
 * on the caller's thread. The caller's thread keeps its mask and waits on the wake pipe the
 * handlers write to: when stopped() turns true first, it returns -ECANCELED at once and the call
 * is left to finish (or hang) on its own thread; once it does, abandoned(job) releases what it
 * made. The job is then the thread's: the caller must not touch it again. */
#ifndef LECTOR_UTIL_OFFTHREAD_H
#define LECTOR_UTIL_OFFTHREAD_H

struct offthread_call {
  int (*run)(void *job);        /* the blocking call; returns 0 or a negative code */
  void (*abandoned)(void *job); /* after a -ECANCELED: frees the job and what run made */
  void *job;                    /* malloc'd by the caller; freed by the caller unless abandoned */
  int wake_fd;                  /* write end of the wake pipe: written once run returns */
  int wait_fd;                  /* its read end, non-blocking: polled meanwhile, drained */
  int (*stopped)(void);         /* non-zero once a signal asked lector to stop */
};

/* Returns run's result, or -ECANCELED when stopped() became non-zero before run returned (or a
 * negative errno when no thread could be started). */
int offthread_run(const struct offthread_call *call);

#endif
