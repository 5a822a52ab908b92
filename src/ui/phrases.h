/* What the reader says about the document when asked (the w and s keys): pure text, so that it is
 * tested on its own and the screen shows the same words as are spoken. */
#ifndef LECTOR_UI_PHRASES_H
#define LECTOR_UI_PHRASES_H

#include <stddef.h>

struct document;
struct player_status;

/* "paragraph 5 of 19, sentence 2 of 4, 40 percent": where sentence is (clamped to the last);
 * ", in French" follows when its paragraph is in another language than the document. */
void phrases_where(const struct document *doc, size_t sentence, char *buf, size_t len);
/* The word at word[0, len) spelt out letter by letter for speech: "C, A, T". Letters are given as
 * capitals (a lone "a" may be read as a word); what is neither letter nor digit is left out. */
void phrases_spell(const char *word, size_t len, char *buf, size_t buf_len);

/* The voice as the status line names it: the profile, then the voice speaking the paragraph
 * shown, without its region ("default (German)", "us (English)"). */
void phrases_voice(const struct player_status *st, char *buf, size_t len);
/* Its second part alone ("German"), "" when the profile's name says it all. */
void phrases_speaking(const struct player_status *st, char *buf, size_t len);

/* The English name of language tag ("French" for "fr-CA"); the tag itself when unknown. */
void phrases_language(const char *tag, char *buf, size_t len);

#endif
