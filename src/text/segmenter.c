/* Rule-based English sentence segmentation.
 *
 * One pass over the bytes of a paragraph. Only a few bytes can end a sentence or start a list
 * item (. ! ? ) newline, and the lead bytes of … • 。 ！ ？), so the loop skips everything else
 * with one table lookup. At such a byte the decision looks at the token before it and the word
 * after it, both found by short local scans, and at small sorted tables (abbreviations, words
 * that typically start a sentence, words that continue a time such as "5 p.m. Monday").
 * Nothing is allocated: a sentence is reported as two offsets.
 *
 * This file holds the decisions at terminal punctuation and the entry points; the word lists are
 * in segment_words.c, the scans around a position in segment_scan.c, list markers and lists of
 * short lines in segment_lists.c, and trimming and bounding a sentence in segment_emit.c.
 *
 * Bytes the rules do not know (emoji, CJK, RTL scripts, invalid UTF-8) are word characters.
 * Spans are only ever cut at ASCII bytes or at UTF-8 character boundaries. */
#include "text/segmenter.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>

#include "text/segment_scan.h"
#include "text/segment_words.h"

/* Bytes at which the main loop stops; everything else is part of a word or a space. */
static const unsigned char interesting[256] = {
  ['.'] = 1, ['!'] = 1, ['?'] = 1, [')'] = 1, ['\n'] = 1, [':'] = 1, [';'] = 1,
  /* Lead bytes of every character whose Sentence_Break is STerm or ATerm (segment_self_check
   * compares this with ICU's data), and of the Arabic comma. */
  [0xD6] = 1, [0xD8] = 1, [0xDB] = 1, [0xDC] = 1, [0xDF] = 1, [0xE0] = 1, [0xE1] = 1,
  [0xE2] = 1, [0xE3] = 1, [0xEA] = 1, [0xEF] = 1, [0xF0] = 1,
};

int seg_check_sterm_leads(void)
{
  for (UChar32 c = 0x80; c <= 0x10FFFF; c++) {
    int sb = u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
    if (sb != U_SB_STERM && sb != U_SB_ATERM)
      continue;
    unsigned lead = c < 0x800 ? 0xC0 | (c >> 6) : c < 0x10000 ? 0xE0 | (c >> 12) : 0xF0 | (c >> 18);
    if (!interesting[lead])
      return -EINVAL;
  }
  return 0;
}

/* ---- Decisions at terminal punctuation -------------------------------------------------- */

/* Ends the sentence at j for the terminal at i, unless a quotation or bracket keeps it open. */
static int end_sentence(struct seg *s, size_t i, size_t j)
{
  return seg_keeps_quotation(s, i, j) ? 0 : seg_cut(s, j);
}

/* An upper-case roman numeral from i up to white space: "world.XVIII century", "world.I". */
static bool roman_token(const struct seg *s, size_t i)
{
  size_t k = i;
  while (k < s->end && k - i < 8 && strchr("IVXLCDM", s->t[k]) && s->t[k])
    k++;
  return k > i && (k == s->end || seg_space_len(s, k));
}

/* "end.Next", "жағдайы.XVIII": a full stop at i with no space after it ends a sentence when a
 * capitalised word (or a roman numeral) follows directly and the token before is an ordinary
 * word or number, in any script. */
static bool missing_space_boundary(const struct seg *s, size_t i)
{
  size_t first = seg_letter_len(s, i + 1);
  if (seg_char_kind(s, i + 1) != NEXT_UPPER ||
      (seg_char_kind(s, i + 1 + first) != NEXT_LOWER && !roman_token(s, i + 1)))
    return false;
  size_t last = i - 1;
  while (last > s->sent && i - last < 4 && ((unsigned char)s->t[last] & 0xC0) == 0x80)
    last--;
  if (seg_char_kind(s, last) != NEXT_LOWER && !is_digit((unsigned char)s->t[i - 1]))
    return false;
  bool complete;
  size_t b = seg_token_start(s, i, &complete);
  if (!complete || i - b < 2 || seg_is_address(s, b, i) || seg_token_has(s, b, i, '.') ||
      seg_abbr_class(s->t + b, i - b) != ABBR_NONE || seg_lang_is_abbrev(s->lang, s->t + b, i - b))
    return false;
  /* The word after must end the token or the sentence, not be "Name.Space" or an address. */
  size_t k = i + 1;
  while (k < s->end && k - i < TOKEN_SCAN && !seg_space_len(s, k)) {
    unsigned char c = (unsigned char)s->t[k];
    if (c == '@' || c == '/' || (c == '.' && (is_alpha(byte_at(s, k + 1)) ||
                                               is_digit(byte_at(s, k + 1)))))
      return false;
    k++;
  }
  return true;
}

