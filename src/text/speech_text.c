/* Speech text: the display text of one sentence, normalised for the synthesiser, with every
 * display word mapped to the part of the speech text that says it.
 *
 * The sentence is read token by token: a word (letters, digits and marks, with apostrophes,
 * hyphens and number separators inside it) is emitted as itself, as its lexicon replacement or
 * spelled out; everything between words is normalised (quotes dropped, dashes made a pause,
 * bullets and footnote markers dropped, whitespace collapsed). Square brackets never reach
 * espeak-ng from the document: it reads [[...]] as phonemes, which only the lexicon may use. */
#include "text/speech_text.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/grow.h"
#include "text/lexicon.h"
#include "text/normalise.h"

#define CODE_MARKER "Code block skipped."

struct builder {
  struct speech_text *out;
  bool pending_space;   /* a separator was seen: emit one space before the next text */
  bool spell_acronyms;  /* the lexicon's rule, unless the sentence is written in capitals */
  const struct norm_ctx *norm;  /* the reading rules; NULL for lector's own messages */
  struct norm_scan scan;  /* where the rules may have something to read */
  int err;
};

static void reserve(struct builder *b, size_t more)
{
  struct speech_text *o = b->out;
  if (b->err)
    return;
  b->err = grow_for((void **)&o->text, &o->cap_text, o->len + more, 1, 64);
}

static void put_raw(struct builder *b, const char *s, size_t n)
{
  reserve(b, n);
  if (b->err)
    return;
  memcpy(b->out->text + b->out->len, s, n);
  b->out->len += n;
  b->out->text[b->out->len] = '\0';
}

/* Text that is spoken: preceded by the pending space, if any. */
static void put(struct builder *b, const char *s, size_t n)
{
  if (b->pending_space && b->out->len > 0)
    put_raw(b, " ", 1);
  b->pending_space = false;
  put_raw(b, s, n);
}

static void space(struct builder *b)
{
  b->pending_space = true;
}

/* A pause (from a dash): ", " unless at the start or right after other punctuation. */
static void pause(struct builder *b)
{
  struct speech_text *o = b->out;
  if (o->len > 0) {
    char last = o->text[o->len - 1];
    if (last != ',' && last != '.' && last != ';' && last != ':' && last != '!' && last != '?')
      put_raw(b, ",", 1);
  }
  space(b);
}

static void add_word(struct builder *b, size_t doc_start, size_t doc_end, size_t sp_start)
{
  struct speech_text *o = b->out;
  if (b->err)
    return;
  if ((b->err = grow_for((void **)&o->words, &o->cap_words, o->n_words, sizeof *o->words, 32)))
    return;
  o->words[o->n_words++] = (struct speech_word){doc_start, doc_end, sp_start, o->len, 0};
}

/* Decodes the code point at s[i, end); *n receives its length (1 for an invalid byte, which
 * gives -1). */
static utf8proc_int32_t decode(const char *s, size_t i, size_t end, size_t *n)
{
  utf8proc_int32_t cp;
  utf8proc_ssize_t r =
    utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(end - i), &cp);
  if (r <= 0) {
    *n = 1;
    return -1;
  }
  *n = (size_t)r;
  return cp;
}

bool speech_text_is_word_char(int32_t cp)
{
  if (cp < 0)
    return false;
  switch (utf8proc_category(cp)) {
  case UTF8PROC_CATEGORY_LU: case UTF8PROC_CATEGORY_LL: case UTF8PROC_CATEGORY_LT:
  case UTF8PROC_CATEGORY_LM: case UTF8PROC_CATEGORY_LO:
  case UTF8PROC_CATEGORY_MN: case UTF8PROC_CATEGORY_MC: case UTF8PROC_CATEGORY_ME:
  case UTF8PROC_CATEGORY_ND: case UTF8PROC_CATEGORY_NL: case UTF8PROC_CATEGORY_NO:
    return true;
  default:
    return false;
  }
}

static bool is_digit_cp(utf8proc_int32_t cp)
{
  return cp >= 0 && utf8proc_category(cp) == UTF8PROC_CATEGORY_ND;
}

static bool is_apostrophe(utf8proc_int32_t cp)
{
  return cp == '\'' || cp == 0x2019 || cp == 0x02BC;
}

