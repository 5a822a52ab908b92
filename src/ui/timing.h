/* Where reading is in time, estimated from word counts: how long the document lasts at a speed,
 * where a sentence starts in it and how much is left ("12:40 of 31:05, 18:25 left"). The audio
 * is synthesised a sentence at a time, so its real length is known only for what was heard;
 * words / wpm plus the pauses of the reading rules is the estimate until then, and it follows a
 * change of speed at once.
 *
 * Pure computation on a document (no player, no clock), built once per reader. */
#ifndef LECTOR_UI_TIMING_H
#define LECTOR_UI_TIMING_H

#include <stddef.h>
#include <stdint.h>

struct document;
struct reading_pauses;

struct timing {
  size_t n;              /* sentences */
  uint32_t *words;       /* owned; n + 1: words before sentence i (words[n]: the whole) */
  uint64_t *pause_ms;    /* owned; n + 1: silence before sentence i */
};

/* Counts the words of doc and the pauses after each sentence (give them as written, at
 * READING_SPEED_NORMAL: timing_at scales them to its wpm by the reading rules). Returns 0 or -ENOMEM (t is then
 * empty: every time is 0). */
int timing_build(struct timing *t, const struct document *doc,
                 const struct reading_pauses *pauses);
void timing_free(struct timing *t);

/* Seconds from the start of the document to the start of sentence i (i == n: the end) at wpm. */
double timing_at(const struct timing *t, size_t i, int wpm);
/* The sentence being heard at `seconds` from the start at wpm (the last one past the end). */
size_t timing_sentence_at(const struct timing *t, double seconds, int wpm);

/* "12:40" or "1:02:03". */
void timing_clock(double seconds, char *buf, size_t len);
/* "12:40 of 31:05" and "18:25 left" for reading at `seconds` at wpm. */
void timing_position(const struct timing *t, double seconds, int wpm, char *of, size_t of_len,
                     char *left, size_t left_len);
/* For speech: "18 minutes 25 seconds left" ("less than a minute left"). */
void timing_left_words(const struct timing *t, double seconds, int wpm, char *buf, size_t len);

#endif
