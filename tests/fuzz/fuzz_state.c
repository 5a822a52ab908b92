/* The reader's state file (src/app/state.h): arbitrary bytes as a saved position must load or be
 * refused as LECTOR_EPARSE, never crash; a position saved (with the input as its source name)
 * loads back unchanged. The files live in a private directory under /dev/shm when there is one:
 * state.h reads files only, and tmpfs keeps that in memory. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/state.h"
#include "fuzz_common.h"
#include "util/error.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);

static char key[STATE_KEY_LEN] = "c-0123456789abcdef";
static char *state_path;

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
  (void)argc, (void)argv;
  char tmpl[] = "/dev/shm/lector-fuzz-state.XXXXXX";
  char tmpl2[] = "/tmp/lector-fuzz-state.XXXXXX";
  char *dir = mkdtemp(tmpl);
  if (!dir)
    dir = mkdtemp(tmpl2);
  if (!dir)
    abort();
  setenv("XDG_STATE_HOME", dir, 1);
  state_path = state_file_path(key);
  if (!state_path)
    abort();
  /* Creates the directories by saving once. */
  static struct state_position pos;
  if (state_save(key, &pos, "init") != 0)
    abort();
  return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  FILE *f = fopen(state_path, "wb");
  if (!f)
    abort();
  if (size && fwrite(data, 1, size, f) != size)
    abort();
  fclose(f);

  static struct state_position pos;
  pos = (struct state_position){.paragraph = (size_t)-1, .sentence = (size_t)-1};
  int rc = state_load(key, &pos);
  if (rc == 0) {
    if (pos.paragraph > INT_MAX || pos.sentence > INT_MAX)
      fuzz_fail("position out of range accepted", pos.paragraph, pos.sentence);
    if (pos.n_bookmarks > STATE_BOOKMARKS_MAX)
      fuzz_fail("more bookmarks than the limit", pos.n_bookmarks, size);
    for (size_t i = 0; i < pos.n_bookmarks; i++)
      if (pos.bookmarks[i] > INT_MAX)
        fuzz_fail("bookmark out of range accepted", pos.bookmarks[i], i);
  } else if (rc != LECTOR_EPARSE) {
    fuzz_fail("a corrupt state file is not LECTOR_EPARSE", (size_t)-rc, size);
  }

  /* Round trip: a position made of the input's bytes, with the input's start as the source. */
  /* Static: a position holds the bookmarks (8 KB). Some of the input's bytes as bookmarks. */
  static struct state_position want;
  want = (struct state_position){.paragraph = 0};
  for (size_t i = 0; i < size && i < 16; i++)
    want.bookmarks[want.n_bookmarks++] = data[i] * 1000u + i;
  for (size_t i = 0; i < size && i < 8; i++) {
    want.paragraph = want.paragraph * 31 + data[i];
    want.sentence = want.sentence * 7 + data[i] % 13;
  }
  want.paragraph %= (size_t)INT_MAX + 1;
  want.sentence %= (size_t)INT_MAX + 1;
  /* A path-like length: a long name may legitimately make the file too big to load (64 KB cap). */
  size_t slen = size < 256 ? size : 256;
  char *source = malloc(slen + 1);
  if (!source)
    return 0;
  memcpy(source, data, slen);
  source[slen] = '\0';
  if (state_save(key, &want, source) != 0)
    fuzz_fail("saving failed", size, 0);
  free(source);
  static struct state_position got;
  rc = state_load(key, &got);
  if (rc != 0 || got.paragraph != want.paragraph || got.sentence != want.sentence)
    fuzz_fail("saved position does not load back", (size_t)-rc, got.paragraph);
  if (got.n_bookmarks != want.n_bookmarks ||
      memcmp(got.bookmarks, want.bookmarks, want.n_bookmarks * sizeof want.bookmarks[0]) != 0)
    fuzz_fail("saved bookmarks do not load back", got.n_bookmarks, want.n_bookmarks);
  return 0;
}
