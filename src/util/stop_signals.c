#include "util/stop_signals.h"

#include <pthread.h>

void stop_signals_hold(sigset_t *saved)
{
  sigset_t stop;
  sigemptyset(&stop);
  sigaddset(&stop, SIGINT);
  sigaddset(&stop, SIGTERM);
  sigaddset(&stop, SIGHUP);
  pthread_sigmask(SIG_BLOCK, &stop, saved);
}

void stop_signals_release(const sigset_t *saved)
{
  pthread_sigmask(SIG_SETMASK, saved, NULL);
}
