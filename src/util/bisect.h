/* Binary search over a sorted range, written once: the callers' arrays differ, the search does
 * not. */
#ifndef LECTOR_UTIL_BISECT_H
#define LECTOR_UTIL_BISECT_H

#include <stdbool.h>
#include <stddef.h>

/* The first index in [0, n) for which before(ctx, i) is false, n when there is none. before
 * must be true on a prefix of the range and false after it (e.g. "element i ends at or before
 * the offset sought"). */
static inline size_t bisect(size_t n, bool (*before)(const void *ctx, size_t i), const void *ctx)
{
  size_t lo = 0, hi = n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (before(ctx, mid))
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

#endif
