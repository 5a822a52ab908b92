/* lector export -o DIR/BOOK.EXT --split chapter|heading: the parts (export/split.h) and their
 * playlist in a new directory BOOK beside where BOOK.EXT would have gone:
 *
 *   DIR/BOOK/01 Title.EXT, 02 Next Title.EXT, ..., DIR/BOOK/BOOK.m3u8
 *
 * One directory rather than files beside others: it appears whole with one rename (written as
 * a hidden temporary directory in DIR first), two books never mix, and audiobook players take
 * a folder as a book. An existing BOOK is refused without --force; with it, only a directory a
 * split made before (it holds BOOK.m3u8 and no subdirectory) is replaced. */
#ifndef LECTOR_APP_EXPORT_SPLIT_H
#define LECTOR_APP_EXPORT_SPLIT_H

#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "export/encoder.h"
#include "export/split.h"
#include "util/atomic_dir.h"

struct sidecar;

struct export_split {
  bool active;
  struct atomic_dir dir;           /* BOOK, written as a temporary directory in DIR */
  uint64_t bytes;                  /* written into it */
  size_t files;                    /* audio files written */
};

/* The directory output names (DIR/BOOK for DIR/BOOK.EXT), malloc'd; NULL without memory. */
char *export_split_dir(const char *output);

/* Refuses (one line, returns 1) a BOOK directory that exists unless force and it is a split's;
 * 0 when the export may go on. Before anything is read. */
int export_split_check(const char *output, bool force);

/* Creates the temporary directory. Returns 0 or a negative errno. */
int export_split_open(struct export_split *s, const char *output, bool force);

/* Cuts the FLAC audio on in_fd (frames of it at rate) at sc's sections and writes the parts in format, then the
 * playlist. Returns 0 or a negative code (-ECANCELED once *cancel is set). */
int export_split_write(struct export_split *s, const struct sidecar *sc, uint64_t frames,
                       int rate, int in_fd, enum split_by by, enum encoder_format format, const char *title,
                       const char *artist, volatile sig_atomic_t *cancel);

/* Puts the directory in place (replacing a split's under force). Returns 0 or a negative
 * errno; the temporary directory is gone either way. */
int export_split_commit(struct export_split *s);

/* Removes the temporary directory and what is in it; safe after commit. A signal handler
 * calls atomic_dir_abort_from_signal. */
void export_split_abort(struct export_split *s);

#endif
