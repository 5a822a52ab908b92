/* Numbers with what surrounds them: a sign, a currency, a magnitude, a unit, a range, a time,
 * a ratio, a fraction, a decade. Digits stay digits (espeak-ng says them in the voice's
 * language); only what a synthesiser would misread is put into words, from the tables. */
#include "normalise_internal.h"

#include <stdlib.h>
#include <string.h>

struct amount {
  size_t start, end;                  /* bytes read */
  const char *sign;                   /* a word, or NULL */
  const struct norm_entry *cur, *mag, *unit;
  char num[40];                       /* the number, group separators removed */
  size_t int_len, frac_len;           /* digits before and after the decimal separator */
  bool grouped, vulgar_after;
  const struct norm_entry *vulgar;
  unsigned rules;
};

static bool digit(char ch)
{
  return ch >= '0' && ch <= '9';
}

static bool letter(char ch)
{
  return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (unsigned char)ch >= 0x80;
}

static bool starts(const char *s, size_t i, size_t end, const char *w)
{
  size_t n = strlen(w);
  return end - i >= n && memcmp(s + i, w, n) == 0;
}

/* A sign before a number: "−", "-", "±", "~", "≈". Returns its length, 0 for none. */
static size_t read_sign(const struct norm_ctx *c, size_t i, size_t end, struct amount *a)
{
  const char *s = c->s;
  static const struct { const char *text, *word; } signs[] = {
    {"\xE2\x88\x92", "minus"}, {"-", "minus"}, {"\xC2\xB1", "plus-minus"},
    {"~", "about"}, {"\xE2\x89\x88", "about"},
  };
  if (i < end && digit(s[i]))
    return 0; /* most numbers */
  for (size_t k = 0; k < sizeof signs / sizeof signs[0]; k++)
    if (starts(s, i, end, signs[k].text)) {
      a->sign = norm_word(c->lang, signs[k].word);
      a->rules |= k == 2 ? NR_SYMBOL : NR_MINUS;
      return strlen(signs[k].text);
    }
  return 0;
}

/* Digits with group separators (only before exactly three digits) and a decimal part. */
static size_t read_number(const struct norm_ctx *c, size_t i, size_t end, struct amount *a)
{
  const char *s = c->s;
  char group = c->lang->number_group, dec = c->lang->number_decimal;
  size_t k = i, n = 0, dec_at = sizeof a->num; /* where dec was put in a->num (none yet) */
  while (k < end && n + 2 < sizeof a->num) {
    if (digit(s[k])) {
      a->num[n++] = s[k++];
      continue;
    }
    bool three = k + 3 < end + 1 && end - k > 3 && digit(s[k + 1]) && digit(s[k + 2]) &&
                 digit(s[k + 3]) && (k + 4 >= end || !digit(s[k + 4]));
    /* no group separator after the decimal one (a decimal separator NUL: never one) */
    if (s[k] == group && dec_at == sizeof a->num && dec != '\0' && three && k > i) {
      a->grouped = true;
      k++;
      continue;
    }
    if (s[k] == dec && k + 1 < end && digit(s[k + 1]) && dec_at == sizeof a->num && k > i) {
      dec_at = n;
      a->num[n++] = s[k++];
      continue;
    }
    break;
  }
  a->num[n] = '\0';
  a->int_len = dec_at < n ? dec_at : n;
  a->frac_len = dec_at < n ? n - a->int_len - 1 : 0;
  if (a->grouped)
    a->rules |= NR_THOUSANDS;
  return n ? k - i : 0;
}

/* An entry of table t glued at s[k] that ends the token core (nothing but a letter after). */
static const struct norm_entry *glued(const struct norm_ctx *c, enum norm_table_id t, size_t k,
                                      size_t core)
{
  const struct norm_entry *e = norm_find_prefix(c->lang, t, c->s + k, core - k);
  if (e && k + e->key_len < core && letter(c->s[k + e->key_len]))
    return NULL;
  return e && k + e->key_len == core ? e : NULL;
}

/* True for a key of ASCII letters only: a currency code ("CHF"), not a symbol ("£", "A$"). */
static bool all_letters(const char *s, size_t n)
{
  for (size_t k = 0; k < n; k++)
    if (!((s[k] >= 'a' && s[k] <= 'z') || (s[k] >= 'A' && s[k] <= 'Z')))
      return false;
  return true;
}

