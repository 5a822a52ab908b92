/* Language profiles for the segmenter (segment_lang.h).
 *
 * The abbreviations that do not end a sentence come from CLDR's sentence-break suppressions as
 * ICU ships them (brkitr/<lang>.res, "exceptions/SentenceBreak"): de, en, es, fr, it, pt, ru
 * have lists. The month names that make "12. Juni" an ordinal come from ICU's locale data. Both
 * are read from ICU once, by scripts/gen-seg-lang-data, into segment_lang_data.c: opening
 * ICU's resource bundles mapped 1.3 MB of its code and data into every process reading a
 * language other than English.
 * The few extra words below fill gaps those lists leave for the languages lector is tested on
 * (pragmatic_segmenter's cases); each is a common abbreviation in that language.
 *
 * Profiles are built on first use under a mutex and never freed (a handful of languages per
 * process); after that they are read-only and shared by every thread. */
#include "text/segment_lang.h"
#include "text/segment_lang_data.h"
#include "util/grow.h"

#include <ctype.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>


/* Words CLDR lacks, per language, without the final full stop. */
static const struct {
  const char *lang;
  const char *words;           /* space-separated */
} extra_abbrevs[] = {
  {"de", "Str bzw ca kath med evang usw vgl Nr Tel zzgl inkl"},
  {"es", "Lic min seg Núm núm Dra Ing"},
  {"it", "psicol es ecc sig dott prof"},
  {"ru", "кв г гг пр пгт д др им см стр т"},
  {"bg", "г гр вкл пл ул бул проф"},
  {"kk", "т.б ж бет"},
  {"da", "hr fx bl mht ca nr"},
  {"fr", "Mme Mlle Dr etc"},
};

/* Nouns an ordinal number precedes, besides month names. */
static const struct {
  const char *lang;
  const char *words;
} extra_nouns[] = {
  {"de", "Jahrhundert Jahrhunderts Jahrhunderten Klasse Platz Stock Auflage Mal Liga Weltkrieg"},
  {"da", "århundrede klasse sal plads"},
};

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A growable list of owned strings. */
struct words {
  const char **v;
  size_t n, cap;
};

static void words_add(struct words *w, const char *p, size_t n)
{
  if (n == 0 || n > 40)
    return;
  if (grow_for((void **)&w->v, &w->cap, w->n, sizeof *w->v, 64))
    return;                    /* out of memory: a shorter list, never a crash */
  char *copy = strndup(p, n);
  if (copy)
    w->v[w->n++] = copy;
}

/* Adds the space-separated words of list to w. */
static void words_add_list(struct words *w, const char *list)
{
  while (*list) {
    size_t n = strcspn(list, " ");
    words_add(w, list, n);
    list += n;
    list += strspn(list, " ");
  }
}

static int cmp_code(const void *key, const void *entry)
{
  return strcmp(key, ((const struct seg_lang_data *)entry)->code);
}

/* CLDR's suppressions for lang, when ICU has a list of its own for it (not a fallback), and its
 * month names when it writes ordinals with a full stop (segment_lang_data.c). */
static void add_icu_words(struct words *abbr, struct words *nouns, const char *lang)
{
  const struct seg_lang_data *d = bsearch(lang, seg_lang_data, seg_lang_n_data,
                                          sizeof seg_lang_data[0], cmp_code);
  if (!d)
    return;
  words_add_list(abbr, d->abbrevs);
  words_add_list(nouns, d->months);
}

static void words_sort(struct words *w)
{
  if (w->n)
    qsort(w->v, w->n, sizeof *w->v, cmp_str);
}

/* Script-dependent facts, by primary language. */
static void set_flags(struct seg_lang *l)
{
  static const char *const two_byte = " ru bg uk be sr mk kk ky tg mn el hy ka he yi ar fa ur ps ";
  static const char *const three_byte =
    " hi mr ne bn gu pa ta te kn ml si th lo my km am ti ja zh ko bo ";
  static const char *const ordinal = " de da nb nn no fi cs sk pl hr sl sr bs et lv lt hu is fo ";
  char key[16];
  snprintf(key, sizeof key, " %s ", l->code);
  l->width = strstr(two_byte, key) ? 2 : strstr(three_byte, key) ? 3 : 1;
  l->ordinals = strstr(ordinal, key) != NULL;
  l->colon_ends = !strcmp(l->code, "hy") || !strcmp(l->code, "ar");
  l->comma_ends = !strcmp(l->code, "ar");
  l->period_weak = !strcmp(l->code, "hy");
  l->semicolon_asks = l->lower_starts = !strcmp(l->code, "el");
  l->capital_starts = strcmp(l->code, "en") != 0 && strcmp(l->code, "de") != 0 &&
                      strcmp(l->code, "lb") != 0;
  l->low9_quotes = !strcmp(l->code, "de") || !strcmp(l->code, "cs") || !strcmp(l->code, "sk");
}

