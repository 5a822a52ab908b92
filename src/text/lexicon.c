/* Pronunciation lexicon: parsing (robust to any bytes) and whole-word lookup. */
#include "text/lexicon.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <utf8proc.h>

#include "util/grow.h"
#include "util/error.h"
#include "util/file.h"
#include "text/speech_text.h"

#define LEXICON_MAX_FILE (8 * 1024 * 1024)
#define LEXICON_MAX_LINE 4096
#define LEXICON_MAX_KEY 128
#define LEXICON_MAX_REPLACEMENT 1024

struct lex_entry {
  char *key;          /* exact bytes (case-sensitive) or case-folded */
  char *replacement;
  size_t seq;         /* order of the line, so that a later line overrides an earlier one */
};

struct lexicon {
  struct lex_entry *exact, *folded;   /* each sorted by key after parsing */
  size_t n_exact, n_folded, cap_exact, cap_folded;
  bool spell_acronyms;
};

/* Case-folded, NFC copy of s[0, len) (malloc'd), or NULL when invalid or out of memory. */
static char *fold(const char *s, size_t len)
{
  utf8proc_uint8_t *out = NULL;
  utf8proc_ssize_t r = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
                                    UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE);
  if (r < 0)
    return NULL;
  return (char *)out;
}

/* What is wrong with s[0, len) as text, or NULL: bytes that are not UTF-8 are not the same
 * mistake as a control character (an escape sequence pasted from a terminal). */
static const char *text_problem(const char *s, size_t len)
{
  size_t i = 0;
  while (i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t r =
      utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (r <= 0)
      return "not UTF-8 text";
    if (cp == 0)
      return "contains a NUL byte";
    if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CC && cp != '\t')
      return "contains a control character";
    i += (size_t)r;
  }
  return NULL;
}

/* A key is one word as speech_text.c cuts them: word characters, with apostrophes, hyphens,
 * dots and commas only between them. (Valid UTF-8 is checked before.) */
static bool valid_key(const char *s, size_t len)
{
  if (len == 0 || len > LEXICON_MAX_KEY)
    return false;
  bool prev_word = false;
  size_t i = 0;
  while (i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t r =
      utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(len - i), &cp);
    if (r <= 0)
      return false;
    if (speech_text_is_word_char(cp)) {
      prev_word = true;
    } else if (cp == '\'' || cp == 0x2019 || cp == '-' || cp == 0x2010 || cp == 0x2011 ||
               cp == '.' || cp == ',') {
      if (!prev_word || i + (size_t)r >= len)
        return false;
      prev_word = false;
    } else {
      return false;
    }
    i += (size_t)r;
  }
  return prev_word;
}

/* A replacement is text, with espeak-ng phonemes only inside balanced [[...]]. Single square
 * brackets are refused: espeak-ng would read a stray "[[" as the start of phonemes. */
static const char *check_replacement(const char *s, size_t len)
{
  if (len == 0)
    return "nothing after '='";
  if (len > LEXICON_MAX_REPLACEMENT)
    return "replacement too long";
  bool in_phonemes = false;
  for (size_t i = 0; i < len; i++) {
    if (s[i] == '[' || s[i] == ']') {
      bool dbl = i + 1 < len && s[i + 1] == s[i];
      if (!dbl)
        return "single '[' or ']': phonemes go in [[...]]";
      if ((s[i] == '[') == in_phonemes)
        return "unbalanced [[...]]";
      in_phonemes = !in_phonemes;
      i++;
    }
  }
  if (in_phonemes)
    return "unbalanced [[...]]";
  return NULL;
}

static size_t trim(const char *s, size_t *start, size_t end)
{
  while (*start < end && (s[*start] == ' ' || s[*start] == '\t'))
    (*start)++;
  while (end > *start && (s[end - 1] == ' ' || s[end - 1] == '\t'))
    end--;
  return end;
}

static int add(struct lexicon *lex, bool exact, const char *key, size_t key_len,
               const char *rep, size_t rep_len)
{
  struct lex_entry **arr = exact ? &lex->exact : &lex->folded;
  size_t *n = exact ? &lex->n_exact : &lex->n_folded;
  size_t *cap = exact ? &lex->cap_exact : &lex->cap_folded;
  if (grow_for((void **)arr, cap, *n, sizeof **arr, 16))
    return -ENOMEM;
  char *k = exact ? strndup(key, key_len) : fold(key, key_len);
  char *r = strndup(rep, rep_len);
  if (!k || !r) {
    free(k);
    free(r);
    return -ENOMEM;
  }
  (*arr)[*n] = (struct lex_entry){k, r, *n};
  (*n)++;
  return 0;
}

