/* The store of audio made ahead (see ahead.h). */
#include "player/ahead.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

bool ahead_key_equal(const struct ahead_key *a, const struct ahead_key *b)
{
  return a->sentence == b->sentence && a->from == b->from && a->voice_index == b->voice_index &&
         a->wpm == b->wpm && a->volume == b->volume;
}

static struct ahead_entry *lookup(struct ahead *a, const struct ahead_key *k)
{
  for (size_t i = 0; i < AHEAD_ENTRIES; i++)
    if (a->e[i].used && ahead_key_equal(&a->e[i].key, k)) {
      a->e[i].used = ++a->clock;
      return &a->e[i];
    }
  return NULL;
}

bool ahead_has(struct ahead *a, const struct ahead_key *k)
{
  return lookup(a, k) != NULL;
}

const struct ahead_entry *ahead_find(struct ahead *a, const struct ahead_key *k,
                                     const char *text, size_t len)
{
  const struct ahead_entry *e = lookup(a, k);
  return e && e->len == len && memcmp(e->text, text, len) == 0 ? e : NULL;
}

static void entry_free(struct ahead_entry *e)
{
  free(e->text);
  free(e->pcm);
  *e = (struct ahead_entry){0};
}

/* The entry for k, else an empty one, else the least recently used. */
static struct ahead_entry *slot_for(struct ahead *a, const struct ahead_key *k)
{
  struct ahead_entry *e = lookup(a, k);
  for (size_t i = 0; !e && i < AHEAD_ENTRIES; i++)
    if (!a->e[i].used)
      e = &a->e[i];
  if (!e) {
    e = &a->e[0];
    for (size_t i = 1; i < AHEAD_ENTRIES; i++)
      if (a->e[i].used < e->used)
        e = &a->e[i];
  }
  return e;
}

int ahead_store(struct ahead *a, const struct ahead_key *k, const char *text, size_t len,
                const int16_t *pcm, size_t n)
{
  struct ahead_entry *e = slot_for(a, k);
  entry_free(e);
  e->text = malloc(len + 1);
  e->pcm = malloc((n ? n : 1) * sizeof *pcm);
  if (!e->text || !e->pcm) {
    entry_free(e);
    return -ENOMEM;
  }
  memcpy(e->text, text, len);
  e->text[len] = '\0';
  if (n)
    memcpy(e->pcm, pcm, n * sizeof *pcm);
  e->key = *k;
  e->len = len;
  e->n = n;
  e->used = ++a->clock;
  return 0;
}

void ahead_clear(struct ahead *a)
{
  for (size_t i = 0; i < AHEAD_ENTRIES; i++)
    entry_free(&a->e[i]);
}
