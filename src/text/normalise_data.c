/* Parsing and look-up of the reading-rule tables. The tables are small (a few hundred entries):
 * a linear search is cheaper than building anything, and only runs on tokens that look like
 * they need a rule (a digit, a symbol, a full stop inside a token). */
#include "text/normalise_data.h"

#include "text/normalise.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const table_names[NT_COUNT] = {
  "words", "number", "currency", "magnitude", "unit", "abbrev", "symbol", "roman-cardinal",
  "roman-ordinal", "fraction", "vulgar", "decade", "range-name", "date-ordinal",
};

static char *trim(char *s)
{
  while (*s == ' ' || *s == '\t')
    s++;
  size_t n = strlen(s);
  while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
    s[--n] = '\0';
  return s;
}

static int table_of(const char *name)
{
  for (int t = 0; t < NT_COUNT; t++)
    if (strcmp(table_names[t], name) == 0)
      return t;
  return -1;
}

/* Splits "key = a | b" (in place) into e. The key ends at the first " = ", so that "=" itself
 * can be a key ("= = equals"). */
static void parse_entry(char *line, struct norm_entry *e)
{
  char *eq = strstr(line, " = ");
  if (eq == line) /* "= = equals": the key is "=" */
    eq = strstr(line + 1, " = ");
  *e = (struct norm_entry){0};
  for (int f = 0; f < NORM_MAX_FIELDS; f++)
    e->field[f] = "";
  if (eq) {
    *eq = '\0';
    char *rest = eq + 3;
    while (rest && e->n_fields < NORM_MAX_FIELDS) {
      char *bar = strstr(rest, " | ");
      if (bar)
        *bar = '\0';
      e->field[e->n_fields++] = trim(rest);
      rest = bar ? bar + 3 : NULL;
    }
  }
  e->key = trim(line);
  e->key_len = strlen(e->key);
}

static int add_entry(struct norm_lang *l, int t, char *line)
{
  struct norm_entry *grown = realloc(l->entries[t], (l->n[t] + 1) * sizeof *grown);
  if (!grown)
    return -ENOMEM;
  l->entries[t] = grown;
  parse_entry(line, &grown[l->n[t]]);
  if (grown[l->n[t]].key_len > 0)
    l->n[t]++;
  return 0;
}

/* Groups table t by first byte (a stable counting sort: file order stays within a group, where
 * it matters: "St." as Saint is tried before "St." as Street). Returns 0 or -ENOMEM. */
static int index_table(struct norm_lang *l, int t)
{
  size_t n = l->n[t];
  unsigned short *first = l->first[t];
  memset(first, 0, sizeof l->first[t]);
  if (n == 0)
    return 0;
  if (n > 65535)
    return -ENOMEM;
  struct norm_entry *sorted = malloc(n * sizeof *sorted);
  if (!sorted)
    return -ENOMEM;
  for (size_t i = 0; i < n; i++)
    first[(unsigned char)l->entries[t][i].key[0] + 1]++;
  for (int b = 0; b < 256; b++)
    first[b + 1] += first[b];
  unsigned short at[256];
  memcpy(at, first, sizeof at);
  for (size_t i = 0; i < n; i++)
    sorted[at[(unsigned char)l->entries[t][i].key[0]]++] = l->entries[t][i];
  free(l->entries[t]);
  l->entries[t] = sorted;
  return 0;
}

static unsigned length_bit(size_t n)
{
  return 1u << (n < 31 ? n : 31);
}

static size_t key_hash(const char *s, size_t n)
{
  size_t h = 2166136261u;
  for (size_t k = 0; k < n; k++)
    h = (h ^ (unsigned char)s[k]) * 16777619u;
  return h;
}

