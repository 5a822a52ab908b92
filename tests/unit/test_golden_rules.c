/* The 52 English "Golden Rules" of sentence boundary detection (pragmatic_segmenter's spec),
 * read from $LECTOR_SHARED_DIR/benchmarks/golden_rules_en.json; skipped when it is absent.
 * Sentences are compared after collapsing whitespace runs to one space and trimming, as the
 * SOURCE.txt beside the data says. Fails when fewer than GOLDEN_RULES_MIN rules pass. The same
 * rules through the whole path of a user's file (loader, then segmenter) are scored by
 * tests/cli/golden_rules.py. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "text/segmenter.h"
#include "text/span.h"

/* What the segmenter reaches today; never lower it. */
#define GOLDEN_RULES_MIN 52

#define MAX_SENTENCES 16

struct split {
  const char *text;
  size_t n;
  char *sentences[MAX_SENTENCES];
};

/* A copy of text[start, end) as `lector segment` prints it: white space collapsed, trimmed. */
static char *collapse(const char *text, size_t start, size_t end)
{
  size_t len;
  char *out = span_collapsed(text, start, end, &len);
  assert_non_null(out);
  return out;
}

static int collect(void *user, size_t start, size_t end)
{
  struct split *sp = user;
  if (sp->n == MAX_SENTENCES)
    return 1;
  sp->sentences[sp->n++] = collapse(sp->text, start, end);
  return 0;
}

static int rule_passes(json_t *rule)
{
  const char *text = json_string_value(json_object_get(rule, "text"));
  json_t *expected = json_object_get(rule, "expected");
  assert_non_null(text);
  assert_true(json_is_array(expected));
  struct split sp = {.text = text};
  int rc = segment_text(text, 0, strlen(text), collect, &sp);
  int ok = rc == 0 && sp.n == json_array_size(expected);
  for (size_t i = 0; ok && i < sp.n; i++) {
    const char *want = json_string_value(json_array_get(expected, i));
    char *norm = collapse(want, 0, strlen(want));
    ok = strcmp(norm, sp.sentences[i]) == 0;
    free(norm);
  }
  if (!ok) {
    printf("  failed: %s\n", json_string_value(json_object_get(rule, "name")));
    for (size_t i = 0; i < sp.n; i++)
      printf("    got [%s]\n", sp.sentences[i]);
  }
  for (size_t i = 0; i < sp.n; i++)
    free(sp.sentences[i]);
  return ok;
}

static void test_golden_rules(void **state)
{
  json_t *rules = *state;
  size_t passed = 0;
  for (size_t i = 0; i < json_array_size(rules); i++)
    passed += (size_t)rule_passes(json_array_get(rules, i));
  printf("golden rules passed: %zu of %zu\n", passed, json_array_size(rules));
  assert_int_equal(json_array_size(rules), 52);
  assert_true(passed >= GOLDEN_RULES_MIN);
}

int main(void)
{
  const char *shared = getenv("LECTOR_SHARED_DIR");
  if (!shared)
    return 77;
  char path[4096];
  snprintf(path, sizeof path, "%s/benchmarks/golden_rules_en.json", shared);
  if (access(path, F_OK) != 0) {
    fprintf(stderr, "skipped: no %s\n", path);
    return 77;
  }
  json_error_t err;
  json_t *rules = json_load_file(path, 0, &err);
  if (!rules) {
    fprintf(stderr, "%s:%d: %s\n", path, err.line, err.text);
    return 1;
  }
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_prestate(test_golden_rules, rules),
  };
  int failed = cmocka_run_group_tests(tests, NULL, NULL);
  json_decref(rules);
  return failed;
}