/* "at 6 p.m." before a capitalised word: a new sentence unless the word continues the time
 * ("p.m. Monday", "a.m. GMT") or the sentence so far only introduces the time ("At 5 a.m."). */
static bool time_ends_sentence(const struct seg *s, size_t tb, const struct next_word *nw)
{
  if (nw->kind != NEXT_UPPER)
    return nw->kind == NEXT_OTHER;
  if (seg_word_in(SEG_TIME_CONTINUATIONS, s->t + nw->pos, nw->len))
    return false;
  size_t i = s->sent, n;
  while (i < tb && i - s->sent < TOKEN_SCAN &&
         ((n = seg_space_len(s, i)) != 0 || (n = seg_opener_len(s, i)) != 0))
    i += n;
  if (tb - i > 40)
    return true;
  size_t w = 0;
  while (i + w < tb && is_alpha(byte_at(s, i + w)))
    w++;
  if (!seg_word_in(SEG_TIME_INTRO_WORDS, s->t + i, w))
    return true;
  size_t words = 0;
  for (size_t k = i; k < tb; k++)
    if (seg_space_len(s, k))
      words++;
  return words > 4;
}

/* "J. R. R. Tolkien", "Jonas E. Smith" against "you and I. Did you", "World War I. It ended": a
 * single capital letter before a capitalised word is an initial unless a pronoun or article
 * follows, or it follows a lower-case word and is "I" or precedes a typical sentence start. */
static bool initial_ends_sentence(const struct seg *s, size_t tb, const struct next_word *nw)
{
  if (nw->kind == NEXT_DIGIT)
    return false;
  size_t pb, pe;
  if (!seg_previous_word(s, tb, &pb, &pe))
    return false;
  if (nw->kind == NEXT_UPPER && seg_word_in(SEG_STRONG_STARTERS, s->t + nw->pos, nw->len))
    return true;
  if (seg_char_kind(s, pb) == NEXT_UPPER)
    return false;
  return s->t[tb] == 'I' || seg_starts_sentence(s, nw) || nw->kind == NEXT_OTHER;
}

/* The token text[tb, i) is one capital letter of any script: an initial ("A." "И."). */
static bool one_capital(const struct seg *s, size_t tb, size_t i)
{
  if (i - tb == 1)
    return is_upper((unsigned char)s->t[tb]);
  if (i - tb > 4 || seg_char_kind(s, tb) != NEXT_UPPER)
    return false;
  size_t n = 1;
  while (tb + n < i && ((unsigned char)s->t[tb + n] & 0xC0) == 0x80)
    n++;
  return tb + n == i;
}

/* Greek starts sentences in lower case too: "κανένας. το κόστος". A word (not an
 * abbreviation, not one letter) before the full stop then ends the sentence. */
static bool lower_case_start(const struct seg *s, size_t tb, size_t i)
{
  if (!s->lang->lower_starts || i - tb < 4 || seg_token_has(s, tb, i, '.'))
    return false;
  return !seg_lang_is_abbrev(s->lang, s->t + tb, i - tb);
}

/* "vom 12. Juni", "im 3. Jahrhundert", "aus dem 1. -3. Jahrhundert": in a language that
 * writes ordinals with a full stop, a number of up to three digits before a month name or a
 * listed noun, before a range's dash, or after a short lower-case word, is an ordinal. */