static bool is_hyphen(utf8proc_int32_t cp)
{
  return cp == '-' || cp == 0x2010 || cp == 0x2011;
}

/* End of the word starting at i (a word code point). Apostrophes and hyphens join letters;
 * '.' and ',' join digits (3.5, 1,000); '.' joins single letters (U.K, e.g); a soft hyphen
 * joins the halves of a word. */
static size_t word_end(const char *s, size_t i, size_t end)
{
  size_t n;
  utf8proc_int32_t prev = decode(s, i, end, &n);
  size_t run_letters = 1;  /* letters since the last '.', to tell "e.g" from "end.Next" */
  i += n;
  while (i < end) {
    utf8proc_int32_t cp = decode(s, i, end, &n);
    if (speech_text_is_word_char(cp)) {
      run_letters++;
      prev = cp;
      i += n;
      continue;
    }
    size_t m = 0;
    utf8proc_int32_t next = i + n < end ? decode(s, i + n, end, &m) : -1;
    bool join = false;
    if ((is_apostrophe(cp) || is_hyphen(cp) || cp == 0x00AD) && speech_text_is_word_char(next))
      join = true;
    else if ((cp == '.' || cp == ',') && is_digit_cp(prev) && is_digit_cp(next))
      join = true;
    else if (cp == '.' && run_letters == 1 && speech_text_is_word_char(next) && !is_digit_cp(prev)) {
      /* "U.K" and "e.g": single letters between dots */
      size_t k = i + n + m;
      utf8proc_int32_t after = k < end ? decode(s, k, end, &m) : -1;
      join = !speech_text_is_word_char(after);
    }
    if (!join)
      break;
    run_letters = 0;
    prev = cp;
    i += n;
  }
  return i;
}

/* True for an all-capital word of 2..6 letters (the acronym rule). */
static bool is_acronym(const char *s, size_t len)
{
  size_t letters = 0;
  for (size_t i = 0; i < len;) {
    size_t n;
    utf8proc_int32_t cp = decode(s, i, i + (len - i), &n);
    if (cp < 0 || utf8proc_category(cp) != UTF8PROC_CATEGORY_LU)
      return false;
    letters++;
    i += n;
  }
  if (letters < 2 || letters > 6)
    return false;
  /* Everyday words written in capitals for emphasis ("ONE", "NOTE") are words. */
  static const char *const words[] = {
    "ALL", "AND", "ARE", "BUT", "FOR", "HAS", "NEW", "NOT", "NOTE", "NOW", "ONE", "OUR", "OUT",
    "STOP", "THE", "TWO", "WAS", "YES", "YOU", "WARNING", "TIP", "SIX", "TEN", "FIVE", "FOUR",
    "NINE", "ZERO", "BOTH", "ONLY", "NEVER", "THIS", "THAT", "WHAT", "WHEN", "WHY", "HOW",
    "WHO", "HELP", "NEWS", "FREE", "SALE", "LIVE", "READ", "MORE", "BACK", "HOME", "MENU",
  };
  for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
    if (strlen(words[i]) == len && memcmp(words[i], s, len) == 0)
      return false;
  /* Roman numerals (CHAPTER II, Henry VIII) are not spelled. */
  for (size_t i = 0; i < len; i++)
    if (s[i] != 'I' && s[i] != 'V' && s[i] != 'X')
      return true;
  return false;
}

/* True when most words of s[start, end) with two or more letters are in capitals: a heading or
 * a shouted line, where capitals say nothing about acronyms. */
static bool mostly_capitals(const char *s, size_t start, size_t end)
{
  size_t words = 0, caps = 0;
  for (size_t i = start; i < end;) {
    size_t n;
    utf8proc_int32_t cp = decode(s, i, end, &n);
    if (!speech_text_is_word_char(cp)) {
      i += n;
      continue;
    }
    size_t we = word_end(s, i, end);
    size_t letters = 0, upper = 0;
    for (size_t k = i; k < we;) {
      size_t m;
      utf8proc_int32_t c = decode(s, k, we, &m);
      utf8proc_category_t cat = c < 0 ? UTF8PROC_CATEGORY_CN : utf8proc_category(c);
      letters += cat == UTF8PROC_CATEGORY_LU || cat == UTF8PROC_CATEGORY_LL;
      upper += cat == UTF8PROC_CATEGORY_LU;
      k += m;
    }
    if (letters >= 2) {
      words++;
      caps += upper == letters;
    }
    i = we;
  }
  return words >= 2 && caps * 2 > words;
}

