/* The quick look at a whole sentence before the rules run at each of its words: most sentences
 * of an article have nothing the rules rewrite (no digit, no link, no abbreviation, no Roman
 * numeral), and one pass over their bytes is far cheaper than the rules at every word.
 *
 * It must never skip a sentence that a rule would change, nor one with a symbol said at the
 * punctuation level (speech_text asks for no symbol's name where the look found nothing): each
 * test below stands for what a rule needs before it can fire (see normalise.c and
 * normalise_number.c). */
#include "normalise_internal.h"

#include <string.h>

/* Classes of the ASCII bytes: what a byte may start. Most (letters, space, comma) are 0. */
enum { B_WANT = 1, B_DOT, B_COLON, B_ROMAN };

static const unsigned char byte_class[128] = {
  ['0'] = B_WANT, ['1'] = B_WANT, ['2'] = B_WANT, ['3'] = B_WANT, ['4'] = B_WANT,
  ['5'] = B_WANT, ['6'] = B_WANT, ['7'] = B_WANT, ['8'] = B_WANT, ['9'] = B_WANT,
  ['@'] = B_WANT, ['.'] = B_DOT, [':'] = B_COLON,
  ['I'] = B_ROMAN, ['V'] = B_ROMAN, ['X'] = B_ROMAN, ['L'] = B_ROMAN, ['C'] = B_ROMAN,
};

static bool blank(char ch)
{
  return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r';
}

/* True when s[i] may start a token where speech_text asks the rules (its token_start(), and
 * more: any non-ASCII byte before). */
static bool may_start_token(const struct norm_ctx *c, size_t i)
{
  if (i == c->start)
    return true;
  unsigned char p = (unsigned char)c->s[i - 1];
  return p <= ' ' || p == '(' || p == '[' || p == '"' || p >= 0x80;
}

static bool roman_letter(char ch)
{
  return ch == 'I' || ch == 'V' || ch == 'X' || ch == 'L' || ch == 'C';
}

/* True when s[i, i + 3) are the bytes a b c. */
static bool bytes3(const struct norm_ctx *c, size_t i, unsigned char a, unsigned char b,
                   unsigned char d)
{
  const unsigned char *u = (const unsigned char *)c->s + i;
  return c->end - i >= 3 && u[0] == a && u[1] == b && u[2] == d;
}

/* Length of the closing mark at s[k] (space, ASCII closer, closing quote), or 0. */
static size_t closer_len(const struct norm_ctx *c, size_t k)
{
  switch (c->s[k]) {
  case ' ': case '\t': case '\n': case '\r': case '.': case '!': case '?': case ')': case ']':
  case '"': case '\'':
    return 1;
  default:
    break;
  }
  if (bytes3(c, k, 0xE2, 0x80, 0x9D) || bytes3(c, k, 0xE2, 0x80, 0x99))
    return 3;
  return c->end - k >= 2 && (unsigned char)c->s[k] == 0xC2 &&
         (unsigned char)c->s[k + 1] == 0xBB ? 2 : 0;
}

static bool word_byte(unsigned char a)
{
  return (a >= '0' && a <= '9') || (a >= 'A' && a <= 'Z') || (a >= 'a' && a <= 'z');
}

/* False when no abbreviation ends with the bytes before the full stop at s[i] (the three bytes
 * before it in a longer word, the pair of them, or one letter alone as in "p."): most
 * sentences' last word. */
static bool last_word_may_abbreviate(const struct norm_ctx *c, size_t i)
{
  const struct norm_lang *l = c->lang;
  if (l->dot_any || i - c->start < 2)
    return true;
  unsigned char a = (unsigned char)c->s[i - 2], b = (unsigned char)c->s[i - 1];
  if (i - c->start >= 3 && word_byte(a) && word_byte((unsigned char)c->s[i - 3])) {
    /* three bytes of a word or more: a key that the word is has them before its full stop */
    unsigned triple = norm_dot_triple((unsigned char)c->s[i - 3], a, b);
    return l->dot_triples[triple / 64] >> (triple % 64) & 1;
  }
  unsigned pair = (unsigned)a << 8 | b;
  if (l->dot_pairs[pair / 64] >> (pair % 64) & 1)
    return true;
  return l->dot_single[b] && !word_byte(a); /* "p.": the word is one letter */
}

/* A full stop: inside the sentence it ends an abbreviation or joins a link ("www.", "e.g.");
 * at the end, it may be an abbreviation's ("etc."). */
