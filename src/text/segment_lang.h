/* What the segmenter knows about one language: which marks end a sentence besides Unicode's
 * STerm/ATerm, which abbreviations do not (CLDR's sentence-break suppressions, read from ICU's
 * data, plus a few listed here where CLDR has none), and how long a sentence may grow in
 * bytes. Profiles are built once per language and kept for the life of the process. */
#ifndef LECTOR_TEXT_SEGMENT_LANG_H
#define LECTOR_TEXT_SEGMENT_LANG_H

#include <stdbool.h>
#include <stddef.h>

struct seg_lang {
  char code[12];              /* primary language subtag, lower case ("de"); "" for unknown */
  bool colon_ends;            /* ":" ends a sentence (Armenian, Arabic usage) */
  bool comma_ends;            /* the Arabic comma "،" ends a clause read as a sentence */
  bool semicolon_asks;        /* ";" is the question mark (Greek) */
  bool period_weak;           /* "." does not end a sentence (Armenian uses ":" and "։") */
  bool lower_starts;          /* a sentence may begin in lower case after ". " (Greek) */
  bool ordinals;              /* "12. Juni", "3. Jahrhundert": a number's full stop before a
                                 month or a listed noun is an ordinal, not an end */
  bool capital_starts;        /* a capitalised word after an abbreviation begins a sentence:
                                 known languages other than English (which has its own list of
                                 sentence starters) and German (which capitalises nouns) */
  bool low9_quotes;           /* „…“: “ closes a quotation (German, Czech, ...) */
  unsigned width;             /* typical bytes per letter: scales the sentence bound */
  const char **abbrevs;       /* sorted (strcmp), without the final full stop */
  size_t n_abbrevs;
  const char **nouns;         /* sorted: month names and nouns that follow an ordinal (only
                                 where ordinals is set: the only languages reading them) */
  size_t n_nouns;
};

/* The profile for a BCP 47 tag (NULL or unknown: a profile with no language knowledge).
 * Never NULL; thread-safe. */
const struct seg_lang *seg_lang_for(const char *tag);

/* Whether text[b, e) (the token before a full stop) is one of the language's abbreviations,
 * also with a capital first letter in lower case. */
bool seg_lang_is_abbrev(const struct seg_lang *l, const char *p, size_t n);
/* Whether the word p[0, n) is a month name or a noun that follows an ordinal. */
bool seg_lang_is_ordinal_noun(const struct seg_lang *l, const char *p, size_t n);

/* The primary subtag of tag, lower case, in out (at most out_len - 1 bytes); "" when none. */
void seg_lang_primary(const char *tag, char *out, size_t out_len);

#endif
