/* The progress bar of `lector export` on standard error ("[####....]  40%  1:20 of audio  ETA
 * 0:12"), redrawn at most ten times a second, and the clock format its messages share. */
#ifndef LECTOR_APP_EXPORT_PROGRESS_H
#define LECTOR_APP_EXPORT_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "export/pipeline.h"

struct progress {
  bool enabled;
  struct timespec started, last_draw;
  int width;  /* of the last line drawn, to clear it */
};

/* Seconds from a to b. */
double progress_since(const struct timespec *a, const struct timespec *b);

/* "m:ss", or "h:mm:ss" from an hour up, rounded to the second. */
void progress_clock(char *buf, size_t len, double seconds);

/* export_config.progress: user is a struct progress. */
void progress_draw(void *user, const struct export_progress *p);

/* Clears the bar (after_ctrl_c: also the "^C" the terminal echoed after it). */
void progress_clear(struct progress *pr, bool after_ctrl_c);

#endif
