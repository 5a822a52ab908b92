/* libavformat reading and writing a file descriptor lector already holds (an atomic_file's
 * temporary file, a spool): an AVIOContext whose callbacks keep the errno of the first failed
 * read, write or seek, so that a full disk is reported as such rather than as "encoding failed". */
#ifndef LECTOR_EXPORT_AV_FD_H
#define LECTOR_EXPORT_AV_FD_H

#include <stdbool.h>

struct AVIOContext;

struct av_fd {
  struct AVIOContext *io;  /* owned; NULL when closed */
  int fd;                  /* borrowed */
  int error;               /* first errno of a failed call on fd, 0 if none */
};

/* Opens an AVIOContext on fd (seekable, positioned where the I/O starts) for writing or reading.
 * Returns 0 or -ENOMEM. */
int av_fd_open(struct av_fd *f, int fd, bool write);

/* Flushes (when writing) and frees the context. Returns 0 or the negative errno of the first
 * failure. */
int av_fd_close(struct av_fd *f);

/* The error to report for a failed libavformat call: the descriptor's errno when one failed,
 * else LECTOR_EENCODE. */
int av_fd_failure(const struct av_fd *f);

#endif
