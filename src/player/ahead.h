/* Audio made ahead: the first samples of the sentences a key is likely to lead to (the next and
 * previous sentence and paragraph, the current sentence from its start or, at the next speed
 * up or down, from the word being heard), made while a sentence plays, so that a key's
 * sentence starts playing at once. The rest of it is synthesised while those samples play: the
 * synthesiser gives the same samples for the same text, voice, speed and volume, so the
 * synthesis goes on where they end.
 *
 * This is the store: a bounded number of entries, the least recently used replaced. An entry is
 * used only for the very speech text it was made of, so a change of text (or of the reading
 * rules) never plays stale audio. Pure: no player, no thread, no clock. */
#ifndef LECTOR_PLAYER_AHEAD_H
#define LECTOR_PLAYER_AHEAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define AHEAD_ENTRIES 10   /* more than the targets (ahead_fill.c), so that they all stay */
#define AHEAD_MS 100       /* what the sink holds: what a key hears before synthesis catches up */

/* What an entry is the audio of. */
struct ahead_key {
  size_t sentence;      /* global sentence index */
  size_t from;          /* first speech word (0: the whole sentence) */
  size_t voice_index;
  int wpm, volume;      /* volume 0 when muted */
};

struct ahead_entry {
  struct ahead_key key;
  char *text;           /* the speech text the samples are of */
  size_t len;
  int16_t *pcm;         /* its first samples (all of them when it is shorter) */
  size_t n;
  uint64_t used;        /* 0: empty; else when last stored or looked at */
};

struct ahead {
  struct ahead_entry e[AHEAD_ENTRIES];
  uint64_t clock;
};

bool ahead_key_equal(const struct ahead_key *a, const struct ahead_key *b);
/* Whether there is an entry for k (whatever its text); marks it as used. */
bool ahead_has(struct ahead *a, const struct ahead_key *k);
/* The entry for k made of exactly text[0..len), or NULL; marks it as used. */
const struct ahead_entry *ahead_find(struct ahead *a, const struct ahead_key *k,
                                     const char *text, size_t len);
/* Stores n samples (n may be 0: nothing to make, do not try again) of text for k, replacing an
 * entry for k or else the least recently used one. Returns 0 or -ENOMEM (nothing stored). */
int ahead_store(struct ahead *a, const struct ahead_key *k, const char *text, size_t len,
                const int16_t *pcm, size_t n);
/* Drops every entry (a change of voice: none can be used). */
void ahead_clear(struct ahead *a);

#endif
