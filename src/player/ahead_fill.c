/* Audio made ahead, on the player thread (see ahead.h for the store): which sentences a key is
 * likely to lead to, making their first samples while a sentence plays, and playing them when
 * a key leads there.
 *
 * Cost: the targets missing are made in one batch (synth.h's speak_ahead: for espeak-ng one
 * child, which forks a grandchild per target, so the player thread forks nothing), only once
 * the sentence playing is all synthesised and the sink is full (or reading is paused); blocks
 * go on to the sink as the batch's samples come, so the audio being heard never waits for it.
 * Each target is AHEAD_MS of audio, where its synthesis stops. A command aborts the batch at
 * once (the cancel fd) and is handled first; what was made is kept. At most AHEAD_TARGETS at a
 * time; the speed targets only for a while after a speed key (AHEAD_SPEED_S). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "player/navigation.h"
#include "player/player_internal.h"

#define AHEAD_TARGETS 7   /* 4 moves, the current sentence, the next speed up and down */
/* The speed targets follow the word being heard: made again for every word, they would cost
 * several times all the others (measured: 4x the reader's CPU time). Speed keys come in runs
 * (a listener finds a pace), so they are made for this long (of audio heard) after one. */
#define AHEAD_SPEED_S 10

static struct ahead_key key_of(const struct player_request *r, size_t sentence, size_t from)
{
  return (struct ahead_key){ .sentence = sentence, .from = from, .voice_index = r->voice_index,
                             .wpm = r->wpm, .volume = r->muted ? 0 : r->volume };
}

static size_t ahead_samples(const struct player *p)
{
  return (size_t)p->rate * AHEAD_MS / 1000;
}

int player_ahead_play(struct player *p)
{
  struct piece *pc = &p->piece;
  if (!p->cfg.ahead)
    return 0;
  size_t from = pc->word_base;
  const struct speech_text *st;
  int rc = player_speech_of(p, pc->sentence, &from, &st);
  if (rc < 0)
    return rc;
  struct ahead_key k = key_of(&p->in_force, pc->sentence, from);
  const struct ahead_entry *e = ahead_find(&p->ahead, &k, st->text, st->len);
  if (!e || e->n == 0)
    return 0;
  if (e->n > pc->cap) {
    int16_t *pcm = realloc(pc->pcm, e->n * sizeof *pcm);
    if (!pcm)
      return 0;   /* it is only a head start */
    pc->pcm = pcm;
    pc->cap = e->n;
  }
  memcpy(pc->pcm, e->pcm, e->n * sizeof *pc->pcm);
  pc->n = e->n;
  while ((rc = player_write_block(p)) > 0)
    ;
  return rc;
}

void player_ahead_keep(struct player *p, const struct speech_text *st)
{
  const struct piece *pc = &p->piece;
  if (!p->cfg.ahead || pc->sentence == TIMELINE_NONE)
    return;
  struct ahead_key k = key_of(&p->in_force, pc->sentence, pc->word_base);
  size_t n = pc->n < ahead_samples(p) ? pc->n : ahead_samples(p);
  ahead_store(&p->ahead, &k, st->text, st->len, pc->pcm, n);   /* none kept: none made */
}

static void add(struct ahead_key *out, size_t *n, struct ahead_key k)
{
  for (size_t i = 0; i < *n; i++)
    if (ahead_key_equal(&out[i], &k))
      return;
  out[(*n)++] = k;
}

/* The current sentence from the word being heard at the next speed up (sign 1) or down. */
static void add_speed(struct player *p, const struct timeline_heard *h, int sign,
                      struct ahead_key *out, size_t *n)
{
  struct player_request r = p->in_force;
  long step = sign * reading_speed_step(r.wpm, sign, p->cfg.speed_step);
  struct player_request s = player_request_after(&p->cfg, r, PLAYER_SPEED, step);
  size_t from;
  uint64_t sent_offset;
  if (s.wpm == r.wpm)
    return;
  if (!timeline_word_restart(h, &from, &sent_offset))
    from = 0;
  add(out, n, key_of(&s, h->sentence, from));
}

/* Where the keys would lead now, the likeliest first. Paused: where PLAY resumes. */
static size_t targets(struct player *p, struct ahead_key *out)
{
  static const enum player_command moves[] = { PLAYER_NEXT_SENTENCE, PLAYER_PREV_SENTENCE,
                                               PLAYER_NEXT_PARAGRAPH, PLAYER_PREV_PARAGRAPH };
  size_t n = 0, n_sentences = player_n_sentences(p);
  const struct player_request *r = &p->in_force;
  if (p->mode == PLAYER_STATE_PAUSED && p->resume_sentence < n_sentences)
    add(out, &n, key_of(r, p->resume_sentence, 0));
  if (p->mode != PLAYER_STATE_PLAYING)
    return n;
  struct timeline_heard h = player_heard(p);
  if (h.sentence >= n_sentences)
    return 0;
  struct navigation_at at = { .sentence = h.sentence,
                              .in_sentence_s = (double)h.in_sentence / p->rate,
                              .in_paragraph_s = (double)h.in_paragraph / p->rate };
  for (size_t i = 0; i < sizeof moves / sizeof *moves; i++) {
    size_t t = navigation_target(player_doc(p), moves[i], 0, at);
    if (t != NAVIGATION_STAY)
      add(out, &n, key_of(r, t, 0));
  }
  add(out, &n, key_of(r, h.sentence, 0));   /* resuming after a pause, repeating */
  if (p->cfg.speed_step > 0 && p->speed_key_pos >= 0 &&
      player_sink_pos(p) - p->speed_key_pos < (int64_t)AHEAD_SPEED_S * p->rate) {
    add_speed(p, &h, 1, out, &n);
    add_speed(p, &h, -1, out, &n);
  }
  return n;
}

