/* Lists inside a paragraph: numbered and lettered markers ("1." "2)" "3.)" "a." "iv.") that
 * start a new sentence, and paragraphs made of short lines that are each a sentence. */
#include "text/segment_scan.h"

#include <string.h>

/* The value of text[b, e) as a roman numeral from 1 to 12 in lower (or upper) case, else 0. */
int seg_roman_value(const struct seg *s, size_t b, size_t e, bool upper)
{
  static const char *const romans[] = {
    "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
  };
  for (size_t r = 0; r < sizeof romans / sizeof *romans; r++) {
    size_t n = strlen(romans[r]);
    if (e - b != n)
      continue;
    size_t k = 0;
    while (k < n && (unsigned char)s->t[b + k] == (unsigned char)(upper ? romans[r][k] - 'a' + 'A'
                                                                        : romans[r][k]))
      k++;
    if (k == n)
      return (int)r + 1;
  }
  return 0;
}

/* If text[b, e) followed by the punctuation at e is a list marker, returns the position after
 * the marker's punctuation and sets kind, value and style; else returns 0. */
static size_t marker_end(const struct seg *s, size_t b, size_t e, enum marker_kind *kind,
                         int *value, int *roman, char *style)
{
  size_t after;
  if (byte_at(s, e) == '.' && byte_at(s, e + 1) == ')') {
    *style = 'P';
    after = e + 2;
  } else if (byte_at(s, e) == '.' || byte_at(s, e) == ')') {
    *style = s->t[e];
    after = e + 1;
  } else {
    return 0;
  }
  if (after < s->end && !seg_space_len(s, after))
    return 0;
  size_t len = e - b;
  *roman = 0;
  if (len >= 1 && len <= 2 && is_digit((unsigned char)s->t[b]) &&
      is_digit((unsigned char)s->t[e - 1])) {
    *kind = MARK_DIGIT;
    *value = len == 1 ? s->t[b] - '0' : (s->t[b] - '0') * 10 + s->t[b + 1] - '0';
  } else if (len == 1 && is_lower((unsigned char)s->t[b])) {
    *kind = MARK_LETTER;
    *value = s->t[b] - 'a' + 1;
    *roman = seg_roman_value(s, b, e, false);
  } else if ((*roman = seg_roman_value(s, b, e, false)) != 0) {
    *kind = MARK_ROMAN;
    *value = *roman;
  } else if ((*value = seg_roman_value(s, b, e, true)) != 0) {
    *kind = MARK_UPPER_ROMAN;   /* "I. Introduction II. Methods"; never upper-case letters,
                                   which are initials ("A. B. Smith") */
  } else {
    return 0;
  }
  return after;
}

/* Handles a possible list marker ending with the '.' or ')' at e. Returns true when it was one
 * (then *next is set past it, and the sentence may have been cut before it). */
