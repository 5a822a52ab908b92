/* Large buffers in transparent huge pages (2 MiB) where the kernel offers them on request
 * (THP "madvise" mode, Debian's default): a buffer of megabytes filled at once then costs a
 * handful of page faults instead of one per 4 KiB, and on a virtual machine every first touch
 * of a 4 KiB page is dearer still (loading a 5 MB text spent a third of its time there). */
#ifndef LECTOR_UTIL_HUGE_PAGES_H
#define LECTOR_UTIL_HUGE_PAGES_H

#include <stddef.h>

#define HUGE_PAGE_BYTES ((size_t)2 << 20)

/* malloc(size), aligned to HUGE_PAGE_BYTES when size is at least that (freed by free()). */
void *huge_pages_alloc(size_t size);

/* madvise(advice) over the whole pages of page bytes (a power of two) inside p[0, len), if any. */
void pages_advise(void *p, size_t len, size_t page, int advice);

/* Asks for huge pages under the whole huge pages inside p[0, len): only those, so that no huge
 * page is made resident for bytes that are never used. To be called before the bytes are first
 * written. Does nothing where the kernel cannot. */
void huge_pages_advise(void *p, size_t len);

#endif
