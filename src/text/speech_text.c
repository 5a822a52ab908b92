/* PLACEHOLDER speech text (replaced by the speech work): the display text unchanged. */
#include "text/speech_text.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

static int set_text(struct speech_text *out, const char *s, size_t len)
{
  char *t = realloc(out->text, len + 1);
  if (!t)
    return -ENOMEM;
  memcpy(t, s, len);
  t[len] = '\0';
  out->text = t;
  out->len = len;
  out->n_words = 0;
  return 0;
}

int speech_text_build(const struct document *doc, size_t sentence, const struct lexicon *lex,
                      struct speech_text *out)
{
  const struct doc_sentence *s = &doc->sentences[sentence];
  return set_text(out, doc->text + s->start, s->end - s->start);
}

int speech_text_from_string(const char *s, struct speech_text *out)
{
  return set_text(out, s, strlen(s));
}

void speech_text_free(struct speech_text *st)
{
  free(st->text);
  free(st->words);
  *st = (struct speech_text){0};
}
