#include "app/export_signals.h"

#include <string.h>
#include <unistd.h>

#include "util/atomic_dir.h"
#include "util/atomic_file.h"
#include "util/signal_ignored.h"

const int export_stop_signals[EXPORT_N_STOP] = {SIGINT, SIGTERM, SIGHUP};
volatile sig_atomic_t export_interrupted, export_loading, export_committed;

static void on_stop(int sig)
{
  if (export_committed)
    return;
  if (!export_interrupted && !export_loading) {
    export_interrupted = sig;
    return;
  }
  /* Asked twice (the export did not stop in time), or while loading: leave nothing behind, now. */
  static const char msg[] = "\rlector: interrupted; nothing was written\n";
  atomic_file_abort_all_from_signal();
  atomic_dir_abort_from_signal();
  ssize_t ignored = write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)ignored;
  _exit(128 + sig);
}

void export_signals_install(struct export_signals *s, void (*handler)(int))
{
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = handler;
  sigemptyset(&sa.sa_mask);
  for (size_t i = 0; i < EXPORT_N_STOP; i++) {
    s->ignored[i] = signal_was_ignored(export_stop_signals[i]);
    if (!s->ignored[i])
      sigaction(export_stop_signals[i], &sa, &s->old[i]);
  }
}

void export_signals_catch(struct export_signals *s)
{
  export_interrupted = export_loading = export_committed = 0;
  export_signals_install(s, on_stop);
  signal(SIGXFSZ, SIG_IGN);
  signal(SIGPIPE, SIG_IGN);
}

void export_signals_restore(const struct export_signals *s)
{
  for (size_t i = 0; i < EXPORT_N_STOP; i++)
    if (!s->ignored[i])
      sigaction(export_stop_signals[i], &s->old[i], NULL);
}
