/* The rules on words: links, e-mail addresses, abbreviations in context, Roman numerals in
 * context, ranges of names; the choices (links, punctuation) and the dispatch. Numbers are in
 * normalise_number.c. */
#include "normalise_internal.h"

#include <stdatomic.h>
#include <stdio.h>
#include <string.h>

static atomic_int urls_choice = NORMALISE_URLS_SITE;
static atomic_int punct_choice = NORMALISE_PUNCT_SOME;
static char voice_lang[8];  /* set before threads start (normalise_configure) */

static const char *const url_names[] = {"site", "full", "silent"};
static const char *const punct_names[] = {"none", "some", "most", "all"};
static const char *const rule_names[NORMALISE_N_RULES] = {
  "currency", "range", "minus", "unit", "roman", "abbreviation", "time", "ratio", "fraction",
  "symbol", "decade", "url", "email", "thousands", "ordinal", "magnitude",
};

static int name_index(const char *const *names, int n, const char *name)
{
  for (int i = 0; name && i < n; i++)
    if (strcmp(names[i], name) == 0)
      return i;
  return -1;
}

int normalise_urls_parse(const char *name) { return name_index(url_names, 3, name); }
int normalise_punct_parse(const char *name)
{
  /* at every symbol of the text (normalise_symbol): one comparison, by the first letter (the
   * four names start with four different letters) */
  for (int level = 0; name && level < 4; level++)
    if (name[0] == punct_names[level][0])
      return strcmp(name, punct_names[level]) == 0 ? level : -1;
  return -1;
}

const char *normalise_punct_name(int level)
{
  return level >= 0 && level < 4 ? punct_names[level] : "some";
}

void normalise_configure(int urls, int punctuation, const char *voice)
{
  if (urls >= 0)
    atomic_store(&urls_choice, urls);
  if (punctuation >= 0)
    atomic_store(&punct_choice, punctuation);
  if (voice)
    snprintf(voice_lang, sizeof voice_lang, "%s", voice);
}

int normalise_urls_choice(void) { return atomic_load(&urls_choice); }
int normalise_punct_choice(void) { return atomic_load(&punct_choice); }

const struct norm_lang *normalise_lang_for(const char *paragraph_lang)
{
  const struct norm_lang *l = norm_lang_get(paragraph_lang);
  if (!l)
    l = norm_lang_get(voice_lang);
  return l ? l : norm_lang_get("en");
}

const char *normalise_rule_name(unsigned bit)
{
  for (int i = 0; i < NORMALISE_N_RULES; i++)
    if (bit == 1u << i)
      return rule_names[i];
  return "";
}

void norm_say(struct norm_piece *p, const char *s, size_t n)
{
  if (n == 0)
    return;
  size_t need = n + (p->len > 0);
  if (p->len + need >= sizeof p->text)
    return; /* longer than any rule says: cut, never overflow */
  if (p->len > 0)
    p->text[p->len++] = ' ';
  memcpy(p->text + p->len, s, n);
  p->len += n;
  p->text[p->len] = '\0';
}

void norm_glue(struct norm_piece *p, const char *s)
{
  size_t n = strlen(s);
  if (p->len + n < sizeof p->text) {
    memcpy(p->text + p->len, s, n + 1);
    p->len += n;
  }
}

void norm_says(struct norm_piece *p, const char *s)
{
  norm_say(p, s, strlen(s));
}

void norm_say_range(const struct norm_ctx *c, struct norm_piece *p, const char *a, size_t an,
                    const char *b, size_t bn)
{
  norm_say(p, a, an);
  norm_says(p, norm_word(c->lang, "to"));
  norm_say(p, b, bn);
}

struct norm_piece *norm_piece_new(struct norm_match *m, size_t start, size_t end)
{
  if (m->n >= NORM_MAX_PIECES)
    return NULL;
  struct norm_piece *p = &m->piece[m->n++];
  p->start = start;
  p->end = end;
  p->len = 0;
  p->text[0] = '\0';
  return p;
}

struct norm_piece *norm_piece_say(struct norm_match *m, size_t start, size_t end,
                                  const char *text, unsigned rule)
{
  struct norm_piece *p = norm_piece_new(m, start, end);
  if (p) {
    norm_says(p, text);
    m->rules |= rule;
  }
  return p;
}

