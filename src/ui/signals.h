/* The UI's side of the signal handlers of ui.h (ui_signals_install): what they recorded, read
 * and cleared by the front ends' loops on the UI thread, outside any handler. */
#ifndef LECTOR_UI_SIGNALS_H
#define LECTOR_UI_SIGNALS_H

#include <stdbool.h>

/* True once after each SIGWINCH (the flag is cleared by reading it). */
bool signals_take_resize(void);
/* True once after each SIGCONT (kill -STOP then fg): the terminal mode must be set again. */
bool signals_take_continued(void);
/* The signal that asks lector to stop (SIGINT, SIGTERM, SIGHUP), 0 if none came. */
int signals_quit(void);
/* The terminal went away (its fd hung up): recorded as SIGHUP unless a signal came first. */
void signals_hangup(void);
/* Empties the wake pipe's read end (non-blocking), so that poll() sleeps again. */
void signals_drain(int fd);

#endif
