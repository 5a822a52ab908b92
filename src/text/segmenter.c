/* Rule-based English sentence segmentation.
 *
 * One pass over the bytes of a paragraph. Only a few bytes can end a sentence or start a list
 * item (. ! ? ) newline, and the lead bytes of … • 。 ！ ？), so the loop skips everything else
 * with one table lookup. At such a byte the decision looks at the token before it and the word
 * after it, both found by short local scans, and at small sorted tables (abbreviations, words
 * that typically start a sentence, words that continue a time such as "5 p.m. Monday").
 * Nothing is allocated: a sentence is reported as two offsets.
 *
 * Bytes the rules do not know (emoji, CJK, RTL scripts, invalid UTF-8) are word characters.
 * Spans are only ever cut at ASCII bytes or at UTF-8 character boundaries. */
#include "text/segmenter.h"

#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

/* How an abbreviation followed by a full stop behaves before a capitalised word. */
enum abbr_class {
  ABBR_NONE,
  ABBR_TITLE,     /* "Mr. Smith": never ends a sentence before a name or number */
  ABBR_NEVER,     /* "e.g.", "vs.": never ends a sentence */
  ABBR_NUMBERED,  /* "No. 5", "p. 55": an abbreviation only before a number */
  ABBR_ORDINARY,  /* "Inc.", "Jr.": ends a sentence before a typical sentence start */
  ABBR_FINAL,     /* "etc.", "Jan.": ends a sentence before any capitalised word */
};

struct abbr {
  const char *name;   /* lower case, without the full stop; sorted by strcmp */
  enum abbr_class cls;
};