/* Emits the speech for the display word s[0, len). */
static void emit_word(struct builder *b, const char *s, size_t len, const struct lexicon *lex)
{
  const char *rep = lex ? lexicon_lookup(lex, s, len) : NULL;
  if (rep) {
    put(b, rep, strlen(rep));
    return;
  }
  /* A possessive keeps its lexicon entry: "NSPCC's" says the entry of "NSPCC" + "'s". */
  size_t stem = len;
  if (len > 2 && s[len - 1] == 's' && s[len - 2] == '\'')
    stem = len - 2;
  else if (len > 4 && s[len - 1] == 's' && memcmp(s + len - 4, "\xE2\x80\x99", 3) == 0)
    stem = len - 4;
  if (stem < len && lex && (rep = lexicon_lookup(lex, s, stem))) {
    put(b, rep, strlen(rep));
    put_raw(b, "'s", 2);
    return;
  }
  if (b->spell_acronyms && is_acronym(s, stem)) {
    bool first = true;
    for (size_t i = 0; i < stem;) {
      size_t n;
      decode(s, i, stem, &n);
      if (!first)
        put_raw(b, " ", 1);
      put(b, s + i, n);
      first = false;
      i += n;
    }
    if (stem < len)
      put_raw(b, "'s", 2);
    return;
  }
  /* The word itself, with typographic apostrophes made plain. */
  bool started = false;
  for (size_t i = 0; i < len;) {
    size_t n;
    utf8proc_int32_t cp = decode(s, i, len, &n);
    const char *piece = s + i;
    size_t piece_len = n;
    if (cp == 0x00AD) {
      i += n; /* a soft hyphen only says where a line may break */
      continue;
    }
    if (is_apostrophe(cp)) {
      piece = "'";
      piece_len = 1;
    } else if (is_hyphen(cp)) {
      piece = "-";
      piece_len = 1;
    }
    if (!started)
      put(b, piece, piece_len);
    else
      put_raw(b, piece, piece_len);
    started = true;
    i += n;
  }
}

/* Length of a footnote marker "[12]" at s[i], or 0. */
static size_t footnote_len(const char *s, size_t i, size_t end)
{
  if (s[i] != '[')
    return 0;
  size_t j = i + 1;
  while (j < end && j - i <= 4 && s[j] >= '0' && s[j] <= '9')
    j++;
  if (j > i + 1 && j < end && s[j] == ']')
    return j + 1 - i;
  return 0;
}

/* Normalises the non-word code point cp (bytes s[i, i+n)). */
static void emit_other(struct builder *b, const char *s, size_t i, size_t n, utf8proc_int32_t cp)
{
  if (cp < 0)
    return; /* invalid byte */
  if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r') {
    space(b); /* no symbol is white space: the rules need not look */
    return;
  }
  /* the quick look found no symbol said here in most sentences: no look-up */
  const char *name = b->norm && !normalise_nothing_at(&b->scan, i)
                       ? normalise_symbol(b->norm, s + i, n) : NULL;
  if (name) {
    space(b); /* "Tom & Jerry": and; at punctuation level all, every symbol by name */
    put(b, name, strlen(name));
    space(b);
    b->out->rules |= NR_SYMBOL;
    return;
  }
  switch (cp) {
  case 0x2013: case 0x2014: case 0x2015: case 0x2212: case '|': /* – — ― −, a separator bar */
    pause(b);
    return;
  case 0x2026: /* … */
    put(b, "...", 3);
    space(b);
    return;
  case '"': case '\'': case 0x2018: case 0x2019: case 0x201A: case 0x201B:
  case 0x201C: case 0x201D: case 0x201E: case 0x201F: case 0x00AB: case 0x00BB:
  case 0x2039: case 0x203A: case 0x02BC: case '`':
    return; /* quotes are heard in the intonation, not read */
  case 0x2022: case 0x25E6: case 0x25AA: case 0x25AB: case 0x2023: case 0x2043: case 0x2027:
  case 0x25CF: case 0x2219: case 0x00B7: case 0x25A0: case 0x25A1:
  case '*': case '_': case '~': case '^': case '\\': case '#':
  case '[': case ']': case '{': case '}':
    space(b); /* bullets, markup and brackets are not read out */
    return;
  default:
    break;
  }
  utf8proc_category_t cat = utf8proc_category(cp);
  if (cat == UTF8PROC_CATEGORY_ZS || cat == UTF8PROC_CATEGORY_ZL ||
      cat == UTF8PROC_CATEGORY_ZP || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' ||
      cp == '\v') {
    space(b);
    return;
  }
  if (cat == UTF8PROC_CATEGORY_CC || cat == UTF8PROC_CATEGORY_CF || cat == UTF8PROC_CATEGORY_CS ||
      cat == UTF8PROC_CATEGORY_CO || cat == UTF8PROC_CATEGORY_CN)
    return; /* control and format characters (soft hyphen, zero-width space) are silent */
  if (cat == UTF8PROC_CATEGORY_PD) {
    /* a dash between spaces ("a - b") or doubled ("a -- b") is a pause */
    pause(b);
    return;
  }
  /* Closing punctuation sticks to what precedes it. */
  if (cp == '.' || cp == ',' || cp == ';' || cp == ':' || cp == '!' || cp == '?' || cp == ')') {
    b->pending_space = false;
    put_raw(b, s + i, n);
    return;
  }
  put(b, s + i, n);
}