static bool ordinal_number(const struct seg *s, size_t tb, size_t i, const struct next_word *nw)
{
  if (!s->lang->ordinals)
    return false;
  size_t b = tb;
  if (b < i && s->t[b] == '-')
    b++;
  if (i - b == 0 || i - b > 3)
    return false;
  for (size_t k = b; k < i; k++)
    if (!is_digit((unsigned char)s->t[k]))
      return false;
  if (byte_at(s, nw->pos) == '-' && is_digit(byte_at(s, nw->pos + 1)))
    return true;
  /* After a short lower-case word, the article or preposition that an ordinal follows: "im 3.
   * Quartal", "der 2. Wettbewerb", "Zum 1. Mal". A sentence rarely ends on such a number. */
  size_t pb, pe;
  if (nw->kind == NEXT_UPPER && seg_previous_word(s, tb, &pb, &pe) && pe - pb <= 4 &&
      (seg_char_kind(s, pb) == NEXT_LOWER || seg_at_sentence_start(s, pb)))
    return true;
  size_t n = 0;
  while (nw->pos + n < s->end && n < TOKEN_SCAN && !seg_space_len(s, nw->pos + n) &&
         s->t[nw->pos + n] != '.' && s->t[nw->pos + n] != ',' && s->t[nw->pos + n] != '?' &&
         s->t[nw->pos + n] != '!')
    n++;
  return seg_lang_is_ordinal_noun(s->lang, s->t + nw->pos, n);
}

/* Whether the word after an abbreviation begins a sentence: a typical English sentence start,
 * or in a language that writes only names and sentence starts with a capital, any capitalised
 * word that is not itself one of the language's abbreviations. */
static bool sentence_starts(const struct seg *s, const struct next_word *nw)
{
  if (seg_starts_sentence(s, nw))
    return true;
  return s->lang->capital_starts && nw->kind == NEXT_UPPER &&
         !seg_lang_is_abbrev(s->lang, s->t + nw->pos, nw->len);
}

/* Whether the single full stop at i, ending the token text[tb, i) and followed by nw (after
 * closing quotes and whitespace), ends a sentence. */
static bool period_ends_sentence(const struct seg *s, size_t tb, size_t i,
                                 const struct next_word *nw)
{
  if (nw->kind == NEXT_LOWER && !lower_case_start(s, tb, i))
    return false;
  if (i <= tb || seg_closer_len(s, i - 1))
    return true;
  if (seg_is_address(s, tb, i))
    return true;
  if (seg_is_dotted(s, tb, i)) {
    if (seg_token_equals_nocase(s, tb, i, "a.m") || seg_token_equals_nocase(s, tb, i, "p.m"))
      return time_ends_sentence(s, tb, nw);
    if (seg_token_equals_nocase(s, tb, i, "e.g") || seg_token_equals_nocase(s, tb, i, "i.e"))
      return false;
    return sentence_starts(s, nw) || nw->kind == NEXT_OTHER;
  }
  if (ordinal_number(s, tb, i, nw))
    return false;
  enum abbr_class cls = seg_abbr_class(s->t + tb, i - tb);
  if (one_capital(s, tb, i))
    return initial_ends_sentence(s, tb, nw);
  if (cls == ABBR_NONE && seg_lang_is_abbrev(s->lang, s->t + tb, i - tb))
    return nw->kind == NEXT_OTHER;
  if (i - tb == 1 && is_lower((unsigned char)s->t[tb]) && cls == ABBR_NONE)
    cls = ABBR_ORDINARY;
  switch (cls) {
  case ABBR_TITLE:
    /* "on Main St. The house" against "St. Michael's" */
    if (seg_token_equals_nocase(s, tb, i, "st") && seg_starts_sentence(s, nw)) {
      size_t pb, pe;
      return seg_previous_word(s, tb, &pb, &pe) && seg_char_kind(s, pb) == NEXT_UPPER;
    }
    return false;
  case ABBR_NEVER:
    return false;
  case ABBR_NUMBERED:
    if (nw->kind == NEXT_DIGIT || byte_at(s, nw->pos) == '#')
      return false;
    /* "Vol. II", "ch. IV"; but "No. I was not." */
    return (s->t[tb] | 0x20) == 'n' ||
           !seg_roman_value(s, nw->pos, nw->pos + nw->len, true);
  case ABBR_ORDINARY:
    if (nw->kind == NEXT_DIGIT)
      return false;
    return nw->kind == NEXT_OTHER || sentence_starts(s, nw);
  case ABBR_FINAL:
    return nw->kind != NEXT_DIGIT;
  case ABBR_NONE:
  default:
    return true;
  }
}

