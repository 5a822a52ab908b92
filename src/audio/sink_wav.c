/* The "wav" sink: the simulated device of sink_null.c with a recorder. Samples enter the file when
 * the simulated clock plays them, so the file holds what a listener would have heard, paced in
 * real time (or at once when untimed). The header is kept up to date after every write, so the
 * file is valid even if lector is killed. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sndfile.h>

#include "audio/sink_internal.h"
#include "util/error.h"

struct wav {
  SNDFILE *file;     /* the sink's lock (in sink_null.c) serialises every use */
  int fd;            /* ours: libsndfile is told not to close it */
  sf_count_t frames; /* written whole, in order */
  bool failed;       /* the last write failed: where libsndfile's position is, is unknown */
};

static int wav_record(void *user, const int16_t *samples, size_t n)
{
  struct wav *w = user;
  /* After a failure (a full disk, since freed) the recording goes on after the last frame
   * written whole: libsndfile's own position may have moved while it updated the header. */
  if (w->failed) {
    if (sf_seek(w->file, w->frames, SEEK_SET) != w->frames)
      return -EIO;
    w->failed = false;
  }
  errno = 0;
  sf_count_t done = sf_write_short(w->file, samples, (sf_count_t)n);
  if (done > 0)
    w->frames += done;
  if (done == (sf_count_t)n)
    return 0;
  w->failed = true;
  /* libsndfile leaves the errno of the write that failed (a full disk says so); else EIO. */
  return errno > 0 ? -errno : -EIO;
}

/* Closes the file; an error means its last header update or data did not reach it. */
static int wav_finish(void *user)
{
  struct wav *w = user;
  int rc = sf_close(w->file) != 0 ? -EIO : 0;
  if (fsync(w->fd) != 0 && errno != EINVAL && !rc)
    rc = -errno;
  if (close(w->fd) != 0 && !rc)
    rc = -errno;
  free(w);
  return rc;
}

int sink_wav_open(struct sink *s, const struct sink_options *opts, const char *path)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (fd < 0)
    return -errno;
  struct wav *w = calloc(1, sizeof *w);
  if (!w) {
    close(fd);
    return -ENOMEM;
  }
  SF_INFO info = { .samplerate = opts->sample_rate, .channels = 1,
                   .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
  w->fd = fd;
  w->file = sf_open_fd(fd, SFM_WRITE, &info, SF_FALSE);
  if (!w->file) {
    close(fd);
    free(w);
    return LECTOR_EENCODE;
  }
  sf_command(w->file, SFC_SET_UPDATE_HEADER_AUTO, NULL, SF_TRUE);
  int rc = sink_sim_open(s, opts, wav_record, wav_finish, w);
  if (rc < 0)
    wav_finish(w);
  return rc;
}
