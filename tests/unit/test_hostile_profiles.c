/* Hostile voice profiles (src/speech/voice.c): whatever is in a profile file, parsing ends in 0 or
 * LECTOR_EPARSE naming a line that exists, and a valid profile is not refused for the length of
 * a line. Found by tests/fuzz/fuzz_voice. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "speech/voice.h"
#include "util/error.h"

/* A static buffer: a failed assertion leaves the test without freeing anything. */
static char *with_long_line(const char *head, char fill, size_t n, const char *tail)
{
  static char s[1024];
  size_t hl = strlen(head), tl = strlen(tail);
  assert_true(hl + n + tl < sizeof s);
  memcpy(s, head, hl);
  memset(s + hl, fill, n);
  memcpy(s + hl + n, tail, tl + 1);
  return s;
}

/* inih splits lines longer than its 200-byte buffer: the rest of a long description became a
 * "line" of its own, refused as "not an INI line", and the number given was off by one. */
static void test_long_description_is_cut_not_refused(void **state)
{
  char *ini = with_long_line("[voice]\ndescription = ", 'x', 250, "\nspeed = 150\n");
  struct voice_profile p;
  voice_profile_defaults(&p);
  int bad_line = -1;
  assert_int_equal(voice_profile_parse(ini, strlen(ini), &p, &bad_line), 0);
  assert_int_equal(p.speed, 150);
  assert_int_equal(p.description[0], 'x');
}

static void test_long_comment_is_ignored(void **state)
{
  char *ini = with_long_line("[voice]\n# ", 'y', 250, "\nspeed = 150\n");
  struct voice_profile p;
  voice_profile_defaults(&p);
  int bad_line = -1;
  assert_int_equal(voice_profile_parse(ini, strlen(ini), &p, &bad_line), 0);
  assert_int_equal(p.speed, 150);
}

/* The fuzzer's input: one line of 212 bytes, reported as line 2. */
static void test_bad_line_exists(void **state)
{
  char *ini = with_long_line(";", '\x0f', 211, "");
  struct voice_profile p;
  voice_profile_defaults(&p);
  int bad_line = -1;
  int rc = voice_profile_parse(ini, strlen(ini), &p, &bad_line);
  if (rc != 0) {
    assert_int_equal(rc, LECTOR_EPARSE);
    assert_int_equal(bad_line, 1);
  }
}

/* Junk lines among good ones: each skipped with its number, the good line kept, never a crash. */
static void test_junk_is_skipped_cleanly(void **state)
{
  static const char junk[] = "[voice]\nspeed = 150\n\x01\xff\xfe garbage = \x80\x80\n[[[\n";
  struct voice_profile p;
  voice_profile_defaults(&p);
  int bad_line = -1;
  assert_int_equal(voice_profile_parse(junk, sizeof junk - 1, &p, &bad_line), 0);
  assert_int_equal(bad_line, 3);
  assert_int_equal(p.speed, 150);
}

/* Binary data (a NUL byte): no profile at all, refused whole with the defaults left intact. */
static void test_binary_is_refused_cleanly(void **state)
{
  static const char junk[] = "[voice]\nspeed = 150\n\x01\0\xfe\n";
  struct voice_profile p, before;
  voice_profile_defaults(&p);
  before = p;
  int bad_line = -1;
  assert_int_equal(voice_profile_parse(junk, sizeof junk - 1, &p, &bad_line), LECTOR_EPARSE);
  assert_int_equal(bad_line, 3);
  assert_memory_equal(&p, &before, sizeof p);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_long_description_is_cut_not_refused),
    cmocka_unit_test(test_long_comment_is_ignored),
    cmocka_unit_test(test_bad_line_exists),
    cmocka_unit_test(test_junk_is_skipped_cleanly),
    cmocka_unit_test(test_binary_is_refused_cleanly),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
