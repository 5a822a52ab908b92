/* For a synthesis child forked ahead (engine_child.c), while it waits for its sentence: the
 * pages synthesis writes first are copied now rather than between a key and its first sample. */
#include <fcntl.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "speech/engine_internal.h"

/* Writes every page of [start, end) with what it holds, which the kernel copies then (copy on
 * write) rather than when synthesis first writes it. Not checked by AddressSanitizer: the pages
 * hold its redzones too, which nothing else reads. */
__attribute__((no_sanitize("address"))) static void touch_pages(uintptr_t start, uintptr_t end)
{
  long page = sysconf(_SC_PAGESIZE);
  for (uintptr_t a = start; page > 0 && a < end; a += (uintptr_t)page) {
    volatile char *c = (volatile char *)a;
    *c = *c;
  }
}

/* The stack synthesis will use (espeak-ng's clause translation keeps large arrays there). */
__attribute__((noinline)) static void touch_stack(void)
{
  volatile char pad[128 * 1024];
  for (size_t i = 0; i < sizeof pad; i += 1024)
    pad[i] = 0;
}

/* In a child forked ahead, while it waits: the pages synthesis writes first copied now (one
 * page fault each, ~10 us on a virtual machine, about a hundred per sentence) rather than
 * between a key and its first sample: espeak-ng's writable data (and its .bss, in the anonymous
 * mapping after it), the malloc arena of this thread (espeak-ng's own allocations: the player's
 * thread is not the main thread, whose heap it does not use), the stack. Only this thread runs
 * in the child, so writing back what a page holds changes nothing. Reads /proc/self/maps into
 * a static buffer. */
void engine_copy_pages_ahead(void)
{
  int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  static char buf[1 << 16];
  size_t len = 0;
  ssize_t r;
  while (len < sizeof buf - 1 && (r = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
    len += (size_t)r;
  close(fd);
  buf[len] = '\0';
  void *probe = malloc(1);
  uintptr_t arena = (uintptr_t)probe;
  bool after_espeak = false;
  for (char *line = buf, *next; *line; line = next) {
    next = strchr(line, '\n');
    next = next ? next + 1 : line + strlen(line);
    unsigned long start, end;
    char perms[8], path[128] = "";
    if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %127s", &start, &end, perms, path) < 3)
      continue;
    bool espeak = strstr(path, "libespeak-ng") != NULL;
    bool writable = perms[0] == 'r' && perms[1] == 'w' && perms[3] == 'p';
    if (writable && (espeak || (after_espeak && !path[0]) || (arena >= start && arena < end)))
      touch_pages(start, end);
    after_espeak = espeak;
  }
  free(probe);
  touch_stack();
}