/* Starts out empty, with room for its NUL. Returns 0 or -ENOMEM. */
static int begin(struct builder *b, struct speech_text *out)
{
  out->len = 0;
  out->n_words = 0;
  out->rules = 0;
  *b = (struct builder){.out = out};
  reserve(b, 0);
  if (!b->err)
    out->text[0] = '\0';
  return b->err;
}

/* Speaks the word that starts at s[i] (ends before end) and records it; returns where it
 * ends. */
static size_t speak_word(struct builder *b, const char *s, size_t i, size_t end,
                         const struct lexicon *lex)
{
  struct speech_text *out = b->out;
  size_t we = word_end(s, i, end);
  /* A word glued to a footnote ("claim[3]") and a word glued to a dash are separate. */
  if (out->len > 0) {
    /* two words are never run together */
    size_t k = out->len - 1;
    while (k > 0 && ((unsigned char)out->text[k] & 0xC0) == 0x80)
      k--;
    size_t m;
    if (speech_text_is_word_char(decode(out->text, k, out->len, &m)))
      space(b);
  }
  size_t sp_before = out->len;
  emit_word(b, s + i, we - i, lex);
  /* The word's speech starts after the separator space put() may have written. */
  size_t sp_start = sp_before;
  if (sp_start < out->len && out->text[sp_start] == ' ')
    sp_start++;
  add_word(b, i, we, sp_start);
  return we;
}

/* True at the start of a written token: the sentence's start, or after white space or an
 * opening bracket or quote. */
static bool token_start(const char *s, size_t start, size_t i)
{
  if (i == start)
    return true;
  unsigned char p = (unsigned char)s[i - 1];
  return p == ' ' || p == '\t' || p == '\n' || p == '\r' || p == '(' || p == '[' || p == '"' ||
         p == 0x9C /* the last byte of an opening curly quote, or of U+201C */ ||
         p == 0xA0 || p == 0xAF /* no-break spaces */;
}

/* The reading rules at s[i], unless the lexicon has the word there (the lexicon wins). Each
 * piece the rules say becomes a word mapped to its written span. Returns where the rules
 * stopped reading, or i. */
static size_t speak_rules(struct builder *b, const char *s, size_t i, size_t end,
                          const struct lexicon *lex)
{
  if (!b->norm || !token_start(s, b->norm->start, i) ||
      !normalise_worth_trying(b->norm, &b->scan, i))
    return i;
  size_t n;
  if (lex && speech_text_is_word_char(decode(s, i, end, &n))) {
    size_t we = word_end(s, i, end);
    if (lexicon_lookup(lex, s + i, we - i))
      return i;
  }
  struct norm_match m;
  size_t r = normalise_at(b->norm, i, &m);
  if (r == i)
    return i;
  for (size_t k = 0; k < m.n && !b->err; k++) {
    if (m.piece[k].len == 0)
      continue; /* said as nothing (a link at --urls silent) */
    if (b->out->len > 0)
      space(b);
    put(b, m.piece[k].text, m.piece[k].len);
    add_word(b, m.piece[k].start, m.piece[k].end, b->out->len - m.piece[k].len);
    space(b);
  }
  b->out->rules |= m.rules;
  return r;
}