/* The targets being made: their keys and speech texts (copies: p->st is rebuilt for each), and
 * the samples of the one coming in. */
struct making {
  struct player *p;
  struct ahead_key key[AHEAD_TARGETS];
  struct speech_text st[AHEAD_TARGETS];
  struct tts_ahead_item items[AHEAD_TARGETS];
  size_t n;
  size_t item;         /* whose samples buf holds */
  size_t got;
};

static int on_made(void *user, size_t item, const int16_t *samples, size_t n)
{
  struct making *m = user;
  struct player *p = m->p;
  if (atomic_load(&p->generation) != p->seen_gen)
    return 1;   /* a command came: made later, if it is still a target once it is handled */
  if (p->piece.active && p->piece.complete)
    while (player_write_block(p) > 0)   /* the sentence heard never waits for this */
      ;
  if (item != m->item) {
    m->item = item;
    m->got = 0;
  }
  if (samples) {
    size_t take = n < ahead_samples(p) - m->got ? n : ahead_samples(p) - m->got;
    memcpy(p->ahead_buf + m->got, samples, take * sizeof *samples);
    m->got += take;
    return 0;
  }
  const struct speech_text *st = &m->st[item];   /* not made: none kept, not tried again */
  ahead_store(&p->ahead, &m->key[item], st->text, st->len, p->ahead_buf, n ? m->got : 0);
  m->item = SIZE_MAX;
  return 0;
}

/* A copy of what st says, for the synthesiser (its words say in which voice). */
static int copy_speech(const struct speech_text *st, struct speech_text *out)
{
  out->text = malloc(st->len + 1);
  out->words = malloc((st->n_words ? st->n_words : 1) * sizeof *out->words);
  if (!out->text || !out->words)
    return -ENOMEM;
  memcpy(out->text, st->text, st->len + 1);
  if (st->n_words)
    memcpy(out->words, st->words, st->n_words * sizeof *st->words);
  out->len = st->len;
  out->n_words = st->n_words;
  return 0;
}

/* Adds target k to m. */
static int add_making(struct player *p, struct making *m, const struct ahead_key *k)
{
  size_t from = k->from;
  const struct speech_text *st;
  int rc = player_speech_of(p, k->sentence, &from, &st);
  if (rc == 0)
    rc = copy_speech(st, &m->st[m->n]);
  if (rc < 0) {
    speech_text_free(&m->st[m->n]);
    return rc;
  }
  m->key[m->n] = *k;
  m->items[m->n] = (struct tts_ahead_item){ &m->st[m->n], k->wpm, k->volume };
  m->n++;
  return 0;
}

/* Makes the targets that have no audio yet, in one batch. */
static int make(struct player *p, const struct ahead_key *want, size_t n)
{
  if (!p->ahead_buf && !(p->ahead_buf = malloc(ahead_samples(p) * sizeof *p->ahead_buf)))
    return -ENOMEM;
  struct making m = { .p = p, .item = SIZE_MAX };
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < n; i++)
    if (!ahead_has(&p->ahead, &want[i]))
      rc = add_making(p, &m, &want[i]);
  if (rc == 0 && m.n > 0) {
    player_cancel_by_commands(p, true);
    rc = p->synth->speak_ahead(p->engine, m.items, m.n, ahead_samples(p), on_made, &m);
    if (rc < 0 && rc != -ECANCELED)   /* it cannot: not tried again */
      for (size_t i = 0; i < m.n; i++)
        if (!ahead_has(&p->ahead, &m.key[i]))
          ahead_store(&p->ahead, &m.key[i], "", 0, NULL, 0);
  }
  for (size_t i = 0; i < m.n; i++)
    speech_text_free(&m.st[i]);
  return rc == -ECANCELED ? 0 : rc;
}

int player_ahead_step(struct player *p)
{
  if (!p->cfg.ahead || !p->synth->speak_ahead || atomic_load(&p->generation) != p->seen_gen)
    return 0;
  struct ahead_key want[AHEAD_TARGETS];
  size_t n = targets(p, want);
  for (size_t i = 0; i < n; i++)
    if (!ahead_has(&p->ahead, &want[i]))
      return make(p, want, n) < 0 ? 0 : 1;
  return 0;
}