/* A single full stop at i. */
static int on_full_stop(struct seg *s, size_t i, size_t *next)
{
  int rc = 0;
  if (seg_on_marker(s, i, next, &rc))
    return rc;
  size_t j = seg_skip_closers(s, i + 1);
  struct next_word nw = seg_look_ahead(s, j);
  *next = j;
  if (nw.kind == NEXT_END)
    return 0;
  if (!nw.spaced) {
    if (j == i + 1 && i > s->sent && missing_space_boundary(s, i))
      return end_sentence(s, i, i + 1);
    /* Old books join sentences with a dash: 'cried Elizabeth.--"What brings you here?"' */
    size_t dash = byte_at(s, j) == '-' && byte_at(s, j + 1) == '-' ? 2
                  : three(s, j, 0xE2, 0x80, 0x94)                   ? 3
                                                                    : 0;
    if (!dash)
      return 0;
    nw = seg_look_ahead(s, j + dash);
    if (nw.kind != NEXT_UPPER)
      return 0;
    j += dash;
    *next = j;
  }
  bool complete;
  size_t raw = seg_token_start(s, i, &complete);
  if (!complete)
    return nw.kind == NEXT_LOWER ? 0 : end_sentence(s, i, j);
  size_t tb = seg_skip_token_prefix(s, raw, i);
  return period_ends_sentence(s, tb, i, &nw) ? end_sentence(s, i, j) : 0;
}

/* The end of the run of . ? ! and … from e. */
static size_t terminals_end(const struct seg *s, size_t e)
{
  for (;;) {
    unsigned char c = byte_at(s, e);
    if (c == '.' || c == '?' || c == '!')
      e++;
    else if (seg_is_ellipsis_char(s, e))
      e += 3;
    else
      return e;
  }
}

/* An ellipsis (two or more full stops, or …) from i to e, possibly followed by ? or !. */
static int on_ellipsis(struct seg *s, size_t i, size_t e, size_t *next)
{
  size_t j = seg_skip_closers(s, terminals_end(s, e));
  *next = j;
  if (i > s->start && (s->t[i - 1] == '[' || s->t[i - 1] == '('))
    return 0;          /* "[...]" marks an omission inside a quotation */
  struct next_word nw = seg_look_ahead(s, j);
  if (nw.spaced && (nw.kind == NEXT_UPPER || nw.kind == NEXT_OTHER))
    return end_sentence(s, i, j);
  return 0;
}

/* A spaced ellipsis ". . ." of n full stops from i to e (the last full stop at e - 1). Three
 * spaced dots never end a sentence; four do before a capital ("period . . . . Next"), and a
 * full stop attached to a word followed by three spaced dots ends the sentence at the word
 * ("compounds. . . . The practice"). */
static int on_spaced_ellipsis(struct seg *s, size_t i, size_t e, size_t n, size_t *next)
{
  bool attached = i > s->sent && !seg_space_len_before(s, s->sent, i);
  size_t j = seg_skip_closers(s, e);
  *next = j;
  struct next_word nw = seg_look_ahead(s, j);
  bool capital = nw.spaced && (nw.kind == NEXT_UPPER || nw.kind == NEXT_OTHER);
  if (!capital)
    return 0;
  if (attached)
    return n == 4 ? end_sentence(s, i, i + 1) : 0;
  return n >= 4 ? end_sentence(s, i, j) : 0;
}

static int on_period(struct seg *s, size_t i, size_t *next)
{
  if (s->lang->period_weak)
    return 0;
  size_t e = i;
  while (byte_at(s, e) == '.')
    e++;
  if (e - i >= 2)
    return on_ellipsis(s, i, e, next);
  size_t n = 1, k = i;
  while (byte_at(s, k + 1) == ' ' && byte_at(s, k + 2) == '.' && byte_at(s, k + 3) != '.') {
    n++;
    k += 2;
  }
  if (n >= 2)
    return on_spaced_ellipsis(s, i, k + 1, n, next);
  return on_full_stop(s, i, next);
}

/* After ? ! and the like, a dash and a lower-case word continue the sentence: the words that
 * report speech ("отырғаным! - деп", "Why? – she asked"). */
