/* libexttextcat's fingerprints as its fp_Read leaves them, compiled in (the C file is generated
 * from the installed data by scripts/textcat-fingerprints): reading and sorting some 160 files
 * cost more than the rest of segmenting a short text. lang_compare.c scores a text against each
 * language's n-grams as libexttextcat's fp_Compare does. */
#ifndef LECTOR_TEXT_LANG_FINGERPRINTS_DATA_H
#define LECTOR_TEXT_LANG_FINGERPRINTS_DATA_H

#include <stddef.h>
#include <stdint.h>

#include <libexttextcat/constants.h>

/* One n-gram, laid out as libexttextcat's ngram_t (fingerprint.c): its rank in the file (0 is
 * the most frequent) and the n-gram. */
struct fp_ngram {
  int16_t rank;
  char str[MAXNGRAMSIZE + 1];
};

struct fp_language {
  const char *file, *name;     /* as fpdb.conf lists them */
  const char *head;            /* the file's first 512 bytes: its script */
  uint32_t first, n;           /* its n-grams: fp_ngrams[first, first + n), sorted */
};

extern const struct fp_ngram fp_ngrams[];
extern const struct fp_language fp_languages[];   /* in fpdb.conf's order */
extern const size_t fp_n_languages;

#endif
