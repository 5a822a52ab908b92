/* Small scans around a position of the segmenter's pass: what character is there, where the
 * token before it starts, what word comes after it. */
#include "text/segment_scan.h"

#include <string.h>

#include <unicode/uchar.h>
#include <utf8proc.h>

#include "text/segment_words.h"

/* Length of the whitespace character at i (ASCII, no-break and Unicode spaces), else 0. */
size_t seg_space_len(const struct seg *s, size_t i)
{
  unsigned char c = byte_at(s, i);
  if (is_ascii_space(c))
    return 1;
  if (c == 0xC2 && byte_at(s, i + 1) == 0xA0)
    return 2;
  if (c == 0xE2) {
    unsigned char c1 = byte_at(s, i + 1), c2 = byte_at(s, i + 2);
    if (c1 == 0x80 && ((c2 >= 0x80 && c2 <= 0x8A) || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF))
      return 3;
    if (c1 == 0x81 && c2 == 0x9F)
      return 3;
  }
  if (c == 0xE3 && byte_at(s, i + 1) == 0x80 && byte_at(s, i + 2) == 0x80)
    return 3;
  return 0;
}

/* Length of the whitespace character ending just before i (not before lo), else 0. */
size_t seg_space_len_before(const struct seg *s, size_t lo, size_t i)
{
  if (i <= lo)
    return 0;
  if (is_ascii_space((unsigned char)s->t[i - 1]))
    return 1;
  if (i - lo >= 2 && seg_space_len(s, i - 2) == 2)
    return 2;
  if (i - lo >= 3 && seg_space_len(s, i - 3) == 3)
    return 3;
  return 0;
}

/* Length of a closing quote or bracket at i, else 0. An apostrophe followed by a letter
 * ("Jr.'s") is not a closing quote. */
size_t seg_closer_len(const struct seg *s, size_t i)
{
  unsigned char c = byte_at(s, i);
  switch (c) {
  case '"': case ')': case ']': case '}': case '_': case '*':
    return 1;
  case '\'':
    return is_alpha(byte_at(s, i + 1)) ? 0 : 1;
  case 0xC2:
    return byte_at(s, i + 1) == 0xBB ? 2 : 0;                         /* » */
  case 0xE2:
    if (s->lang && s->lang->low9_quotes && three(s, i, 0xE2, 0x80, 0x9C))   /* „…“ */
      return 3;
    if (three(s, i, 0xE2, 0x80, 0x99))                                /* ’ */
      return is_alpha(byte_at(s, i + 3)) ? 0 : 3;
    return three(s, i, 0xE2, 0x80, 0x9D) || three(s, i, 0xE2, 0x80, 0xBA) ? 3 : 0; /* ” › */
  case 0xE3:
    return three(s, i, 0xE3, 0x80, 0x8D) || three(s, i, 0xE3, 0x80, 0x8F) ? 3 : 0; /* 」 』 */
  case 0xEF:
    return three(s, i, 0xEF, 0xBC, 0x89) ? 3 : 0;                     /* ） */
  default:
    return 0;
  }
}

/* Length of an opening quote or bracket at i, else 0. */
size_t seg_opener_len(const struct seg *s, size_t i)
{
  unsigned char c = byte_at(s, i);
  switch (c) {
  case '"': case '\'': case '(': case '[': case '{': case '_': case '*':
    return 1;
  case 0xC2: {
    unsigned char c1 = byte_at(s, i + 1);
    return c1 == 0xAB || c1 == 0xBF || c1 == 0xA1 ? 2 : 0;          /* « ¿ ¡ */
  }
  case 0xE2:
    return three(s, i, 0xE2, 0x80, 0x9C) || three(s, i, 0xE2, 0x80, 0x98) ||
           three(s, i, 0xE2, 0x80, 0xB9) ? 3 : 0;                     /* “ ‘ ‹ */
  case 0xE3:
    return three(s, i, 0xE3, 0x80, 0x8C) || three(s, i, 0xE3, 0x80, 0x8E) ? 3 : 0; /* 「 『 */
  case 0xEF:
    return three(s, i, 0xEF, 0xBC, 0x88) ? 3 : 0;                     /* （ */
  default:
    return 0;
  }
}

