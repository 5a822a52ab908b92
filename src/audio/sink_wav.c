/* The "wav" sink: the simulated device of sink_null.c with a recorder. Samples enter the file when
 * the simulated clock plays them, so the file holds what a listener would have heard, paced in
 * real time (or at once when untimed).
 *
 * The recording is written to a temporary file beside the target and renamed into place when
 * the sink closes (util/atomic_file): an existing file is never truncated, replaced without
 * force, or written through a symbolic link. The header is kept up to date after every write,
 * so that what lands is a valid WAV file of exactly what was heard, however reading ended
 * (the end, q, Ctrl-C, SIGTERM, SIGHUP: the reader closes the sink on each). A recording whose
 * writing failed (a full disk) is removed rather than landed half-written. */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include <sndfile.h>

#include <sys/stat.h>

#include "audio/sink_internal.h"
#include "util/atomic_file.h"
#include "util/error.h"

struct wav {
  SNDFILE *file;     /* the sink's lock (in sink_null.c) serialises every use */
  struct atomic_file out;   /* libsndfile writes out.fd and is told not to close it */
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

/* Closes the file and puts it in place. error: the last audio heard could not be written and
 * nobody was told. On any error nothing lands (the old file, if any, stays). A write failure
 * that the player reported while reading went on (and the listener saw) leaves a recording with
 * that gap, as before. */
static int wav_finish(void *user, int error)
{
  struct wav *w = user;
  int rc = sf_close(w->file) != 0 ? -EIO : error;
  if (rc)
    atomic_file_abort(&w->out);
  else
    rc = atomic_file_commit(&w->out);
  free(w);
  return rc;
}

/* WAV's header is rewritten at the front: only a regular file can take it (a FIFO would also
 * block the open until a reader came, where no signal could end the wait). */
static int check_target(const char *path)
{
  struct stat st;
  if (stat(path, &st) != 0)
    return 0;   /* nothing there, or a dangling link: atomic_file decides */
  if (S_ISDIR(st.st_mode))
    return -EISDIR;
  return S_ISREG(st.st_mode) ? 0 : LECTOR_ENOTSEEKABLE;
}

int sink_wav_open(struct sink *s, const struct sink_options *opts, const char *path)
{
  int rc = check_target(path);
  if (rc)
    return rc;
  struct wav *w = calloc(1, sizeof *w);
  if (!w)
    return -ENOMEM;
  rc = atomic_file_open(&w->out, path, opts->force);
  if (rc) {
    free(w);
    return rc;
  }
  SF_INFO info = { .samplerate = opts->sample_rate, .channels = 1,
                   .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16 };
  w->file = sf_open_fd(w->out.fd, SFM_WRITE, &info, SF_FALSE);
  if (!w->file) {
    atomic_file_abort(&w->out);
    free(w);
    return LECTOR_EENCODE;
  }
  sf_command(w->file, SFC_SET_UPDATE_HEADER_AUTO, NULL, SF_TRUE);
  rc = sink_sim_open(s, opts, wav_record, wav_finish, w);
  if (rc < 0)
    wav_finish(w, rc);
  return rc;
}
