/* libexttextcat's fingerprints in groups by script (lang_fingerprints.h). */
#include "text/lang_fingerprints.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libexttextcat/constants.h>
#include <libexttextcat/fingerprint.h>
#include <libexttextcat/textcat_properties.h>
#include <unicode/uscript.h>
#include <utf8proc.h>

#include "text/lang_compare.h"
#include "text/lang_fingerprints_data.h"

/* More scripts than this: the rest count as unknown (given to every group). */
#define MAX_GROUPS 48
#define ALL_KEY MAX_GROUPS     /* every language: fpdb.conf itself */

/* The leading fields of libexttextcat's fp_t (fingerprint.c), which fp_Init allocates and
 * fp_Compare reads: a compiled-in language is a handle whose n-grams are fp_ngrams'. */
struct textcat_fp {
  const char *name;
  struct fp_ngram *fprint;
  uint32_t size;
};

struct group {
  int script;                  /* UScriptCode; USCRIPT_INVALID_CODE for ALL_KEY */
  bool tried, ready;
};

/* fingerprints_score_last weighs at most this many fingerprints of one tag (zh-CN and zh-TW). */
#define MAX_SCORED 4

struct fingerprints {
  char *dir;                   /* where the files are, when they must be read */
  bool compiled_in;            /* the handles point at fp_ngrams (layout_matches) */
  int *scripts;                /* per language: UScriptCode; USCRIPT_INVALID_CODE: unknown */
  void **fps;                  /* per language: its handle, NULL until a group needs it */
  candidate_t *cand;           /* fingerprints_classify's answer, one slot per language */
  void *last;                  /* the fingerprint of the text it was last given; NULL: none */
  struct lang_keys *keys;      /* last's n-grams as keys for lang_compare, when compiled_in */
  struct lang_sig *sigs;       /* per language: its signature, made with its handle */
  size_t best_before;          /* the language that scored best last time; SIZE_MAX: none */
  struct group groups[MAX_GROUPS + 1];   /* [ALL_KEY]: every language */
  size_t n_groups;
};

int fingerprints_script_of(int32_t cp)
{
  if (cp < 0x80)
    return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z' ? USCRIPT_LATIN : USCRIPT_COMMON;
  UErrorCode err = U_ZERO_ERROR;
  UScriptCode sc = uscript_getScript(cp, &err);
  if (U_FAILURE(err) || sc == USCRIPT_INHERITED)
    return USCRIPT_COMMON;
  if (sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA || sc == USCRIPT_HANGUL ||
      sc == USCRIPT_BOPOMOFO)
    return USCRIPT_HAN;        /* East Asian text mixes these within a language */
  return sc;
}

/* The script of the first letter in s[0, n) (USCRIPT_COMMON when there is none); *mixed: a
 * letter of another script follows. Stops at the second script. */
static int scripts_in(const char *s, size_t n, bool *mixed)
{
  int first = USCRIPT_COMMON;
  *mixed = false;
  for (size_t i = 0; i < n;) {
    utf8proc_int32_t cp = (unsigned char)s[i];
    utf8proc_ssize_t k = 1;
    if (cp >= 0x80 &&
        (k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp)) <= 0) {
      i++;
      continue;
    }
    i += (size_t)k;
    int sc = fingerprints_script_of(cp);
    if (sc == USCRIPT_COMMON || sc == first)
      continue;
    if (first != USCRIPT_COMMON) {
      *mixed = true;
      break;
    }
    first = sc;
  }
  return first;
}

/* The script of a language: the letters of its fingerprint file's first lines (each line an
 * n-gram, then its count). USCRIPT_INVALID_CODE when they show none, or several. */
static int language_script(const struct fp_language *lang)
{
  bool mixed;
  int sc = scripts_in(lang->head, strlen(lang->head), &mixed);
  return sc == USCRIPT_COMMON || mixed ? USCRIPT_INVALID_CODE : sc;
}

/* Whether this libexttextcat lays out a fingerprint as struct textcat_fp and struct fp_ngram
 * say: a fingerprint of "ab" has 9 n-grams, sorted, from "_" to "b_". When it does not, the
 * files are read with fp_Read as before (slower, same answers). */
static bool layout_matches(void)
{
  void *h = fp_Init("lector");
  if (!h)
    return false;
  const struct textcat_fp *m = h;
  bool ok = m->name == fp_Name(h) && !m->fprint && m->size == 0 &&
            fp_Create(h, "ab", 2, MAXNGRAMS) && m->size == 9 &&
            !strcmp(m->fprint[0].str, "_") && !strcmp(m->fprint[8].str, "b_") &&
            m->fprint[8].rank >= 0 && m->fprint[8].rank < 9;
  fp_Done(h);
  return ok;
}

