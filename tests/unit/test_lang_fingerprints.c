/* The compiled-in language fingerprints (lang_fingerprints_data.h, lang_fingerprints.c) against
 * libexttextcat reading the installed files itself: the same n-grams in the same ranks, the same
 * scores, the same candidates. */
#include <setjmp.h>
#include <stdarg.h>
#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libexttextcat/fingerprint.h>

#include "text/lang_compare.h"
#include "text/lang_fingerprints.h"
#include "text/lang_fingerprints_data.h"

static void file_path(const struct fp_language *lang, char *path, size_t size)
{
  snprintf(path, size, "%s/%s", LECTOR_TEXTCAT_DIR, lang->file);
}

/* fp_Print's text (the n-grams in rank order, one a line) of a handle, in a malloc'd string. */
static char *printed(void *fp)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  assert_non_null(f);
  fp_Print(fp, f);
  fclose(f);
  return text;
}

/* libexttextcat's order of n-grams (mystrcmp in fingerprint.c): bytes as signed chars. */
static int signed_cmp(const char *a, const char *b)
{
  while (*a && *a == *b) {
    a++;
    b++;
  }
  return (signed char)*a - (signed char)*b;
}

/* What fp_Print would write for the compiled-in language: its n-grams put back in rank order. */
static char *compiled_printed(const struct fp_language *lang)
{
  const char **by_rank = calloc(lang->n, sizeof *by_rank);
  assert_non_null(by_rank);
  for (uint32_t i = 0; i < lang->n; i++) {
    const struct fp_ngram *g = &fp_ngrams[lang->first + i];
    assert_true(g->rank >= 0 && (uint32_t)g->rank < lang->n);
    assert_null(by_rank[g->rank]);           /* each rank once */
    by_rank[g->rank] = g->str;
    if (i > 0)                               /* sorted as fp_Compare merges them */
      assert_true(signed_cmp(g[-1].str, g->str) < 0);
  }
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  assert_non_null(f);
  for (uint32_t r = 0; r < lang->n; r++)
    fprintf(f, "%s\n", by_rank[r]);
  fclose(f);
  free(by_rank);
  return text;
}

static void test_table_is_what_fp_read_reads(void **state)
{
  (void)state;
  assert_true(fp_n_languages > 100);
  for (size_t i = 0; i < fp_n_languages; i++) {
    char path[1024];
    file_path(&fp_languages[i], path, sizeof path);
    void *fp = fp_Init(fp_languages[i].name);
    if (!fp_Read(fp, path, MAXNGRAMS)) {
      fp_Done(fp);
      skip();                                /* the data is not installed where it was built */
    }
    char *theirs = printed(fp), *ours = compiled_printed(&fp_languages[i]);
    assert_string_equal(ours, theirs);
    free(theirs);
    free(ours);
    fp_Done(fp);
  }
}

static const char *const texts[] = {
  "The quick brown fox jumps over the lazy dog while the children watch from the garden.",
  "Der schnelle braune Fuchs springt über den faulen Hund, während die Kinder zuschauen.",
  "Быстрая коричневая лиса прыгает через ленивую собаку, пока дети смотрят из сада.",
  "敏捷的棕色狐狸跳过了懒狗，孩子们在花园里看着。",
  "Hello Привет γειά σου 你好 مرحبا",       /* several scripts: every language */
  "x",
};

/* fingerprints_score_last against fp_Compare with the language's files read by libexttextcat
 * and the text's own fingerprint made apart. */
static void test_scores_match_files(void **state)
{
  (void)state;
  struct fingerprints *fps = fingerprints_open(LECTOR_TEXTCAT_DIR);
  assert_non_null(fps);
  assert_true(fingerprints_compiled_in(fps));
  const char *tags[] = {"en", "de", "ru", "zh", "sco", "fr"};
  for (size_t t = 0; t < sizeof texts / sizeof texts[0]; t++) {
    void *unknown = fp_Init("text");
    assert_true(fp_Create(unknown, texts[t], (uint4)strlen(texts[t]), MAXNGRAMS));
    for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++) {
      int expected = INT32_MAX, got;
      for (size_t i = 0; i < fp_n_languages; i++) {
        size_t n = strlen(tags[k]);
        const char *name = fp_languages[i].name;
        if (strncmp(name, tags[k], n) || (name[n] != '-' && name[n] != '_'))
          continue;
        char path[1024];
        file_path(&fp_languages[i], path, sizeof path);
        void *fp = fp_Init(name);
        assert_true(fp_Read(fp, path, MAXNGRAMS));
        int s = fp_Compare(fp, unknown, INT32_MAX);
        expected = s < expected ? s : expected;
        fp_Done(fp);
      }
      const candidate_t *cand;
      int n_cand;
      size_t len = strlen(texts[t]);
      assert_int_equal(fingerprints_classify(fps, fingerprints_key(fps, texts[t], len), texts[t],
                                             len, &cand, &n_cand), 0);
      assert_int_equal(fingerprints_score_last(fps, tags[k], &got), 0);
      assert_int_equal(got, expected);
    }
    fp_Done(unknown);
  }
  fingerprints_close(fps);
}

