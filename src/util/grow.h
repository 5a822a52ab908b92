/* Growing a malloc'd array: the one realloc shape of every module (documents, builders,
 * decoders, the player's timeline, word events, layout lines). */
#ifndef LECTOR_UTIL_GROW_H
#define LECTOR_UTIL_GROW_H

#include <stddef.h>

/* Reallocates *items (elements of size bytes) to new_cap elements and sets *cap; on failure
 * leaves both as they were. Returns 0 or -ENOMEM. */
int grow_to(void **items, size_t *cap, size_t new_cap, size_t size);

/* Makes room for element n: doubles *cap (from first when 0) while n does not fit. Returns 0 or
 * -ENOMEM. */
int grow_for(void **items, size_t *cap, size_t n, size_t size, size_t first);

#endif