/* The hash of table t's keys, for norm_find. Returns 0 or -ENOMEM. */
static int hash_table(struct norm_lang *l, int t)
{
  size_t n = l->n[t], size = 16;
  while (size < 2 * n)
    size *= 2;
  if (!(l->slots[t] = calloc(size, sizeof *l->slots[t])))
    return -ENOMEM;
  l->slot_mask[t] = size - 1;
  for (size_t i = 0; i < n; i++) {
    const struct norm_entry *e = &l->entries[t][i];
    if (e->key_len > l->max_key_len[t])
      l->max_key_len[t] = e->key_len;
    l->key_lengths[t][(unsigned char)e->key[0]] |= length_bit(e->key_len);
    size_t h = key_hash(e->key, e->key_len) & l->slot_mask[t];
    for (;; h = (h + 1) & l->slot_mask[t]) {
      unsigned at = l->slots[t][h];
      if (at == 0) {
        l->slots[t][h] = (unsigned)i + 1;
        break;
      }
      const struct norm_entry *o = &l->entries[t][at - 1];
      if (o->key_len == e->key_len && memcmp(o->key, e->key, e->key_len) == 0)
        break; /* an earlier entry of the same key wins */
    }
  }
  return 0;
}

void norm_bucket(const struct norm_lang *l, enum norm_table_id t, unsigned char b,
                 size_t *begin, size_t *end)
{
  *begin = l->first[t][b];
  *end = l->first[t][b + 1];
}

/* The number section's group and decimal separators (no section: "1,000.5"). */
static void number_separators(struct norm_lang *l)
{
  l->number_group = l->n[NT_NUMBER] ? 0 : ',';
  l->number_decimal = '.';
  const struct norm_entry *e = norm_find(l, NT_NUMBER, "group", 5);
  if (e && e->n_fields)
    l->number_group = e->field[0][0];
  if ((e = norm_find(l, NT_NUMBER, "decimal", 7)) && e->n_fields)
    l->number_decimal = e->field[0][0];
}

int norm_lang_parse(const char *code, const char *text, size_t len, struct norm_lang *out)
{
  *out = (struct norm_lang){0};
  snprintf(out->code, sizeof out->code, "%s", code);
  if (!(out->buf = malloc(len + 1)))
    return -ENOMEM;
  memcpy(out->buf, text, len);
  out->buf[len] = '\0';
  int table = -1;
  for (char *line = out->buf, *next; line; line = next) {
    next = strchr(line, '\n');
    if (next)
      *next++ = '\0';
    char *t = trim(line);
    if (*t == '\0' || (*t == '#' && strncmp(t, "# = ", 4) != 0))
      continue;
    size_t n = strlen(t);
    if (t[0] == '[' && t[n - 1] == ']' && n > 2 && t[1] != ' ') {
      t[n - 1] = '\0';
      table = table_of(t + 1);
      continue;
    }
    if (table >= 0 && add_entry(out, table, t)) {
      norm_lang_free(out);
      return -ENOMEM;
    }
  }
  for (int t = 0; t < NT_COUNT; t++)
    if (index_table(out, t) || hash_table(out, t)) {
      norm_lang_free(out);
      return -ENOMEM;
    }
  number_separators(out);
  memset(out->symbol_level, NORMALISE_PUNCT_ALL + 1, sizeof out->symbol_level);
  for (size_t k = 0; k < out->n[NT_SYMBOL]; k++) {
    const struct norm_entry *e = &out->entries[NT_SYMBOL][k];
    int level = normalise_punct_parse(e->n_fields > 1 ? e->field[1] : "some");
    unsigned char *at = &out->symbol_level[(unsigned char)e->key[0]];
    if (level >= 0 && level < *at)
      *at = (unsigned char)level;
  }
  for (size_t k = 0; k < out->n[NT_ABBREV]; k++) {
    const struct norm_entry *e = &out->entries[NT_ABBREV][k];
    const unsigned char *key = (const unsigned char *)e->key;
    size_t n = e->key_len;
    if (key[n - 1] == '.' && n >= 3) {
      unsigned pair = (unsigned)key[n - 3] << 8 | key[n - 2];
      out->dot_pairs[pair / 64] |= 1ull << (pair % 64);
      unsigned triple = n >= 4 ? norm_dot_triple(key[n - 4], key[n - 3], key[n - 2]) : 0;
      out->dot_triples[triple / 64] |= n >= 4 ? 1ull << (triple % 64) : 0;
    } else if (key[n - 1] == '.') {
      out->dot_single[key[0]] |= n == 2;
      out->dot_any |= n == 1;
    }
    if (memchr(e->key, '.', e->key_len))
      continue;
    if (out->n_bare_abbrev == sizeof out->bare_abbrev / sizeof out->bare_abbrev[0]) {
      out->bare_abbrev_overflow = true;
      break;
    }
    out->bare_abbrev[out->n_bare_abbrev++] = e;
    out->bare_abbrev_first[(unsigned char)e->key[0]] = true;
  }
  norm_prescan_prepare(out);
  return 0;
}

