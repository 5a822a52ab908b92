/* libexttextcat's out-of-place score (fp_Compare in fingerprint.c), the same answer in a third of
 * the time: language detection compares each paragraph it looks at with a hundred fingerprints,
 * and fp_Compare, which walks two sorted lists of n-grams comparing them byte by byte, was the
 * largest part of `lector segment`.
 *
 * The n-grams of the text are turned once into keys that order as libexttextcat's mystrcmp does
 * (bytes as signed chars): each byte with its top bit flipped, read big-endian eight at a time,
 * so that one integer comparison settles all but the n-grams longer than eight bytes. The walk is
 * fp_Compare's own, step for step: the same matches, the same sum, the same early stop.
 *
 * Before the walk, a signature of the language's n-grams (a bit each) counts the text's n-grams
 * that it surely lacks: each adds MAXOUTOFPLACE, so when they alone pass the cutoff fp_Compare
 * would answer MAXSCORE, and so does lang_compare without walking. After the first paragraph
 * the cutoff is 3 % above the document's language's score, and most languages stop there. */
#ifndef LECTOR_TEXT_LANG_COMPARE_H
#define LECTOR_TEXT_LANG_COMPARE_H

#include <stddef.h>
#include <stdint.h>

#include "text/lang_fingerprints_data.h"

/* Which n-grams a language has, as bits: a text's n-gram whose bit is clear is surely not among
 * them (a set bit may be another n-gram's). */
#define LANG_SIG_LOG2_BITS 13
struct lang_sig {
  uint64_t bits[(1u << LANG_SIG_LOG2_BITS) / 64];
};

struct lang_key {
  uint64_t head, next;         /* bytes 0-7 and 8-15 of the n-gram, as ordered keys */
  int32_t rank;
  const char *str;             /* the n-gram, for the rare one longer than 16 bytes */
};

/* The text's n-grams (n of them, in the order fp_Compare merges them) as keys. */
struct lang_keys {
  struct lang_key key[MAXNGRAMS];
  uint16_t bit[MAXNGRAMS];     /* each one's signature bit */
  uint32_t n;
};

/* Fills keys from ngrams[0, n) (n <= MAXNGRAMS; the n-grams of the text, laid out as
 * libexttextcat's; bytes after an n-gram's NUL may be anything). */
void lang_keys_build(struct lang_keys *keys, const struct fp_ngram *ngrams, uint32_t n);

/* The signature of a language's n-grams lang[0, n) (padded with NULs, as compiled in). */
void lang_sig_build(struct lang_sig *sig, const struct fp_ngram *lang, uint32_t n);

/* fp_Compare(language, text, cutoff): the sum over the text's n-grams of how far each is from its
 * rank in the language (MAXOUTOFPLACE when the language lacks it), or MAXSCORE once the sum
 * passes cutoff. lang: a language's n-grams, sorted, each padded with NULs (as compiled in). */
int lang_compare(const struct fp_ngram *lang, uint32_t n, const struct lang_sig *sig,
                 const struct lang_keys *text, int cutoff);

#endif
