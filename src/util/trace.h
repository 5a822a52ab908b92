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

#include <stddef.h>

struct trace;

/* Records the process start time (the trace's "t" counts from it); call first thing in main(). */
void trace_clock_start(void);

int trace_open(const char *path, struct trace **out);
void trace_close(struct trace *tr);

void trace_event(struct trace *tr, const char *event);                 /* start, quit */
void trace_key(struct trace *tr, const char *key_name);
void trace_position(struct trace *tr, const char *event, size_t paragraph, size_t sentence);
void trace_state(struct trace *tr, const char *state);
void trace_announce(struct trace *tr, const char *text);

#endif
