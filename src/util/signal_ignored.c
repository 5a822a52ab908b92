#include "util/signal_ignored.h"

#include <signal.h>
#include <stddef.h>

bool signal_was_ignored(int sig)
{
  struct sigaction now;
  return sigaction(sig, NULL, &now) == 0 && !(now.sa_flags & SA_SIGINFO) &&
         now.sa_handler == SIG_IGN;
}
