/* The reader's resume positions: one small JSON file per document under
 * $XDG_STATE_HOME/lector/positions/, written atomically.
 *
 * A document is known by a key: a hash of its absolute path (a file), of its final URL (a web
 * page), or of its text (standard input, which has no path). The position is an anchor
 * (text/anchor.h): a paragraph and a sentence within it, both 0-based as in the trace, and what
 * finds them again in an edited document (the section, the offset in it, fingerprints; optional
 * in the file, older files lack them). Nothing here prints; the caller reports what went wrong. */
#ifndef LECTOR_APP_STATE_H
#define LECTOR_APP_STATE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/anchor.h"

#define STATE_BOOKMARKS_MAX 1000   /* as ui/bookmarks.h's BOOKMARKS_MAX */
#define STATE_KEY_LEN 24   /* "p-", "u-" or "c-" + 16 hex digits + NUL, with room */

struct state_position {
  struct doc_anchor place;
  int wpm;           /* the speed last read at (remembered per document); 0: not saved */
  /* The bookmarks: global sentence indices and the prints of their sentences, which find them
   * again after an edit (text/anchor.h). Optional in the file: an older file's bookmarks are
   * plain numbers, without prints. */
  size_t n_bookmarks;
  size_t bookmarks[STATE_BOOKMARKS_MAX];
  uint64_t bookmark_prints[STATE_BOOKMARKS_MAX];
  bool bookmark_has_print[STATE_BOOKMARKS_MAX];
};

/* The bookmarks as they lead in doc (an edited document: text/anchor.h's
 * anchor_find_sentences), in place; an older file's, without prints, stay at their numbers. */
void state_bookmarks_find(struct state_position *pos, const struct document *doc);
/* Gives each bookmark inside doc the print of its sentence, to be saved with it. */
void state_bookmarks_print(struct state_position *pos, const struct document *doc);

/* Key for a file: from its absolute path (realpath). Returns 0 or -errno. */
int state_key_for_path(const char *path, char key[STATE_KEY_LEN]);
/* Key for a fetched page: from its final URL (after redirects), as given by the server. */
void state_key_for_url(const char *url, char key[STATE_KEY_LEN]);
/* Key for text without a path (standard input): from the bytes themselves. */
void state_key_for_content(const char *data, size_t len, char key[STATE_KEY_LEN]);

/* The file that holds key's position; malloc'd, NULL when there is no state directory (neither
 * XDG_STATE_HOME nor HOME set) or memory is short. */
char *state_file_path(const char *key);

/* Reads the saved position. Returns 0, -ENOENT when nothing is saved, LECTOR_EPARSE when the file
 * is corrupt or truncated (the caller reports it and starts from the top), or another -errno. */
int state_load(const char *key, struct state_position *out);

/* Saves the position atomically (temporary file + rename), creating the directory if needed.
 * Returns 0 or a negative code. */
int state_save(const char *key, const struct state_position *pos, const char *source);

#endif
