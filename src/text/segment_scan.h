/* What the segmenter's files share (segmenter.c, segment_scan.c, segment_emit.c,
 * segment_lists.c): the state of one pass over a paragraph, and small scans around a position.
 * Private to those files. */
#ifndef LECTOR_TEXT_SEGMENT_SCAN_H
#define LECTOR_TEXT_SEGMENT_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "text/segment_lang.h"
#include "text/segmenter.h"


/* How far a token is looked at before or after a candidate boundary. Longer tokens (long URLs,
 * giant words) are never abbreviations. */
#define TOKEN_SCAN 64

enum next_kind { NEXT_END, NEXT_UPPER, NEXT_LOWER, NEXT_DIGIT, NEXT_OTHER };

/* The word after a candidate boundary. */
struct next_word {
  enum next_kind kind;
  bool spaced;        /* whitespace between the candidate and the word */
  size_t pos;         /* first byte of the word, after whitespace and opening quotes */
  size_t len;         /* ASCII letters from pos */
};

enum marker_kind { MARK_NONE, MARK_DIGIT, MARK_LETTER, MARK_ROMAN, MARK_UPPER_ROMAN };

struct seg {
  const char *t;
  size_t start, end;       /* the span being segmented */
  size_t sent;             /* start of the current sentence (may point at whitespace) */
  size_t blank_until;      /* text[sent, blank_until) is known to hold no word, only
                              punctuation: keeps cut() linear on "! ! ! ! ..." */
  segment_sentence_fn fn;
  void *user;
  bool lines;              /* the span is a list of short lines: each newline ends a sentence */
  enum marker_kind mk_kind;  /* the last list marker seen ("1.", "b)"), to recognise the next */
  int mk_value;
  char mk_style;           /* '.', ')' or 'P' for ".)" */
  const struct seg_lang *lang;  /* the paragraph's language: what else ends or does not */
  size_t max;              /* the bound on a sentence, SEGMENT_MAX_SENTENCE_BYTES scaled */
};


static inline bool is_ascii_space(unsigned char c)
{
  return c == ' ' || (c >= '\t' && c <= '\r');
}

static inline bool is_upper(unsigned char c)
{
  return c >= 'A' && c <= 'Z';
}

static inline bool is_lower(unsigned char c)
{
  return c >= 'a' && c <= 'z';
}

static inline bool is_digit(unsigned char c)
{
  return c >= '0' && c <= '9';
}

static inline bool is_alpha(unsigned char c)
{
  return is_upper(c) || is_lower(c);
}

static inline unsigned char byte_at(const struct seg *s, size_t i)
{
  return i < s->end ? (unsigned char)s->t[i] : 0;
}

static inline bool three(const struct seg *s, size_t i, unsigned char a, unsigned char b,
                         unsigned char c)
{
  return byte_at(s, i) == a && byte_at(s, i + 1) == b && byte_at(s, i + 2) == c;
}

/* ---- segment_scan.c: characters and tokens around a position ---------------------------- */

/* Length of the whitespace character at i (ASCII, no-break and Unicode spaces), else 0. */
size_t seg_space_len(const struct seg *s, size_t i);
/* Length of the whitespace character ending just before i (not before lo), else 0. */
size_t seg_space_len_before(const struct seg *s, size_t lo, size_t i);
/* Length of a closing quote or bracket at i, else 0. */
size_t seg_closer_len(const struct seg *s, size_t i);
/* Length of an opening quote or bracket at i, else 0. */
size_t seg_opener_len(const struct seg *s, size_t i);
/* Length of a bullet character at i (• ‣ ⁃ ◦ ▪), else 0. */
size_t seg_bullet_len(const struct seg *s, size_t i);
bool seg_is_ellipsis_char(const struct seg *s, size_t i);
/* Length of a CJK full stop, exclamation or question mark (。！？) at i, else 0. */
size_t seg_cjk_terminal_len(const struct seg *s, size_t i);
/* Length of a character other than the ASCII marks whose Unicode Sentence_Break is STerm or
 * ATerm (। ؟ ։ ። ။ ‼ ．...), else 0. */