/* Gives language i its group (a new one for a new script). */
static void add_to_group(struct fingerprints *fp, size_t i)
{
  int sc = language_script(&fp_languages[i]);
  size_t g = 0;
  while (g < fp->n_groups && fp->groups[g].script != sc)
    g++;
  if (sc != USCRIPT_INVALID_CODE && g == fp->n_groups) {
    if (g < MAX_GROUPS)
      fp->groups[fp->n_groups++].script = sc;
    else
      sc = USCRIPT_INVALID_CODE;   /* too many scripts: in every group */
  }
  fp->scripts[i] = sc;
}

struct fingerprints *fingerprints_open(const char *dir)
{
  struct fingerprints *fp = calloc(1, sizeof *fp);
  size_t n = fp_n_languages;
  if (!fp || !(fp->dir = strdup(dir)) || !(fp->scripts = calloc(n, sizeof *fp->scripts)) ||
      !(fp->fps = calloc(n, sizeof *fp->fps)) || !(fp->cand = calloc(n, sizeof *fp->cand))) {
    fingerprints_close(fp);
    return NULL;
  }
  fp->compiled_in = layout_matches();
  if (fp->compiled_in && (!(fp->keys = malloc(sizeof *fp->keys)) ||
                          !(fp->sigs = malloc(n * sizeof *fp->sigs)))) {
    fingerprints_close(fp);
    return NULL;
  }
  fp->best_before = SIZE_MAX;
  fp->groups[ALL_KEY].script = USCRIPT_INVALID_CODE;
  for (size_t i = 0; i < n; i++)
    add_to_group(fp, i);
  return fp;
}

bool fingerprints_compiled_in(const struct fingerprints *fp)
{
  return fp->compiled_in;
}

int fingerprints_key(const struct fingerprints *fp, const char *text, size_t len)
{
  bool mixed;
  int sc = scripts_in(text, len, &mixed);
  for (size_t g = 0; !mixed && sc != USCRIPT_COMMON && g < fp->n_groups; g++)
    if (fp->groups[g].script == sc)
      return (int)g;
  return ALL_KEY;
}

/* Language i's handle, made on first use: its compiled-in n-grams, else its file read by
 * fp_Read. NULL when memory runs out or the file cannot be read. */
static void *language_fp(struct fingerprints *fp, size_t i)
{
  if (fp->fps[i])
    return fp->fps[i];
  const struct fp_language *lang = &fp_languages[i];
  void *h = fp_Init(lang->name);
  char path[1024];
  if (h && fp->compiled_in) {
    struct textcat_fp *m = h;
    m->fprint = (struct fp_ngram *)&fp_ngrams[lang->first];   /* only read; unset before fp_Done */
    m->size = lang->n;
    lang_sig_build(&fp->sigs[i], &fp_ngrams[lang->first], lang->n);
  } else if (h && (snprintf(path, sizeof path, "%s/%s", fp->dir, lang->file) >= (int)sizeof path ||
                   !fp_Read(h, path, MAXNGRAMS))) {
    fp_Done(h);
    h = NULL;
  }
  return fp->fps[i] = h;
}

/* Whether language i is compared with a text of group g's script. */
static bool in_group(const struct fingerprints *fp, int key, size_t i)
{
  return key == ALL_KEY || fp->scripts[i] == fp->groups[key].script ||
         fp->scripts[i] == USCRIPT_INVALID_CODE;
}

int fingerprints_prepare(struct fingerprints *fp, int key)
{
  struct group *g = &fp->groups[key];
  if (!g->tried) {
    g->tried = g->ready = true;
    for (size_t i = 0; i < fp_n_languages && g->ready; i++)
      g->ready = !in_group(fp, key, i) || language_fp(fp, i);
  }
  return g->ready ? 0 : -ENOENT;
}

/* fp_Compare(language i, the text last given, cutoff): compiled-in n-grams are compared as keys,
 * after a look at the signature (lang_compare.h): the same score, a fifth of the time. */
static int score_of(const struct fingerprints *fp, size_t i, int cutoff)
{
  if (fp->compiled_in)
    return lang_compare(&fp_ngrams[fp_languages[i].first], fp_languages[i].n, &fp->sigs[i],
                        fp->keys, cutoff);
  return fp_Compare(fp->fps[i], fp->last, cutoff);
}

