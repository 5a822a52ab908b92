/* The signals that end lector (SIGINT, SIGTERM, SIGHUP), held back around steps that must not be
 * cut in two: creating a temporary file and registering it for removal, putting two files in
 * place, forking workers before they reset their handlers. */
#ifndef LECTOR_UTIL_STOP_SIGNALS_H
#define LECTOR_UTIL_STOP_SIGNALS_H

#include <signal.h>

/* Blocks them for the calling thread; *saved receives the mask to restore. */
void stop_signals_hold(sigset_t *saved);
/* Restores the mask: a signal that came meanwhile is delivered now. */
void stop_signals_release(const sigset_t *saved);

#endif