size_t seg_sterm_len(const struct seg *s, size_t i);
/* Position after the closing quotes and brackets from i. */
size_t seg_skip_closers(const struct seg *s, size_t i);
/* Classifies the first character at i. */
enum next_kind seg_char_kind(const struct seg *s, size_t i);
/* The word that follows position pos: skips whitespace and opening quotes or brackets. */
struct next_word seg_look_ahead(const struct seg *s, size_t pos);
/* A capitalised word that usually begins a sentence. */
bool seg_starts_sentence(const struct seg *s, const struct next_word *nw);
/* Start of the token that ends just before i: back to whitespace or the sentence start, at most
 * limit bytes. *complete is false when the token is longer. */
size_t seg_token_start_within(const struct seg *s, size_t i, size_t limit, bool *complete);
size_t seg_token_start(const struct seg *s, size_t i, bool *complete);
/* Skips opening quotes, brackets and bullets at the start of a token. */
size_t seg_skip_token_prefix(const struct seg *s, size_t b, size_t e);
/* True when only whitespace, bullets and opening brackets lie between the sentence start and
 * pos. */
bool seg_at_sentence_start(const struct seg *s, size_t pos);
bool seg_token_has(const struct seg *s, size_t b, size_t e, char c);
/* A URL, e-mail address or path: its inner full stops never end a sentence. */
bool seg_is_address(const struct seg *s, size_t b, size_t e);
/* Length of the letter of any script at i, else 0. */
size_t seg_letter_len(const struct seg *s, size_t i);
/* A dotted abbreviation such as "U.S", "e.g", "Ph.D", "Б.з.б" (the final full stop excluded). */
bool seg_is_dotted(const struct seg *s, size_t b, size_t e);
bool seg_token_equals_nocase(const struct seg *s, size_t b, size_t e, const char *w);
/* The word before position b in the current sentence: [*pb, *pe), false if there is none. */
bool seg_previous_word(const struct seg *s, size_t b, size_t *pb, size_t *pe);

/* Checks that the segmenter stops at the lead byte of every STerm/ATerm character (segmenter.c);
 * 0 or -EINVAL. */
int seg_check_sterm_leads(void);

/* ---- segment_quotes.c: quotations and brackets ------------------------------------------ */

/* Whether a sentence end at the terminal i, to be cut at j, stays inside the sentence: it lies
 * in a quotation or bracket that closes within the bound on a sentence, or a quotation ends
 * there and a parenthesis (its citation) follows. */
bool seg_keeps_quotation(const struct seg *s, size_t i, size_t j);

/* ---- segment_emit.c: reporting sentences ------------------------------------------------ */

/* Reports text[a, b) trimmed, split into pieces of at most SEGMENT_MAX_SENTENCE_BYTES. */
int seg_emit(struct seg *s, size_t a, size_t b);
/* Ends the current sentence just before pos, unless it holds no word yet. */
int seg_cut(struct seg *s, size_t pos);

/* ---- segment_lists.c: list markers and lists of short lines ----------------------------- */

/* The value of text[b, e) as a roman numeral from 1 to 12 in lower (or upper) case, else 0. */
int seg_roman_value(const struct seg *s, size_t b, size_t e, bool upper);
/* Handles a possible list marker ending with the '.' or ')' at e. Returns true when it was one
 * (then *next is set past it, and the sentence may have been cut before it). */
bool seg_on_marker(struct seg *s, size_t e, size_t *next, int *rc);
/* Records the marker of an ordered item, text[b, e) (its number and the white space after it),
 * so that the next marker in the same paragraph is known to follow it ("(i) ... (ii) ..."). */
void seg_note_item_marker(struct seg *s, size_t b, size_t e);
/* Whether the span is a list of short lines ("features\ncontact manager\nevents"). */
bool seg_is_line_list(const struct seg *s);

#endif
