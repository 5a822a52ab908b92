#include "app/spool.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

int spool_open(struct spool *s)
{
  s->fd = -1;
  const char *dir = getenv("TMPDIR");
  if (!dir || !*dir)
    dir = "/tmp";
  /* O_TMPFILE: the file never has a name, so even a kill -9 leaves nothing behind. */
  int fd = open(dir, O_TMPFILE | O_RDWR | O_CLOEXEC, 0600);
  if (fd < 0 && (errno == EOPNOTSUPP || errno == EISDIR || errno == EINVAL)) {
    /* A file system without O_TMPFILE: a named file, unlinked at once. */
    char name[4096];
    if (snprintf(name, sizeof name, "%s/lector-XXXXXX", dir) >= (int)sizeof name)
      return -ENAMETOOLONG;
    fd = mkostemp(name, O_CLOEXEC);
    if (fd >= 0)
      unlink(name);
  }
  if (fd < 0)
    return -errno;
  s->fd = fd;
  snprintf(s->path, sizeof s->path, "/proc/self/fd/%d", fd);
  return 0;
}

int spool_send(struct spool *s, int out_fd, const volatile sig_atomic_t *stop, uint64_t *bytes)
{
  *bytes = 0;
  if (lseek(s->fd, 0, SEEK_SET) != 0)
    return -errno;
  char buf[65536];
  for (;;) {
    if (*stop)
      return -ECANCELED;
    ssize_t n = read(s->fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return -errno;
    if (n == 0)
      return 0;
    for (ssize_t done = 0; done < n;) {
      ssize_t w = write(out_fd, buf + done, (size_t)(n - done));
      if (w < 0 && errno == EINTR && !*stop)
        continue;
      if (w < 0)
        return -errno;
      done += w;
    }
    *bytes += (uint64_t)n;
  }
}

void spool_close(struct spool *s)
{
  if (s->fd >= 0)
    close(s->fd);
  s->fd = -1;
}
