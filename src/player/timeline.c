/* What is heard (see timeline.h). */
#include "player/timeline.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"

void timeline_init(struct timeline *t)
{
  *t = (struct timeline){ .carry.sentence = TIMELINE_NONE };
}

void timeline_clear(struct timeline *t)
{
  for (size_t i = 0; i < t->n; i++)
    free(t->segs[i].words);
  t->n = 0;
}

void timeline_free(struct timeline *t)
{
  timeline_clear(t);
  free(t->segs);
  t->segs = NULL;
  t->cap = 0;
}

int timeline_push(struct timeline *t, const struct timeline_piece *pc)
{
  if (grow_for((void **)&t->segs, &t->cap, t->n, sizeof *t->segs, 8))
    return -ENOMEM;
  const struct timeline_segment *prev = t->n ? &t->segs[t->n - 1] : NULL;
  struct timeline_segment sg = {
    .sentence = pc->sentence,
    .paragraph = pc->paragraph,
    .start = pc->start,
    .sent_origin = pc->start - (int64_t)pc->sent_offset,
    .words = pc->words,
    .n_words = pc->n_words,
    .word_base = pc->word_base,
  };
  /* The paragraph has been heard since: the previous segment's origin when reading went on in
   * the same paragraph, else what was carried over an interruption of this sentence. */
  if (prev && prev->paragraph == sg.paragraph && sg.paragraph != TIMELINE_NONE)
    sg.para_origin = prev->para_origin;
  else if (t->carry.sentence == sg.sentence)
    sg.para_origin = sg.sent_origin - t->carry.para_before;
  else
    sg.para_origin = sg.sent_origin;
  t->segs[t->n++] = sg;
  return 0;
}

void timeline_set_words(struct timeline *t, struct timeline_word *words, size_t n)
{
  struct timeline_segment *sg = &t->segs[t->n - 1];
  free(sg->words);
  sg->words = words;
  sg->n_words = n;
}

void timeline_extend(struct timeline *t, uint64_t n)
{
  t->segs[t->n - 1].len += n;
}

int64_t timeline_end(const struct timeline *t, int64_t start)
{
  if (t->n == 0)
    return start;
  const struct timeline_segment *sg = &t->segs[t->n - 1];
  return sg->start + (int64_t)sg->len;
}

/* The segment being heard at pos, or NULL. Drops older segments. */
static struct timeline_segment *heard_segment(struct timeline *t, int64_t pos)
{
  size_t i = t->n;
  while (i > 0 && t->segs[i - 1].start > pos)
    i--;
  if (i == 0)
    return NULL;
  size_t drop = i - 1;
  if (drop > 0) {
    for (size_t k = 0; k < drop; k++)
      free(t->segs[k].words);
    memmove(t->segs, t->segs + drop, (t->n - drop) * sizeof *t->segs);
    t->n -= drop;
  }
  return &t->segs[0];
}

struct timeline_heard timeline_at(struct timeline *t, int64_t pos, size_t position)
{
  struct timeline_heard h = { .sentence = position };
  struct timeline_segment *sg = heard_segment(t, pos);
  /* Nothing heard, or an announcement: the reading position is unchanged. */
  if (!sg || sg->sentence == TIMELINE_NONE) {
    if (t->carry.sentence == position)
      h.in_paragraph = t->carry.para_before;
    return h;
  }
  h.segment = sg;
  h.sentence = sg->sentence;
  h.in_sentence = pos - sg->sent_origin;
  h.in_paragraph = pos - sg->para_origin;
  uint64_t off = (uint64_t)(pos - sg->start);
  for (size_t i = 0; i < sg->n_words && sg->words[i].start <= off; i++)
    h.word = &sg->words[i];
  return h;
}

void timeline_carry_interrupted(struct timeline *t, const struct timeline_heard *h)
{
  t->carry.sentence = h->sentence;
  t->carry.para_before = h->in_paragraph > h->in_sentence ? h->in_paragraph - h->in_sentence
                                                          : 0;
}

void timeline_carry_moved(struct timeline *t, const struct timeline_heard *h, size_t target,
                          bool forward_in_paragraph)
{
  if (target == t->carry.sentence)
    return;
  t->carry.sentence = target;
  t->carry.para_before = forward_in_paragraph ? h->in_paragraph : 0;
}

bool timeline_word_restart(const struct timeline_heard *h, size_t *from, uint64_t *sent_offset)
{
  const struct timeline_segment *sg = h->segment;
  if (!h->word || !sg || sg->sentence == TIMELINE_NONE)
    return false;
  *from = sg->word_base + (size_t)(h->word - sg->words);
  *sent_offset = (uint64_t)(sg->start - sg->sent_origin) + h->word->start;
  return true;
}
