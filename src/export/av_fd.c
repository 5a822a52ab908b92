#include "export/av_fd.h"

#include <errno.h>
#include <unistd.h>

#include "export/av_api.h"
#include "util/error.h"

/* Bytes libavformat buffers between two calls on the descriptor. */
#define AV_FD_BUFFER (64u << 10)

static int keep(struct av_fd *f, int err)
{
  if (!f->error)
    f->error = err;
  return AVERROR(err);
}

static int fd_read(void *opaque, uint8_t *buf, int size)
{
  struct av_fd *f = opaque;
  for (;;) {
    ssize_t n = read(f->fd, buf, (size_t)size);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return keep(f, errno);
    return n == 0 ? AVERROR_EOF : (int)n;
  }
}

static int fd_write(void *opaque, uint8_t *buf, int size)
{
  struct av_fd *f = opaque;
  int done = 0;
  while (done < size) {
    ssize_t n = write(f->fd, buf + done, (size_t)(size - done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return keep(f, n < 0 ? errno : ENOSPC);  /* a write of nothing: the disk is full */
    done += (int)n;
  }
  return done;
}

static int64_t fd_seek(void *opaque, int64_t offset, int whence)
{
  struct av_fd *f = opaque;
  if (whence == AVSEEK_SIZE) {
    off_t here = lseek(f->fd, 0, SEEK_CUR);
    off_t end = here < 0 ? -1 : lseek(f->fd, 0, SEEK_END);
    if (end < 0 || lseek(f->fd, here, SEEK_SET) < 0)
      return keep(f, errno);
    return end;
  }
  off_t pos = lseek(f->fd, (off_t)offset, whence & ~AVSEEK_FORCE);
  return pos < 0 ? keep(f, errno) : pos;
}

int av_fd_open(struct av_fd *f, int fd, bool write)
{
  /* lector says what failed in one line of its own; libav's notes would only add noise. */
  AV(av_log_set_level)(AV_LOG_QUIET);
  f->fd = fd;
  f->error = 0;
  unsigned char *buf = AV(av_malloc)(AV_FD_BUFFER);
  f->io = buf ? AV(avio_alloc_context)(buf, AV_FD_BUFFER, write, f, write ? NULL : fd_read,
                                   write ? fd_write : NULL, fd_seek)
              : NULL;
  if (!f->io) {
    AV(av_free)(buf);
    return -ENOMEM;
  }
  return 0;
}

int av_fd_close(struct av_fd *f)
{
  if (!f->io)
    return 0;
  if (f->io->write_flag)
    AV(avio_flush)(f->io);
  AV(av_freep)(&f->io->buffer);
  AV(avio_context_free)(&f->io);
  return f->error ? -f->error : 0;
}

int av_fd_failure(const struct av_fd *f)
{
  return f->error ? -f->error : LECTOR_EENCODE;
}
