/* The reader's saved place in a document (reader_place.h). */
#include "app/reader_place.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "player/player.h"
#include "text/anchor.h"
#include "text/document.h"
#include "util/error.h"

/* The position file key: the file's absolute path, the final URL of a fetched page, or the text
 * itself for standard input. */
static void make_state_key(struct reader_place *place, const struct document *doc,
                           const char *input)
{
  if (doc->url) {
    state_key_for_url(doc->url, place->state_key);
    place->have_key = true;
  } else if (strcmp(input, "-") == 0) {
    state_key_for_content(doc->text, doc->len, place->state_key);
    place->have_key = true;
  } else {
    place->have_key = state_key_for_path(input, place->state_key) == 0;
  }
}

/* "Resumed at paragraph 3 of 12, sentence 2, 20 percent": said too (with --announce) and printed
 * in plain mode, so that the listener hears where reading starts. */
static void say_resumed(const struct document *doc, size_t start, char *message, size_t len)
{
  size_t paragraph = document_paragraph_of(doc, start);
  size_t sentence = start - doc->paragraphs[paragraph].first_sentence;
  int percent = (int)(start * 100 / doc->n_sentences);
  if (sentence == 0)
    snprintf(message, len, "Resumed at paragraph %zu of %zu, %d percent", paragraph + 1,
             doc->n_paragraphs, percent);
  else
    snprintf(message, len, "Resumed at paragraph %zu of %zu, sentence %zu, %d percent",
             paragraph + 1, doc->n_paragraphs, sentence + 1, percent);
}

void reader_place_load(struct reader_place *place, const struct document *doc,
                       const struct reader_place_run *run, int *speed, char *message,
                       size_t message_len)
{
  make_state_key(place, doc, run->input);
  if (!place->have_key)
    return;
  struct state_position pos;
  int rc = state_load(place->state_key, &pos);
  if (rc == -ENOENT || (rc && run->restart))
    return;
  /* Kept with --restart too: it starts from the top, it does not forget the bookmarks. */
  if (!rc) {
    _Static_assert(STATE_BOOKMARKS_MAX == BOOKMARKS_MAX, "one limit for both");
    state_bookmarks_find(&pos, doc);
    place->marks.n = pos.n_bookmarks;
    memcpy(place->marks.at, pos.bookmarks, pos.n_bookmarks * sizeof pos.bookmarks[0]);
    bookmarks_clean(&place->marks, doc->n_sentences);
  }
  if (run->restart)
    return;
  if (rc) {
    char *path = state_file_path(place->state_key);
    snprintf(message, message_len, "Ignored the saved position (%s: %s); starting from the top.",
             path ? path : "state file", lector_strerror(rc));
    free(path);
    return;
  }
  /* The speed this document was last read at, unless -s says otherwise. */
  if (pos.wpm > 0 && !run->speed_given) {
    *speed = pos.wpm;
    place->remember_wpm = true;
  }
  /* The file may have changed since: the anchor finds the same words again. */
  place->start_sentence = anchor_find(doc, &pos.place);
  if (place->start_sentence > 0)
    say_resumed(doc, place->start_sentence, message, message_len);
}

void reader_place_save(const struct reader_place *place, const struct document *doc,
                       const char *input, int start_wpm, const struct player_status *st)
{
  if (!place->have_key)
    return;
  /* The speed is remembered once the listener changed it for this document (not the default
   * or the settings file's, which may change later). */
  struct state_position pos = {.wpm = place->remember_wpm || st->wpm != start_wpm ? st->wpm : 0,
                               .n_bookmarks = place->marks.n};
  memcpy(pos.bookmarks, place->marks.at, place->marks.n * sizeof place->marks.at[0]);
  state_bookmarks_print(&pos, doc);
  /* A document heard to the end starts from the top next time. */
  bool heard_all = st->state == PLAYER_STATE_FINISHED || st->sentence >= doc->n_sentences;
  anchor_make(doc, heard_all ? 0 : st->sentence, &pos.place);
  const char *source = doc->url ? doc->url
                       : strcmp(input, "-") == 0 ? "(standard input)" : input;
  int rc = state_save(place->state_key, &pos, source);
  if (rc)
    app_warning("cannot save the reading position: %s", lector_strerror(rc));
}
