/* Shared between normalise.c (tokens, words, links) and normalise_number.c (numbers). */
#ifndef LECTOR_TEXT_NORMALISE_INTERNAL_H
#define LECTOR_TEXT_NORMALISE_INTERNAL_H

#include "text/normalise.h"
#include "text/normalise_data.h"

/* Appends words to a piece, one space between. */
void norm_say(struct norm_piece *p, const char *s, size_t n);
void norm_says(struct norm_piece *p, const char *s);
/* Starts piece m->piece[m->n] over s[start, end); returns it (NULL when full). */
struct norm_piece *norm_piece_new(struct norm_match *m, size_t start, size_t end);
/* The same, saying text, with the rule that said it; NULL when full (nothing recorded). */
struct norm_piece *norm_piece_say(struct norm_match *m, size_t start, size_t end,
                                  const char *text, unsigned rule);
/* Says "a to b" (a range: "9:00 to 17:30", "Monday to Friday", a ratio "3 to 1"). */
void norm_say_range(const struct norm_ctx *c, struct norm_piece *p, const char *a, size_t an,
                    const char *b, size_t bn);

/* End of the token at i: the next white space, or the end of the sentence. */
size_t norm_token_end(const struct norm_ctx *c, size_t i);
/* The token end without closing punctuation (".,;:!?)]" and quotes). */
size_t norm_token_core(const struct norm_ctx *c, size_t i, size_t te);
/* Start of the next token after te (white space skipped), or c->end. */
size_t norm_next_token(const struct norm_ctx *c, size_t te);

/* Appends s to a piece with no space before (a full stop). */
void norm_glue(struct norm_piece *p, const char *s);

/* "CHF 250": a currency code written before a number, said after it. */
size_t norm_code_amount_at(const struct norm_ctx *c, size_t i, struct norm_match *m);

/* The number rules: amounts, ranges, times, ratios, fractions, decades. */
size_t norm_number_at(const struct norm_ctx *c, size_t i, struct norm_match *m);

#endif
