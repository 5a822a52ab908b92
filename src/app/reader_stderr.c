#include "app/reader_stderr.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "speech/engine_thread.h"

void reader_stderr_init(struct reader_stderr *e)
{
  e->saved = -1;
  e->std_stream = NULL;
}

/* fd 2 to /dev/null, or to the file LECTOR_LOG names. */
static void stderr_away(void)
{
  const char *log = getenv("LECTOR_LOG");
  int fd = open(log && log[0] ? log : "/dev/null",
                O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd >= 0) {
    dup2(fd, STDERR_FILENO);
    close(fd);
  }
}

void reader_stderr_quiet(struct reader_stderr *e)
{
  fflush(stderr);
  e->saved = dup(STDERR_FILENO);
  stderr_away();
}

/* espeak-ng starts on its thread (engine_thread.h) while lector may still have to warn or fail,
 * and the libraries under it print to stderr as they start (PulseAudio, set up by pcaudiolib
 * even for synchronous synthesis: "ftruncate() failed" under a file size limit), as they did
 * in the children that started it before. Until it has started, stderr is a stream that drops
 * what that thread writes and passes on the rest (glibc lets a program set stderr). */
static ssize_t early_write(void *cookie, const char *buf, size_t len)
{
  (void)cookie;
  if (engine_thread_is_self())
    return (ssize_t)len;
  size_t done = 0;
  while (done < len) {
    ssize_t w = write(STDERR_FILENO, buf + done, len - done);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      return done ? (ssize_t)done : -1;
    done += (size_t)w;
  }
  return (ssize_t)len;
}

void reader_stderr_early_begin(struct reader_stderr *e)
{
  FILE *own = fopencookie(NULL, "w", (cookie_io_functions_t){.write = early_write});
  if (!own)
    return;
  setvbuf(own, NULL, _IONBF, 0);
  fflush(stderr);
  e->std_stream = stderr;
  stderr = own;
}

void reader_stderr_early_end(struct reader_stderr *e)
{
  if (!e->std_stream)
    return;
  engine_thread_wait();   /* espeak-ng has started */
  FILE *own = stderr;
  stderr = e->std_stream;
  e->std_stream = NULL;
  fclose(own);
}

void reader_stderr_restore(struct reader_stderr *e)
{
  if (e->saved < 0)
    return;
  fflush(stderr);
  dup2(e->saved, STDERR_FILENO);
  close(e->saved);
  e->saved = -1;
}

