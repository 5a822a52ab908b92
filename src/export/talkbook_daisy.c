#include "export/talkbook.h"
#include <errno.h>
int talkbook_daisy_write(const struct talkbook *tb, int dir_fd)
{
  (void)tb; (void)dir_fd;
  return -ENOSYS;
}
