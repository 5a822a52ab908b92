/* Large buffers in transparent huge pages (huge_pages.h). */
#include "util/huge_pages.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

void *huge_pages_alloc(size_t size)
{
  if (size < HUGE_PAGE_BYTES)
    return malloc(size);
  /* Its own mapping (malloc's threshold is far lower), of which the pages before the aligned
   * start are never touched. posix_memalign, as aligned_alloc wants a multiple of the
   * alignment. */
  void *p;
  return posix_memalign(&p, HUGE_PAGE_BYTES, size) == 0 ? p : NULL;
}

void pages_advise(void *p, size_t len, size_t page, int advice)
{
  uintptr_t first = ((uintptr_t)p + page - 1) & ~(uintptr_t)(page - 1);
  uintptr_t last = ((uintptr_t)p + len) & ~(uintptr_t)(page - 1);
  if (last > first)
    (void)madvise((void *)first, last - first, advice);
}

void huge_pages_advise(void *p, size_t len)
{
#ifdef MADV_HUGEPAGE
  pages_advise(p, len, HUGE_PAGE_BYTES, MADV_HUGEPAGE);
#else
  (void)p;
  (void)len;
#endif
}