void norm_lang_free(struct norm_lang *l)
{
  for (int t = 0; t < NT_COUNT; t++) {
    free(l->entries[t]);
    free(l->slots[t]);
  }
  free(l->buf);
  *l = (struct norm_lang){0};
}

#define MAX_LANGS 16
static struct norm_lang langs[MAX_LANGS];  /* written once, under `once` */
static size_t n_langs;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load_all(void)
{
  for (size_t i = 0; i < norm_rules_n_files && n_langs < MAX_LANGS; i++) {
    const struct norm_rules_file *f = &norm_rules_files[i];
    if (norm_lang_parse(f->lang, f->text, f->len, &langs[n_langs]) == 0)
      n_langs++;
  }
}

const struct norm_lang *norm_lang_get(const char *code)
{
  if (!code || !isalpha((unsigned char)code[0]) || !isalpha((unsigned char)code[1]))
    return NULL;
  if (code[2] != '\0' && code[2] != '-' && code[2] != '_' && code[2] != '+')
    return NULL;
  pthread_once(&once, load_all);
  for (size_t i = 0; i < n_langs; i++)
    if (tolower((unsigned char)code[0]) == langs[i].code[0] &&
        tolower((unsigned char)code[1]) == langs[i].code[1] && langs[i].code[2] == '\0')
      return &langs[i];
  return NULL;
}

const struct norm_entry *norm_find(const struct norm_lang *l, enum norm_table_id t,
                                   const char *s, size_t n)
{
  if (n == 0 || !l->slots[t] || !(l->key_lengths[t][(unsigned char)s[0]] & length_bit(n)))
    return NULL;
  for (size_t h = key_hash(s, n) & l->slot_mask[t];; h = (h + 1) & l->slot_mask[t]) {
    unsigned at = l->slots[t][h];
    if (at == 0)
      return NULL;
    const struct norm_entry *e = &l->entries[t][at - 1];
    if (e->key_len == n && memcmp(e->key, s, n) == 0)
      return e;
  }
}

const struct norm_entry *norm_find_prefix(const struct norm_lang *l, enum norm_table_id t,
                                          const char *s, size_t n)
{
  const struct norm_entry *best = NULL;
  size_t i, end;
  if (n == 0)
    return NULL;
  for (norm_bucket(l, t, (unsigned char)s[0], &i, &end); i < end; i++) {
    const struct norm_entry *e = &l->entries[t][i];
    if (e->key_len <= n && (e->key_len == 1 || e->key[1] == s[1]) &&
        memcmp(e->key, s, e->key_len) == 0 &&
        (!best || e->key_len > best->key_len))
      best = e;
  }
  return best;
}

const char *norm_word(const struct norm_lang *l, const char *key)
{
  const struct norm_entry *e = norm_find(l, NT_WORDS, key, strlen(key));
  return e && e->n_fields > 0 ? e->field[0] : "";
}
