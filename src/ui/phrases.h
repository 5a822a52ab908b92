/* What the reader says about the document when asked (the w and s keys): pure text, so that it is
 * tested on its own and the screen shows the same words as are spoken. */
#ifndef LECTOR_UI_PHRASES_H
#define LECTOR_UI_PHRASES_H

#include <stddef.h>

struct document;

/* "paragraph 5 of 19, sentence 2 of 4, 40 percent": where sentence is (clamped to the last). */
void phrases_where(const struct document *doc, size_t sentence, char *buf, size_t len);
/* The word at word[0, len) spelt out letter by letter for speech: "C, A, T". Letters are given as
 * capitals (a lone "a" may be read as a word); what is neither letter nor digit is left out. */
void phrases_spell(const char *word, size_t len, char *buf, size_t buf_len);

#endif
