/* Pronunciation lexicon: syntax, bad lines with their numbers, case rules, any bytes. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/lexicon.h"

struct warnings {
  unsigned lines[32];
  char why[32][128];
  size_t n;
};

static void on_warn(void *user, const char *source, unsigned line, const char *why)
{
  struct warnings *w = user;
  assert_string_equal(source, "test.lex");
  assert_non_null(why);
  if (w->n < 32) {
    w->lines[w->n] = line;
    snprintf(w->why[w->n], sizeof w->why[0], "%s", why);
    w->n++;
  }
}

static struct lexicon *parse(const char *text, struct warnings *w)
{
  struct lexicon *lex = NULL;
  assert_int_equal(lexicon_parse(text, strlen(text), "test.lex", on_warn, w, &lex), 0);
  assert_non_null(lex);
  return lex;
}

static const char *lookup(const struct lexicon *lex, const char *word)
{
  return lexicon_lookup(lex, word, strlen(word));
}

static void test_entries_and_case(void **state)
{
  struct warnings w = {0};
  struct lexicon *lex = parse("# names people get wrong\n"
                              "\n"
                              "NSPCC = N S P C C\n"
                              "  Ofcom   =   [['0fk0m]]  \n"
                              "=US = United States\n"
                              "Élodie = Ay low dee\n"
                              "don't = do not\n"
                              "colour = color\n"
                              "colour = kulla\n",
                              &w);
  assert_int_equal(w.n, 0);
  assert_string_equal(lookup(lex, "NSPCC"), "N S P C C");
  assert_string_equal(lookup(lex, "nspcc"), "N S P C C");   /* case-insensitive by default */
  assert_string_equal(lookup(lex, "Ofcom"), "[['0fk0m]]");   /* phonemes kept verbatim */
  assert_string_equal(lookup(lex, "OFCOM"), "[['0fk0m]]");
  assert_string_equal(lookup(lex, "US"), "United States");   /* '=' marks case-sensitive */
  assert_null(lookup(lex, "us"));
  assert_null(lookup(lex, "Us"));
  assert_string_equal(lookup(lex, "ÉLODIE"), "Ay low dee"); /* Unicode case folding */
  assert_string_equal(lookup(lex, "élodie"), "Ay low dee");
  assert_string_equal(lookup(lex, "Don't"), "do not");
  assert_string_equal(lookup(lex, "colour"), "kulla");       /* the later line wins */
  /* whole words only */
  assert_null(lookup(lex, "NSPC"));
  assert_null(lookup(lex, "NSPCCs"));
  assert_null(lexicon_lookup(lex, "NSPCC", 4));
  assert_string_equal(lexicon_lookup(lex, "NSPCC and", 5), "N S P C C");
  assert_false(lexicon_spells_acronyms(lex));
  lexicon_free(lex);
}

static void test_bad_lines(void **state)
{
  struct warnings w = {0};
  struct lexicon *lex = parse("good = fine\n"          /* 1 */
                              "no equals sign\n"       /* 2 */
                              "= nothing before\n"     /* 3 */
                              "empty =\n"              /* 4 */
                              "two words = x\n"        /* 5 */
                              "bad = [stray\n"         /* 6 */
                              "bad2 = [[open\n"        /* 7 */
                              "@frobnicate = yes\n"    /* 8 */
                              "@spell-acronyms = maybe\n" /* 9 */
                              "caf\xe9 = latin1\n"     /* 10 */
                              "also = good\r\n"        /* 11 */
                              "-dash = x\n"            /* 12 */
                              "# fine\n",              /* 13 */
                              &w);
  unsigned want[] = {2, 3, 4, 5, 6, 7, 8, 9, 10, 12};
  assert_int_equal(w.n, sizeof want / sizeof want[0]);
  for (size_t i = 0; i < w.n; i++)
    assert_int_equal(w.lines[i], want[i]);
  assert_non_null(strstr(w.why[0], "word = how to say it"));
  assert_string_equal(lookup(lex, "good"), "fine");
  assert_string_equal(lookup(lex, "also"), "good");   /* CRLF */
  assert_null(lookup(lex, "bad"));
  assert_null(lookup(lex, "empty"));
  lexicon_free(lex);
}

