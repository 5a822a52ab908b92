/* Quotations and brackets: a sentence end inside a quotation or a bracket that closes soon
 * does not end the sentence around it ('"Oh dear! Oh dear! I shall be too late!"',
 * "« LL.AA.II.RR. »", "《摔跤吧！爸爸》", "（これは山です。これは山です）"). The marks pair by
 * their Unicode roles: "…" '…' “…” ‘…’ „…“ «…» ‹…› 「…」 『…』 《…》 〈…〉 （…） (…) […].
 *
 * Decided lazily, at a candidate end only: the current sentence is parsed back to its start (at
 * most the bound on a sentence) for the marks still open, and the innermost ones are looked for
 * ahead. A quotation longer than the bound is not kept: its sentences end as usual, so that
 * speech still gets bounded pieces. */
#include "text/segment_scan.h"

enum quote_type {
  Q_NONE, Q_DOUBLE, Q_SINGLE, Q_CURLY, Q_LEFT_CURLY, Q_CURLY_SINGLE, Q_LOW9, Q_GUILLEMET, Q_GUILLEMET_SINGLE,
  Q_CORNER, Q_WHITE_CORNER, Q_DOUBLE_ANGLE, Q_ANGLE, Q_FULLWIDTH_PAREN, Q_PAREN, Q_SQUARE,
};

/* Marks of the CJK Symbols block, U+3008-U+300F, in opening/closing pairs. */
static const enum quote_type cjk_marks[8] = {
  Q_ANGLE, Q_ANGLE, Q_DOUBLE_ANGLE, Q_DOUBLE_ANGLE, Q_CORNER, Q_CORNER,
  Q_WHITE_CORNER, Q_WHITE_CORNER,
};

/* The quotation mark or bracket at k: its type, its length in *len and whether it can open
 * (*opens) or close (*closes) one; Q_NONE for anything else. */
static enum quote_type mark_at(const struct seg *s, size_t k, size_t *len, bool *opens,
                               bool *closes)
{
  unsigned char c = byte_at(s, k);
  *len = 1;
  *opens = *closes = false;
  switch (c) {
  case '"':
    *opens = *closes = true;
    return Q_DOUBLE;
  case '\'':
    /* 'quoted' but not don't, the '90s or the boys': opens after a space and before a letter,
     * closes before a non-letter */
    *opens = (k == s->start || seg_space_len_before(s, s->start, k) ||
              seg_opener_len(s, k - 1)) && seg_letter_len(s, k + 1);
    *closes = !is_alpha(byte_at(s, k + 1));
    return Q_SINGLE;
  case '(': case ')':
    *opens = c == '(', *closes = c == ')';
    return Q_PAREN;
  case '[': case ']':
    *opens = c == '[', *closes = c == ']';
    return Q_SQUARE;
  case 0xC2:
    *len = 2;
    *opens = byte_at(s, k + 1) == 0xAB, *closes = byte_at(s, k + 1) == 0xBB;
    return *opens || *closes ? Q_GUILLEMET : Q_NONE;
  case 0xE2: {
    *len = 3;
    if (byte_at(s, k + 1) != 0x80)
      return Q_NONE;
    unsigned char c2 = byte_at(s, k + 2);
    switch (c2) {
    case 0x9C:                   /* “ opens, and closes „ */
      *opens = *closes = true;
      return Q_LEFT_CURLY;
    case 0x9D:
      *closes = true;
      return Q_CURLY;
    case 0x9E:
      *opens = true;
      return Q_LOW9;
    case 0x98:
      *opens = true;
      return Q_CURLY_SINGLE;
    case 0x99:                   /* ’ is also the apostrophe: "it’s" */
      *closes = !is_alpha(byte_at(s, k + 3));
      return Q_CURLY_SINGLE;
    case 0xB9: case 0xBA:
      *opens = c2 == 0xB9, *closes = c2 == 0xBA;
      return Q_GUILLEMET_SINGLE;
    default:
      return Q_NONE;
    }
  }
  case 0xE3:
    *len = 3;
    if (byte_at(s, k + 1) != 0x80 || byte_at(s, k + 2) < 0x88 || byte_at(s, k + 2) > 0x8F)
      return Q_NONE;
    *opens = (byte_at(s, k + 2) & 1) == 0, *closes = !*opens;
    return cjk_marks[byte_at(s, k + 2) - 0x88];
  case 0xEF:
    *len = 3;
    if (byte_at(s, k + 1) != 0xBC || (byte_at(s, k + 2) != 0x88 && byte_at(s, k + 2) != 0x89))
      return Q_NONE;
    *opens = byte_at(s, k + 2) == 0x88, *closes = !*opens;
    return Q_FULLWIDTH_PAREN;
  default:
    return Q_NONE;
  }
}