/* Reads an amount at i inside the token core [i, core). */
static bool read_amount(const struct norm_ctx *c, size_t i, size_t core, struct amount *a)
{
  memset(a, 0, sizeof *a);
  a->start = i;
  size_t k = i + read_sign(c, i, core, a);
  if (k < core && !digit(c->s[k])) {
    a->cur = norm_find_prefix(c->lang, NT_CURRENCY, c->s + k, core - k);
    if (!a->cur || all_letters(a->cur->key, a->cur->key_len))
      return false; /* "A$40" and "US$5" are amounts, a code glued to a number ("CHF250") not */
    k += a->cur->key_len;
  }
  size_t n = read_number(c, k, core, a);
  if (!n)
    return false;
  k += n;
  if (k < core && (a->vulgar = norm_find_prefix(c->lang, NT_VULGAR, c->s + k, core - k))) {
    k += a->vulgar->key_len;
    a->rules |= NR_FRACTION;
  }
  if (k < core && (a->mag = norm_find_prefix(c->lang, NT_MAGNITUDE, c->s + k, core - k))) {
    size_t after = k + a->mag->key_len;
    bool ok = a->cur && (after == core || !letter(c->s[after]));
    if (ok) {
      k = after;
      a->rules |= NR_MAGNITUDE;
    } else {
      a->mag = NULL;
    }
  }
  if (k < core && !a->cur && (a->cur = glued(c, NT_CURRENCY, k, core)))
    k += a->cur->key_len;
  else if (k < core && (a->unit = glued(c, NT_UNIT, k, core)))
    k += a->unit->key_len;
  if (a->cur)
    a->rules |= NR_CURRENCY;
  if (a->unit)
    a->rules |= NR_UNIT;
  a->end = k;
  return true;
}

static bool is_one(const struct amount *a)
{
  return strcmp(a->num, "1") == 0 && !a->mag && !a->vulgar;
}

/* Says the number part: sign, digits, fraction, magnitude. */
static void say_number(const struct norm_ctx *c, const struct amount *a, struct norm_piece *p)
{
  if (a->sign)
    norm_says(p, a->sign);
  if (a->cur && !a->mag && a->frac_len == 2 && a->cur->n_fields >= 4) {
    /* £2.50: two pounds fifty; £0.99: ninety-nine pence */
    const char *frac = a->num + a->int_len + 1;
    if (frac[0] == '0')
      frac++;
    bool whole = a->int_len == 1 && a->num[0] == '0';
    if (!whole) {
      norm_say(p, a->num, a->int_len);
      bool one = a->int_len == 1 && a->num[0] == '1';
      norm_says(p, a->cur->field[one ? 0 : 1]);
      norm_says(p, frac);
    } else {
      norm_says(p, frac);
      norm_says(p, a->cur->field[strcmp(frac, "1") == 0 ? 2 : 3]);
    }
    return;
  }
  norm_says(p, a->num);
  if (a->vulgar)
    norm_says(p, a->vulgar->field[1]);
  if (a->mag)
    norm_says(p, a->mag->field[0]);
}

static bool minor_said(const struct amount *a)
{
  return a->cur && !a->mag && a->frac_len == 2 && a->cur->n_fields >= 4;
}

/* Says what follows the number: the currency or the unit, singular or plural. */
static void say_tail(const struct amount *a, const struct amount *count, struct norm_piece *p)
{
  bool one = is_one(count);
  if (a->cur && !minor_said(a))
    norm_says(p, a->cur->field[one ? 0 : a->cur->n_fields > 1 ? 1 : 0]);
  if (a->unit)
    norm_says(p, a->unit->field[one ? 0 : a->unit->n_fields > 1 ? 1 : 0]);
}

/* "10–12", "$20–$30", "5–7%", "1914–1918": the first amount, "to", the second. The shared
 * currency or unit is said once, after the second. */