static const struct abbr abbreviations[] = {
  {"acad", ABBR_ORDINARY}, {"adm", ABBR_TITLE}, {"al", ABBR_ORDINARY}, {"ala", ABBR_ORDINARY},
  {"approx", ABBR_NEVER}, {"apr", ABBR_FINAL}, {"apt", ABBR_ORDINARY}, {"ariz", ABBR_ORDINARY},
  {"art", ABBR_NUMBERED}, {"assn", ABBR_ORDINARY}, {"assoc", ABBR_ORDINARY}, {"atty", ABBR_TITLE},
  {"aug", ABBR_FINAL}, {"ave", ABBR_ORDINARY}, {"bldg", ABBR_ORDINARY}, {"blvd", ABBR_ORDINARY},
  {"brig", ABBR_TITLE}, {"bros", ABBR_ORDINARY}, {"ca", ABBR_NEVER}, {"calif", ABBR_ORDINARY},
  {"capt", ABBR_TITLE}, {"cca", ABBR_NEVER}, {"cf", ABBR_NEVER}, {"ch", ABBR_NUMBERED},
  {"chap", ABBR_NUMBERED}, {"cit", ABBR_ORDINARY}, {"cmdr", ABBR_TITLE}, {"co", ABBR_ORDINARY},
  {"col", ABBR_TITLE}, {"colo", ABBR_ORDINARY}, {"comdr", ABBR_TITLE}, {"conn", ABBR_ORDINARY},
  {"corp", ABBR_ORDINARY}, {"cos", ABBR_ORDINARY}, {"cpl", ABBR_TITLE}, {"cpt", ABBR_TITLE},
  {"cres", ABBR_ORDINARY}, {"ct", ABBR_ORDINARY}, {"dec", ABBR_FINAL}, {"dept", ABBR_ORDINARY},
  {"depts", ABBR_ORDINARY}, {"det", ABBR_TITLE}, {"dist", ABBR_ORDINARY}, {"div", ABBR_ORDINARY},
  {"dr", ABBR_TITLE}, {"drs", ABBR_TITLE}, {"ed", ABBR_NUMBERED}, {"eds", ABBR_ORDINARY},
  {"eq", ABBR_NUMBERED}, {"eqs", ABBR_NUMBERED}, {"esq", ABBR_ORDINARY}, {"est", ABBR_ORDINARY},
  {"etc", ABBR_FINAL}, {"ext", ABBR_NUMBERED}, {"feb", ABBR_FINAL}, {"fig", ABBR_NUMBERED},
  {"figs", ABBR_NUMBERED}, {"fla", ABBR_ORDINARY}, {"fr", ABBR_TITLE}, {"fri", ABBR_FINAL},
  {"ft", ABBR_ORDINARY}, {"gen", ABBR_TITLE}, {"gens", ABBR_TITLE}, {"gov", ABBR_TITLE},
  {"govt", ABBR_ORDINARY}, {"hon", ABBR_TITLE}, {"hosp", ABBR_ORDINARY}, {"hrs", ABBR_ORDINARY},
  {"hwy", ABBR_ORDINARY}, {"ibid", ABBR_ORDINARY}, {"inc", ABBR_ORDINARY}, {"insp", ABBR_TITLE},
  {"intl", ABBR_ORDINARY}, {"jan", ABBR_FINAL}, {"jct", ABBR_ORDINARY}, {"jr", ABBR_ORDINARY},
  {"jul", ABBR_FINAL}, {"jun", ABBR_FINAL}, {"kan", ABBR_ORDINARY}, {"kans", ABBR_ORDINARY},
  {"ky", ABBR_ORDINARY}, {"lb", ABBR_ORDINARY}, {"lbs", ABBR_ORDINARY}, {"lieut", ABBR_TITLE},
  {"llc", ABBR_ORDINARY}, {"ln", ABBR_ORDINARY}, {"lt", ABBR_TITLE}, {"ltd", ABBR_ORDINARY},
  {"maj", ABBR_TITLE}, {"mar", ABBR_FINAL}, {"messrs", ABBR_TITLE}, {"mfg", ABBR_ORDINARY},
  {"mgr", ABBR_ORDINARY}, {"mich", ABBR_ORDINARY}, {"minn", ABBR_ORDINARY},
  {"misc", ABBR_ORDINARY}, {"mlle", ABBR_TITLE}, {"mme", ABBR_TITLE}, {"mmes", ABBR_TITLE},
  {"mo", ABBR_ORDINARY}, {"mon", ABBR_ORDINARY}, {"mos", ABBR_ORDINARY}, {"mr", ABBR_TITLE},
  {"mrs", ABBR_TITLE}, {"ms", ABBR_TITLE}, {"msgr", ABBR_TITLE}, {"mt", ABBR_TITLE},
  {"mtn", ABBR_ORDINARY}, {"mts", ABBR_TITLE}, {"mx", ABBR_TITLE}, {"natl", ABBR_ORDINARY},
  {"neb", ABBR_ORDINARY}, {"nebr", ABBR_ORDINARY}, {"nev", ABBR_ORDINARY}, {"no", ABBR_NUMBERED},
  {"nos", ABBR_NUMBERED}, {"nov", ABBR_FINAL}, {"nr", ABBR_NUMBERED},
  {"n\xc2\xb0", ABBR_NUMBERED}, {"oct", ABBR_FINAL}, {"okla", ABBR_ORDINARY},
  {"ont", ABBR_ORDINARY}, {"op", ABBR_NUMBERED}, {"oz", ABBR_ORDINARY}, {"p", ABBR_NUMBERED},
  {"para", ABBR_NUMBERED}, {"penn", ABBR_ORDINARY}, {"pfc", ABBR_TITLE}, {"pkwy", ABBR_ORDINARY},
  {"pl", ABBR_ORDINARY}, {"plc", ABBR_ORDINARY}, {"pp", ABBR_NUMBERED}, {"pres", ABBR_TITLE},
  {"prof", ABBR_TITLE}, {"profs", ABBR_TITLE}, {"pt", ABBR_NUMBERED}, {"pts", ABBR_NUMBERED},
  {"pvt", ABBR_TITLE}, {"rd", ABBR_ORDINARY}, {"ref", ABBR_NUMBERED}, {"rep", ABBR_TITLE},
  {"repr", ABBR_ORDINARY}, {"reps", ABBR_TITLE}, {"rev", ABBR_TITLE}, {"revd", ABBR_TITLE},
  {"sask", ABBR_ORDINARY}, {"sec", ABBR_NUMBERED}, {"sect", ABBR_NUMBERED}, {"sen", ABBR_TITLE},
  {"sens", ABBR_TITLE}, {"sep", ABBR_FINAL}, {"sept", ABBR_FINAL}, {"sgt", ABBR_TITLE},
  {"sq", ABBR_ORDINARY}, {"sr", ABBR_ORDINARY}, {"st", ABBR_TITLE}, {"ste", ABBR_TITLE},
  {"supt", ABBR_TITLE}, {"tce", ABBR_ORDINARY}, {"tel", ABBR_NUMBERED}, {"tenn", ABBR_ORDINARY},
  {"tex", ABBR_ORDINARY}, {"thu", ABBR_FINAL}, {"thur", ABBR_FINAL}, {"thurs", ABBR_FINAL},
  {"trans", ABBR_ORDINARY}, {"tue", ABBR_FINAL}, {"tues", ABBR_FINAL}, {"univ", ABBR_ORDINARY},
  {"viz", ABBR_NEVER}, {"vol", ABBR_NUMBERED}, {"vols", ABBR_NUMBERED}, {"vs", ABBR_NEVER},
  {"wed", ABBR_ORDINARY}, {"wis", ABBR_ORDINARY}, {"wisc", ABBR_ORDINARY}, {"wk", ABBR_ORDINARY},
  {"wks", ABBR_ORDINARY}, {"wyo", ABBR_ORDINARY}, {"yd", ABBR_ORDINARY}, {"yds", ABBR_ORDINARY},
  {"yr", ABBR_ORDINARY}, {"yrs", ABBR_ORDINARY},
};

/* Capitalised words that usually begin a sentence: after "U.S." or "Inc." they mark a new
 * sentence ("in the U.S. How about you?"), other capitalised words continue ("the U.S. Senate"). */