/* Length of a bullet character at i (• ‣ ⁃ ◦ ▪), else 0. */
size_t seg_bullet_len(const struct seg *s, size_t i)
{
  if (three(s, i, 0xE2, 0x80, 0xA2) || three(s, i, 0xE2, 0x80, 0xA3) ||
      three(s, i, 0xE2, 0x81, 0x83) || three(s, i, 0xE2, 0x97, 0xA6) ||
      three(s, i, 0xE2, 0x96, 0xAA))
    return 3;
  return 0;
}

bool seg_is_ellipsis_char(const struct seg *s, size_t i)
{
  return three(s, i, 0xE2, 0x80, 0xA6);
}

/* Length of a CJK full stop, exclamation or question mark (。！？) at i, else 0. */
size_t seg_cjk_terminal_len(const struct seg *s, size_t i)
{
  if (three(s, i, 0xE3, 0x80, 0x82) || three(s, i, 0xEF, 0xBC, 0x81) ||
      three(s, i, 0xEF, 0xBC, 0x9F))
    return 3;
  return 0;
}

size_t seg_sterm_len(const struct seg *s, size_t i)
{
  if (byte_at(s, i) < 0x80)
    return 0;
  utf8proc_int32_t cp;
  utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s->t + i,
                                        (utf8proc_ssize_t)(s->end - i), &cp);
  if (n <= 0)
    return 0;
  int sb = u_getIntPropertyValue(cp, UCHAR_SENTENCE_BREAK);
  return sb == U_SB_STERM || sb == U_SB_ATERM ? (size_t)n : 0;
}

/* Classifies the first character at i. */
enum next_kind seg_char_kind(const struct seg *s, size_t i)
{
  if (i >= s->end)
    return NEXT_END;
  unsigned char c = (unsigned char)s->t[i];
  if (is_upper(c))
    return NEXT_UPPER;
  if (is_lower(c))
    return NEXT_LOWER;
  if (is_digit(c))
    return NEXT_DIGIT;
  if (c < 0x80)
    return NEXT_OTHER;
  utf8proc_int32_t cp;
  utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s->t + i,
                                        (utf8proc_ssize_t)(s->end - i), &cp);
  if (n <= 0)
    return NEXT_OTHER;
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LT:
    return NEXT_UPPER;
  case UTF8PROC_CATEGORY_LL:
    return NEXT_LOWER;
  case UTF8PROC_CATEGORY_ND:
    return NEXT_DIGIT;
  default:
    return NEXT_OTHER;
  }
}

/* The word that follows position pos: skips whitespace and opening quotes or brackets. */
struct next_word seg_look_ahead(const struct seg *s, size_t pos)
{
  struct next_word nw = {0};
  size_t i = pos, n;
  while ((n = seg_space_len(s, i)) != 0)
    i += n;
  nw.spaced = i > pos;
  for (int guard = 0; guard < 8 && (n = seg_opener_len(s, i)) != 0; guard++)
    i += n;
  nw.pos = i;
  nw.kind = seg_char_kind(s, i);
  while (nw.len < TOKEN_SCAN && is_alpha(byte_at(s, i + nw.len)))
    nw.len++;
  return nw;
}

bool seg_starts_sentence(const struct seg *s, const struct next_word *nw)
{
  return nw->kind == NEXT_UPPER && seg_word_in(SEG_SENTENCE_STARTERS, s->t + nw->pos, nw->len);
}

/* Start of the token that ends just before i: back to whitespace or the sentence start.
 * *complete is false when the token is longer than TOKEN_SCAN bytes. */
size_t seg_token_start_within(const struct seg *s, size_t i, size_t limit, bool *complete)
{
  size_t b = i;
  while (b > s->sent && i - b < limit && !seg_space_len_before(s, s->sent, b))
    b--;
  *complete = b == s->sent || seg_space_len_before(s, s->sent, b) != 0;
  return b;
}

size_t seg_token_start(const struct seg *s, size_t i, bool *complete)
{
  return seg_token_start_within(s, i, TOKEN_SCAN, complete);
}