static bool reported_speech_follows(const struct seg *s, size_t j)
{
  size_t k = j, n;
  while ((n = seg_space_len(s, k)) != 0)
    k += n;
  if (k == j)
    return false;
  if (byte_at(s, k) == '-')
    k++;
  else if (byte_at(s, k) == 0xE2 && byte_at(s, k + 1) == 0x80 &&
           (byte_at(s, k + 2) == 0x93 || byte_at(s, k + 2) == 0x94))
    k += 3;                    /* – — */
  else
    return false;
  struct next_word nw = seg_look_ahead(s, k);
  return nw.spaced && nw.kind == NEXT_LOWER;
}

/* ? and ! (also repeated and mixed: "?!", "!!!"). A lower-case word after them continues the
 * sentence: '"Why?" she asked', "Yahoo! in". */
static int on_bang(struct seg *s, size_t i, size_t *next)
{
  size_t j = seg_skip_closers(s, terminals_end(s, i));
  *next = j;
  struct next_word nw = seg_look_ahead(s, j);
  if (!nw.spaced || nw.kind == NEXT_END || nw.kind == NEXT_LOWER ||
      reported_speech_follows(s, j))
    return 0;
  return end_sentence(s, i, j);
}

/* ")" ends a list marker such as "2)". */
static int on_paren(struct seg *s, size_t i, size_t *next)
{
  int rc = 0;
  if (i > s->sent && s->t[i - 1] != '.')
    seg_on_marker(s, i, next, &rc);
  return rc;
}

static int on_e2(struct seg *s, size_t i, size_t *next)
{
  if (seg_is_ellipsis_char(s, i))
    return on_ellipsis(s, i, i + 3, next);
  size_t n = seg_bullet_len(s, i);
  if (n) {
    *next = i + n;
    /* A bullet after text starts a new list item: "• 9. The first item • 10. The second". */
    if (seg_space_len_before(s, s->sent, i) && !seg_at_sentence_start(s, i))
      return seg_cut(s, i);
  }
  return 0;
}

/* 。！？ end a sentence whatever follows (CJK text has no spaces). */
static int on_cjk(struct seg *s, size_t i, size_t *next)
{
  size_t n = seg_cjk_terminal_len(s, i);
  if (!n)
    return 0;
  size_t e = i + n;
  while ((n = seg_cjk_terminal_len(s, e)) != 0 || (n = seg_closer_len(s, e)) != 0)
    e += n;
  *next = e;
  return e < s->end ? end_sentence(s, i, e) : 0;
}
/* "الدم، والقلب، زرعها": one word between two Arabic commas is an item of a list. */
static bool enumeration_follows(const struct seg *s, size_t pos)
{
  size_t k = pos;
  while (k < s->end && k - pos < TOKEN_SCAN && !seg_space_len(s, k) &&
         !(byte_at(s, k) == 0xD8 && byte_at(s, k + 1) == 0x8C))
    k++;
  return k > pos && byte_at(s, k) == 0xD8 && byte_at(s, k + 1) == 0x8C;
}

/* Any other character that Unicode's Sentence_Break calls STerm or ATerm (। ؟ ። ։ ။ ‼ ．),
 * and the Arabic comma where the language ends clauses with it: ends a sentence, also with no
 * space after it (Amharic, Burmese), unless a lower-case word follows after a space. */
static int on_sterm(struct seg *s, size_t i, size_t *next)
{
  size_t n = seg_sterm_len(s, i);
  bool comma = !n && s->lang->comma_ends && byte_at(s, i) == 0xD8 && byte_at(s, i + 1) == 0x8C;
  if (!n && !comma)
    return 0;
  size_t e = i + (comma ? 2 : n);
  while ((n = seg_sterm_len(s, e)) != 0 || (n = seg_closer_len(s, e)) != 0)
    e += n;
  *next = e;
  struct next_word nw = seg_look_ahead(s, e);
  if (nw.kind == NEXT_END || (nw.kind == NEXT_LOWER && nw.spaced) || (comma && !nw.spaced) ||
      (comma && enumeration_follows(s, nw.pos)) || reported_speech_follows(s, e))
    return 0;
  return end_sentence(s, i, e);
}

/* ":" in languages that end sentences with it (Armenian, Arabic usage) and the Greek question
 * mark ";": a sentence ends when white space and a word follow. */
