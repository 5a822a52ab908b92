/* Reading the small files lector keeps for itself: settings, lexicons, voice profiles, saved
 * positions. */
#ifndef LECTOR_UTIL_FILE_H
#define LECTOR_UTIL_FILE_H

#include <stddef.h>

/* Reads the whole of path into a malloc'd buffer (*data, NUL-terminated, *len bytes without the
 * NUL). Only regular files: a directory gives -EISDIR and a FIFO, device or socket LECTOR_ENOTFILE, so a
 * stray FIFO in a config directory never blocks. More than max bytes gives LECTOR_ETOOBIG.
 * Otherwise a negative errno (-ENOENT when there is no such file). */
int file_read_small(const char *path, size_t max, char **data, size_t *len);

#endif
