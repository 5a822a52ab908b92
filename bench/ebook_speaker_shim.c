/* For bench/book only: ebook-speaker refuses to start without /proc/asound/cards (a container
 * has no sound card). Preloaded, this makes opening that file open $FAKE_ASOUND_CARDS instead;
 * nothing else changes. Built by bench/book_peer.py with cc. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *swap(const char *path)
{
  const char *fake = getenv("FAKE_ASOUND_CARDS");
  return fake && path && strcmp(path, "/proc/asound/cards") == 0 ? fake : path;
}

FILE *fopen(const char *path, const char *mode)
{
  FILE *(*real)(const char *, const char *) =
    (FILE *(*)(const char *, const char *))dlsym(RTLD_NEXT, "fopen");
  return real(swap(path), mode);
}

FILE *fopen64(const char *path, const char *mode)
{
  FILE *(*real)(const char *, const char *) =
    (FILE *(*)(const char *, const char *))dlsym(RTLD_NEXT, "fopen64");
  return real(swap(path), mode);
}
