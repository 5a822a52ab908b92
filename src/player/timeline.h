/* What is heard: the pieces of audio in the sink (a sentence, part of one after a speed change,
 * or an announcement), each starting at a known sink position, mapped back to the sentence and
 * the word being heard and to how long the sentence and its paragraph have been heard.
 *
 * Pure bookkeeping on numbers (sink positions in samples): no thread, no sink, no clock. The
 * player thread owns its timeline. */
#ifndef LECTOR_PLAYER_TIMELINE_H
#define LECTOR_PLAYER_TIMELINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TIMELINE_NONE SIZE_MAX   /* the "sentence" of an announcement; no sentence */

/* A word of a segment: where it is in the document and when it is heard in the segment. */
struct timeline_word {
  size_t doc_start, doc_end;
  uint64_t start;               /* samples from the segment's first sample */
};

/* A piece whose audio has (at least partly) reached the sink. */
struct timeline_segment {
  size_t sentence, paragraph;   /* TIMELINE_NONE for an announcement */
  int64_t start;                /* sink position of its first sample */
  uint64_t len;                 /* samples written so far */
  int64_t sent_origin;          /* sink position where the whole sentence would have started */
  int64_t para_origin;          /* sink position from which its paragraph counts as heard */
  struct timeline_word *words;  /* owned */
  size_t n_words;
  size_t word_base;             /* index in the sentence's speech words of words[0] */
};

struct timeline {
  struct timeline_segment *segs;   /* oldest first */
  size_t n, cap;
  /* Heard time carried over an interruption: when `sentence` is read again, its paragraph
   * counts para_before samples as already heard (PREV_PARAGRAPH after a pause still knows). */
  struct {
    size_t sentence;
    int64_t para_before;
  } carry;
};

/* Sentence and word heard at a position, and how long into the sentence and its paragraph. */
struct timeline_heard {
  /* The sentence being heard; before any audio and during an announcement, the reading
   * position given to timeline_at. */
  size_t sentence;
  const struct timeline_word *word;            /* NULL when none */
  const struct timeline_segment *segment;      /* being heard, NULL when none */
  int64_t in_sentence, in_paragraph;           /* samples */
};

/* A new segment: where it starts and what it is. */
struct timeline_piece {
  size_t sentence, paragraph;   /* TIMELINE_NONE for an announcement */
  int64_t start;                /* sink position of its first sample */
  uint64_t sent_offset;         /* samples of the sentence heard before this piece */
  size_t word_base;
  struct timeline_word *words;  /* may be NULL (learnt later: timeline_set_words) */
  size_t n_words;
};

void timeline_init(struct timeline *t);
/* Forgets every segment (not the carry). */
void timeline_clear(struct timeline *t);
void timeline_free(struct timeline *t);

/* Appends a segment; on success it owns pc->words. Returns 0 or -ENOMEM. */
int timeline_push(struct timeline *t, const struct timeline_piece *pc);
/* The last segment learns its words (owned from now on). */
void timeline_set_words(struct timeline *t, struct timeline_word *words, size_t n);
/* n more samples of the last segment were written. */
void timeline_extend(struct timeline *t, uint64_t n);
/* Sink position where the last segment's written audio ends (start when there is none). */
int64_t timeline_end(const struct timeline *t, int64_t start);

/* What is heard at sink position pos; position is the reading position (shown when nothing of
 * a sentence is heard). Forgets the segments that ended before the one heard. */
struct timeline_heard timeline_at(struct timeline *t, int64_t pos, size_t position);

/* Reading is interrupted at h: remember how much of the paragraph was heard before h's
 * sentence, for when that sentence is read again. */
void timeline_carry_interrupted(struct timeline *t, const struct timeline_heard *h);
/* Reading moves from h's sentence to target; forward in the same paragraph keeps the
 * paragraph's heard time. */
void timeline_carry_moved(struct timeline *t, const struct timeline_heard *h, size_t target,
                          bool forward_in_paragraph);

/* Where to synthesise again from the word heard (a speed change): the index in the sentence's
 * speech words, and the samples of the sentence heard before it. False when no word of a
 * sentence is heard. */
bool timeline_word_restart(const struct timeline_heard *h, size_t *from, uint64_t *sent_offset);

#endif
