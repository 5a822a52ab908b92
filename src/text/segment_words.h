/* The segmenter's word lists (segment_words.c), private to the segmenter's files. */
#ifndef LECTOR_TEXT_SEGMENT_WORDS_H
#define LECTOR_TEXT_SEGMENT_WORDS_H

#include <stdbool.h>
#include <stddef.h>

/* How an abbreviation followed by a full stop behaves before a capitalised word. */
enum abbr_class {
  ABBR_NONE,
  ABBR_TITLE,     /* "Mr. Smith": never ends a sentence before a name or number */
  ABBR_NEVER,     /* "e.g.", "vs.": never ends a sentence */
  ABBR_NUMBERED,  /* "No. 5", "p. 55": an abbreviation only before a number */
  ABBR_ORDINARY,  /* "Inc.", "Jr.": ends a sentence before a typical sentence start */
  ABBR_FINAL,     /* "etc.", "Jan.": ends a sentence before any capitalised word */
};


/* The class of p[0, n) as an abbreviation, compared in lower case. */
enum abbr_class seg_abbr_class(const char *p, size_t n);

enum seg_word_list {
  SEG_SENTENCE_STARTERS,    /* capitalised words that usually begin a sentence */
  SEG_STRONG_STARTERS,      /* sentence starts that are never part of a name */
  SEG_TIME_CONTINUATIONS,   /* capitalised words that continue a time: "5 p.m. Monday" */
  SEG_TIME_INTRO_WORDS,     /* first words of a phrase that introduces a time: "At 5 a.m." */
};

/* True when p[0, len) (case-sensitive) is in the list. */
bool seg_word_in(enum seg_word_list list, const char *p, size_t len);

#endif