static const char *const sentence_starters[] = {
  "A", "After", "All", "Also", "Although", "An", "And", "Another", "Any", "Are", "As", "At",
  "Because", "Before", "Being", "Both", "But", "By", "Can", "Could", "Despite", "Did", "Do",
  "Does", "During", "Each", "Even", "Every", "Few", "For", "From", "Furthermore", "He", "Her",
  "Here", "His", "How", "However", "I", "If", "In", "Indeed", "Instead", "Is", "It", "Its",
  "Last", "Later", "Many", "Meanwhile", "Millions", "More", "Moreover", "Most", "Much", "My",
  "Nevertheless", "No", "Nobody", "Not", "Nothing", "Now", "Of", "On", "One", "Only", "Or",
  "Other", "Others", "Our", "Several", "She", "Should", "Since", "So", "Some", "Still", "Such",
  "That", "The", "Their", "Then", "There", "These", "They", "This", "Those", "Though", "Thus",
  "To", "Today", "Tomorrow", "Under", "Until", "Was", "We", "Were", "What", "When", "Where",
  "Whether", "Which", "While", "Who", "Why", "Will", "With", "Would", "Yesterday", "Yet", "You",
  "Your",
};

/* Sentence starts that are never part of a name: after a single capital letter ("World War I.
 * It ended") they begin a new sentence even when a capitalised word precedes the letter. */
static const char *const strong_starters[] = {
  "After", "As", "Before", "But", "He", "Her", "His", "How", "However", "If", "In", "It", "Its",
  "Our", "She", "That", "The", "Their", "Then", "There", "These", "They", "This", "Those", "We",
  "What", "When", "Who", "Why",
};

/* Capitalised words that continue a time: "at 5 p.m. Monday", "at 9 a.m. GMT". */
static const char *const time_continuations[] = {
  "AEDT", "AEST", "Apr", "April", "Aug", "August", "BST", "CDT", "CEST", "CET", "CST", "CT",
  "Central", "Dec", "December", "EDT", "EST", "ET", "Eastern", "Feb", "February", "Fri", "Friday",
  "GMT", "Greenwich", "HKT", "IST", "JST", "Jan", "January", "Jul", "July", "Jun", "June",
  "Local", "MDT", "MST", "MT", "Mar", "March", "May", "Mon", "Monday", "Mountain", "Nov",
  "November", "Oct", "October", "PDT", "PST", "PT", "Pacific", "SGT", "Sat", "Saturday", "Sep",
  "Sept", "September", "Sun", "Sunday", "Thu", "Thurs", "Thursday", "Tue", "Tues", "Tuesday",
  "UTC", "Wed", "Wednesday",
};

/* First words of a phrase that introduces a time: "At 5 a.m. Mr. Smith went" (golden rule 18). */
static const char *const time_intro_words[] = {
  "About", "After", "Around", "At", "Before", "Beginning", "Between", "By", "Each", "Early",
  "Even", "Every", "From", "Just", "Late", "On", "Only", "Shortly", "Since", "Sometime",
  "Starting", "Then", "Till", "Today", "Tomorrow", "Tonight", "Until", "Yesterday",
};

/* Bytes at which the main loop stops; everything else is part of a word or a space. */
static const unsigned char interesting[256] = {
  ['.'] = 1, ['!'] = 1, ['?'] = 1, [')'] = 1, ['\n'] = 1, [0xE2] = 1, [0xE3] = 1, [0xEF] = 1,
};

/* How far a token is looked at before or after a candidate boundary. Longer tokens (long URLs,
 * giant words) are never abbreviations. */
#define TOKEN_SCAN 64

enum next_kind { NEXT_END, NEXT_UPPER, NEXT_LOWER, NEXT_DIGIT, NEXT_OTHER };

/* The word after a candidate boundary. */
struct next_word {
  enum next_kind kind;
  bool spaced;        /* whitespace between the candidate and the word */
  size_t pos;         /* first byte of the word, after whitespace and opening quotes */
  size_t len;         /* ASCII letters from pos */
};

enum marker_kind { MARK_NONE, MARK_DIGIT, MARK_LETTER, MARK_ROMAN, MARK_UPPER_ROMAN };

struct seg {
  const char *t;
  size_t start, end;       /* the span being segmented */
  size_t sent;             /* start of the current sentence (may point at whitespace) */
  size_t blank_until;      /* text[sent, blank_until) is known to hold no word, only
                              punctuation: keeps cut() linear on "! ! ! ! ..." */
  segment_sentence_fn fn;
  void *user;
  bool lines;              /* the span is a list of short lines: each newline ends a sentence */
  enum marker_kind mk_kind;  /* the last list marker seen ("1.", "b)"), to recognise the next */
  int mk_value;
  char mk_style;           /* '.', ')' or 'P' for ".)" */
};

static bool is_ascii_space(unsigned char c)
{
  return c == ' ' || (c >= '\t' && c <= '\r');
}

