#include "ui/search.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "text/document.h"
#include "ui/layout.h"

/* text with whitespace runs made one space, then case-folded; malloc'd or NULL. */
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
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)flat, (utf8proc_ssize_t)o, &folded,
                                    UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE);
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
