/* Normalisation: written forms rewritten as a careful human reader says them ("£1.5bn": "1.5
 * billion pounds", "10–12": "10 to 12", "−5 °C": "minus 5 degrees Celsius", "Henry VIII":
 * "Henry the eighth", "e.g.": "for example", a URL as its site), in the paragraph's language.
 *
 * The rules are code; every word they say and every table they use (currencies, magnitudes,
 * units, abbreviations with their context, symbols with their punctuation level, Roman numeral
 * contexts, fractions, decades, month and weekday names) is data: data/speech/LANG.rules,
 * compiled in (text/normalise_data.h). A language without a rules file is left as written.
 *
 * speech_text calls normalise_at() at the start of each written token, after the lexicon had
 * its chance (the lexicon wins over every rule); the pieces it returns map written words (doc
 * spans) to what is said, so that highlighting and timings stay on the written words. */
#ifndef LECTOR_TEXT_NORMALISE_H
#define LECTOR_TEXT_NORMALISE_H

#include <stdbool.h>
#include <stddef.h>

struct norm_lang;

enum normalise_urls { NORMALISE_URLS_SITE, NORMALISE_URLS_FULL, NORMALISE_URLS_SILENT };
/* As screen readers have it: at SOME only symbols that change the meaning are spoken, at ALL
 * every symbol is spoken by name. */
enum normalise_punct {
  NORMALISE_PUNCT_NONE, NORMALISE_PUNCT_SOME, NORMALISE_PUNCT_MOST, NORMALISE_PUNCT_ALL
};

/* The enum value of a name ("site", "all"), or -1. */
int normalise_urls_parse(const char *name);
int normalise_punct_parse(const char *name);
const char *normalise_punct_name(int level);

/* The process's reading choices. Set by the app before any thread starts (urls and
 * punctuation -1 keep the current value; voice, when not NULL, names the language used for a
 * paragraph that has none: "de", "en-us", "de+f3"). Read by every thread afterwards. */
void normalise_configure(int urls, int punctuation, const char *voice);
int normalise_urls_choice(void);
int normalise_punct_choice(void);

/* The tables for a paragraph: its language, else the configured voice's, else English. */
const struct norm_lang *normalise_lang_for(const char *paragraph_lang);

/* Which rules fired (bits of speech_text.rules), and their names for `segment --json`. */
enum normalise_rule {
  NR_CURRENCY = 1u << 0, NR_RANGE = 1u << 1, NR_MINUS = 1u << 2, NR_UNIT = 1u << 3,
  NR_ROMAN = 1u << 4, NR_ABBREV = 1u << 5, NR_TIME = 1u << 6, NR_RATIO = 1u << 7,
  NR_FRACTION = 1u << 8, NR_SYMBOL = 1u << 9, NR_DECADE = 1u << 10, NR_URL = 1u << 11,
  NR_EMAIL = 1u << 12, NR_THOUSANDS = 1u << 13, NR_ORDINAL = 1u << 14, NR_MAGNITUDE = 1u << 15,
};
#define NORMALISE_N_RULES 16
const char *normalise_rule_name(unsigned bit);

#define NORM_PIECE_MAX 256
#define NORM_MAX_PIECES 4

/* One written word (bytes [start, end) of the text) and what is said for it. */
struct norm_piece {
  size_t start, end;
  char text[NORM_PIECE_MAX];
  size_t len;
};

struct norm_match {
  struct norm_piece piece[NORM_MAX_PIECES];
  size_t n;
  unsigned rules;
};

/* The text being read: s[start, end) is the sentence. Borrowed. text_end, when past end, is
 * where the text goes on to, for a rule that reads past the sentence ("am 3." / "Mai"). */
struct norm_ctx {
  const struct norm_lang *lang;
  const char *s;
  size_t start, end;
  int urls, punct;
  size_t text_end;
};

/* Tries the rules on the token at s[i]. Returns where what the rules read ends (> i), with *m
 * filled, or i when no rule applies. */
size_t normalise_at(const struct norm_ctx *c, size_t i, struct norm_match *m);

/* True when no rule can change the sentence c->s[c->start, c->end): one quick pass over its
 * bytes, so that normalise_at() need not run at each of its words (most sentences of an
 * article). Never true for a sentence a rule would change. */
bool normalise_sentence_quiet(const struct norm_ctx *c);

/* The same look, word by word: whether normalise_at() is worth calling at the token start i,
 * for i rising through one sentence. scan starts zeroed for each sentence. The look also finds
 * the symbols said at the level: a sentence it skips has none. */
struct norm_scan {
  bool ready;
  size_t looked;      /* where the last look started */
  size_t want, from;  /* the next byte a rule may read; the token start from which to try */
};
/* The look itself, from i on (normalise_worth_trying's slow path; inline: it runs at every
 * word of a sentence). */
bool normalise_look_ahead(const struct norm_ctx *c, struct norm_scan *scan, size_t i);
static inline bool normalise_worth_trying(const struct norm_ctx *c, struct norm_scan *scan,
                                          size_t i)
{
  if (!scan->ready || (scan->want < i && scan->want < c->end))
    return normalise_look_ahead(c, scan, i); /* a new look: once a sentence, mostly */
  return scan->want < c->end && i >= scan->from; /* at most words: the answer of the last */
}
/* True when the look has shown that nothing at s[i] is for the rules, nor a symbol said at the
 * level: the characters between words there need no normalise_symbol(). */
bool normalise_nothing_at(const struct norm_scan *scan, size_t i);

/* The name of the symbol cp at the context's punctuation level, or NULL when it is not said. */
const char *normalise_symbol(const struct norm_ctx *c, const char *sym, size_t n);

#endif
