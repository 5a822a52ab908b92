/* Whether a signal is ignored (SIG_IGN) now: the one question to ask before installing a
 * handler, so that a signal inherited as ignored stays ignored. `nohup` ignores SIGHUP, a
 * non-interactive shell's background job SIGINT and SIGQUIT; a handler installed over that
 * would end the run the user protected. Export and the reader's signals (src/ui) both ask it. */
#ifndef LECTOR_UTIL_SIGNAL_IGNORED_H
#define LECTOR_UTIL_SIGNAL_IGNORED_H

#include <stdbool.h>

bool signal_was_ignored(int sig);

#endif
