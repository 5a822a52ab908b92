/* The reader's sound output, opened so that Ctrl-C and SIGTERM still end lector while a sound
 * server does not answer or a device waits (issue 21): sink_open runs on a thread of its own
 * (util/offthread) with every signal blocked, which the sink's own threads inherit, while the
 * UI thread keeps its signals and waits on the wake pipe. */
#ifndef LECTOR_APP_READER_SINK_H
#define LECTOR_APP_READER_SINK_H

#include <stddef.h>

#include "audio/sink.h"

/* sink_open(spec, opts, out, notice, notice_len), stoppable: wake is the UI's wake pipe (read
 * end, write end), stopped() the signal that asked to stop. Returns sink_open's result, or
 * -ECANCELED when stopped() turned non-zero first (the opening is then left to its thread,
 * which closes whatever it opens). */
int reader_sink_open(const char *spec, const struct sink_options *opts, const int wake[2],
                     int (*stopped)(void), struct sink **out, char *notice, size_t notice_len);

#endif