static size_t range_at(const struct norm_ctx *c, size_t i, size_t core, const struct amount *first,
                       struct norm_match *m)
{
  struct amount a = *first, b;
  if (a.end >= core)
    return i;
  const char *s = c->s;
  size_t k = a.end;
  bool en_dash = starts(s, k, core, "\xE2\x80\x93");
  if (!en_dash && s[k] != '-')
    return i;
  k += en_dash ? 3 : 1;
  if (!read_amount(c, k, core, &b) || b.end != core || b.sign)
    return i;
  if (!en_dash && (a.cur || atof(a.num) > atof(b.num)))
    return i; /* "2-1" with a hyphen is a score or a code, not a range */
  if (!b.cur)
    b.cur = a.cur;
  if (!b.unit)
    b.unit = a.unit;
  struct norm_piece *p = norm_piece_new(m, i, core);
  if (!p)
    return i;
  say_number(c, &a, p);
  if (minor_said(&a) || (a.unit && b.unit != a.unit))
    say_tail(&a, &a, p);
  norm_says(p, norm_word(c->lang, "to"));
  say_number(c, &b, p);
  say_tail(&b, &b, p);
  m->rules |= a.rules | b.rules | NR_RANGE;
  return core;
}

/* "14:30", "9:05", "3:1"; "12.30pm", "3pm". */
static size_t clock_at(const struct norm_ctx *c, size_t i, size_t core, struct norm_match *m)
{
  const char *s = c->s;
  size_t k = i, h = 0, mins = 0;
  while (k < core && digit(s[k]) && k - i < 3)
    k++;
  h = k - i;
  if (!h || h > 2 || k >= core)
    return i;
  char sep = s[k];
  if ((starts(s, k, core, "am") || starts(s, k, core, "pm")) && k + 2 == core &&
      *norm_word(c->lang, "pm")) {
    struct norm_piece *p = norm_piece_say(m, i, core, "", NR_TIME);
    if (!p)
      return i;
    norm_say(p, s + i, h); /* "3pm": three p m */
    norm_says(p, norm_word(c->lang, sep == 'a' ? "am" : "pm"));
    return core;
  }
  size_t ms = k + 1, me = ms;
  while (me < core && digit(s[me]))
    me++;
  mins = me - ms;
  const char *ampm = NULL;
  if (me < core && (starts(s, me, core, "am") || starts(s, me, core, "pm")) && me + 2 == core)
    ampm = norm_word(c->lang, s[me] == 'a' ? "am" : "pm");
  if (sep != ':' && !(sep == '.' && ampm && mins == 2))
    return i;
  if (me != core && !ampm)
    return i;
  int hv = atoi(s + i), mv = atoi(s + ms);
  bool is_time = mins == 2 && hv <= 24 && mv < 60, ratio = sep == ':' && !ampm && mins > 0;
  struct norm_piece *p = is_time || ratio ? norm_piece_new(m, i, core) : NULL;
  if (!p)
    return i;
  if (is_time) {
    norm_say(p, s + i, h);
    norm_says(p, norm_word(c->lang, mv == 0 && !ampm ? "time-whole" : "time-sep"));
    if (mv > 0 && mv < 10)
      norm_says(p, norm_word(c->lang, "oh"));
    if (mv > 0)
      norm_say(p, s + ms + (mv < 10), mv < 10 ? 1 : 2);
    if (ampm)
      norm_says(p, ampm);
    m->rules |= NR_TIME;
  } else {
    /* a score or a ratio: "3 to 1", "3 zu 1" */
    const char *to = norm_word(c->lang, "ratio");
    norm_say(p, s + i, h);
    norm_says(p, *to ? to : norm_word(c->lang, "to"));
    norm_say(p, s + ms, mins);
    m->rules |= NR_RATIO;
  }
  return core;
}

/* The dash of a range inside [i, core): an en dash, or a hyphen between digits. Returns its
 * offset (its length in *n), or core when there is none. */
static size_t range_dash(const char *s, size_t i, size_t core, size_t *n)
{
  for (size_t k = i + 1; k + 1 < core; k++) {
    if (starts(s, k, core, "\xE2\x80\x93")) {
      *n = 3;
      return k;
    }
    if (s[k] == '-' && digit(s[k + 1]) && (digit(s[k - 1]) || letter(s[k - 1]))) {
      *n = 1;
      return k;
    }
  }
  return core;
}