static int by_score(const void *a, const void *b)
{
  return ((const candidate_t *)a)->score - ((const candidate_t *)b)->score;
}

/* textcat_ClassifyFull (libexttextcat's textcat.c) over the group's languages, in fpdb.conf's
 * order: every score, then the languages within THRESHOLDVALUE of the best, sorted, or
 * TEXTCAT_RESULT_UNKNOWN when more than MAXCANDIDATES are. */
static int classify_group(struct fingerprints *fp, int key)
{
  int minscore = MAXSCORE, threshold = minscore;
  /* The last winner is scored first: paragraphs of one document mostly share a language, and
   * the tight threshold it sets lets fp_Compare stop early on every other language. The loop
   * still runs in fpdb.conf's order and a score under the final threshold is never cut short,
   * so the answer is the one textcat_ClassifyFull gives. */
  size_t hint = fp->best_before, best = SIZE_MAX;
  int hint_score = 0;
  if (hint < fp_n_languages && in_group(fp, key, hint)) {
    hint_score = minscore = score_of(fp, hint, threshold);
    threshold = (int)((double)minscore * THRESHOLDVALUE);
    best = hint;
  } else {
    hint = SIZE_MAX;
  }
  size_t n = 0;
  for (size_t i = 0; i < fp_n_languages; i++) {
    if (!in_group(fp, key, i))
      continue;
    int score = i == hint ? hint_score : score_of(fp, i, threshold);
    fp->cand[n++] = (candidate_t){score, fp_Name(fp->fps[i])};
    if (score < minscore) {
      minscore = score;
      threshold = (int)((double)score * THRESHOLDVALUE);
      best = i;
    }
  }
  fp->best_before = best;
  int cnt = 0;
  for (size_t i = 0; i < n; i++) {
    if (fp->cand[i].score >= threshold)
      continue;
    if (++cnt == MAXCANDIDATES + 1)
      return TEXTCAT_RESULT_UNKNOWN;
    fp->cand[cnt - 1] = fp->cand[i];
  }
  qsort(fp->cand, (size_t)cnt, sizeof *fp->cand, by_score);
  return cnt;
}

int fingerprints_classify(struct fingerprints *fp, int key, const char *text, size_t len,
                          const candidate_t **cand, int *n)
{
  int rc = fingerprints_prepare(fp, key);
  if (rc)
    return rc;
  if (fp->last)
    fp_Done(fp->last);
  fp->last = fp_Init(NULL);
  if (!fp->last)
    return -ENOENT;
  fp_SetProperty(fp->last, TCPROP_UTF8AWARE, TC_TRUE);
  fp_SetProperty(fp->last, TCPROP_MINIMUM_DOCUMENT_SIZE, MINDOCSIZE);
  *cand = fp->cand;
  if (fp_Create(fp->last, text, (uint4)len, MAXNGRAMS)) {
    const struct textcat_fp *made = fp->last;
    if (fp->compiled_in)
      lang_keys_build(fp->keys, made->fprint, made->size);
    *n = classify_group(fp, key);
  } else {
    *n = TEXTCAT_RESULT_SHORT;
    fp_Done(fp->last);
    fp->last = NULL;
  }
  return 0;
}

static bool primary_is(const char *name, const char *tag, size_t n)
{
  return strncasecmp(name, tag, n) == 0 && (name[n] == '-' || name[n] == '_' || !name[n]);
}

int fingerprints_score_last(struct fingerprints *fp, const char *tag, int *score)
{
  size_t n = strcspn(tag, "-_"), held = 0;
  *score = INT32_MAX;
  for (size_t i = 0; fp->last && n > 0 && i < fp_n_languages && held < MAX_SCORED; i++) {
    if (!primary_is(fp_languages[i].name, tag, n) || !language_fp(fp, i))
      continue;
    held++;
    int s = score_of(fp, i, INT32_MAX);
    if (s < *score)
      *score = s;
  }
  return held ? 0 : -ENOENT;
}

void fingerprints_close(struct fingerprints *fp)
{
  if (!fp)
    return;
  for (size_t i = 0; fp->fps && i < fp_n_languages; i++) {
    if (fp->fps[i] && fp->compiled_in)
      ((struct textcat_fp *)fp->fps[i])->fprint = NULL;   /* fp_ngrams: not fp_Done's to free */
    if (fp->fps[i])
      fp_Done(fp->fps[i]);
  }
  if (fp->last)
    fp_Done(fp->last);
  free(fp->fps);
  free(fp->keys);
  free(fp->sigs);
  free(fp->scripts);
  free(fp->cand);
  free(fp->dir);
  free(fp);
}