bool seg_on_marker(struct seg *s, size_t e, size_t *next, int *rc)
{
  /* Most full stops end a word of five or more letters, which is never a marker. */
  size_t run = 0;
  while (run < 5 && e - run > s->sent && (is_alpha(byte_at(s, e - run - 1)) ||
                                          is_digit(byte_at(s, e - run - 1))))
    run++;
  if (run == 0 || run == 5)
    return false;
  bool complete;
  size_t raw = seg_token_start_within(s, e, 16, &complete);   /* "(xii" or "•10" at most */
  if (!complete)
    return false;
  size_t b = seg_skip_token_prefix(s, raw, e);
  enum marker_kind kind;
  int value, roman;
  char style;
  size_t after = marker_end(s, b, e, &kind, &value, &roman, &style);
  if (!after)
    return false;
  bool start = seg_at_sentence_start(s, b);
  bool follows = s->mk_style == style &&
                 ((s->mk_kind == kind && s->mk_value + 1 == value) ||
                  (roman && s->mk_kind == MARK_ROMAN && s->mk_value + 1 == roman));
  size_t pb, pe;
  /* "Steps: 1. Open the box. 2. ..." starts a list after a colon. */
  bool opens = value == 1 && seg_previous_word(s, raw, &pb, &pe) && s->t[pe - 1] == ':';
  if (!start && !follows && !opens)
    return false;
  if (roman && kind == MARK_LETTER &&
      !(s->mk_kind == MARK_LETTER && s->mk_value + 1 == value && s->mk_style == style)) {
    kind = MARK_ROMAN;     /* "i." starts a roman list unless it follows "h." */
    value = roman;
  }
  if (!start)
    *rc = seg_cut(s, raw);
  s->mk_kind = kind;
  s->mk_value = value;
  s->mk_style = style;
  *next = after;
  return true;
}
void seg_note_item_marker(struct seg *s, size_t b, size_t e)
{
  while (e > b && is_ascii_space((unsigned char)s->t[e - 1]))
    e--;
  if (e <= b || (s->t[e - 1] != '.' && s->t[e - 1] != ')'))
    return;
  size_t p = e - 1;
  if (s->t[p] == ')' && p > b && s->t[p - 1] == '.')
    p--;                       /* "3.)" */
  enum marker_kind kind;
  int value, roman;
  char style;
  if (!marker_end(s, seg_skip_token_prefix(s, b, p), p, &kind, &value, &roman, &style))
    return;
  if (roman && kind == MARK_LETTER) {
    kind = MARK_ROMAN;         /* "i)" begins a roman list, "a)" a lettered one */
    value = roman;
  }
  s->mk_kind = kind;
  s->mk_value = value;
  s->mk_style = style;
}

#define LINE_LIST_MAX_CHARS 40

static size_t utf8_chars(const char *p, size_t n)
{
  size_t count = 0;
  for (size_t i = 0; i < n; i++)
    count += ((unsigned char)p[i] & 0xC0) != 0x80;
  return count;
}

/* The next non-blank line from *i: [*a, *b) trimmed. False at the end of the span. */
static bool next_line(const struct seg *s, size_t *i, size_t *a, size_t *b)
{
  while (*i < s->end) {
    const char *nl = memchr(s->t + *i, '\n', s->end - *i);
    size_t le = nl ? (size_t)(nl - s->t) : s->end;
    *a = *i;
    *b = le;
    *i = le + 1;
    while (*a < *b && is_ascii_space((unsigned char)s->t[*a]))
      (*a)++;
    while (*b > *a && is_ascii_space((unsigned char)s->t[*b - 1]))
      (*b)--;
    if (*a < *b)
      return true;
  }
  return false;
}

/* Whether text[start, end) is a list of short lines ("features\ncontact manager\nevents") rather
 * than wrapped prose: at least three lines, all short, none but the last ending in punctuation,
 * and at least one line so short that the next line's first word would have fitted on it
 * (greedily wrapped prose never leaves such room). */
bool seg_is_line_list(const struct seg *s)
{
  if (!memchr(s->t + s->start, '\n', s->end - s->start))
    return false;
  size_t i = s->start, a, b, lines = 0, max_chars = 0;
  bool punct = false;
  while (next_line(s, &i, &a, &b)) {
    size_t chars = utf8_chars(s->t + a, b - a);
    if (punct || chars > LINE_LIST_MAX_CHARS)
      return false;
    if (chars > max_chars)
      max_chars = chars;
    punct = memchr(".!?,;:", s->t[b - 1], 6) != NULL;
    lines++;
  }
  if (lines < 3)
    return false;
  size_t prev_chars = 0;
  i = s->start;
  for (bool first = true; next_line(s, &i, &a, &b); first = false) {
    size_t w = a;
    while (w < b && !is_ascii_space((unsigned char)s->t[w]))
      w++;
    if (!first && prev_chars + 1 + utf8_chars(s->t + a, w - a) <= max_chars)
      return true;
    prev_chars = utf8_chars(s->t + a, b - a);
  }
  return false;
}
