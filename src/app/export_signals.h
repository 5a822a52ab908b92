/* The stop signals (SIGINT, SIGTERM, SIGHUP) of `lector export`, one place for every kind of
 * export. A first signal sets export_interrupted, which the export polls (it stops, removes its
 * temporary files and says so); a second one, or one while the input is still being read, removes
 * the temporary files (util/atomic_file, util/atomic_dir) from the handler and exits at once. */
#ifndef LECTOR_APP_EXPORT_SIGNALS_H
#define LECTOR_APP_EXPORT_SIGNALS_H

#include <signal.h>
#include <stdbool.h>

#define EXPORT_N_STOP 3

extern const int export_stop_signals[EXPORT_N_STOP];

/* The signal that asked to stop, 0 if none. */
extern volatile sig_atomic_t export_interrupted;
/* The input and the lexicon are being read and parsed: nothing is written yet, and a read from a
 * pipe that never closes or a long parse inside libxml2 would see no flag, so a signal ends the
 * export at once. */
extern volatile sig_atomic_t export_loading;
/* The files were put in place (or failed to be, and that is reported): a late signal has nothing
 * left to stop, and must not say that nothing was written. */
extern volatile sig_atomic_t export_committed;

struct export_signals {
  struct sigaction old[EXPORT_N_STOP];
  bool ignored[EXPORT_N_STOP];   /* ignored when lector started: left so */
};

/* Catches the stop signals with handler, but a signal the export was started with ignored
 * (nohup: SIGHUP; a background job of a non-interactive shell: SIGINT) stays ignored: whoever
 * started it asked for that. No SA_RESTART: a blocking poll or waitpid returns at once. */
void export_signals_install(struct export_signals *s, void (*handler)(int));

/* export_signals_install for one document's export, with the handler described above; the flags
 * start cleared. Also ignores SIGXFSZ (beyond the file size limit a write fails with EFBIG,
 * reported like a full disk, instead of the process being killed with its temporary file left
 * behind) and SIGPIPE (-o - into a pipe whose reader went away: an error to report). */
void export_signals_catch(struct export_signals *s);

/* Puts back the handlers install replaced. */
void export_signals_restore(const struct export_signals *s);

#endif
