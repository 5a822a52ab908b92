/* Speech text: what is sent to espeak-ng for one sentence, with the words of the display text
 * mapped onto it.
 *
 * Normalisation turns display text into something a synthesiser reads well: curly quotes,
 * dashes, bullets and list markers are not read out as symbols, footnote markers like [3] are
 * dropped, the lexicon's replacements are applied. The result is plain text, never SSML. */
#ifndef LECTOR_TEXT_SPEECH_TEXT_H
#define LECTOR_TEXT_SPEECH_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/document.h"

struct lexicon;

/* One word of the display text and the part of the speech text that says it. */
struct speech_word {
  size_t doc_start, doc_end;        /* byte span in document.text */
  size_t speech_start, speech_end;  /* byte span in speech_text.text */
  unsigned lang;                    /* the language it is in: its span's, else its paragraph's
                                       (a document lang field: 0 is the document's) */
};

struct speech_text {
  char *text;                 /* owned; UTF-8, NUL-terminated */
  size_t len;
  struct speech_word *words;  /* owned; in order, non-overlapping */
  size_t n_words;
  unsigned rules;             /* the normalise_rule bits that fired (text/normalise.h) */
  size_t cap_text, cap_words; /* private to speech_text.c */
};

/* Builds the speech text of sentence index `sentence` of doc. lex may be NULL. out must be zeroed
 * or previously used (its buffers are reused). Returns 0 or -ENOMEM. */
int speech_text_build(const struct document *doc, size_t sentence, const struct lexicon *lex,
                      struct speech_text *out);

/* Gives the words of st (sentence `sentence` of doc) their languages. speech_text_build calls
 * it. */
void speech_text_mark_langs(const struct document *doc, size_t sentence, struct speech_text *st);

/* Speech text for a message lector says about itself (no document words). */
int speech_text_from_string(const char *s, struct speech_text *out);

void speech_text_free(struct speech_text *st);

/* True for the code points words are made of (letters, marks, digits): the tokeniser's rule,
 * which the lexicon's keys follow too. */
bool speech_text_is_word_char(int32_t cp);

#endif