static bool dot_wants(const struct norm_ctx *c, size_t i)
{
  size_t k = i + 1, n;
  while (k < c->end && (n = closer_len(c, k)))
    k += n;
  if (k < c->end)
    return true;
  if (!last_word_may_abbreviate(c, i))
    return false;
  /* the last word, when it is no longer than the longest abbreviation (with an opening
   * bracket or quote before it) */
  size_t b = i, longest = c->lang->max_key_len[NT_ABBREV] + 3;
  while (b > c->start && !blank(c->s[b - 1]) && i - b <= longest)
    b--;
  if (i - b > longest)
    return false;
  while (b < i && (c->s[b] == '(' || c->s[b] == '[' || c->s[b] == '"' || c->s[b] == '\''))
    b++; /* an opening bracket or quote */
  if (i - b >= 3 && (unsigned char)c->s[b] == 0xE2 && (unsigned char)c->s[b + 1] == 0x80)
    b += 3;
  if (norm_find(c->lang, NT_ABBREV, c->s + b, i + 1 - b))
    return true;
  return false;
}

/* A non-ASCII character: an en dash between two words joins a range of names ("May–June"; a
 * spaced dash is a pause), a vulgar fraction is said. */
static bool high_wants(const struct norm_ctx *c, size_t i)
{
  if (bytes3(c, i, 0xE2, 0x80, 0x93))
    return i > c->start && !blank(c->s[i - 1]) && i + 3 < c->end && !blank(c->s[i + 3]);
  return norm_find_prefix(c->lang, NT_VULGAR, c->s + i, c->end - i) != NULL;
}

/* A word of Roman digits at a token start: two or more letters, or one after a word that makes
 * it a cardinal ("War I"). */
static bool roman_wants(const struct norm_ctx *c, size_t i)
{
  if (!may_start_token(c, i))
    return false;
  size_t k = i;
  while (k < c->end && roman_letter(c->s[k]))
    k++;
  if (k < c->end && ((c->s[k] >= 'a' && c->s[k] <= 'z') || (c->s[k] >= 'A' && c->s[k] <= 'Z') ||
                     (unsigned char)c->s[k] >= 0x80))
    return false;
  if (k - i >= 2)
    return true;
  size_t pe = i;
  while (pe > c->start && blank(c->s[pe - 1]))
    pe--;
  size_t pb = pe;
  while (pb > c->start && !blank(c->s[pb - 1]))
    pb--;
  if (pb == pe)
    return false;
  pe = norm_token_core(c, pb, pe);
  return norm_find(c->lang, NT_ROMAN_CARDINAL, c->s + pb, pe - pb) != NULL;
}

/* An abbreviation written without a full stop ("vs") as a whole word at s[i]. */
static bool bare_abbrev_at(const struct norm_ctx *c, size_t i)
{
  const struct norm_lang *l = c->lang;
  if (!may_start_token(c, i))
    return false;
  for (size_t k = 0; k < l->n_bare_abbrev; k++) {
    const struct norm_entry *e = l->bare_abbrev[k];
    if (e->key_len <= c->end - i && memcmp(c->s + i, e->key, e->key_len) == 0)
      return true;
  }
  return false;
}

/* Length of the UTF-8 character whose lead byte is ch (>= 0xC2), cut at the sentence's end. */
static size_t char_len(const struct norm_ctx *c, size_t i, unsigned char ch)
{
  size_t n = ch < 0xE0 ? 2 : ch < 0xF0 ? 3 : 4;
  return n < c->end - i ? n : c->end - i;
}

/* True when the character at s[i] is a symbol said at the level k is for ("&": "and"). */
static bool said_symbol(const struct norm_ctx *c, const struct norm_scan_keys *k, size_t i,
                        unsigned char ch)
{
  if (c->punct < c->lang->symbol_level[ch])
    return false; /* most characters: nothing said at this level */
  if (ch < 0x80)
    return normalise_symbol(c, c->s + i, 1) != NULL;
  if (i + 1 >= c->end)
    return false; /* cut: not a character speech_text asks about */
  unsigned pair = norm_high_pair(ch, (unsigned char)c->s[i + 1]);
  return (k->high_symbols[pair / 64] >> (pair % 64) & 1) &&
         normalise_symbol(c, c->s + i, char_len(c, i, ch)) != NULL;
}

/* What the byte at s[i] (marked by the scan) may start: true when a rule may fire there or a
 * symbol is said. */
static bool wants_at(const struct norm_ctx *c, const struct norm_scan_keys *k, size_t i)
{
  unsigned char ch = (unsigned char)c->s[i];
  if (said_symbol(c, k, i, ch))
    return true;
  if (ch >= 0x80)
    return ch >= 0xC2 && high_wants(c, i);
  if (c->lang->bare_abbrev_first[ch] && bare_abbrev_at(c, i))
    return true;
  switch (byte_class[ch]) {
  case B_WANT:
    return true;
  case B_DOT:
    return dot_wants(c, i);
  case B_COLON:
    return i + 1 < c->end && c->s[i + 1] == '/';
  case B_ROMAN:
    return roman_wants(c, i);
  default:
    return false;
  }
}

