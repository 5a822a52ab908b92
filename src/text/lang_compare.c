/* fp_Compare with ordered keys and a first look at the n-grams in common (lang_compare.h). */
#include "text/lang_compare.h"

#include <limits.h>
#include <stdbool.h>
#include <string.h>

/* Flips the top bit of every byte: as unsigned bytes they then order as signed chars do (and
 * a NUL, 0, sits between the negative bytes and the positive ones, as in mystrcmp). */
#define SIGN_FLIP UINT64_C(0x8080808080808080)

/* Bytes s[0, 8) as an ordered key. */
static uint64_t key_at(const char *s)
{
  uint64_t w;
  memcpy(&w, s, sizeof w);
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
  w = __builtin_bswap64(w);
#endif
  return w ^ SIGN_FLIP;
}

/* The signature bit of the n-gram whose first 16 bytes are these keys: equal n-grams share it. */
static uint32_t sig_bit(uint64_t head, uint64_t next)
{
  uint64_t h = (head ^ (next * UINT64_C(0x9E3779B97F4A7C15))) * UINT64_C(0xD6E8FEB86659FD93);
  return (uint32_t)(h >> (64 - LANG_SIG_LOG2_BITS));
}

void lang_sig_build(struct lang_sig *sig, const struct fp_ngram *lang, uint32_t n)
{
  memset(sig, 0, sizeof *sig);
  for (uint32_t i = 0; i < n; i++) {
    uint32_t b = sig_bit(key_at(lang[i].str), key_at(lang[i].str + 8));
    sig->bits[b / 64] |= UINT64_C(1) << (b % 64);
  }
}

void lang_keys_build(struct lang_keys *keys, const struct fp_ngram *ngrams, uint32_t n)
{
  keys->n = n < MAXNGRAMS ? n : MAXNGRAMS;
  for (uint32_t i = 0; i < keys->n; i++) {
    char padded[16] = {0};     /* NULs after the n-gram, as a compiled-in one has them */
    size_t len = strnlen(ngrams[i].str, sizeof padded);
    memcpy(padded, ngrams[i].str, len);
    uint64_t head = key_at(padded), next = key_at(padded + 8);
    keys->key[i] = (struct lang_key){head, next, ngrams[i].rank, ngrams[i].str};
    keys->bit[i] = (uint16_t)sig_bit(head, next);
  }
}

/* mystrcmp from byte 16 on (both n-grams equal before it and neither ended). */
static int tail_cmp(const char *a, const char *b)
{
  a += 16;
  b += 16;
  while (*a && *a == *b) {
    a++;
    b++;
  }
  return (signed char)*a - (signed char)*b;
}

/* mystrcmp(g->str, k's n-gram): negative, zero or positive. */
static int ngram_cmp(const struct fp_ngram *g, const struct lang_key *k)
{
  uint64_t head = key_at(g->str);
  if (head != k->head)
    return head < k->head ? -1 : 1;
  if (!g->str[7])
    return 0;                  /* ended within the eight bytes both share */
  uint64_t next = key_at(g->str + 8);
  if (next != k->next)
    return next < k->next ? -1 : 1;
  return g->str[15] ? tail_cmp(g->str, k->str) : 0;
}

/* Whether more of the text's n-grams than limit surely are not the language's (their signature
 * bits are clear): counted only until there are. */
static bool surely_missing_over(const struct lang_sig *sig, const struct lang_keys *text,
                                uint32_t limit)
{
  uint32_t missing = 0;
  for (uint32_t j = 0; j < text->n; j++) {
    missing += !(sig->bits[text->bit[j] / 64] >> (text->bit[j] % 64) & 1);
    if (missing > limit)
      return true;
  }
  return false;
}

int lang_compare(const struct fp_ngram *lang, uint32_t n, const struct lang_sig *sig,
                 const struct lang_keys *text, int cutoff)
{
  /* Every missing n-gram adds MAXOUTOFPLACE and nothing subtracts: a language missing more than
   * cutoff / MAXOUTOFPLACE would pass the cutoff on the walk below, which then answers
   * MAXSCORE. (A negative cutoff is left to the walk.) */
  if (cutoff >= 0 && surely_missing_over(sig, text, (uint32_t)(cutoff / MAXOUTOFPLACE)))
    return MAXSCORE;
  uint32_t i = 0, j = 0;
  int sum = 0;
  while (i < n && j < text->n) {
    int cmp = ngram_cmp(&lang[i], &text->key[j]);
    if (cmp < 0) {
      i++;
      continue;
    }
    if (cmp > 0) {
      sum += MAXOUTOFPLACE;
    } else {
      int d = lang[i].rank - text->key[j].rank;
      sum += d < 0 ? -d : d;
      i++;
    }
    if (sum > cutoff)
      return MAXSCORE;
    j++;
  }
  for (; j < text->n; j++) {
    sum += MAXOUTOFPLACE;
    if (sum > cutoff)
      return MAXSCORE;
  }
  return sum;
}