static struct seg_lang *build(const char *code)
{
  struct seg_lang *l = calloc(1, sizeof *l);
  if (!l)
    return NULL;
  snprintf(l->code, sizeof l->code, "%s", code);
  set_flags(l);
  struct words abbr = {0}, nouns = {0};
  /* English keeps the segmenter's own tuned tables (segment_words.c): CLDR's English list holds
   * words such as "Is." "To." "Up." that end many sentences. */
  if (code[0] && strcmp(code, "en") != 0)
    add_icu_words(&abbr, &nouns, code);
  for (size_t i = 0; i < sizeof extra_abbrevs / sizeof extra_abbrevs[0]; i++)
    if (!strcmp(extra_abbrevs[i].lang, code))
      words_add_list(&abbr, extra_abbrevs[i].words);
  for (size_t i = 0; i < sizeof extra_nouns / sizeof extra_nouns[0]; i++)
    if (!strcmp(extra_nouns[i].lang, code))
      words_add_list(&nouns, extra_nouns[i].words);
  words_sort(&abbr);
  words_sort(&nouns);
  l->abbrevs = abbr.v;
  l->n_abbrevs = abbr.n;
  l->nouns = nouns.v;
  l->n_nouns = nouns.n;
  return l;
}

void seg_lang_primary(const char *tag, char *out, size_t out_len)
{
  size_t n = 0;
  while (tag && tag[n] && tag[n] != '-' && tag[n] != '_' && n + 1 < out_len && n < 8) {
    out[n] = (char)tolower((unsigned char)tag[n]);
    n++;
  }
  out[n] = '\0';
}

#define MAX_PROFILES 64

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static struct seg_lang *profiles[MAX_PROFILES];
static size_t n_profiles;
static const struct seg_lang none = {.width = 1};

const struct seg_lang *seg_lang_for(const char *tag)
{
  char code[12];
  seg_lang_primary(tag, code, sizeof code);
  if (!code[0])
    return &none;
  const struct seg_lang *found = NULL;
  pthread_mutex_lock(&lock);
  for (size_t i = 0; i < n_profiles && !found; i++)
    if (!strcmp(profiles[i]->code, code))
      found = profiles[i];
  if (!found && n_profiles < MAX_PROFILES && (profiles[n_profiles] = build(code)) != NULL)
    found = profiles[n_profiles++];
  pthread_mutex_unlock(&lock);
  return found ? found : &none;
}

/* Binary search for p[0, n) in a sorted list. */
static bool in_list(const char **v, size_t count, const char *p, size_t n)
{
  size_t lo = 0, hi = count;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strncmp(v[mid], p, n);
    if (c == 0 && v[mid][n] != '\0')
      c = 1;
    if (c == 0)
      return true;
    if (c < 0)
      lo = mid + 1;
    else
      hi = mid;
  }
  return false;
}

/* Looks p[0, n) up as it is, and with a capital first letter in lower case (ASCII, Cyrillic
 * А-П): an abbreviation may begin a sentence ("Кв. 234"). Never the other way: "so." is not
 * German "So." (Sonntag). */
static bool in_list_either_case(const char **v, size_t count, const char *p, size_t n)
{
  if (!count || n == 0 || n > 40)
    return false;
  if (in_list(v, count, p, n))
    return true;
  char buf[48];
  memcpy(buf, p, n);
  unsigned char c = (unsigned char)buf[0];
  if (isupper(c))
    buf[0] = (char)tolower(c);
  else if (c == 0xD0 && n > 1 && (unsigned char)buf[1] >= 0x90 && (unsigned char)buf[1] <= 0x9F)
    buf[1] = (char)((unsigned char)buf[1] + 0x20);   /* Cyrillic А-П -> а-п */
  else
    return false;
  return in_list(v, count, buf, n);
}

bool seg_lang_is_abbrev(const struct seg_lang *l, const char *p, size_t n)
{
  return in_list_either_case(l->abbrevs, l->n_abbrevs, p, n);
}

bool seg_lang_is_ordinal_noun(const struct seg_lang *l, const char *p, size_t n)
{
  return in_list_either_case(l->nouns, l->n_nouns, p, n);
}