/* The first byte marked in bits (for the block at i) that wants the rules, or c->end. */
static size_t marked_want(const struct norm_ctx *c, const struct norm_scan_keys *k, unsigned bits,
                          size_t i)
{
  for (; bits; bits &= bits - 1) {
    size_t at = i + (size_t)__builtin_ctz(bits);
    if (at < c->end && wants_at(c, k, at))
      return at;
  }
  return c->end;
}

/* The marks bits of the block at i that holds the sentence's end, read from the text that
 * goes on after it: none past the end, and the last byte marked as the padding would have it
 * (a capital C to X before a space). */
static unsigned last_block(const struct norm_ctx *c, unsigned bits, size_t i)
{
  size_t n = c->end - i;
  bits &= n >= 32 ? ~0u : (1u << n) - 1;
  unsigned char last = (unsigned char)c->s[c->end - 1];
  if (last >= 'C' && last <= 'X')
    bits |= 1u << (n - 1);
  return bits;
}

/* The scan, for blocks of W bytes (vectors of type V, mask of their marks by MASK). NAME_marks
 * marks, in the block at p, every byte that may start something a rule reads: '.' to '@'
 * (digits among them), a lead byte of a non-ASCII character, a capital C to X (the Roman digits
 * among them) before another or before a non-letter ("VIII", "War I"), the first two bytes of
 * an abbreviation written without a full stop, an ASCII symbol said at the level (k: 0xFF, never
 * in UTF-8, for an unused one). Zero for most blocks of prose. The marks are wider than the
 * rules (wants_at() decides): few operations a block. Each block reads the byte after it.
 *
 * NAME returns the first byte from i that wants the rules, or c->end: one call a sentence. The
 * last block is read on into the text after the sentence (its marks there dropped), or at the
 * text's end from a copy padded with spaces. */
