/* The reading-rule tables of one language, parsed from data/speech/LANG.rules (compiled in).
 *
 * Format: "# comment", "[section]", then one entry a line: "key = field | field | ...", or a
 * bare key. Keys and fields are trimmed; a key may hold spaces ("sq ft", "z. B."). Sections
 * (enum norm_table_id) are listed below; an unknown section is skipped. */
#ifndef LECTOR_TEXT_NORMALISE_DATA_H
#define LECTOR_TEXT_NORMALISE_DATA_H

#include <stdbool.h>
#include <stddef.h>

enum norm_table_id {
  NT_WORDS, NT_NUMBER, NT_CURRENCY, NT_MAGNITUDE, NT_UNIT, NT_ABBREV, NT_SYMBOL,
  NT_ROMAN_CARDINAL, NT_ROMAN_ORDINAL, NT_FRACTION, NT_VULGAR, NT_DECADE, NT_RANGE_NAME,
  NT_DATE_ORDINAL, NT_COUNT
};

#define NORM_MAX_FIELDS 5

struct norm_entry {
  const char *key;                      /* borrowed from the language's buffer */
  size_t key_len;
  const char *field[NORM_MAX_FIELDS];   /* "" when absent */
  int n_fields;
};

struct norm_lang {
  char code[8];                         /* "en" */
  char *buf;                            /* owned: the parsed copy of the rules */
  struct norm_entry *entries[NT_COUNT]; /* owned; grouped by first byte, in file order within */
  size_t n[NT_COUNT];
  /* The entries of table t starting with byte b: entries[t][first[t][b] .. first[t][b + 1]).
   * Rules run at every word, and most words start with a byte no key starts with. */
  unsigned short first[NT_COUNT][257];
  /* Exact lookups (norm_find): open addressing on the key, slot = entry index + 1 (0: empty),
   * the first entry of a key in file order. Symbol names are looked up at every symbol. */
  unsigned *slots[NT_COUNT];           /* owned */
  size_t slot_mask[NT_COUNT];
  size_t max_key_len[NT_COUNT];        /* the longest key of each table */
  /* The number section's separators ("1,000.5"), looked up once: numbers are read at every
   * digit of a sentence (group 0: none). */
  char number_group, number_decimal;
  /* Bit n (31: any length from 31) of key_lengths[t][b]: table t has a key of n bytes starting
   * with b. norm_find answers most look-ups from it alone (a space, a word ending a sentence):
   * it runs at every character between words. */
  unsigned key_lengths[NT_COUNT][256];
  /* The lowest punctuation level (enum normalise_punct; 4: none) at which a symbol starting
   * with byte b is said: normalise_symbol runs at every character between words. */
  unsigned char symbol_level[256];
  /* The abbreviations written without a full stop ("vs"), which the quick look at a sentence
   * searches for as words (normalise_sentence_quiet). */
  const struct norm_entry *bare_abbrev[8];
  size_t n_bare_abbrev;
  bool bare_abbrev_first[256]; /* the first bytes of their keys */
  bool bare_abbrev_overflow;    /* more than bare_abbrev holds: no sentence is skipped */
  /* The abbreviations ending in a full stop, by the two bytes before it (bit a * 256 + b of
   * dot_pairs: a key "...ab."), or the one ("p.": dot_single[b]); dot_any: a key "." alone.
   * The quick look checks every sentence's last word with them before looking it up. */
  unsigned long long dot_pairs[65536 / 64];
  bool dot_single[256];
  bool dot_any;
  /* The same for the keys with three bytes or more before the full stop, by those three
   * (hashed: norm_dot_triple): the last word of most sentences is longer than two letters. */
  unsigned long long dot_triples[4096 / 64];
  /* The vulgar fractions by their first two bytes (norm_high_pair): the look tries them only
   * where one may stand, not at every curly quote. */
  unsigned long long vulgar_pairs[4096 / 64];
  /* The words after which a Roman numeral is a cardinal ("War I"), by their last two bytes
   * (bit a * 256 + b); cardinal_short: one of one byte. The look checks the word before every
   * "I" with them before it looks the word up: "I" is mostly the pronoun. */
  unsigned long long cardinal_pairs[65536 / 64];
  bool cardinal_short;
  /* What the quick look compares each byte with, by punctuation level (norm_prescan_prepare):
   * the first two bytes of each abbreviation written without a full stop, and the ASCII
   * symbols said at that level that its ranges do not already cover (0xFF, never in UTF-8,
   * for an unused one); usable false: too many to compare, no sentence is skipped. */
  struct norm_scan_keys {
    unsigned char bare[2][2];
    unsigned char symbol[2];
    bool usable;
    /* The non-ASCII symbols said at that level, by their first two bytes (norm_high_pair):
     * the look asks for a name only where one may be said, not at every curly quote. */
    unsigned long long high_symbols[4096 / 64];
    /* The same marks by the classes of a byte and of the byte after it (bits shared: marked),
     * each class by table look-ups on the byte's halves: lut[0] and lut[1] the low and high
     * half of the byte, lut[2] and lut[3] of the next. lut_usable false: a symbol they cannot
     * hold. */
    unsigned char lut[4][16];
    bool lut_usable;
    /* No character U+2000 to U+203F is a vulgar fraction or a symbol said at that level: the
     * look marks only an en dash that may join two words among them (scan32). */
    bool quiet_e280;
  } scan_keys[4];
};

/* The bit of dot_triples for the bytes a b d before a full stop. */
static inline unsigned norm_dot_triple(unsigned char a, unsigned char b, unsigned char d)
{
  return ((unsigned)a * 961u + (unsigned)b * 31u + d) & 4095u;
}

/* The bit of high_symbols for a character whose first two bytes are lead (>= 0xC0) and next. */
static inline unsigned norm_high_pair(unsigned char lead, unsigned char next)
{
  return (lead & 0x3Fu) << 6 | (next & 0x3Fu);
}

/* Fills l->scan_keys from its tables (normalise_prescan.c). */
void norm_prescan_prepare(struct norm_lang *l);
/* For tests: the quick look reads 16 bytes a block, as where the processor has no AVX2. */
void norm_prescan_narrow(bool narrow);

/* The entries of table t whose key starts with the byte b: [*begin, *end) of l->entries[t]. */
void norm_bucket(const struct norm_lang *l, enum norm_table_id t, unsigned char b,
                 size_t *begin, size_t *end);

/* One compiled-in rules file (generated by cmake/embed_rules.cmake). */
struct norm_rules_file {
  const char *lang;
  const char *text;
  size_t len;
};
extern const struct norm_rules_file norm_rules_files[];
extern const size_t norm_rules_n_files;

/* Parses text into *out. Returns 0 or -ENOMEM. */
int norm_lang_parse(const char *code, const char *text, size_t len, struct norm_lang *out);
void norm_lang_free(struct norm_lang *l);

/* The tables for a language code ("de", "en-GB", "de-AT"; case-insensitive on the first two
 * letters), or NULL when there are none. Parsed once, on first use, thread-safely; the result
 * lives as long as the process. */
const struct norm_lang *norm_lang_get(const char *code);

/* The entry of table t whose key is s[0, n) (exactly), or NULL. */
const struct norm_entry *norm_find(const struct norm_lang *l, enum norm_table_id t,
                                   const char *s, size_t n);
/* The longest entry of table t whose key starts s[0, n), or NULL. */
const struct norm_entry *norm_find_prefix(const struct norm_lang *l, enum norm_table_id t,
                                          const char *s, size_t n);
/* A [words] entry's first field, or "" when the language has none. */
const char *norm_word(const struct norm_lang *l, const char *key);

#endif
