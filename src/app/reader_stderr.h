/* Where fd 2 goes while the reader runs. From the moment the audio sink is opened until curses
 * has ended it points to /dev/null, or to the file LECTOR_LOG names (see cmd_read.c); and while
 * espeak-ng starts on its thread (speech/engine_thread.h), what the libraries under it print
 * is dropped while lector's own messages still show. */
#ifndef LECTOR_APP_READER_STDERR_H
#define LECTOR_APP_READER_STDERR_H

#include <stdio.h>

struct reader_stderr {
  int saved;          /* fd 2 while it points elsewhere; -1 otherwise */
  FILE *std_stream;   /* the process's stderr stream between early_begin and early_end */
};

void reader_stderr_init(struct reader_stderr *e);
/* fd 2 away until restore. */
void reader_stderr_quiet(struct reader_stderr *e);
void reader_stderr_restore(struct reader_stderr *e);
/* Until early_end (which first waits until espeak-ng has started), what the espeak-ng thread
 * prints to stderr is dropped. early_end does nothing without early_begin. */
void reader_stderr_early_begin(struct reader_stderr *e);
void reader_stderr_early_end(struct reader_stderr *e);

#endif
