/* Where the reader starts and what it remembers of a document between runs: the saved reading
 * position (found again by its anchor if the file changed), its bookmarks, and the speed the
 * listener chose for it (app/state.h keeps them, one file per document). */
#ifndef LECTOR_APP_READER_PLACE_H
#define LECTOR_APP_READER_PLACE_H

#include <stdbool.h>
#include <stddef.h>

#include "app/state.h"
#include "ui/bookmarks.h"

struct document;
struct player_status;

struct reader_place {
  char state_key[STATE_KEY_LEN];
  bool have_key;       /* false: nothing is loaded or saved (a path that cannot be resolved) */
  size_t start_sentence;
  bool remember_wpm;   /* a speed was remembered for this document: keep saving it */
  struct bookmarks marks;   /* loaded and saved with the position, changed by the UI */
};

/* What reader_place_load needs to know of the run. */
struct reader_place_run {
  const char *input;   /* the file, "-" for standard input */
  bool restart;        /* --restart: from the top, bookmarks kept */
  bool speed_given;    /* -s: wins over the speed remembered for the document */
};

/* Loads doc's saved place into place (zeroed by the caller). A remembered speed goes into
 * *speed; what the listener must hear ("Resumed at paragraph 3 of 12, 20 percent", or why the
 * saved position was ignored) into message (left as it is otherwise). */
void reader_place_load(struct reader_place *place, const struct document *doc,
                       const struct reader_place_run *run, int *speed, char *message,
                       size_t message_len);

/* Saves where reading stopped (st), the bookmarks and, once the listener changed it from
 * start_wpm, the speed; a failure is a warning. */
void reader_place_save(const struct reader_place *place, const struct document *doc,
                       const char *input, int start_wpm, const struct player_status *st);

#endif