static bool is_upper(unsigned char c)
{
  return c >= 'A' && c <= 'Z';
}

static bool is_lower(unsigned char c)
{
  return c >= 'a' && c <= 'z';
}

static bool is_digit(unsigned char c)
{
  return c >= '0' && c <= '9';
}

static bool is_alpha(unsigned char c)
{
  return is_upper(c) || is_lower(c);
}

static unsigned char byte_at(const struct seg *s, size_t i)
{
  return i < s->end ? (unsigned char)s->t[i] : 0;
}

/* Length of the whitespace character at i (ASCII, no-break and Unicode spaces), else 0. */
static size_t space_len(const struct seg *s, size_t i)
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
static size_t space_len_before(const struct seg *s, size_t lo, size_t i)
{
  if (i <= lo)
    return 0;
  if (is_ascii_space((unsigned char)s->t[i - 1]))
    return 1;
  if (i - lo >= 2 && space_len(s, i - 2) == 2)
    return 2;
  if (i - lo >= 3 && space_len(s, i - 3) == 3)
    return 3;
  return 0;
}

static bool three(const struct seg *s, size_t i, unsigned char a, unsigned char b, unsigned char c)
{
  return byte_at(s, i) == a && byte_at(s, i + 1) == b && byte_at(s, i + 2) == c;
}

/* Length of a closing quote or bracket at i, else 0. An apostrophe followed by a letter
 * ("Jr.'s") is not a closing quote. */
static size_t closer_len(const struct seg *s, size_t i)
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
static size_t opener_len(const struct seg *s, size_t i)
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
static size_t bullet_len(const struct seg *s, size_t i)
{
  if (three(s, i, 0xE2, 0x80, 0xA2) || three(s, i, 0xE2, 0x80, 0xA3) ||
      three(s, i, 0xE2, 0x81, 0x83) || three(s, i, 0xE2, 0x97, 0xA6) ||
      three(s, i, 0xE2, 0x96, 0xAA))
    return 3;
  return 0;
}

static bool is_ellipsis_char(const struct seg *s, size_t i)
{
  return three(s, i, 0xE2, 0x80, 0xA6);
}

/* Length of a CJK full stop, exclamation or question mark (。！？) at i, else 0. */
static size_t cjk_terminal_len(const struct seg *s, size_t i)
{
  if (three(s, i, 0xE3, 0x80, 0x82) || three(s, i, 0xEF, 0xBC, 0x81) ||
      three(s, i, 0xEF, 0xBC, 0x9F))
    return 3;
  return 0;
}

/* ---- Table lookups ---------------------------------------------------------------------- */

static int compare_abbr(const void *key, const void *item)
{
  return strcmp(key, ((const struct abbr *)item)->name);
}

/* The class of text[b, e) as an abbreviation (compared in lower case). */
static enum abbr_class abbr_lookup(const struct seg *s, size_t b, size_t e)
{
  char key[16];
  if (e <= b || e - b >= sizeof key)
    return ABBR_NONE;
  for (size_t i = b; i < e; i++) {
    unsigned char c = (unsigned char)s->t[i];
    key[i - b] = (char)(is_upper(c) ? c - 'A' + 'a' : c);
  }
  key[e - b] = '\0';
  const struct abbr *a = bsearch(key, abbreviations, sizeof abbreviations / sizeof *abbreviations,
                                 sizeof *abbreviations, compare_abbr);
  return a ? a->cls : ABBR_NONE;
}

struct word_key {
  const char *p;
  size_t len;
};

static int compare_word(const void *key, const void *item)
{
  const struct word_key *k = key;
  const char *w = *(const char *const *)item;
  size_t wl = strlen(w);
  int c = memcmp(k->p, w, k->len < wl ? k->len : wl);
  if (c)
    return c;
  return k->len < wl ? -1 : k->len > wl;
}

static bool in_words(const char *const *words, size_t n, const char *p, size_t len)
{
  struct word_key k = {p, len};
  return len > 0 && bsearch(&k, words, n, sizeof *words, compare_word) != NULL;
}

#define IN_WORDS(table, p, len) in_words(table, sizeof table / sizeof *table, p, len)

/* ---- Looking around a candidate --------------------------------------------------------- */

/* Classifies the first character at i. */
static enum next_kind char_kind(const struct seg *s, size_t i)
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
static struct next_word look_ahead(const struct seg *s, size_t pos)
{
  struct next_word nw = {0};
  size_t i = pos, n;
  while ((n = space_len(s, i)) != 0)
    i += n;
  nw.spaced = i > pos;
  for (int guard = 0; guard < 8 && (n = opener_len(s, i)) != 0; guard++)
    i += n;
  nw.pos = i;
  nw.kind = char_kind(s, i);
  while (nw.len < TOKEN_SCAN && is_alpha(byte_at(s, i + nw.len)))
    nw.len++;
  return nw;
}