/* "9:00–17:30", "9am–5pm", "14:00-15:30": two times joined by a dash, each read as a time. */
static size_t time_range_at(const struct norm_ctx *c, size_t i, size_t core,
                            struct norm_match *m)
{
  size_t dn, d = range_dash(c->s, i, core, &dn);
  struct norm_match a = {0}, b = {0};
  if (d >= core || clock_at(c, i, d, &a) != d || clock_at(c, d + dn, core, &b) != core ||
      !(a.rules & b.rules & NR_TIME))
    return i;
  struct norm_piece *p = norm_piece_say(m, i, core, "", a.rules | b.rules | NR_RANGE);
  if (!p)
    return i;
  norm_say_range(c, p, a.piece[0].text, a.piece[0].len, b.piece[0].text, b.piece[0].len);
  return core;
}

/* "3/4": three quarters, when the denominator is a small one of the fraction table. */
static size_t fraction_at(const struct norm_ctx *c, size_t i, size_t core, struct norm_match *m)
{
  const char *s = c->s;
  size_t k = i;
  while (k < core && digit(s[k]))
    k++;
  if (k == i || k - i > 2 || k >= core || s[k] != '/')
    return i;
  size_t d = k + 1, de = d;
  while (de < core && digit(s[de]))
    de++;
  const struct norm_entry *e = de > d ? norm_find(c->lang, NT_FRACTION, s + d, de - d) : NULL;
  if (!e || de != core || e->n_fields < 2)
    return i;
  struct norm_piece *p = norm_piece_say(m, i, core, "", NR_FRACTION);
  if (!p)
    return i;
  norm_say(p, s + i, k - i);
  norm_says(p, e->field[k - i == 1 && s[i] == '1' ? 0 : 1]);
  return core;
}

/* "1980s": nineteen eighties; "80s": eighties. */
static size_t decade_at(const struct norm_ctx *c, size_t i, size_t core, struct norm_match *m)
{
  const char *s = c->s;
  size_t n = core - i;
  if ((n != 5 && n != 3) || s[core - 1] != 's' || s[core - 2] != '0')
    return i;
  for (size_t k = i; k < core - 1; k++)
    if (!digit(s[k]))
      return i;
  const struct norm_entry *whole = n == 5 ? norm_find(c->lang, NT_DECADE, s + i, 4) : NULL;
  const struct norm_entry *e = norm_find(c->lang, NT_DECADE, s + core - 3, 1);
  if (!e || !e->n_fields)
    return i;
  struct norm_piece *p = norm_piece_new(m, i, core);
  if (!p)
    return i;
  if (whole && whole->n_fields) {
    norm_says(p, whole->field[0]);
  } else {
    if (n == 5)
      norm_say(p, s + i, 2);
    norm_says(p, e->field[0]);
  }
  m->rules |= NR_DECADE;
  return core;
}

/* "am 3. Mai": a day number with a full stop before a month name. The month may stand past
 * the sentence, where a segmenter took the full stop for the sentence's end. */
static size_t date_ordinal_at(const struct norm_ctx *c, size_t i, size_t te, struct norm_match *m)
{
  const char *s = c->s;
  if (te - i > 3 || te - i < 2 || s[te - 1] != '.')
    return i;
  const struct norm_entry *e = norm_find(c->lang, NT_DATE_ORDINAL, s + i, te - 1 - i);
  struct norm_ctx past = *c;
  if (c->text_end > c->end)
    past.end = c->text_end;
  size_t nx = norm_next_token(&past, te);
  size_t ne = norm_token_core(&past, nx, norm_token_end(&past, nx));
  if (!e || !e->n_fields || !norm_find(c->lang, NT_RANGE_NAME, s + nx, ne - nx))
    return i;
  return norm_piece_say(m, i, te, e->field[0], NR_ORDINAL) ? te : i;
}

