/* Preloaded by bench/extract: the peak of the heap a process holds, counted exactly.
 *
 * Every malloc, calloc, realloc, free and aligned allocation is passed to glibc's own
 * (__libc_malloc and kin, so no dlsym bootstrap) and the usable size of each block
 * (malloc_usable_size: what the block really takes, not what was asked) is added to or taken
 * from a running total, whose highest value is written at exit as a decimal number of bytes to
 * the file named by $HEAP_PEAK_OUT. Blocks glibc serves by mmap are counted the same way. The
 * counters are atomic: lector's language detector loads on a thread of its own.
 *
 *     cc -shared -fPIC -O2 -o heap_peak.so heap_peak_shim.c
 *     HEAP_PEAK_OUT=peak.txt LD_PRELOAD=./heap_peak.so lector segment page.html */
#define _GNU_SOURCE
#include <fcntl.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void __libc_free(void *);
extern void *__libc_memalign(size_t, size_t);

static size_t live, peak;

static void count_in(void *p)
{
  if (!p)
    return;
  size_t now = __atomic_add_fetch(&live, malloc_usable_size(p), __ATOMIC_RELAXED);
  size_t seen = __atomic_load_n(&peak, __ATOMIC_RELAXED);
  while (now > seen &&
         !__atomic_compare_exchange_n(&peak, &seen, now, true, __ATOMIC_RELAXED,
                                      __ATOMIC_RELAXED)) {
  }
}

static void count_out(void *p)
{
  if (p)
    __atomic_sub_fetch(&live, malloc_usable_size(p), __ATOMIC_RELAXED);
}

void *malloc(size_t n)
{
  void *p = __libc_malloc(n);
  count_in(p);
  return p;
}

void *calloc(size_t n, size_t size)
{
  void *p = __libc_calloc(n, size);
  count_in(p);
  return p;
}

void *realloc(void *old, size_t n)
{
  size_t before = old ? malloc_usable_size(old) : 0;
  void *p = __libc_realloc(old, n);
  if (p && p != old) {
    count_in(p);   /* moved: both blocks were alive while it was copied */
    __atomic_sub_fetch(&live, before, __ATOMIC_RELAXED);
  } else if (p) {
    __atomic_sub_fetch(&live, before, __ATOMIC_RELAXED);
    count_in(p);
  } else if (n == 0 && old) {
    __atomic_sub_fetch(&live, before, __ATOMIC_RELAXED);
  }
  return p;
}

void free(void *p)
{
  count_out(p);
  __libc_free(p);
}

void *memalign(size_t align, size_t n)
{
  void *p = __libc_memalign(align, n);
  count_in(p);
  return p;
}

void *aligned_alloc(size_t align, size_t n)
{
  return memalign(align, n);
}

int posix_memalign(void **out, size_t align, size_t n)
{
  void *p = memalign(align, n);
  if (!p)
    return 12;   /* ENOMEM */
  *out = p;
  return 0;
}

void *valloc(size_t n)
{
  return memalign((size_t)sysconf(_SC_PAGESIZE), n);
}

__attribute__((destructor)) static void report(void)
{
  const char *path = getenv("HEAP_PEAK_OUT");
  if (!path)
    return;
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd < 0)
    return;
  char buf[32];
  int n = snprintf(buf, sizeof buf, "%zu\n", __atomic_load_n(&peak, __ATOMIC_RELAXED));
  if (write(fd, buf, (size_t)n) < 0) {
  }
  close(fd);
}