/* What is between words at s[i] (the code point cp, n bytes): footnote markers, dashes, a
 * minus sign, an ellipsis, symbols. Returns where it ends. */
static size_t speak_other(struct builder *b, const char *s, size_t i, size_t end,
                          utf8proc_int32_t cp, size_t n)
{
  size_t fl = footnote_len(s, i, end);
  if (fl)
    return i + fl;
  /* "--" and a spaced hyphen are dashes; a hyphen glued to a word on the left stays. */
  if (cp == '-' && i + 1 < end && s[i + 1] == '-') {
    while (i < end && s[i] == '-')
      i++;
    pause(b);
    return i;
  }
  if (cp == '-' && i + 1 < end && s[i + 1] >= '0' && s[i + 1] <= '9' &&
      (b->out->len == 0 || b->pending_space)) {
    put(b, "-", 1); /* a minus sign */
    return i + 1;
  }
  if (cp == '.' && i + 2 < end && s[i + 1] == '.' && s[i + 2] == '.') {
    while (i < end && s[i] == '.')
      i++;
    b->pending_space = false;
    put_raw(b, "...", 3);
    space(b);
    return i;
  }
  emit_other(b, s, i, n, cp);
  return i + n;
}

int speech_text_build(const struct document *doc, size_t sentence, const struct lexicon *lex,
                      struct speech_text *out)
{
  struct builder b;
  if (begin(&b, out))
    return b.err;
  const struct doc_sentence *sent = &doc->sentences[sentence];
  const struct doc_paragraph *para = &doc->paragraphs[document_paragraph_of(doc, sentence)];
  const char *s = doc->text;
  size_t i = sent->start, end = sent->end;
  /* One load of the level for the whole sentence: a key may change it meanwhile. */
  struct norm_ctx nc = {normalise_lang_for(doc->lang), s, i, end, normalise_urls_choice(),
                        normalise_punct_choice(), doc->len};
  /* A code block is read only at punctuation all, where every symbol is said by name: read
   * otherwise, it would be a string of words without the symbols that make it code. */
  bool code = para->kind == DOC_CODE;
  if (code && nc.punct != NORMALISE_PUNCT_ALL) {
    put(&b, CODE_MARKER, strlen(CODE_MARKER));
    return b.err;
  }
  b.spell_acronyms = lexicon_spells_acronyms(lex) && !mostly_capitals(s, i, end);
  b.norm = &nc;
  /* A list marker a loader left in front of an item ("- ", "* ", "• ") is not read. */
  while (i < end && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (!code && i + 1 < end && (s[i] == '-' || s[i] == '*' || s[i] == '+') &&
      (s[i + 1] == ' ' || s[i + 1] == '\t'))
    i += 2;
  while (i < end && !b.err) {
    size_t n, r = speak_rules(&b, s, i, end, lex);
    if (r != i) {
      i = r;
      continue;
    }
    utf8proc_int32_t cp = decode(s, i, end, &n);
    if (speech_text_is_word_char(cp)) {
      i = speak_word(&b, s, i, end, lex);
      continue;
    }
    i = speak_other(&b, s, i, end, cp, n);
  }
  if (!b.err)
    speech_text_mark_langs(doc, sentence, out);
  return b.err;
}

int speech_text_from_string(const char *s, struct speech_text *out)
{
  struct builder b;
  if (begin(&b, out))
    return b.err;
  size_t end = strlen(s);
  for (size_t i = 0; i < end && !b.err;) {
    size_t n;
    utf8proc_int32_t cp = decode(s, i, end, &n);
    if (speech_text_is_word_char(cp))
      put(&b, s + i, n);
    else
      emit_other(&b, s, i, n, cp);
    i += n;
  }
  return b.err;
}

void speech_text_free(struct speech_text *st)
{
  free(st->text);
  free(st->words);
  *st = (struct speech_text){0};
}