/* Skips opening quotes, brackets and bullets at the start of a token. */
size_t seg_skip_token_prefix(const struct seg *s, size_t b, size_t e)
{
  size_t n;
  while (b < e && ((n = seg_opener_len(s, b)) != 0 || (n = seg_bullet_len(s, b)) != 0))
    b += n;
  return b;
}

/* True when only whitespace, bullets and opening brackets lie between the sentence start and
 * pos. */
bool seg_at_sentence_start(const struct seg *s, size_t pos)
{
  size_t i = s->sent, n;
  while (i < pos && i - s->sent < TOKEN_SCAN &&
         ((n = seg_space_len(s, i)) != 0 || (n = seg_bullet_len(s, i)) != 0 ||
          (n = seg_opener_len(s, i)) != 0 || s->t[i] == '-'))
    i += n ? n : 1;
  return i >= pos;
}

bool seg_token_has(const struct seg *s, size_t b, size_t e, char c)
{
  return e > b && memchr(s->t + b, c, e - b) != NULL;
}

/* A URL, e-mail address or path: its inner full stops never end a sentence. */
bool seg_is_address(const struct seg *s, size_t b, size_t e)
{
  if (seg_token_has(s, b, e, '@') || seg_token_has(s, b, e, '/'))
    return true;
  if (e - b >= 4 && !strncmp(s->t + b, "www.", 4))
    return true;
  for (size_t i = b; i + 2 < e; i++)
    if (s->t[i] == ':' && s->t[i + 1] == '/' && s->t[i + 2] == '/')
      return true;
  return false;
}

/* Length of the letter of any script at i (a UTF-8 sequence of category L), else 0. */
size_t seg_letter_len(const struct seg *s, size_t i)
{
  unsigned char c = byte_at(s, i);
  if (c < 0x80)
    return is_alpha(c) ? 1 : 0;
  utf8proc_int32_t cp;
  utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s->t + i,
                                        (utf8proc_ssize_t)(s->end - i), &cp);
  if (n <= 0)
    return 0;
  utf8proc_category_t cat = utf8proc_category(cp);
  return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO ? (size_t)n : 0;
}

/* A dotted abbreviation such as "U.S", "e.g", "Ph.D", "a.m", "Б.з.б" (the final full stop
 * excluded): letters of any script in groups of one or two separated by full stops. */
bool seg_is_dotted(const struct seg *s, size_t b, size_t e)
{
  size_t group = 0, dots = 0, n;
  for (size_t i = b; i < e; i += n) {
    n = 1;
    if (s->t[i] == '.') {
      if (group == 0)
        return false;
      dots++;
      group = 0;
    } else if ((n = seg_letter_len(s, i)) != 0) {
      if (++group > 2)
        return false;
    } else {
      return false;
    }
  }
  return dots > 0 && group > 0;
}

bool seg_token_equals_nocase(const struct seg *s, size_t b, size_t e, const char *w)
{
  size_t n = strlen(w);
  if (e - b != n)
    return false;
  for (size_t i = 0; i < n; i++) {
    unsigned char c = (unsigned char)s->t[b + i];
    if ((is_upper(c) ? c - 'A' + 'a' : c) != (unsigned char)w[i])
      return false;
  }
  return true;
}

/* The word before position b in the current sentence: [*pb, *pe), false if there is none. */
bool seg_previous_word(const struct seg *s, size_t b, size_t *pb, size_t *pe)
{
  size_t e = b, n;
  while (b - e < TOKEN_SCAN && (n = seg_space_len_before(s, s->sent, e)) != 0)
    e -= n;
  if (e <= s->sent || seg_space_len_before(s, s->sent, e))
    return false;
  bool complete;
  size_t start = seg_token_start(s, e, &complete);
  *pb = seg_skip_token_prefix(s, start, e);
  *pe = e;
  return *pb < e;
}
size_t seg_skip_closers(const struct seg *s, size_t i)
{
  size_t n;
  while ((n = seg_closer_len(s, i)) != 0)
    i += n;
  return i;
}

