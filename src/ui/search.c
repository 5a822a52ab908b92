#include "ui/search.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/document.h"
#include "ui/layout.h"

/* What a person types for a character the text may spell typographically: curly quotes and
 * apostrophes, the primes, and every dash and the minus sign are their ASCII forms. */
static utf8proc_int32_t plain_punctuation(utf8proc_int32_t c, void *unused)
{
  (void)unused;
  switch (c) {
  case 0x2018: case 0x2019: case 0x201a: case 0x201b: case 0x2032: case 0x02bc:
    return '\'';
  case 0x201c: case 0x201d: case 0x201e: case 0x201f: case 0x2033: case 0x00ab: case 0x00bb:
    return '"';
  case 0x2010: case 0x2011: case 0x2012: case 0x2013: case 0x2014: case 0x2015: case 0x2212:
    return '-';
  default:
    return c;
  }
}

/* text with whitespace runs made one space, then folded as a person types it: compatibility
 * decomposition (NFKD: "ﬁ" is "fi"), accents stripped ("Café" is "cafe"), case folded, and
 * typographic quotes and dashes made ASCII. malloc'd or NULL. */
static char *fold(const char *text, size_t len)
{
  char *flat = malloc(len + 1);
  if (!flat)
    return NULL;
  size_t o = 0;
  size_t i = 0;
  while (i < len) {
    if (layout_skip_space(text, len, &i, o > 0))
      flat[o++] = ' ';
    if (i < len)
      flat[o++] = text[i++];
  }
  flat[o] = '\0';
  utf8proc_uint8_t *folded = NULL;
  utf8proc_ssize_t n = utf8proc_map_custom(
    (const utf8proc_uint8_t *)flat, (utf8proc_ssize_t)o, &folded,
    UTF8PROC_CASEFOLD | UTF8PROC_DECOMPOSE | UTF8PROC_COMPAT | UTF8PROC_STRIPMARK |
      UTF8PROC_STABLE,
    plain_punctuation, NULL);
  if (n < 0) {
    /* Not valid UTF-8: fall back to the flattened bytes, matched as they are. */
    return flat;
  }
  free(flat);
  return (char *)folded;
}

long search_next(const struct document *doc, size_t from, const char *needle)
{
  char *want = fold(needle, strlen(needle));
  if (!want)
    return -ENOMEM;
  long found = -1;
  if (want[0] && doc->n_sentences) {
    for (size_t k = 1; k <= doc->n_sentences; k++) {
      size_t s = (from + k) % doc->n_sentences;
      const struct doc_sentence *sent = &doc->sentences[s];
      char *have = fold(doc->text + sent->start, sent->end - sent->start);
      if (!have) {
        found = -ENOMEM;
        break;
      }
      bool hit = strstr(have, want) != NULL;
      free(have);
      if (hit) {
        found = (long)s;
        break;
      }
    }
  }
  free(want);
  return found;
}