static bool starts_sentence(const struct seg *s, const struct next_word *nw)
{
  return nw->kind == NEXT_UPPER && IN_WORDS(sentence_starters, s->t + nw->pos, nw->len);
}

/* Start of the token that ends just before i: back to whitespace or the sentence start.
 * *complete is false when the token is longer than TOKEN_SCAN bytes. */
static size_t token_start_within(const struct seg *s, size_t i, size_t limit, bool *complete)
{
  size_t b = i;
  while (b > s->sent && i - b < limit && !space_len_before(s, s->sent, b))
    b--;
  *complete = b == s->sent || space_len_before(s, s->sent, b) != 0;
  return b;
}

static size_t token_start(const struct seg *s, size_t i, bool *complete)
{
  return token_start_within(s, i, TOKEN_SCAN, complete);
}

/* Skips opening quotes, brackets and bullets at the start of a token. */
static size_t skip_token_prefix(const struct seg *s, size_t b, size_t e)
{
  size_t n;
  while (b < e && ((n = opener_len(s, b)) != 0 || (n = bullet_len(s, b)) != 0))
    b += n;
  return b;
}

/* True when only whitespace, bullets and opening brackets lie between the sentence start and
 * pos. */
static bool at_sentence_start(const struct seg *s, size_t pos)
{
  size_t i = s->sent, n;
  while (i < pos && i - s->sent < TOKEN_SCAN &&
         ((n = space_len(s, i)) != 0 || (n = bullet_len(s, i)) != 0 ||
          (n = opener_len(s, i)) != 0 || s->t[i] == '-'))
    i += n ? n : 1;
  return i >= pos;
}

static bool token_has(const struct seg *s, size_t b, size_t e, char c)
{
  return e > b && memchr(s->t + b, c, e - b) != NULL;
}

/* A URL, e-mail address or path: its inner full stops never end a sentence. */
static bool is_address(const struct seg *s, size_t b, size_t e)
{
  if (token_has(s, b, e, '@') || token_has(s, b, e, '/'))
    return true;
  if (e - b >= 4 && !strncmp(s->t + b, "www.", 4))
    return true;
  for (size_t i = b; i + 2 < e; i++)
    if (s->t[i] == ':' && s->t[i + 1] == '/' && s->t[i + 2] == '/')
      return true;
  return false;
}

/* A dotted abbreviation such as "U.S", "e.g", "Ph.D", "a.m" (the final full stop excluded):
 * letters in groups of one or two separated by full stops. */
static bool is_dotted(const struct seg *s, size_t b, size_t e)
{
  size_t group = 0, dots = 0;
  for (size_t i = b; i < e; i++) {
    unsigned char c = (unsigned char)s->t[i];
    if (c == '.') {
      if (group == 0)
        return false;
      dots++;
      group = 0;
    } else if (is_alpha(c)) {
      if (++group > 2)
        return false;
    } else {
      return false;
    }
  }
  return dots > 0 && group > 0;
}

static bool token_equals_nocase(const struct seg *s, size_t b, size_t e, const char *w)
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
static bool previous_word(const struct seg *s, size_t b, size_t *pb, size_t *pe)
{
  size_t e = b, n;
  while (b - e < TOKEN_SCAN && (n = space_len_before(s, s->sent, e)) != 0)
    e -= n;
  if (e <= s->sent || space_len_before(s, s->sent, e))
    return false;
  bool complete;
  size_t start = token_start(s, e, &complete);
  *pb = skip_token_prefix(s, start, e);
  *pe = e;
  return *pb < e;
}

/* ---- Emitting sentences ----------------------------------------------------------------- */

