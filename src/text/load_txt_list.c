#include "text/load_txt_list.h"

#include <string.h>

struct bullet {
  const char *s;
  bool need_space;          /* "•Item" is clearly a bullet; "–word" (an en dash) is not */
  bool inline_ok;           /* may start an item in the middle of a line: never a dash */
};

static const struct bullet bullets[] = {
  {"\xE2\x80\xA2" /* • */, false, true},  {"\xE2\x97\xA6" /* ◦ */, false, true},
  {"\xE2\x80\xA3" /* ‣ */, false, true},  {"\xE2\x81\x83" /* ⁃ */, false, true},
  {"\xE2\x96\xAA" /* ▪ */, false, true},  {"\xE2\x97\x8F" /* ● */, false, true},
  {"\xE2\x97\x8B" /* ○ */, false, true},  {"\xE2\x96\xA0" /* ■ */, false, true},
  {"\xE2\x80\x93" /* – */, true, false},  {"\xC2\xB7" /* · */, false, false},
  {"-", true, false}, {"*", true, false}, {"+", true, false},
};

static bool is_blank(char c)
{
  return c == ' ' || c == '\t' || c == '\n';
}

static bool is_digit(char c)
{
  return c >= '0' && c <= '9';
}

/* The bullet at s[0, n), its index, else -1. */
static int bullet_at(const char *s, size_t n)
{
  for (size_t b = 0; b < sizeof bullets / sizeof bullets[0]; b++) {
    size_t bl = strlen(bullets[b].s);
    if (n > bl && !memcmp(s, bullets[b].s, bl))
      return (int)b;
  }
  return -1;
}

/* A number or letter marker at s[0, n): fills style, paren, close and value and returns its
 * length, else 0. */
static size_t number_at(const char *s, size_t n, struct txt_marker *m)
{
  size_t i = 0;
  m->paren = n > 0 && s[0] == '(';
  if (m->paren)
    i++;
  size_t d = i;
  unsigned value = 0;
  while (d < n && d - i < 4 && is_digit(s[d]))
    value = value * 10 + (unsigned)(s[d++] - '0');
  if (d > i) {
    if (d - i > 3 || d >= n || !(s[d] == ')' || (!m->paren && s[d] == '.')))
      return 0;
    m->style = '1';
  } else {
    if (i + 1 >= n)
      return 0;
    char c = s[i], p = s[i + 1];
    bool lower = c >= 'a' && c <= 'z', upper = c >= 'A' && c <= 'Z';
    /* "a." "a)" "(a)" "A)" "(A)"; "A." is left alone: it is too often an initial. */
    if (!(lower || upper) || !(p == ')' || (lower && !m->paren && p == '.')))
      return 0;
    m->style = lower ? 'a' : 'A';
    value = (unsigned)(c - m->style) + 1;
    d = i + 1;
  }
  m->close = s[d];
  m->value = value;
  return d + 1;
}

/* Completes m (kind set, the marker m_len bytes long at start) when text follows the marker
 * within [start, end); blank_needed: white space must separate them. */
static bool finish(const char *t, size_t end, size_t m_len, bool blank_needed,
                   struct txt_marker *m)
{
  size_t k = m->start + m_len;
  while (k < end && (t[k] == ' ' || t[k] == '\t'))
    k++;
  if ((blank_needed && k == m->start + m_len) || k >= end || is_blank(t[k]))
    return false;
  m->text = k;
  return true;
}

bool txt_marker_at(const char *t, size_t cs, size_t ce, struct txt_marker *m)
{
  *m = (struct txt_marker){.kind = TXT_MARK_NONE, .start = cs, .bullet = -1};
  int b = bullet_at(t + cs, ce - cs);
  size_t len = b >= 0 ? strlen(bullets[b].s) : number_at(t + cs, ce - cs, m);
  if (!len || !finish(t, ce, len, b < 0 || bullets[b].need_space, m)) {
    m->kind = TXT_MARK_NONE;
    return false;
  }
  m->kind = b >= 0 ? TXT_MARK_BULLET : TXT_MARK_NUMBER;
  m->bullet = b;
  return true;
}

/* Whether t[p, end) starts with the marker that follows cur. */
static bool follows(const char *t, size_t p, size_t end, const struct txt_marker *cur,
                    struct txt_marker *next)
{
  *next = (struct txt_marker){.kind = cur->kind, .start = p, .bullet = cur->bullet};
  if (cur->kind == TXT_MARK_BULLET) {
    const struct bullet *b = &bullets[cur->bullet];
    size_t bl = strlen(b->s);
    return b->inline_ok && end - p > bl && !memcmp(t + p, b->s, bl) &&
           finish(t, end, bl, b->need_space, next);
  }
  size_t len = number_at(t + p, end - p, next);
  return len && next->style == cur->style && next->paren == cur->paren &&
         next->close == cur->close && next->value == cur->value + 1 &&
         finish(t, end, len, true, next);
}

bool txt_marker_next(const char *t, size_t from, size_t end, const struct txt_marker *cur,
                     struct txt_marker *next)
{
  if (cur->kind == TXT_MARK_NONE)
    return false;
  for (size_t p = from + 1; p < end; p++)
    if (is_blank(t[p - 1]) && !is_blank(t[p]) && follows(t, p, end, cur, next))
      return true;
  return false;
}