/* Each bad line says what is wrong with it: an escape sequence is a control character, not
 * "not UTF-8" (issue 21). */
static void test_problem_named(void **state)
{
  static const char text[] = "red\x1b[31m = red\n"   /* 1 */
                             "caf\xe9 = latin1\n"    /* 2 */
                             "nul\0 = x\n"           /* 3 */
                             "bell = ding\x07\n"      /* 4 */
                             "tab\t=\ttab\n";          /* 5: a tab is white space */
  struct warnings w = {0};
  struct lexicon *lex = NULL;
  assert_int_equal(lexicon_parse(text, sizeof text - 1, "test.lex", on_warn, &w, &lex), 0);
  assert_int_equal(w.n, 4);
  assert_string_equal(w.why[0], "contains a control character");
  assert_string_equal(w.why[1], "not UTF-8 text");
  assert_string_equal(w.why[2], "contains a NUL byte");
  assert_string_equal(w.why[3], "contains a control character");
  assert_string_equal(lookup(lex, "tab"), "tab");
  lexicon_free(lex);
}

static void test_rules(void **state)
{
  struct warnings w = {0};
  struct lexicon *lex = parse("\xEF\xBB\xBF@spell-acronyms = yes\n", &w);
  assert_int_equal(w.n, 0);
  assert_true(lexicon_spells_acronyms(lex));
  lexicon_free(lex);
  lex = parse("@spell-acronyms = yes\n@spell-acronyms = no\n", &w);
  assert_false(lexicon_spells_acronyms(lex));
  lexicon_free(lex);
  assert_false(lexicon_spells_acronyms(NULL));
  assert_null(lexicon_lookup(NULL, "x", 1));
}

static void test_load(void **state)
{
  struct lexicon *lex = (struct lexicon *)1;
  assert_int_equal(lexicon_load("/nonexistent/lector/lexicon", NULL, NULL, &lex), -ENOENT);
  assert_null(lex);
  const char *tmp = getenv("LECTOR_TEST_TMP");
  char path[512];
  snprintf(path, sizeof path, "%s/lexXXXXXX", tmp ? tmp : "/tmp");
  int fd = mkstemp(path);
  assert_true(fd >= 0);
  FILE *f = fdopen(fd, "w");
  fputs("NHS = N H S\n", f);
  fclose(f);
  assert_int_equal(lexicon_load(path, NULL, NULL, &lex), 0);
  assert_string_equal(lookup(lex, "nhs"), "N H S");
  lexicon_free(lex);
  remove(path);
}

/* Any bytes: parsed without a crash or a leak (the sanitizers watch), bad lines reported. */
static void test_any_bytes(void **state)
{
  uint32_t seed = 12345;
  char buf[2048];
  for (int round = 0; round < 2000; round++) {
    size_t len = (size_t)(round % 97) * 21;
    for (size_t i = 0; i < len; i++) {
      seed = seed * 1103515245u + 12345u;
      unsigned r = (seed >> 16) & 0xff;
      /* enough structure to reach every branch */
      static const char alphabet[] = "ab=[]#@ \n\r\t'-.,\xc3\xa9\xe2\x80\x99";
      buf[i] = (r & 1) ? (char)r : alphabet[r % (sizeof alphabet - 1)];
    }
    struct warnings w = {0};
    struct lexicon *lex = NULL;
    assert_int_equal(lexicon_parse(buf, len, "test.lex", on_warn, &w, &lex), 0);
    lexicon_lookup(lex, buf, len < 40 ? len : 40);
    lexicon_free(lex);
  }
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_entries_and_case),
    cmocka_unit_test(test_bad_lines),
    cmocka_unit_test(test_problem_named),
    cmocka_unit_test(test_rules),
    cmocka_unit_test(test_load),
    cmocka_unit_test(test_any_bytes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
