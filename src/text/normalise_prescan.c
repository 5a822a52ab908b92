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
static inline bool last_word_may_abbreviate(const struct norm_ctx *c, size_t i)
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
  unsigned pair = i + 1 < c->end ? norm_high_pair((unsigned char)c->s[i],
                                                  (unsigned char)c->s[i + 1]) : 0;
  if (pair && !(c->lang->vulgar_pairs[pair / 64] >> (pair % 64) & 1))
    return false;
  return norm_find_prefix(c->lang, NT_VULGAR, c->s + i, c->end - i) != NULL;
}

/* True for the last byte of what norm_token_core() takes off a token's end (closing marks). */
static bool core_closer(unsigned char z)
{
  return z == '.' || z == ',' || z == ';' || z == ':' || z == '!' || z == '?' || z == ')' ||
         z == ']' || z == '"' || z == '\'' || z == 0x9D || z == 0x99 || z == 0xBB;
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
  if (pe - c->start >= 2 && !c->lang->cardinal_short && !core_closer((unsigned char)c->s[pe - 1])) {
    unsigned pair = (unsigned)(unsigned char)c->s[pe - 2] << 8 | (unsigned char)c->s[pe - 1];
    if (!(c->lang->cardinal_pairs[pair / 64] >> (pair % 64) & 1))
      return false; /* the word before ends as none of the table does ("when I") */
  }
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

/* A full stop at s[i] that is not said by name: only dot_wants() decides. */
static bool plain_stop(const struct norm_ctx *c, size_t i)
{
  return c->s[i] == '.' && c->punct < c->lang->symbol_level['.'] &&
         !c->lang->bare_abbrev_first['.'];
}

/* What the byte at s[i] (marked by the scan) may start: true when a rule may fire there or a
 * symbol is said. */
static bool wants_at(const struct norm_ctx *c, const struct norm_scan_keys *k, size_t i)
{
  unsigned char ch = (unsigned char)c->s[i];
  if (plain_stop(c, i))
    return dot_wants(c, i); /* every sentence's last byte, most often */
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

/* The scan's walk over a sentence from i, in blocks of W bytes, MARKS(p) the marks of the block
 * at p, FILTER(p, bits) those of them left once the marks known to want nothing are dropped
 * (each block reads up to 3 bytes after it): returns the first byte that wants the rules, or
 * c->end; one call a sentence. The last block is read on into the text after the sentence (its
 * marks there dropped), or at the text's end from a copy padded with spaces. */
#define SCAN_BODY(W, MARKS, FILTER)                                                            \
  size_t end = c->end, at;                                                                     \
  unsigned bits;                                                                               \
  for (; i + (W) < end; i += (W))                                                              \
    if ((bits = MARKS(c->s + i)) != 0 &&                                                       \
        (i + (W) + 3 > c->text_end || (bits = FILTER(c->s + i, bits)) != 0) &&                  \
        (at = marked_want(c, k, bits, i)) < end)                                               \
      return at;                                                                               \
  if (i >= end)                                                                                \
    return end;                                                                                \
  const char *p = c->s + i;                                                                    \
  char tail[2 * (W) + 3];                                                                      \
  if (i + (W) + 3 > c->text_end) {                                                             \
    memset(tail, ' ', sizeof tail);                                                            \
    memcpy(tail, p, end - i);                                                                  \
    p = tail;                                                                                  \
  }                                                                                            \
  bits = last_block(c, MARKS(p), i);                                                           \
  if (bits == 1u << (end - 1 - i) && plain_stop(c, end - 1)) /* the full stop, most often */   \
    return last_word_may_abbreviate(c, end - 1) && dot_wants(c, end - 1) ? end - 1 : end;      \
  bits = bits ? FILTER(p, bits) : 0;                                                           \
  return bits ? marked_want(c, k, bits, i) : end;

/* The marks of the 16 bytes at p: every byte that may start something a rule reads: '.' to '@'
 * (digits among them), a lead byte of a non-ASCII character, a capital C to X (the Roman digits
 * among them) before another or before a non-letter ("VIII", "War I"), the first two bytes of
 * an abbreviation written without a full stop, an ASCII symbol said at the level (k: 0xFF, never
 * in UTF-8, for an unused one). Zero for most blocks of prose. The marks are wider than the
 * rules (wants_at() decides): few operations a block. */
typedef unsigned char bytes16 __attribute__((vector_size(16)));
typedef signed char sbytes16 __attribute__((vector_size(16)));

static inline unsigned marks16(const char *p, const bytes16 key[6])
{
  bytes16 a, next;
  memcpy(&a, p, sizeof a);
  memcpy(&next, p + 1, sizeof next);
  bytes16 m = (bytes16)(a >= 0xC2) | (bytes16)((bytes16)(a - '.') <= '@' - '.');
  bytes16 capital = (bytes16)((bytes16)(a - 'C') <= 'X' - 'C');
  bytes16 capital_next = (bytes16)((bytes16)(next - 'C') <= 'X' - 'C');
  /* as signed bytes, everything below 'A' and every non-ASCII byte */
  bytes16 not_letter_next = (bytes16)((sbytes16)next < 'A');
  m |= capital & (capital_next | not_letter_next);
  m |= ((bytes16)(a == key[0]) & (bytes16)(next == key[1])) |
       ((bytes16)(a == key[2]) & (bytes16)(next == key[3]));
  m |= (bytes16)(a == key[4]) | (bytes16)(a == key[5]);
#if defined(__SSE2__)
  return (unsigned)__builtin_ia32_pmovmskb128((__attribute__((vector_size(16))) char)m);
#else
  unsigned bits = 0;
  for (int b = 0; b < 16; b++)
    bits |= m[b] ? 1u << b : 0;
  return bits;
#endif
}

/* Not inlined: next_want(), which runs once a sentence, then needs no stack of its own. */
__attribute__((noinline)) static size_t scan16(const struct norm_ctx *c, size_t i,
                                                const struct norm_scan_keys *k)
{
  const bytes16 key[6] = {
    (bytes16){0} + k->bare[0][0], (bytes16){0} + k->bare[0][1], (bytes16){0} + k->bare[1][0],
    (bytes16){0} + k->bare[1][1], (bytes16){0} + k->symbol[0], (bytes16){0} + k->symbol[1],
  };
#define MARKS16(p) marks16(p, key)
#define FILTER16(p, bits) (bits)
  SCAN_BODY(16, MARKS16, FILTER16)
#undef FILTER16
#undef MARKS16
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
/* Where the processor has AVX2 (most x86-64 since 2013): 32 bytes a block, each byte's class
 * found by two table look-ups on its halves (k->lut, norm_prescan_prepare): a byte is marked
 * when its class and the class of the byte after it share a bit. Fewer marks than marks16()
 * (prepare_lut), in half the operations. */
#define HAVE_SCAN32 1
#include <immintrin.h>

__attribute__((target("avx2"))) static inline __m256i classes32(__m256i v, __m256i lo,
                                                                __m256i hi)
{
  __m256i nibble = _mm256_set1_epi8(0x0F);
  return _mm256_and_si256(_mm256_shuffle_epi8(lo, _mm256_and_si256(v, nibble)),
                          _mm256_shuffle_epi8(hi, _mm256_and_si256(_mm256_srli_epi16(v, 4),
                                                                   nibble)));
}

__attribute__((target("avx2"))) static inline unsigned marks32(const char *p,
                                                               const __m256i lut[4])
{
  __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)p);
  __m256i next = _mm256_loadu_si256((const __m256i *)(const void *)(p + 1));
  __m256i both = _mm256_and_si256(classes32(a, lut[0], lut[1]), classes32(next, lut[2], lut[3]));
  return ~(unsigned)_mm256_movemask_epi8(_mm256_cmpeq_epi8(both, _mm256_setzero_si256()));
}

/* The bytes of the 32 at p that lead a character U+2000 to U+203F (E2 80) other than an en
 * dash between words ("’", "“", "•", a spaced "–"): none of them wants the rules when
 * k->quiet_e280 (high_wants() turns them down, and none is a symbol said at the level). Asked
 * only of a block with marks, so that the look's loop stays as short: reads 3 bytes past the
 * block. */
__attribute__((target("avx2"))) static inline unsigned quiet_e280_32(const char *p)
{
  __m256i a = _mm256_loadu_si256((const __m256i *)(const void *)p);
  __m256i next = _mm256_loadu_si256((const __m256i *)(const void *)(p + 1));
  __m256i third = _mm256_loadu_si256((const __m256i *)(const void *)(p + 2));
  __m256i fourth = _mm256_loadu_si256((const __m256i *)(const void *)(p + 3));
  __m256i lead = _mm256_and_si256(_mm256_cmpeq_epi8(a, _mm256_set1_epi8((char)0xE2)),
                                  _mm256_cmpeq_epi8(next, _mm256_set1_epi8((char)0x80)));
  __m256i dash = _mm256_cmpeq_epi8(third, _mm256_set1_epi8((char)0x93));
  /* blank(): ' ', '\t', '\n', '\r' */
  __m256i blank_after = _mm256_or_si256(
      _mm256_or_si256(_mm256_cmpeq_epi8(fourth, _mm256_set1_epi8(' ')),
                      _mm256_cmpeq_epi8(fourth, _mm256_set1_epi8('\t'))),
      _mm256_or_si256(_mm256_cmpeq_epi8(fourth, _mm256_set1_epi8('\n')),
                      _mm256_cmpeq_epi8(fourth, _mm256_set1_epi8('\r'))));
  __m256i joins = _mm256_andnot_si256(blank_after, dash); /* a dash that may join two words */
  return (unsigned)_mm256_movemask_epi8(_mm256_andnot_si256(joins, lead));
}

__attribute__((target("avx2"))) static size_t scan32(const struct norm_ctx *c, size_t i,
                                                     const struct norm_scan_keys *k)
{
  __m256i lut[4];
  for (int t = 0; t < 4; t++)
    lut[t] = _mm256_broadcastsi128_si256(_mm_loadu_si128((const __m128i *)(const void *)k->lut[t]));
  bool quiet = k->quiet_e280;
#define MARKS32(p) marks32(p, lut)
#define FILTER32(p, bits) (quiet ? (bits) & ~quiet_e280_32(p) : (bits))
  SCAN_BODY(32, MARKS32, FILTER32)
#undef MARKS32
#undef FILTER32
}
#endif

static bool narrow; /* norm_prescan_narrow(): set by tests before the look runs */

void norm_prescan_narrow(bool on)
{
  narrow = on;
}

/* The first byte at or after from where a rule may want to read or a symbol is said, or
 * c->end. */
static size_t next_want(const struct norm_ctx *c, size_t from)
{
  int level = c->punct < 0 ? 0 : c->punct > 3 ? 3 : c->punct;
  const struct norm_scan_keys *k = &c->lang->scan_keys[level];
#ifdef HAVE_SCAN32
  /* __builtin_cpu_supports: a load of what the C runtime found at start */
  if (k->lut_usable && !narrow && __builtin_cpu_supports("avx2"))
    return scan32(c, from, k);
#endif
  return k->usable ? scan16(c, from, k) : from;
}

/* Gives the bytes (high half in rows, low half in lows: masks of 16 bits) class bit on side 0
 * (the byte) or 2 (the byte after it). */
static void lut_set(unsigned char lut[4][16], int side, unsigned char bit, unsigned rows,
                    unsigned lows)
{
  for (int h = 0; h < 16; h++) {
    lut[side + 1][h] |= rows >> h & 1 ? bit : 0;
    lut[side][h] |= lows >> h & 1 ? bit : 0;
  }
}

/* The classes of marks32(): '.' and the ASCII symbols of row 2 said at the level (bit 0x01),
 * the digits, ':' and the symbols of row 3 said at the level (0x02), '@' (0x04), a non-ASCII
 * lead byte (0xC0 on: 0x08), a Roman digit C, I, L (0x10) or V, X (0x20) before anything but a
 * lower-case letter or ` { | } ~ (rows 6 and 7), the two abbreviations written without a full
 * stop by their first two bytes (0x40, 0x80). Narrower than marks16(): a byte that wants_at()
 * always turns down (a ';' not said, the capitals of "NSPCC") costs a look at its block. */
static void prepare_lut(const struct norm_lang *l, struct norm_scan_keys *k, int level,
                        bool bare_usable)
{
  const unsigned all = 0xFFFF;
  unsigned row2 = 1u << ('.' & 15), row3 = 0x7FF; /* '.'; '0' to ':' */
  k->lut_usable = bare_usable;
  for (int b = 0; b < 0x80 && level > NORMALISE_PUNCT_NONE; b++) {
    if (l->symbol_level[b] > level || b == '@')
      continue; /* not said, or marked anyway */
    if (b >> 4 == 2)
      row2 |= 1u << (b & 15);
    else if (b >> 4 == 3)
      row3 |= 1u << (b & 15);
    else
      k->lut_usable = false;
  }
  memset(k->lut, 0, sizeof k->lut);
  lut_set(k->lut, 0, 0x01, 1u << 2, row2);
  lut_set(k->lut, 0, 0x02, 1u << 3, row3);
  lut_set(k->lut, 0, 0x04, 1u << 4, 1u << 0);
  lut_set(k->lut, 0, 0x08, 0xF000, all);
  lut_set(k->lut, 2, 0x0F, all, all);
  lut_set(k->lut, 0, 0x10, 1u << 4, 1u << ('C' & 15) | 1u << ('I' & 15) | 1u << ('L' & 15));
  lut_set(k->lut, 0, 0x20, 1u << 5, 1u << ('V' & 15) | 1u << ('X' & 15));
  lut_set(k->lut, 2, 0x30, all & ~(3u << 6), all);
  for (size_t n = 0; n < l->n_bare_abbrev && k->lut_usable; n++) {
    unsigned char bit = (unsigned char)(0x40 << n), a = k->bare[n][0], b = k->bare[n][1];
    lut_set(k->lut, 0, bit, 1u << (a >> 4), 1u << (a & 15));
    lut_set(k->lut, 2, bit, 1u << (b >> 4), 1u << (b & 15));
  }
}

void norm_prescan_prepare(struct norm_lang *l)
{
  for (size_t e = 0; e < l->n[NT_ROMAN_CARDINAL]; e++) {
    const struct norm_entry *w = &l->entries[NT_ROMAN_CARDINAL][e];
    const unsigned char *key = (const unsigned char *)w->key;
    if (w->key_len < 2) {
      l->cardinal_short = true;
      continue;
    }
    unsigned pair = (unsigned)key[w->key_len - 2] << 8 | key[w->key_len - 1];
    l->cardinal_pairs[pair / 64] |= 1ull << (pair % 64);
  }
  for (size_t e = 0; e < l->n[NT_VULGAR]; e++) {
    const unsigned char *key = (const unsigned char *)l->entries[NT_VULGAR][e].key;
    if (l->entries[NT_VULGAR][e].key_len < 2 || key[0] < 0xC0)
      continue; /* the look tries them only at a non-ASCII character */
    unsigned pair = norm_high_pair(key[0], key[1]);
    l->vulgar_pairs[pair / 64] |= 1ull << (pair % 64);
  }
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
    unsigned e280 = norm_high_pair(0xE2, 0x80);
    k->quiet_e280 = !(l->vulgar_pairs[e280 / 64] >> (e280 % 64) & 1) &&
                    !(k->high_symbols[e280 / 64] >> (e280 % 64) & 1);
    size_t n = 0;
    for (int b = 0; b < 0x80 && level > NORMALISE_PUNCT_NONE; b++) {
      if (l->symbol_level[b] > level || (b >= '.' && b <= '@'))
        continue; /* not said, or marked anyway */
      if (n == 2)
        k->usable = false;
      else
        k->symbol[n++] = (unsigned char)b;
    }
    prepare_lut(l, k, level, bare.usable);
  }
}

bool normalise_sentence_quiet(const struct norm_ctx *c)
{
  return !c->lang || c->start >= c->end || next_want(c, c->start) == c->end;
}

bool normalise_look_ahead(const struct norm_ctx *c, struct norm_scan *scan, size_t i)
{
  if (!c->lang)
    return false;
  scan->ready = true;
  scan->looked = i;
  scan->want = next_want(c, i);
  if (scan->want >= c->end) {
    scan->from = c->end; /* nothing ahead: most sentences, no token to walk back over */
    return false;
  }
  /* a rule reads the token it starts at and the next: from the token before the want's */
  size_t b = scan->want;
  while (b > i && !blank(c->s[b - 1]))
    b--;
  while (b > i && blank(c->s[b - 1]))
    b--;
  while (b > i && !blank(c->s[b - 1]))
    b--;
  scan->from = b;
  return scan->want < c->end && i >= scan->from;
}

bool normalise_nothing_at(const struct norm_scan *scan, size_t i)
{
  return scan->ready && i >= scan->looked && i < scan->want;
}