/* Whether a mark of type t closes an open mark of type open: „ closes with “ or ”. */
static bool closes_type(enum quote_type open, enum quote_type t)
{
  return (t == open && t != Q_LEFT_CURLY) ||
         (open == Q_LOW9 && (t == Q_CURLY || t == Q_LEFT_CURLY));
}

#define MAX_DEPTH 8

/* The first bytes of every mark mark_at() knows: the parse skips all others in one lookup. */
static const unsigned char mark_lead[256] = {
  ['"'] = 1, ['\''] = 1, ['('] = 1, [')'] = 1, ['['] = 1, [']'] = 1,
  [0xC2] = 1, [0xE2] = 1, [0xE3] = 1, [0xEF] = 1,
};

/* The next mark from *k on, before e: its type, with *k moved to it; Q_NONE when there is
 * none. */
static enum quote_type next_mark(const struct seg *s, size_t *k, size_t e, size_t *len,
                                 bool *opens, bool *closes)
{
  for (; *k < e; (*k)++) {
    if (!mark_lead[(unsigned char)s->t[*k]])
      continue;
    enum quote_type t = mark_at(s, *k, len, opens, closes);
    if (t != Q_NONE)
      return t;
  }
  return Q_NONE;
}

struct open_mark {
  enum quote_type type;
  size_t pos;
};

/* The marks still open at e, parsed from b: innermost last. Returns how many. */
static size_t open_marks(const struct seg *s, size_t b, size_t e, struct open_mark *stack)
{
  size_t depth = 0, len;
  bool opens, closes;
  enum quote_type t;
  for (size_t k = b; (t = next_mark(s, &k, e, &len, &opens, &closes)) != Q_NONE; k += len) {
    size_t d = depth;
    while (closes && d > 0 && !closes_type(stack[d - 1].type, t))
      d--;
    if (closes && d > 0) {
      depth = d - 1;             /* closes it, and any mark left open inside it */
    } else if (opens && depth < MAX_DEPTH) {
      stack[depth].type = t == Q_LEFT_CURLY ? Q_CURLY : t;
      stack[depth++].pos = k;
    }
  }
  return depth;
}

/* Whether the mark m opened closes at or after from, within the bound on a sentence. */
static bool closes_soon(const struct seg *s, const struct open_mark *m, size_t from)
{
  size_t limit = m->pos + s->max < s->end ? m->pos + s->max : s->end, len, nested = 0;
  bool opens, closes;
  enum quote_type t;
  for (size_t k = from; (t = next_mark(s, &k, limit, &len, &opens, &closes)) != Q_NONE;
       k += len) {
    if (closes && closes_type(m->type, t)) {
      if (nested == 0)
        return true;
      nested--;
    } else if (opens && t == m->type && m->type >= Q_FULLWIDTH_PAREN) {
      nested++;                  /* brackets nest; a quotation mark of the same kind closes */
    }
  }
  return false;
}

/* A quotation that ends with the sentence, and a parenthesis right after it: its citation or a
 * remark on it ('"[...] stairways [...]" (Smith 55).', "house!' (Which was true.)"). */
static bool citation_follows(const struct seg *s, size_t i, size_t j)
{
  size_t k = j, n;
  while ((n = seg_space_len(s, k)) != 0)
    k += n;
  if (byte_at(s, k) != '(' || j <= i)
    return false;
  size_t len;
  bool opens, closes;
  size_t last = j - 1;
  while (last > i && (byte_at(s, last) & 0xC0) == 0x80)
    last--;
  enum quote_type t = mark_at(s, last, &len, &opens, &closes);
  return closes && t != Q_NONE && t < Q_FULLWIDTH_PAREN;
}

bool seg_keeps_quotation(const struct seg *s, size_t i, size_t j)
{
  if (citation_follows(s, i, j))
    return true;
  size_t b = s->sent;
  if (j - b > s->max)
    b = j - s->max;
  struct open_mark stack[MAX_DEPTH];
  size_t depth = open_marks(s, b, j, stack);
  /* The innermost two: a stray mark ("5' 10", an unpaired bracket) must not hide the rest. */
  for (size_t d = depth; d > 0 && depth - d < 2; d--)
    if (closes_soon(s, &stack[d - 1], j))
      return true;
  return false;
}