static bool is_space_at(const char *s, size_t i, size_t end)
{
  unsigned char ch = (unsigned char)s[i];
  if (ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r')
    return true;
  /* no-break space and narrow no-break space ("5 °C" is often written with them) */
  return (end - i >= 2 && ch == 0xC2 && (unsigned char)s[i + 1] == 0xA0) ||
         (end - i >= 3 && ch == 0xE2 && (unsigned char)s[i + 1] == 0x80 &&
          (unsigned char)s[i + 2] == 0xAF);
}

size_t norm_token_end(const struct norm_ctx *c, size_t i)
{
  while (i < c->end && !is_space_at(c->s, i, c->end))
    i++;
  return i;
}

size_t norm_token_core(const struct norm_ctx *c, size_t i, size_t te)
{
  /* Closers: . , ; : ! ? ) ] " ' and the closing quotes ” ’ », told apart by their last byte
   * (this runs at every token a rule looks at). */
  const unsigned char *u = (const unsigned char *)c->s;
  for (;;) {
    size_t n = 0;
    switch (te > i ? u[te - 1] : 0) {
    case '.': case ',': case ';': case ':': case '!': case '?': case ')': case ']': case '"':
    case '\'':
      n = 1;
      break;
    case 0x9D: case 0x99: /* ” ’ */
      n = te - i >= 3 && u[te - 3] == 0xE2 && u[te - 2] == 0x80 ? 3 : 0;
      break;
    case 0xBB: /* » */
      n = te - i >= 2 && u[te - 2] == 0xC2 ? 2 : 0;
      break;
    default:
      break;
    }
    if (n == 0 || te - i <= n)
      return te;
    te -= n;
  }
}

size_t norm_next_token(const struct norm_ctx *c, size_t te)
{
  while (te < c->end && is_space_at(c->s, te, c->end))
    te += (unsigned char)c->s[te] < 0x80 ? 1 : (unsigned char)c->s[te] == 0xC2 ? 2 : 3;
  return te;
}

static bool upper_at(const char *s, size_t i)
{
  return (s[i] >= 'A' && s[i] <= 'Z') || (unsigned char)s[i] == 0xC3 /* À..ß, rough */;
}

/* The token before i (its start), or i when there is none. */
static size_t prev_token(const struct norm_ctx *c, size_t i, size_t *end)
{
  size_t k = i;
  while (k > c->start && (c->s[k - 1] == ' ' || c->s[k - 1] == '\t' || c->s[k - 1] == '\n'))
    k--;
  *end = k;
  if (k == i && k > c->start)
    return i;
  size_t b = k;
  while (b > c->start && !is_space_at(c->s, b - 1, c->end))
    b--;
  return b < k ? b : i;
}

/* Context of an abbreviation: any, digit, name, after-name, after-digit. */
static bool context_holds(const struct norm_ctx *c, const char *ctx, size_t i, size_t after)
{
  if (!*ctx || strcmp(ctx, "any") == 0)
    return true;
  size_t nx = norm_next_token(c, after);
  size_t pe, pb = prev_token(c, i, &pe);
  if (strcmp(ctx, "digit") == 0)
    return nx < c->end && c->s[nx] >= '0' && c->s[nx] <= '9';
  if (strcmp(ctx, "name") == 0)
    return nx < c->end && upper_at(c->s, nx);
  if (strcmp(ctx, "after-name") == 0)
    return pb < i && upper_at(c->s, pb);
  if (strcmp(ctx, "after-digit") == 0)
    return pb < i && pe > pb && c->s[pe - 1] >= '0' && c->s[pe - 1] <= '9';
  return false;
}

static size_t abbrev_at(const struct norm_ctx *c, size_t i, struct norm_match *m)
{
  const struct norm_lang *l = c->lang;
  size_t k, last;
  for (norm_bucket(l, NT_ABBREV, (unsigned char)c->s[i], &k, &last); k < last; k++) {
    const struct norm_entry *e = &l->entries[NT_ABBREV][k];
    size_t after = i + e->key_len;
    /* the first byte is the bucket's; the second rejects most words before a memcmp */
    if (after > c->end || (e->key_len > 1 && c->s[i + 1] != e->key[1]) ||
        memcmp(c->s + i, e->key, e->key_len) != 0)
      continue;
    if (after < c->end && ((c->s[after] >= 'a' && c->s[after] <= 'z') ||
                           (c->s[after] >= 'A' && c->s[after] <= 'Z')))
      continue;
    if (!context_holds(c, e->n_fields > 1 ? e->field[1] : "any", i, after))
      continue;
    struct norm_piece *p = norm_piece_say(m, i, after, e->field[0], NR_ABBREV);
    if (!p)
      return i;
    /* at the end of the sentence its full stop was also the sentence's */
    if (e->key[e->key_len - 1] == '.' && norm_next_token(c, after) >= c->end)
      norm_glue(p, ".");
    return after;
  }
  return i;
}

/* The value of a well-formed Roman numeral of I, V, X, L, C in s[0, n), or 0. */
static int roman_value(const char *s, size_t n)
{
  static const char digits[] = "IVXLC";
  static const int values[] = {1, 5, 10, 50, 100};
  int total = 0, prev = 1000, run = 0;
  for (size_t k = 0; k < n; k++) {
    const char *d = strchr(digits, s[k]);
    if (!d || !s[k])
      return 0;
    int v = values[d - digits];
    int next = 0;
    if (k + 1 < n && strchr(digits, s[k + 1]) && s[k + 1])
      next = values[strchr(digits, s[k + 1]) - digits];
    run = v == prev ? run + 1 : 1;
    if (run > 3 || (v > prev && run > 1))
      return 0;
    total += next > v ? -v : v;
    if (next > v && next > 10 * v)
      return 0;
    prev = v;
  }
  return total;
}

/* "World War II", "Chapter IV": a cardinal; "Henry VIII": "the eighth". Never "I" alone, and
 * only after a capitalised word. */
static size_t roman_at(const struct norm_ctx *c, size_t i, struct norm_match *m)
{
  size_t te = norm_token_end(c, i), core = norm_token_core(c, i, te);
  int v = roman_value(c->s + i, core - i);
  size_t pe, pb = prev_token(c, i, &pe);
  if (v == 0 || pb >= i || !upper_at(c->s, pb))
    return i;
  pe = norm_token_core(c, pb, pe);
  char num[8];
  snprintf(num, sizeof num, "%d", v);
  bool cardinal = norm_find(c->lang, NT_ROMAN_CARDINAL, c->s + pb, pe - pb) != NULL;
  const struct norm_entry *ord = norm_find(c->lang, NT_ROMAN_ORDINAL, num, strlen(num));
  if (!cardinal && (core - i < 2 || !ord || !ord->n_fields))
    return i;
  return norm_piece_say(m, i, core, cardinal ? num : ord->field[0], NR_ROMAN) ? core : i;
}

/* "Monday–Friday", "May–June": names of the range table joined by an en dash. */
static size_t name_range_at(const struct norm_ctx *c, size_t i, struct norm_match *m)
{
  size_t te = norm_token_end(c, i), core = norm_token_core(c, i, te);
  const char *dash = NULL;
  for (size_t k = i; k + 3 <= core && !dash; k++)
    if (memcmp(c->s + k, "\xE2\x80\x93", 3) == 0)
      dash = c->s + k;
  if (!dash)
    return i;
  size_t d = (size_t)(dash - c->s);
  if (!norm_find(c->lang, NT_RANGE_NAME, c->s + i, d - i) ||
      !norm_find(c->lang, NT_RANGE_NAME, dash + 3, core - d - 3))
    return i;
  struct norm_piece *p = norm_piece_say(m, i, core, "", NR_RANGE);
  if (!p)
    return i;
  norm_say_range(c, p, c->s + i, d - i, dash + 3, core - d - 3);
  return core;
}

/* Says a host or address part: "example.org" as "example dot org". */
static void say_dotted(const struct norm_ctx *c, struct norm_piece *p, const char *s, size_t n,
                       bool full)
{
  size_t k = 0;
  while (k < n) {
    size_t e = k;
    while (e < n && s[e] != '.' && s[e] != '/' && s[e] != '@' && (!full || s[e] != '-'))
      e++;
    norm_say(p, s + k, e - k);
    if (e < n)
      norm_says(p, norm_word(c->lang, s[e] == '.' ? "dot" : s[e] == '@' ? "at" : "slash"));
    k = e + 1;
  }
}

/* A URL ("https://…", "www.…"): its site, the whole of it, or nothing (--urls). */
static size_t url_at(const struct norm_ctx *c, size_t i, struct norm_match *m)
{
  const char *s = c->s;
  size_t te = norm_token_end(c, i), core = norm_token_core(c, i, te);
  size_t host = i;
  if (core - i > 8 && memcmp(s + i, "https://", 8) == 0)
    host = i + 8;
  else if (core - i > 7 && memcmp(s + i, "http://", 7) == 0)
    host = i + 7;
  else if (!(core - i > 4 && memcmp(s + i, "www.", 4) == 0))
    return i;
  size_t he = host;
  while (he < core && s[he] != '/' && s[he] != '?' && s[he] != '#' && s[he] != ':')
    he++;
  if (he - host > 4 && memcmp(s + host, "www.", 4) == 0)
    host += 4;
  if (he == host)
    return i;
  struct norm_piece *p = norm_piece_new(m, i, core);
  if (!p)
    return i;
  if (c->urls == NORMALISE_URLS_FULL) {
    while (core > he && s[core - 1] == '/')
      core--;
    say_dotted(c, p, s + host, core - host, true);
  } else if (c->urls != NORMALISE_URLS_SILENT) {
    say_dotted(c, p, s + host, he - host, false);
  }
  m->rules |= NR_URL;
  return p->end;
}

/* "help@example.org": help at example dot org. */
static size_t email_at(const struct norm_ctx *c, size_t i, struct norm_match *m)
{
  size_t te = norm_token_end(c, i), core = norm_token_core(c, i, te);
  const char *at = memchr(c->s + i, '@', core - i);
  if (!at || at == c->s + i || !memchr(at, '.', (size_t)(c->s + core - at)) ||
      c->s[core - 1] == '.')
    return i;
  struct norm_piece *p = norm_piece_say(m, i, core, "", NR_EMAIL);
  if (!p)
    return i;
  say_dotted(c, p, c->s + i, core - i, false);
  return core;
}

const char *normalise_symbol(const struct norm_ctx *c, const char *sym, size_t n)
{
  if (n == 0 || !c->lang || c->punct <= NORMALISE_PUNCT_NONE ||
      c->punct < c->lang->symbol_level[(unsigned char)sym[0]])
    return NULL; /* most characters: nothing said at this level */
  const struct norm_entry *e = norm_find(c->lang, NT_SYMBOL, sym, n);
  if (!e || e->n_fields < 1)
    return NULL;
  int level = normalise_punct_parse(e->n_fields > 1 ? e->field[1] : "some");
  return level >= 0 && level <= c->punct && c->punct > NORMALISE_PUNCT_NONE ? e->field[0] : NULL;
}

/* What a token holds, to try only the rules it could match: most words need none, and the rules
 * run at every word. */
struct token_signs {
  bool at, en_dash, digit;
};

static struct token_signs token_signs(const struct norm_ctx *c, size_t i)
{
  struct token_signs t = {0};
  for (size_t k = i; k < c->end; k++) {
    unsigned char ch = (unsigned char)c->s[k];
    if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r')
      break;
    t.at |= ch == '@';
    t.digit |= ch >= '0' && ch <= '9';
    t.en_dash |= ch == 0xE2 && k + 2 < c->end && memcmp(c->s + k, "\xE2\x80\x93", 3) == 0;
  }
  return t;
}

/* A word: a link, an address, an abbreviation, a Roman numeral, a range of names, or (from a
 * capital: "US$5") an amount. */
static size_t word_at(const struct norm_ctx *c, size_t i, struct norm_match *m)
{
  unsigned char ch = (unsigned char)c->s[i];
  struct token_signs t = token_signs(c, i);
  bool upper = ch >= 'A' && ch <= 'Z';
  size_t r = i;
  if (!upper && (ch == 'h' || ch == 'w'))
    r = url_at(c, i, m);
  if (r == i && t.at)
    r = email_at(c, i, m);
  if (r == i)
    r = abbrev_at(c, i, m);
  if (r == i && upper && strchr("IVXLC", ch))
    r = roman_at(c, i, m);
  if (r == i && t.en_dash)
    r = name_range_at(c, i, m);
  if (r == i && upper && t.digit)
    r = norm_number_at(c, i, m);
  if (r == i && upper)
    r = norm_code_amount_at(c, i, m);
  return r;
}

size_t normalise_at(const struct norm_ctx *c, size_t i, struct norm_match *m)
{
  m->n = 0;
  m->rules = 0;
  if (!c->lang || i >= c->end)
    return i;
  unsigned char ch = (unsigned char)c->s[i];
  bool letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
  size_t r = letter ? word_at(c, i, m) : norm_number_at(c, i, m);
  if (r == i)
    m->n = 0;
  return r;
}
