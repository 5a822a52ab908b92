#include "util/std_fds.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

int std_fds_ensure(void)
{
  for (int fd = 0; fd <= 2; fd++) {
    if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
      continue;
    /* The lowest free descriptor is this one: those below it are open by now. */
    int got = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY);
    if (got < 0)
      return -errno;
    if (got != fd) {
      close(got);
      return -EBADF;
    }
  }
  return 0;
}