#define DEFINE_SCAN(NAME, V, SV, W, MASK, ATTR)                                                \
  ATTR static inline unsigned NAME##_marks(const char *p, V bare0, V bare1, V bare2, V bare3,  \
                                           V sym0, V sym1)                                     \
  {                                                                                            \
    V a, next;                                                                                 \
    memcpy(&a, p, sizeof a);                                                                   \
    memcpy(&next, p + 1, sizeof next);                                                         \
    V m = (V)(a >= 0xC2) | (V)((V)(a - '.') <= '@' - '.');                                     \
    V capital = (V)((V)(a - 'C') <= 'X' - 'C');                                                \
    V capital_next = (V)((V)(next - 'C') <= 'X' - 'C');                                        \
    /* as signed bytes, everything below 'A' and every non-ASCII byte */                       \
    V not_letter_next = (V)((SV)next < 'A');                                                   \
    m |= capital & (capital_next | not_letter_next);                                           \
    m |= ((V)(a == bare0) & (V)(next == bare1)) | ((V)(a == bare2) & (V)(next == bare3));      \
    m |= (V)(a == sym0) | (V)(a == sym1);                                                      \
    return MASK(m);                                                                            \
  }                                                                                            \
                                                                                               \
  ATTR static size_t NAME(const struct norm_ctx *c, size_t i, const struct norm_scan_keys *k)  \
  {                                                                                            \
    V b0 = (V){0} + k->bare[0][0], b1 = (V){0} + k->bare[0][1];                                \
    V b2 = (V){0} + k->bare[1][0], b3 = (V){0} + k->bare[1][1];                                \
    V y0 = (V){0} + k->symbol[0], y1 = (V){0} + k->symbol[1];                                  \
    size_t end = c->end, at;                                                                   \
    unsigned bits;                                                                             \
    for (; i + (W) < end; i += (W))                                                            \
      if ((bits = NAME##_marks(c->s + i, b0, b1, b2, b3, y0, y1)) != 0 &&                      \
          (at = marked_want(c, k, bits, i)) < end)                                             \
        return at;                                                                             \
    if (i >= end)                                                                              \
      return end;                                                                              \
    const char *p = c->s + i;                                                                  \
    char tail[2 * (W) + 1];                                                                    \
    if (i + (W) + 1 > c->text_end) {                                                           \
      memset(tail, ' ', sizeof tail);                                                          \
      memcpy(tail, p, end - i);                                                                \
      p = tail;                                                                                \
    }                                                                                          \
    bits = last_block(c, NAME##_marks(p, b0, b1, b2, b3, y0, y1), i);                          \
    return bits ? marked_want(c, k, bits, i) : end;                                            \
  }

typedef unsigned char bytes16 __attribute__((vector_size(16)));
typedef signed char sbytes16 __attribute__((vector_size(16)));

static inline unsigned mask16(bytes16 m)
{
#if defined(__SSE2__)
  return (unsigned)__builtin_ia32_pmovmskb128((__attribute__((vector_size(16))) char)m);
#else
  unsigned bits = 0;
  for (int k = 0; k < 16; k++)
    bits |= m[k] ? 1u << k : 0;
  return bits;
#endif
}

DEFINE_SCAN(scan16, bytes16, sbytes16, 16, mask16, )

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
/* Where the processor has AVX2 (most x86-64 since 2013): 32 bytes a block, half the work. */
#define HAVE_SCAN32 1
typedef unsigned char bytes32 __attribute__((vector_size(32)));
typedef signed char sbytes32 __attribute__((vector_size(32)));

__attribute__((target("avx2"))) static inline unsigned mask32(bytes32 m)
{
  return (unsigned)__builtin_ia32_pmovmskb256((__attribute__((vector_size(32))) char)m);
}

DEFINE_SCAN(scan32, bytes32, sbytes32, 32, mask32, __attribute__((target("avx2"))))
#endif

/* The first byte at or after from where a rule may want to read or a symbol is said, or
 * c->end. */
static size_t next_want(const struct norm_ctx *c, size_t from)
{
  int level = c->punct < 0 ? 0 : c->punct > 3 ? 3 : c->punct;
  const struct norm_scan_keys *k = &c->lang->scan_keys[level];
  if (!k->usable)
    return from;
#ifdef HAVE_SCAN32
  if (__builtin_cpu_supports("avx2")) /* a load of what the C runtime found at start */
    return scan32(c, from, k);
#endif
  return scan16(c, from, k);
}

void norm_prescan_prepare(struct norm_lang *l)
{
  struct norm_scan_keys bare = {.bare = {{0xFF, 0xFF}, {0xFF, 0xFF}}, .symbol = {0xFF, 0xFF}};
  bare.usable = !l->bare_abbrev_overflow && l->n_bare_abbrev <= 2;
  for (size_t k = 0; k < l->n_bare_abbrev && bare.usable; k++) {
    const struct norm_entry *e = l->bare_abbrev[k];
    bare.usable = e->key_len >= 2; /* a one-letter abbreviation: anywhere */
    bare.bare[k][0] = (unsigned char)e->key[0];
    bare.bare[k][1] = (unsigned char)e->key[1];
  }
  for (int level = 0; level < 4; level++) {
    struct norm_scan_keys *k = &l->scan_keys[level];
    *k = bare;
    for (size_t e = 0; e < l->n[NT_SYMBOL]; e++) {
      const struct norm_entry *sym = &l->entries[NT_SYMBOL][e];
      const unsigned char *key = (const unsigned char *)sym->key;
      int said = normalise_punct_parse(sym->n_fields > 1 ? sym->field[1] : "some");
      if (sym->key_len < 2 || key[0] < 0xC0 || said < 0 || said > level)
        continue;
      unsigned pair = norm_high_pair(key[0], key[1]);
      k->high_symbols[pair / 64] |= 1ull << (pair % 64);
    }
    size_t n = 0;
    for (int b = 0; b < 0x80 && level > NORMALISE_PUNCT_NONE; b++) {
      if (l->symbol_level[b] > level || (b >= '.' && b <= '@'))
        continue; /* not said, or marked anyway */
      if (n == 2)
        k->usable = false;
      else
        k->symbol[n++] = (unsigned char)b;
    }
  }
}

bool normalise_sentence_quiet(const struct norm_ctx *c)
{
  return !c->lang || c->start >= c->end || next_want(c, c->start) == c->end;
}

bool normalise_worth_trying(const struct norm_ctx *c, struct norm_scan *scan, size_t i)
{
  if (!c->lang)
    return false;
  if (!scan->ready || (scan->want < i && scan->want < c->end)) {
    scan->ready = true;
    scan->looked = i;
    scan->want = next_want(c, i);
    /* a rule reads the token it starts at and the next: from the token before the want's */
    size_t b = scan->want;
    while (b > i && !blank(c->s[b - 1]))
      b--;
    while (b > i && blank(c->s[b - 1]))
      b--;
    while (b > i && !blank(c->s[b - 1]))
      b--;
    scan->from = b;
  }
  return scan->want < c->end && i >= scan->from;
}

bool normalise_nothing_at(const struct norm_scan *scan, size_t i)
{
  return scan->ready && i >= scan->looked && i < scan->want;
}