static int on_colon(struct seg *s, size_t i, size_t *next)
{
  bool ends = s->t[i] == ':' ? s->lang->colon_ends : s->lang->semicolon_asks;
  if (!ends)
    return 0;
  size_t j = seg_skip_closers(s, i + 1);
  *next = j;
  struct next_word nw = seg_look_ahead(s, j);
  /* A number after it begins the next sentence where ":" is the full stop (Armenian "2-րդ
   * փուլում"); elsewhere it is an item or a value ("التالي: 1"). */
  if (!nw.spaced || nw.kind == NEXT_END || (nw.kind == NEXT_DIGIT && !s->lang->period_weak))
    return 0;
  return end_sentence(s, i, j);
}

/* ---- Entry points ----------------------------------------------------------------------- */

/* segment_text() looking for boundaries only from scan on: text[start, scan) (an ordered item's
 * number) begins the first sentence whatever it looks like ("100." or "iv)"), and the bound on a
 * sentence's length counts it. */
static int segment_from(const char *text, size_t start, size_t scan, size_t end,
                        const struct seg_lang *lang, segment_sentence_fn fn, void *user)
{
  struct seg s = {.t = text, .start = start, .end = end, .sent = start, .fn = fn, .user = user,
                  .lang = lang, .max = SEGMENT_MAX_SENTENCE_BYTES * lang->width};
  s.lines = seg_is_line_list(&s);
  if (scan > start)
    seg_note_item_marker(&s, start, scan);
  size_t i = scan;
  while (i < end) {
    unsigned char c = (unsigned char)text[i];
    if (!interesting[c]) {
      i++;
      continue;
    }
    size_t next = i + 1;
    int rc = 0;
    switch (c) {
    case '.':
      rc = on_period(&s, i, &next);
      break;
    case '!':
    case '?':
      rc = on_bang(&s, i, &next);
      break;
    case ')':
      rc = on_paren(&s, i, &next);
      break;
    case '\n':
      if (s.lines)
        rc = seg_cut(&s, i);
      break;
    case ':':
    case ';':
      rc = on_colon(&s, i, &next);
      break;
    case 0xE2:
      rc = on_e2(&s, i, &next);
      if (!rc && next == i + 1)
        rc = on_sterm(&s, i, &next);
      break;
    default:
      rc = seg_cjk_terminal_len(&s, i) ? on_cjk(&s, i, &next) : on_sterm(&s, i, &next);
      break;
    }
    if (rc)
      return rc;
    i = next > i ? next : i + 1;
  }
  return seg_emit(&s, s.sent, end);
}

int segment_text(const char *text, size_t start, size_t end, segment_sentence_fn fn, void *user)
{
  return segment_from(text, start, start, end, seg_lang_for(NULL), fn, user);
}

int segment_text_lang(const char *text, size_t start, size_t end, const char *lang,
                      segment_sentence_fn fn, void *user)
{
  return segment_from(text, start, start, end, seg_lang_for(lang), fn, user);
}

static int add_sentence(void *user, size_t start, size_t end)
{
  return document_add_sentence(user, start, end);
}

/* A code block is one sentence, trimmed but not bounded: it is shown, not spoken. */
static int add_whole(struct document *doc, size_t start, size_t end)
{
  while (start < end && is_ascii_space((unsigned char)doc->text[start]))
    start++;
  while (end > start && is_ascii_space((unsigned char)doc->text[end - 1]))
    end--;
  return end > start ? document_add_sentence(doc, start, end) : 0;
}

int segment_document(struct document *doc)
{
  size_t kept = 0;
  for (size_t p = 0; p < doc->n_paragraphs; p++) {
    struct doc_paragraph para = doc->paragraphs[p];
    para.first_sentence = doc->n_sentences;
    int rc = para.kind == DOC_CODE
               ? add_whole(doc, para.start, para.end)
               : segment_from(doc->text, para.start, para.start + para.marker, para.end,
                              seg_lang_for(document_paragraph_lang(doc, p)), add_sentence, doc);
    if (rc)
      return rc;
    para.n_sentences = doc->n_sentences - para.first_sentence;
    if (para.n_sentences > 0)
      doc->paragraphs[kept++] = para;
  }
  doc->n_paragraphs = kept;
  return 0;
}
