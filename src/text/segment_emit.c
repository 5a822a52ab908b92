/* Reporting sentences: trimming a span and cutting one too long for speech into pieces. */
#include "text/segment_scan.h"

static bool is_clause_mark(const struct seg *s, size_t k, size_t *after)
{
  unsigned char c = (unsigned char)s->t[k];
  if ((c == ';' || c == ':' || c == ',') && seg_space_len(s, k + 1)) {
    *after = k + 1;
    return true;
  }
  if (c == '-' && k > 0 && byte_at(s, k + 1) == ' ' && (s->t[k - 1] == ' ' || s->t[k - 1] == '-')) {
    *after = k + 1;      /* " - " or "--" used as a dash */
    return true;
  }
  if (c == 0xE2 && byte_at(s, k + 1) == 0x80 &&
      (byte_at(s, k + 2) == 0x94 || byte_at(s, k + 2) == 0x93)) {
    *after = k + 3;      /* — – */
    return true;
  }
  return false;
}

static size_t distance(size_t x, size_t y)
{
  return x > y ? x - y : y - x;
}

/* Where to end the first piece of text[a, b), which is longer than s->max:
 * after a clause mark in the last two thirds of the bound, else at whitespace, else at the last
 * UTF-8 character boundary. When the rest fits in one more piece, the cut closest to the middle
 * is taken (two halves read better than a long piece and a scrap); else the last one. */
static size_t cut_point(const struct seg *s, size_t a, size_t b)
{
  size_t limit = a + s->max;
  size_t target = limit, floor = a + s->max / 3, ws_floor = a + 1;
  if (b - a <= 2 * s->max) {
    target = a + (b - a) / 2;
    if (b - s->max > floor)
      floor = b - s->max;
    ws_floor = b - s->max;
  }
  size_t best = 0;
  for (size_t k = limit; k-- > floor;) {
    size_t after;
    if (is_clause_mark(s, k, &after) && after <= limit &&
        (!best || distance(after, target) < distance(best, target)))
      best = after;
  }
  if (best)
    return best;
  for (size_t k = limit; k > ws_floor; k--)
    if (is_ascii_space((unsigned char)s->t[k - 1]) &&
        (!best || distance(k - 1, target) < distance(best, target)))
      best = k - 1;
  if (best > a)
    return best;
  for (size_t k = limit; k > a + 1; k--)
    if (is_ascii_space((unsigned char)s->t[k - 1]))
      return k - 1;
  size_t k = limit;
  while (k > a + 1 && ((unsigned char)s->t[k] & 0xC0) == 0x80)
    k--;
  return k;
}

/* Reports text[a, b) trimmed, split into bounded pieces. */
int seg_emit(struct seg *s, size_t a, size_t b)
{
  size_t n;
  for (;;) {
    while (a < b && (n = seg_space_len(s, a)) != 0)
      a += n;
    while ((n = seg_space_len_before(s, a, b)) != 0)
      b -= n;
    if (a >= b)
      return 0;
    if (b - a <= s->max)
      return s->fn(s->user, a, b);
    size_t c = cut_point(s, a, b);
    size_t e = c;
    while ((n = seg_space_len_before(s, a, e)) != 0)
      e -= n;
    int rc = s->fn(s->user, a, e);
    if (rc)
      return rc;
    a = c;
  }
}

/* Ends the current sentence just before pos, unless it holds no word yet (". Leading dot."):
 * punctuation alone is kept with what follows. */
int seg_cut(struct seg *s, size_t pos)
{
  size_t i = s->sent > s->blank_until ? s->sent : s->blank_until;
  while (i < pos) {
    unsigned char c = (unsigned char)s->t[i];
    if (c == 0xE2 && (byte_at(s, i + 1) == 0x80 || byte_at(s, i + 1) == 0x81))
      i += 3;            /* U+2000-U+207F: spaces, dashes, quotes, bullets, ellipsis */
    else if (c < 0x80 && !is_alpha(c) && !is_digit(c))
      i++;
    else
      break;
  }
  if (i >= pos) {
    s->blank_until = pos;
    return 0;
  }
  int rc = seg_emit(s, s->sent, pos);
  s->sent = pos;
  return rc;
}
