/* export -o -: the audio is encoded into an unnamed temporary file and copied to standard
 * output once complete. The encoder seeks (a WAV header's sizes, FLAC's stream info, MP3 tags
 * written by path), which a pipe cannot; a spooled file gives every format whole and identical
 * to a file export, and an interrupted or failed export sends nothing. */
#ifndef LECTOR_APP_SPOOL_H
#define LECTOR_APP_SPOOL_H

#include <signal.h>
#include <stdint.h>

struct spool {
  int fd;          /* read and write, on a file no name leads to; -1 when closed */
  char path[48];   /* /proc/self/fd/N: the file by path, for tagging */
};

/* Creates the file in $TMPDIR (else /tmp). Returns 0 or a negative errno. */
int spool_open(struct spool *s);

/* Copies the whole file to out_fd (borrowed); *bytes gets its size. Returns 0 or a negative
 * errno (-EPIPE when the reader went away, -ECANCELED when *stop became set). */
int spool_send(struct spool *s, int out_fd, const volatile sig_atomic_t *stop, uint64_t *bytes);

/* Closes the file; nothing of it is left on disk, whatever happened. */
void spool_close(struct spool *s);

#endif
