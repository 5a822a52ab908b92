#include "util/file.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/error.h"

int file_read_small(const char *path, size_t max, char **data, size_t *len)
{
  /* O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer. */
  int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return -errno;
  struct stat st;
  int rc = 0;
  if (fstat(fd, &st) != 0)
    rc = -errno;
  else if (S_ISDIR(st.st_mode))
    rc = -EISDIR;
  else if (!S_ISREG(st.st_mode))
    rc = LECTOR_ENOTFILE;
  else if ((size_t)st.st_size > max)
    rc = LECTOR_ETOOBIG;
  char *buf = NULL;
  size_t got = 0, cap = 0;
  if (!rc) {
    /* st_size is a hint only: the file may grow while we read; never hold more than max. */
    cap = (size_t)st.st_size + 1;
    buf = malloc(cap);
    if (!buf)
      rc = -ENOMEM;
  }
  while (!rc) {
    if (got == cap) {
      if (cap > max) {
        rc = LECTOR_ETOOBIG;
        break;
      }
      size_t new_cap = cap * 2 > max + 1 ? max + 1 : cap * 2;
      char *more = realloc(buf, new_cap);
      if (!more) {
        rc = -ENOMEM;
        break;
      }
      buf = more;
      cap = new_cap;
    }
    ssize_t n = read(fd, buf + got, cap - got);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      rc = -errno;
    else if (n == 0)
      break;
    else
      got += (size_t)n;
  }
  if (!rc && got > max)
    rc = LECTOR_ETOOBIG;
  if (!rc && got == cap) {
    /* Room for the terminating NUL. */
    char *more = realloc(buf, got + 1);
    if (!more)
      rc = -ENOMEM;
    else
      buf = more;
  }
  close(fd);
  if (rc) {
    free(buf);
    return rc;
  }
  buf[got] = '\0';
  *data = buf;
  *len = got;
  return 0;
}