static bool is_clause_mark(const struct seg *s, size_t k, size_t *after)
{
  unsigned char c = (unsigned char)s->t[k];
  if ((c == ';' || c == ':' || c == ',') && space_len(s, k + 1)) {
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

/* Where to end the first piece of text[a, b), which is longer than SEGMENT_MAX_SENTENCE_BYTES:
 * after a clause mark in the last two thirds of the bound, else at whitespace, else at the last
 * UTF-8 character boundary. When the rest fits in one more piece, the cut closest to the middle
 * is taken (two halves read better than a long piece and a scrap); else the last one. */
static size_t cut_point(const struct seg *s, size_t a, size_t b)
{
  size_t limit = a + SEGMENT_MAX_SENTENCE_BYTES;
  size_t target = limit, floor = a + SEGMENT_MAX_SENTENCE_BYTES / 3, ws_floor = a + 1;
  if (b - a <= 2 * SEGMENT_MAX_SENTENCE_BYTES) {
    target = a + (b - a) / 2;
    if (b - SEGMENT_MAX_SENTENCE_BYTES > floor)
      floor = b - SEGMENT_MAX_SENTENCE_BYTES;
    ws_floor = b - SEGMENT_MAX_SENTENCE_BYTES;
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
static int emit(struct seg *s, size_t a, size_t b)
{
  size_t n;
  for (;;) {
    while (a < b && (n = space_len(s, a)) != 0)
      a += n;
    while ((n = space_len_before(s, a, b)) != 0)
      b -= n;
    if (a >= b)
      return 0;
    if (b - a <= SEGMENT_MAX_SENTENCE_BYTES)
      return s->fn(s->user, a, b);
    size_t c = cut_point(s, a, b);
    size_t e = c;
    while ((n = space_len_before(s, a, e)) != 0)
      e -= n;
    int rc = s->fn(s->user, a, e);
    if (rc)
      return rc;
    a = c;
  }
}

/* Ends the current sentence just before pos, unless it holds no word yet (". Leading dot."):
 * punctuation alone is kept with what follows. */
static int cut(struct seg *s, size_t pos)
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
  int rc = emit(s, s->sent, pos);
  s->sent = pos;
  return rc;
}

/* ---- List markers: "1." "2)" "3.)" "a." "iv." inside a paragraph ------------------------ */

/* The value of text[b, e) as a roman numeral from 1 to 12 in lower (or upper) case, else 0. */
static int roman_value(const struct seg *s, size_t b, size_t e, bool upper)
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
  if (after < s->end && !space_len(s, after))
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
    *roman = roman_value(s, b, e, false);
  } else if ((*roman = roman_value(s, b, e, false)) != 0) {
    *kind = MARK_ROMAN;
    *value = *roman;
  } else if ((*value = roman_value(s, b, e, true)) != 0) {
    *kind = MARK_UPPER_ROMAN;   /* "I. Introduction II. Methods"; never upper-case letters,
                                   which are initials ("A. B. Smith") */
  } else {
    return 0;
  }
  return after;
}

/* Handles a possible list marker ending with the '.' or ')' at e. Returns true when it was one
 * (then *next is set past it, and the sentence may have been cut before it). */
static bool on_marker(struct seg *s, size_t e, size_t *next, int *rc)
{
  /* Most full stops end a word of five or more letters, which is never a marker. */
  size_t run = 0;
  while (run < 5 && e - run > s->sent && (is_alpha(byte_at(s, e - run - 1)) ||
                                          is_digit(byte_at(s, e - run - 1))))
    run++;
  if (run == 0 || run == 5)
    return false;
  bool complete;
  size_t raw = token_start_within(s, e, 16, &complete);   /* "(xii" or "•10" at most */
  if (!complete)
    return false;
  size_t b = skip_token_prefix(s, raw, e);
  enum marker_kind kind;
  int value, roman;
  char style;
  size_t after = marker_end(s, b, e, &kind, &value, &roman, &style);
  if (!after)
    return false;
  bool start = at_sentence_start(s, b);
  bool follows = s->mk_style == style &&
                 ((s->mk_kind == kind && s->mk_value + 1 == value) ||
                  (roman && s->mk_kind == MARK_ROMAN && s->mk_value + 1 == roman));
  size_t pb, pe;
  /* "Steps: 1. Open the box. 2. ..." starts a list after a colon. */
  bool opens = value == 1 && previous_word(s, raw, &pb, &pe) && s->t[pe - 1] == ':';
  if (!start && !follows && !opens)
    return false;
  if (roman && kind == MARK_LETTER &&
      !(s->mk_kind == MARK_LETTER && s->mk_value + 1 == value && s->mk_style == style)) {
    kind = MARK_ROMAN;     /* "i." starts a roman list unless it follows "h." */
    value = roman;
  }
  if (!start)
    *rc = cut(s, raw);
  s->mk_kind = kind;
  s->mk_value = value;
  s->mk_style = style;
  *next = after;
  return true;
}

/* ---- Decisions at terminal punctuation -------------------------------------------------- */

static size_t skip_closers(const struct seg *s, size_t i)
{
  size_t n;
  while ((n = closer_len(s, i)) != 0)
    i += n;
  return i;
}

/* "end.Next": a full stop at i with no space after it ends a sentence when a capitalised word
 * follows directly and the token before is an ordinary word or number. */
static bool missing_space_boundary(const struct seg *s, size_t i)
{
  if (!is_upper(byte_at(s, i + 1)) || !is_lower(byte_at(s, i + 2)))
    return false;
  unsigned char last = (unsigned char)s->t[i - 1];
  if (!is_lower(last) && !is_digit(last))
    return false;
  bool complete;
  size_t b = token_start(s, i, &complete);
  if (!complete || i - b < 2 || is_address(s, b, i) || token_has(s, b, i, '.') ||
      abbr_lookup(s, b, i) != ABBR_NONE)
    return false;
  /* The word after must end the token or the sentence, not be "Name.Space" or an address. */
  size_t k = i + 1;
  while (k < s->end && k - i < TOKEN_SCAN && !space_len(s, k)) {
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
  if (IN_WORDS(time_continuations, s->t + nw->pos, nw->len))
    return false;
  size_t i = s->sent, n;
  while (i < tb && i - s->sent < TOKEN_SCAN &&
         ((n = space_len(s, i)) != 0 || (n = opener_len(s, i)) != 0))
    i += n;
  if (tb - i > 40)
    return true;
  size_t w = 0;
  while (i + w < tb && is_alpha(byte_at(s, i + w)))
    w++;
  if (!IN_WORDS(time_intro_words, s->t + i, w))
    return true;
  size_t words = 0;
  for (size_t k = i; k < tb; k++)
    if (space_len(s, k))
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
  if (!previous_word(s, tb, &pb, &pe))
    return false;
  if (nw->kind == NEXT_UPPER && IN_WORDS(strong_starters, s->t + nw->pos, nw->len))
    return true;
  if (char_kind(s, pb) == NEXT_UPPER)
    return false;
  return s->t[tb] == 'I' || starts_sentence(s, nw) || nw->kind == NEXT_OTHER;
}

/* Whether the single full stop at i, ending the token text[tb, i) and followed by nw (after
 * closing quotes and whitespace), ends a sentence. */
static bool period_ends_sentence(const struct seg *s, size_t tb, size_t i,
                                 const struct next_word *nw)
{
  if (nw->kind == NEXT_LOWER)
    return false;
  if (i <= tb || closer_len(s, i - 1))
    return true;
  if (is_address(s, tb, i))
    return true;
  if (is_dotted(s, tb, i)) {
    if (token_equals_nocase(s, tb, i, "a.m") || token_equals_nocase(s, tb, i, "p.m"))
      return time_ends_sentence(s, tb, nw);
    if (token_equals_nocase(s, tb, i, "e.g") || token_equals_nocase(s, tb, i, "i.e"))
      return false;
    return starts_sentence(s, nw) || nw->kind == NEXT_OTHER;
  }
  enum abbr_class cls = abbr_lookup(s, tb, i);
  if (i - tb == 1 && is_upper((unsigned char)s->t[tb]))
    return initial_ends_sentence(s, tb, nw);
  if (i - tb == 1 && is_lower((unsigned char)s->t[tb]) && cls == ABBR_NONE)
    cls = ABBR_ORDINARY;
  switch (cls) {
  case ABBR_TITLE:
    /* "on Main St. The house" against "St. Michael's" */
    if (token_equals_nocase(s, tb, i, "st") && starts_sentence(s, nw)) {
      size_t pb, pe;
      return previous_word(s, tb, &pb, &pe) && char_kind(s, pb) == NEXT_UPPER;
    }
    return false;
  case ABBR_NEVER:
    return false;
  case ABBR_NUMBERED:
    if (nw->kind == NEXT_DIGIT || byte_at(s, nw->pos) == '#')
      return false;
    /* "Vol. II", "ch. IV"; but "No. I was not." */
    return (s->t[tb] | 0x20) == 'n' ||
           !roman_value(s, nw->pos, nw->pos + nw->len, true);
  case ABBR_ORDINARY:
    if (nw->kind == NEXT_DIGIT)
      return false;
    return nw->kind == NEXT_OTHER || starts_sentence(s, nw);
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
  if (on_marker(s, i, next, &rc))
    return rc;
  size_t j = skip_closers(s, i + 1);
  struct next_word nw = look_ahead(s, j);
  *next = j;
  if (nw.kind == NEXT_END)
    return 0;
  if (!nw.spaced) {
    if (j == i + 1 && i > s->sent && missing_space_boundary(s, i))
      return cut(s, i + 1);
    /* Old books join sentences with a dash: 'cried Elizabeth.--"What brings you here?"' */
    size_t dash = byte_at(s, j) == '-' && byte_at(s, j + 1) == '-' ? 2
                  : three(s, j, 0xE2, 0x80, 0x94)                   ? 3
                                                                    : 0;
    if (!dash)
      return 0;
    nw = look_ahead(s, j + dash);
    if (nw.kind != NEXT_UPPER)
      return 0;
    j += dash;
    *next = j;
  }
  bool complete;
  size_t raw = token_start(s, i, &complete);
  if (!complete)
    return nw.kind == NEXT_LOWER ? 0 : cut(s, j);
  size_t tb = skip_token_prefix(s, raw, i);
  return period_ends_sentence(s, tb, i, &nw) ? cut(s, j) : 0;
}

/* An ellipsis (two or more full stops, or …) from i to e, possibly followed by ? or !. */
static int on_ellipsis(struct seg *s, size_t i, size_t e, size_t *next)
{
  for (;;) {
    unsigned char c = byte_at(s, e);
    if (c == '.' || c == '?' || c == '!')
      e++;
    else if (is_ellipsis_char(s, e))
      e += 3;
    else
      break;
  }
  size_t j = skip_closers(s, e);
  *next = j;
  if (i > s->start && (s->t[i - 1] == '[' || s->t[i - 1] == '('))
    return 0;          /* "[...]" marks an omission inside a quotation */
  struct next_word nw = look_ahead(s, j);
  if (nw.spaced && (nw.kind == NEXT_UPPER || nw.kind == NEXT_OTHER))
    return cut(s, j);
  return 0;
}

/* A spaced ellipsis ". . ." of n full stops from i to e (the last full stop at e - 1). Three
 * spaced dots never end a sentence; four do before a capital ("period . . . . Next"), and a
 * full stop attached to a word followed by three spaced dots ends the sentence at the word
 * ("compounds. . . . The practice"). */
static int on_spaced_ellipsis(struct seg *s, size_t i, size_t e, size_t n, size_t *next)
{
  bool attached = i > s->sent && !space_len_before(s, s->sent, i);
  size_t j = skip_closers(s, e);
  *next = j;
  struct next_word nw = look_ahead(s, j);
  bool capital = nw.spaced && (nw.kind == NEXT_UPPER || nw.kind == NEXT_OTHER);
  if (!capital)
    return 0;
  if (attached)
    return n == 4 ? cut(s, i + 1) : 0;
  return n >= 4 ? cut(s, j) : 0;
}

static int on_period(struct seg *s, size_t i, size_t *next)
{
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

/* ? and ! (also repeated and mixed: "?!", "!!!"). A lower-case word after them continues the
 * sentence: '"Why?" she asked', "Yahoo! in". */
static int on_bang(struct seg *s, size_t i, size_t *next)
{
  size_t e = i;
  for (;;) {
    unsigned char c = byte_at(s, e);
    if (c == '.' || c == '?' || c == '!')
      e++;
    else if (is_ellipsis_char(s, e))
      e += 3;
    else
      break;
  }
  size_t j = skip_closers(s, e);
  *next = j;
  struct next_word nw = look_ahead(s, j);
  if (!nw.spaced || nw.kind == NEXT_END || nw.kind == NEXT_LOWER)
    return 0;
  return cut(s, j);
}

/* ")" ends a list marker such as "2)". */
static int on_paren(struct seg *s, size_t i, size_t *next)
{
  int rc = 0;
  if (i > s->sent && s->t[i - 1] != '.')
    on_marker(s, i, next, &rc);
  return rc;
}

static int on_e2(struct seg *s, size_t i, size_t *next)
{
  if (is_ellipsis_char(s, i))
    return on_ellipsis(s, i, i + 3, next);
  size_t n = bullet_len(s, i);
  if (n) {
    *next = i + n;
    /* A bullet after text starts a new list item: "• 9. The first item • 10. The second". */
    if (space_len_before(s, s->sent, i) && !at_sentence_start(s, i))
      return cut(s, i);
  }
  return 0;
}

/* 。！？ end a sentence whatever follows (CJK text has no spaces). */
static int on_cjk(struct seg *s, size_t i, size_t *next)
{
  size_t n = cjk_terminal_len(s, i);
  if (!n)
    return 0;
  size_t e = i + n;
  while ((n = cjk_terminal_len(s, e)) != 0 || (n = closer_len(s, e)) != 0)
    e += n;
  *next = e;
  return e < s->end ? cut(s, e) : 0;
}

/* ---- Lists of short lines --------------------------------------------------------------- */

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
static bool is_line_list(const struct seg *s)
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

/* ---- Self-check ------------------------------------------------------------------------ */

static bool words_sorted(const char *const *words, size_t n)
{
  for (size_t i = 1; i < n; i++)
    if (strcmp(words[i - 1], words[i]) >= 0)
      return false;
  return true;
}

#define WORDS_SORTED(table) words_sorted(table, sizeof table / sizeof *table)

int segment_self_check(void)
{
  for (size_t i = 1; i < sizeof abbreviations / sizeof *abbreviations; i++)
    if (strcmp(abbreviations[i - 1].name, abbreviations[i].name) >= 0)
      return -EINVAL;
  if (!WORDS_SORTED(sentence_starters) || !WORDS_SORTED(strong_starters) ||
      !WORDS_SORTED(time_continuations) || !WORDS_SORTED(time_intro_words))
    return -EINVAL;
  return 0;
}

/* ---- Entry points ----------------------------------------------------------------------- */

int segment_text(const char *text, size_t start, size_t end, segment_sentence_fn fn, void *user)
{
  struct seg s = {.t = text, .start = start, .end = end, .sent = start, .fn = fn, .user = user};
  s.lines = is_line_list(&s);
  size_t i = start;
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
        rc = cut(&s, i);
      break;
    case 0xE2:
      rc = on_e2(&s, i, &next);
      break;
    default:
      rc = on_cjk(&s, i, &next);
      break;
    }
    if (rc)
      return rc;
    i = next > i ? next : i + 1;
  }
  return emit(&s, s.sent, end);
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
               : segment_text(doc->text, para.start, para.end, add_sentence, doc);
    if (rc)
      return rc;
    para.n_sentences = doc->n_sentences - para.first_sentence;
    if (para.n_sentences > 0)
      doc->paragraphs[kept++] = para;
  }
  doc->n_paragraphs = kept;
  return 0;
}