/* Parses one line (without its newline). Returns 0, -ENOMEM, or 1 with *why set. */
static int parse_line(struct lexicon *lex, const char *s, size_t len, const char **why)
{
  size_t start = 0;
  size_t end = trim(s, &start, len);
  if (start == end || s[start] == '#')
    return 0;
  if (len > LEXICON_MAX_LINE) {
    *why = "line too long";
    return 1;
  }
  if (memchr(s, '\0', len)) {
    *why = "contains a NUL byte";
    return 1;
  }
  if ((*why = text_problem(s + start, end - start)))
    return 1;
  bool exact = false;
  if (s[start] == '=') {
    exact = true;
    start++;
  }
  const char *eq = memchr(s + start, '=', end - start);
  if (!eq) {
    *why = "expected 'word = how to say it'";
    return 1;
  }
  size_t key_start = start;
  size_t key_end = trim(s, &key_start, (size_t)(eq - s));
  size_t rep_start = (size_t)(eq - s) + 1;
  size_t rep_end = trim(s, &rep_start, end);

  if (!exact && key_start < key_end && s[key_start] == '@') {
    /* a rule */
    const char *name = s + key_start + 1;
    size_t name_len = key_end - key_start - 1;
    const char *val = s + rep_start;
    size_t val_len = rep_end - rep_start;
    if (name_len == 14 && memcmp(name, "spell-acronyms", 14) == 0) {
      if (val_len == 3 && memcmp(val, "yes", 3) == 0)
        lex->spell_acronyms = true;
      else if (val_len == 2 && memcmp(val, "no", 2) == 0)
        lex->spell_acronyms = false;
      else {
        *why = "@spell-acronyms takes yes or no";
        return 1;
      }
      return 0;
    }
    *why = "unknown rule (known: @spell-acronyms)";
    return 1;
  }
  if (!valid_key(s + key_start, key_end - key_start)) {
    *why = key_start == key_end ? "no word before '='" : "the left side must be a single word";
    return 1;
  }
  if ((*why = check_replacement(s + rep_start, rep_end - rep_start)))
    return 1;
  return add(lex, exact, s + key_start, key_end - key_start, s + rep_start, rep_end - rep_start);
}

static int by_key(const void *a, const void *b)
{
  return strcmp(((const struct lex_entry *)a)->key, ((const struct lex_entry *)b)->key);
}

static int by_key_then_line(const void *a, const void *b)
{
  const struct lex_entry *x = a, *y = b;
  int c = strcmp(x->key, y->key);
  if (c)
    return c;
  return (x->seq > y->seq) - (x->seq < y->seq);
}

/* Sorts entries by key and keeps only the last of equal keys (a later line overrides). */
static size_t sort_unique(struct lex_entry *e, size_t n)
{
  if (n < 2)
    return n;
  qsort(e, n, sizeof *e, by_key_then_line);
  size_t kept = 0;
  for (size_t i = 0; i < n; i++) {
    if (i + 1 < n && strcmp(e[i].key, e[i + 1].key) == 0) {
      free(e[i].key);
      free(e[i].replacement);
      continue;
    }
    e[kept++] = e[i];
  }
  return kept;
}

void lexicon_free(struct lexicon *lex)
{
  if (!lex)
    return;
  for (size_t i = 0; i < lex->n_exact; i++) {
    free(lex->exact[i].key);
    free(lex->exact[i].replacement);
  }
  for (size_t i = 0; i < lex->n_folded; i++) {
    free(lex->folded[i].key);
    free(lex->folded[i].replacement);
  }
  free(lex->exact);
  free(lex->folded);
  free(lex);
}

int lexicon_parse(const char *data, size_t len, const char *source, lexicon_warn_fn warn,
                  void *user, struct lexicon **out)
{
  *out = NULL;
  struct lexicon *lex = calloc(1, sizeof *lex);
  if (!lex)
    return -ENOMEM;
  if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) {
    data += 3;
    len -= 3;
  }
  unsigned line = 0;
  size_t i = 0;
  while (i < len) {
    line++;
    const char *nl = memchr(data + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - data) : len;
    size_t line_end = end;
    if (line_end > i && data[line_end - 1] == '\r')
      line_end--;
    const char *why = NULL;
    int rc = parse_line(lex, data + i, line_end - i, &why);
    if (rc < 0) {
      lexicon_free(lex);
      return rc;
    }
    if (rc > 0 && warn)
      warn(user, source ? source : "lexicon", line, why);
    i = nl ? end + 1 : len;
  }
  lex->n_exact = sort_unique(lex->exact, lex->n_exact);
  lex->n_folded = sort_unique(lex->folded, lex->n_folded);
  *out = lex;
  return 0;
}

int lexicon_load(const char *path, lexicon_warn_fn warn, void *user, struct lexicon **out)
{
  *out = NULL;
  char *buf;
  size_t len;
  int rc = file_read_small(path, LEXICON_MAX_FILE, &buf, &len);
  if (rc)
    return rc;
  rc = lexicon_parse(buf, len, path, warn, user, out);
  free(buf);
  return rc;
}

static const char *find(const struct lex_entry *e, size_t n, const char *key)
{
  struct lex_entry probe = {(char *)key, NULL, 0};
  const struct lex_entry *hit = bsearch(&probe, e, n, sizeof *e, by_key);
  return hit ? hit->replacement : NULL;
}

const char *lexicon_lookup(const struct lexicon *lex, const char *w, size_t len)
{
  if (!lex || len == 0 || len > LEXICON_MAX_KEY)
    return NULL;
  char key[LEXICON_MAX_KEY + 1];
  memcpy(key, w, len);
  key[len] = '\0';
  if (strlen(key) != len)
    return NULL;
  const char *r = lex->n_exact ? find(lex->exact, lex->n_exact, key) : NULL;
  if (r || !lex->n_folded)
    return r;
  char *folded = fold(w, len);
  if (!folded)
    return NULL;
  r = find(lex->folded, lex->n_folded, folded);
  free(folded);
  return r;
}

bool lexicon_spells_acronyms(const struct lexicon *lex)
{
  return lex && lex->spell_acronyms;
}
