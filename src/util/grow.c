#include "util/grow.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

int grow_to(void **items, size_t *cap, size_t new_cap, size_t size)
{
  if (size && new_cap > SIZE_MAX / size)
    return -ENOMEM;
  void *p = realloc(*items, new_cap * size);
  if (!p)
    return -ENOMEM;
  *items = p;
  *cap = new_cap;
  return 0;
}

int grow_for(void **items, size_t *cap, size_t n, size_t size, size_t first)
{
  if (n < *cap)
    return 0;
  size_t new_cap = *cap ? *cap : first;
  while (new_cap <= n)
    new_cap *= 2;
  return grow_to(items, cap, new_cap, size);
}
