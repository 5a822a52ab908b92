/* The reader's trace: JSON lines, `t` in seconds since process start (monotonic clock).
 *   {"t":0.0,"event":"start"}
 *   {"t":…,"event":"key","key":"KEY_DOWN"}
 *   {"t":…,"event":"sentence","paragraph":P,"sentence":S}   synthesis of a sentence begins
 *   {"t":…,"event":"audio","paragraph":P,"sentence":S}      its first samples reach the sink
 *   {"t":…,"event":"state","state":"playing|paused"}
 *   {"t":…,"event":"announce","text":"…"}
 *   {"t":…,"event":"quit"}
 * Indices are 0-based; S is the sentence index within paragraph P.
 * Thread-safe: the UI and player threads both write. A NULL trace ignores every call. */
#ifndef LECTOR_UTIL_TRACE_H
#define LECTOR_UTIL_TRACE_H

#include <stdbool.h>
#include <stddef.h>

struct trace;

/* Records the process start time (the trace's "t" counts from it); call first thing in main(). */
void trace_clock_start(void);

/* Starts a trace at path. A regular file (or nothing yet) is written beside it and lands only at
 * trace_publish: an existing file is refused with -EEXIST unless force (and then replaced, never
 * written through a symbolic link), and a run that fails before publishing leaves it as it was.
 * A FIFO or a device (/dev/stderr) is written directly; a FIFO without a reader fails. */
int trace_create(const char *path, bool force, struct trace **out);
/* Puts the file in place (the events so far are in it; later ones follow as they happen). */
int trace_publish(struct trace *tr);
/* trace_create(force) and trace_publish at once. */
int trace_open(const char *path, struct trace **out);
/* Returns the first write error (a full disk: the trace is incomplete), or 0. An unpublished
 * trace is removed. NULL is allowed. */
int trace_close(struct trace *tr);

void trace_event(struct trace *tr, const char *event);                 /* start, quit */
void trace_key(struct trace *tr, const char *key_name);
void trace_position(struct trace *tr, const char *event, size_t paragraph, size_t sentence);
void trace_state(struct trace *tr, const char *state);
void trace_announce(struct trace *tr, const char *text);

#endif
