/* PLACEHOLDER lexicon (replaced by the speech work). */
#include "text/lexicon.h"

#include <errno.h>

int lexicon_parse(const char *data, size_t len, const char *source, lexicon_warn_fn warn,
                  void *user, struct lexicon **out)
{
  *out = NULL;
  return 0;
}

int lexicon_load(const char *path, lexicon_warn_fn warn, void *user, struct lexicon **out)
{
  *out = NULL;
  return -ENOENT;
}

void lexicon_free(struct lexicon *lex)
{
}

const char *lexicon_lookup(const struct lexicon *lex, const char *w, size_t len)
{
  return NULL;
}

bool lexicon_spells_acronyms(const struct lexicon *lex)
{
  return false;
}