/* The amount alone, with a unit or currency in the next token ("250 g", "−5 °C", "5 €"). */
static size_t amount_at(const struct norm_ctx *c, size_t i, size_t te, size_t core,
                        const struct amount *read, struct norm_match *m)
{
  struct amount a = *read;
  if (a.end != core)
    return i;
  size_t nx = norm_next_token(c, te);
  size_t nte = nx < c->end ? norm_token_end(c, nx) : nx;
  size_t ne = nx < c->end ? norm_token_core(c, nx, nte) : nx;
  const struct norm_entry *next_unit = NULL, *next_cur = NULL, *next_mag = NULL;
  bool dotted = false; /* a unit written with a full stop ("Min."), read with it */
  if (!a.unit && !a.cur && nte > ne && c->s[ne] == '.' &&
      (next_unit = norm_find(c->lang, NT_UNIT, c->s + nx, ne + 1 - nx))) {
    ne++;
    dotted = true;
  } else if (!a.unit && !a.cur && ne > nx) {
    next_unit = norm_find(c->lang, NT_UNIT, c->s + nx, ne - nx);
    next_cur = next_unit ? NULL : norm_find(c->lang, NT_CURRENCY, c->s + nx, ne - nx);
  } else if (a.cur && !a.mag && ne > nx && (next_mag = norm_find(c->lang, NT_MAGNITUDE, c->s + nx, ne - nx)) &&
             !letter(c->s[nx]))
    next_mag = NULL;
  if (!a.rules && !next_unit && !next_cur && !next_mag)
    return i;
  struct norm_piece *p = norm_piece_new(m, i, core);
  if (!p)
    return i;
  if (next_mag) {
    a.mag = next_mag;
    say_number(c, &a, p);
    struct norm_piece *q = norm_piece_new(m, nx, ne);
    if (q)
      say_tail(&a, &a, q);
    m->rules |= a.rules | NR_MAGNITUDE;
    return q ? ne : core;
  }
  if (next_cur) { /* "12,50 €": the currency is said where the number is */
    a.cur = next_cur;
    next_cur = NULL;
    a.rules |= NR_CURRENCY;
    core = ne;
    p->end = ne;
  }
  say_number(c, &a, p);
  say_tail(&a, &a, p);
  m->rules |= a.rules;
  if (next_unit) {
    struct norm_piece *q = norm_piece_new(m, nx, ne);
    a.unit = next_unit;
    a.cur = next_cur;
    if (q)
      say_tail(&a, &a, q);
    if (q && dotted && norm_next_token(c, ne) >= c->end)
      norm_glue(q, "."); /* the full stop was also the sentence's */
    m->rules |= next_unit ? NR_UNIT : NR_CURRENCY;
    return q ? ne : core;
  }
  return core;
}

size_t norm_code_amount_at(const struct norm_ctx *c, size_t i, struct norm_match *m)
{
  size_t te = norm_token_end(c, i), nx = norm_next_token(c, te);
  if (norm_token_core(c, i, te) != te || nx >= c->end || !digit(c->s[nx]))
    return i;
  const struct norm_entry *cur = norm_find(c->lang, NT_CURRENCY, c->s + i, te - i);
  if (!cur || !all_letters(cur->key, cur->key_len))
    return i;
  size_t ne = norm_token_core(c, nx, norm_token_end(c, nx));
  struct amount a;
  if (!read_amount(c, nx, ne, &a) || a.end != ne || a.cur || a.unit)
    return i;
  a.cur = cur;
  struct norm_piece *p = norm_piece_new(m, i, ne);
  if (!p)
    return i;
  say_number(c, &a, p);
  say_tail(&a, &a, p);
  m->rules |= a.rules | NR_CURRENCY;
  return ne;
}

size_t norm_number_at(const struct norm_ctx *c, size_t i, struct norm_match *m)
{
  size_t te = norm_token_end(c, i), core = norm_token_core(c, i, te), r;
  const struct norm_entry *v = norm_find(c->lang, NT_VULGAR, c->s + i, core - i);
  if (v && v->n_fields && norm_piece_say(m, i, core, v->field[0], NR_FRACTION))
    return core; /* "½ a cup": half a cup */
  if ((r = date_ordinal_at(c, i, te, m)) != i)
    return r;
  /* the amount at i, read once for the range and the amount alone */
  struct amount a;
  bool amount = read_amount(c, i, core, &a);
  if ((amount && (r = range_at(c, i, core, &a, m)) != i) ||
      (r = time_range_at(c, i, core, m)) != i || (r = clock_at(c, i, core, m)) != i ||
      (r = fraction_at(c, i, core, m)) != i || (r = decade_at(c, i, core, m)) != i)
    return r;
  return amount ? amount_at(c, i, te, core, &a, m) : i;
}
