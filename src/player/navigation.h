/* Where a navigation key leads: a pure function of the document, the sentence being heard and
 * how long it and its paragraph have been heard. No player, no thread, no clock: the 2-second
 * rule is tested with numbers. */
#ifndef LECTOR_PLAYER_NAVIGATION_H
#define LECTOR_PLAYER_NAVIGATION_H

#include <stdbool.h>
#include <stddef.h>

#include "player/player.h"

struct document;

/* PREV_SENTENCE/PREV_PARAGRAPH restart the current one when it was heard longer than this. */
#define NAVIGATION_RESTART_AFTER_S 2.0
#define NAVIGATION_STAY ((size_t)-1)   /* the command does not move reading */

/* Where reading is: a global sentence index of a document with sentences, and seconds heard of
 * that sentence and of its paragraph. */
struct navigation_at {
  size_t sentence;
  double in_sentence_s, in_paragraph_s;
};

/* Whether cmd moves the reading position (next/previous/first/last/jump/repeat). */
bool navigation_is_move(enum player_command cmd);

/* The global sentence index cmd (with arg, for JUMP_SENTENCE) leads to from at, or
 * NAVIGATION_STAY: at the last sentence or paragraph going on, a jump out of range, a command
 * that does not move, a document without sentences. */
size_t navigation_target(const struct document *doc, enum player_command cmd, long arg,
                         struct navigation_at at);

/* The first sentence of the next (dir > 0) or previous heading (text/section.h's sections) from
 * sentence, of any level or, with same_or_higher, of the current section's level or a higher
 * one; NAVIGATION_STAY when there is none. *section gets the section's index. */
size_t navigation_heading(const struct document *doc, size_t sentence, int dir,
                          bool same_or_higher, size_t *section);

#endif
