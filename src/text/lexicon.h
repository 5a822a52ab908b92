/* Pronunciation lexicon: "word = how to say it", one entry a line.
 *
 * Whole words, case-insensitive unless the entry is marked case-sensitive; the replacement may
 * contain espeak-ng phonemes in [[...]]. Comments (#) and blank lines are allowed. A rule can spell
 * out all-capital acronyms. Applied to speech text only.
 *
 * Syntax (UTF-8, optional BOM, LF or CRLF):
 *
 *   # a comment (a line whose first non-blank character is #)
 *   NSPCC = N S P C C          whole word, any case ("nspcc" too)
 *   =US = United States        a leading '=' makes the entry case-sensitive ("us" unchanged)
 *   Ofcom = [['0fk0m]]         espeak-ng phonemes (Kirshenbaum) inside [[...]]
 *   @spell-acronyms = yes      rule: all-capital words of 2..6 letters are spelled ("N H S"),
 *                              except Roman numerals, everyday words in capitals ("ONE",
 *                              "NOTE") and sentences written mostly in capitals (headings)
 *
 * The left side is one word as the speech tokeniser cuts them (letters, digits, with ' - . ,
 * only inside). The replacement must not hold a single '[' or ']' (phonemes only in balanced
 * [[...]]). Case-sensitive entries are tried first; a later line overrides an earlier one for
 * the same word. A word with a possessive "'s" uses the entry of its stem. Any other line is
 * reported through the warn callback with its 1-based number, and skipped. */
#ifndef LECTOR_TEXT_LEXICON_H
#define LECTOR_TEXT_LEXICON_H

#include <stdbool.h>
#include <stddef.h>

struct lexicon;

/* Told about each bad line, which is then skipped. */
typedef void (*lexicon_warn_fn)(void *user, const char *source, unsigned line, const char *why);

/* Parses a lexicon from memory; source names it in warnings. *out is owned by the caller. */
int lexicon_parse(const char *data, size_t len, const char *source, lexicon_warn_fn warn,
                  void *user, struct lexicon **out);
/* Reads and parses path. -ENOENT when it does not exist. */
int lexicon_load(const char *path, lexicon_warn_fn warn, void *user, struct lexicon **out);
void lexicon_free(struct lexicon *lex);

/* The replacement for the word w[0, len), or NULL. The result is borrowed from lex. */
const char *lexicon_lookup(const struct lexicon *lex, const char *w, size_t len);

/* True when the lexicon asks for all-capital words of 2..6 letters to be spelled out. */
bool lexicon_spells_acronyms(const struct lexicon *lex);

#endif