/* The leading fields of libexttextcat's fp_t (as lang_fingerprints.c reads them). */
struct made_fp {
  const char *name;
  struct fp_ngram *fprint;
  uint32_t size;
};

/* lang_compare against fp_Compare, every language, texts of several scripts and lengths, and
 * cutoffs around each exact score (where the signature's early answer and the walk's early stop
 * must agree with fp_Compare's). */
static void test_compare_matches_fp_compare(void **state)
{
  (void)state;
  char long_text[4096] = "";
  for (int i = 0; i < 20; i++)   /* a paragraph-sized text: 400 n-grams, some of 9+ bytes */
    strcat(long_text, "Übermäßig große Straßenbahnhaltestellen überzeugen niemanden. ");
  const char *all[] = {texts[0], texts[1], texts[2], texts[3], texts[4], texts[5], long_text,
                       "Ελληνικά κείμενα για δοκιμή της ανίχνευσης γλώσσας με πολλές λέξεις.",
                       "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝔱𝔢𝔵𝔱 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 𝔱𝔢𝔵𝔱"};   /* n-grams of 17-20 bytes */
  struct lang_keys *keys = malloc(sizeof *keys);
  struct lang_sig *sig = malloc(sizeof *sig);
  assert_non_null(keys);
  assert_non_null(sig);
  for (size_t t = 0; t < sizeof all / sizeof all[0]; t++) {
    void *unknown = fp_Init("text");
    assert_true(fp_Create(unknown, all[t], (uint4)strlen(all[t]), MAXNGRAMS));
    const struct made_fp *made = unknown;
    lang_keys_build(keys, made->fprint, made->size);
    assert_int_equal(keys->n, made->size);
    for (size_t i = 0; i < fp_n_languages; i++) {
      const struct fp_language *lang = &fp_languages[i];
      char path[1024];
      file_path(lang, path, sizeof path);
      void *fp = fp_Init(lang->name);
      if (!fp_Read(fp, path, MAXNGRAMS)) {
        fp_Done(fp);
        skip();
      }
      lang_sig_build(sig, &fp_ngrams[lang->first], lang->n);
      int exact = fp_Compare(fp, unknown, MAXSCORE);
      int cutoffs[] = {MAXSCORE, exact, exact - 1, exact + 1, exact / 2, exact * 97 / 100,
                       MAXOUTOFPLACE, 0};
      for (size_t c = 0; c < sizeof cutoffs / sizeof cutoffs[0]; c++)
        assert_int_equal(lang_compare(&fp_ngrams[lang->first], lang->n, sig, keys, cutoffs[c]),
                         fp_Compare(fp, unknown, cutoffs[c]));
      fp_Done(fp);
    }
    fp_Done(unknown);
  }
  free(keys);
  free(sig);
}

/* A text of several scripts is given every language: the answer of libexttextcat's own
 * classifier over the whole fpdb.conf, candidate by candidate. */
static void test_classify_matches_textcat(void **state)
{
  (void)state;
  char conf[1024];
  snprintf(conf, sizeof conf, "%s/fpdb.conf", LECTOR_TEXTCAT_DIR);
  void *h = special_textcat_Init(conf, LECTOR_TEXTCAT_DIR "/");
  assert_non_null(h);
  candidate_t *theirs = textcat_GetClassifyFullOutput(h);
  struct fingerprints *fps = fingerprints_open(LECTOR_TEXTCAT_DIR);
  const char *mixed[] = {texts[4], "Il était une fois — Однажды в Москве жил-был один человек.",
                         "2024: 42 % … !!"};
  for (size_t t = 0; t < sizeof mixed / sizeof mixed[0]; t++) {
    size_t len = strlen(mixed[t]);
    int n_theirs = textcat_ClassifyFull(h, mixed[t], len, theirs), n_ours;
    const candidate_t *ours;
    assert_int_equal(fingerprints_classify(fps, fingerprints_key(fps, mixed[t], len), mixed[t],
                                           len, &ours, &n_ours), 0);
    assert_int_equal(n_ours, n_theirs);
    for (int i = 0; i < n_ours; i++) {
      assert_string_equal(ours[i].name, theirs[i].name);
      assert_int_equal(ours[i].score, theirs[i].score);
    }
  }
  fingerprints_close(fps);
  textcat_ReleaseClassifyFullOutput(h, theirs);
  textcat_Done(h);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_table_is_what_fp_read_reads),
    cmocka_unit_test(test_scores_match_files),
    cmocka_unit_test(test_classify_matches_textcat),
    cmocka_unit_test(test_compare_matches_fp_compare),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
