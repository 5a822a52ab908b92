/* Hostile settings files (src/ui/settings.c, src/ui/keys.c), found by tests/fuzz/fuzz_settings:
 * junk is reported line by line and skipped, never a crash or undefined behaviour. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ui/keys.h"
#include "ui/settings.h"
#include "util/error.h"

static void count_warning(void *user, const char *source, unsigned line, const char *why)
{
  unsigned *n = user;
  (*n)++;
  assert_non_null(source);
  assert_non_null(why);
  assert_true(line >= 1);
}

/* keys.c keys_parse_name(): the digits after 'F' were accumulated in an int without a bound,
 * a signed overflow (UBSan: "888888888 * 10 cannot be represented in type 'int'"). */
static void test_function_key_with_many_digits(void **state)
{
  int key = 0;
  assert_int_equal(keys_parse_name("F99999999999999999999", &key), LECTOR_EPARSE);
  assert_int_equal(keys_parse_name("F25", &key), LECTOR_EPARSE);
  assert_int_equal(keys_parse_name("F12", &key), 0);
}

static void test_settings_with_a_huge_function_key(void **state)
{
  static const char ini[] = "[keys]\nhelp = F8888888888888, ?\n[reader]\nspeed = 200\n";
  struct settings s;
  settings_defaults(&s);
  unsigned warnings = 0;
  assert_int_equal(settings_parse(ini, sizeof ini - 1, "test", &s, count_warning, &warnings), 0);
  assert_true(warnings >= 1);
  assert_int_equal(s.speed, 200);
}

static void test_settings_junk(void **state)
{
  static const char junk[] = "\xff\xfe[reader\nspeed = 99999999999999999999\nvoice = "
                             "\x01\x02\nspeed=-5\n[keys]\nquit = \nquit = ^\nquit = KEY_\n"
                             "= =\n[\n]\n\x80\x80\x80 = \x80\n";
  struct settings s, defaults;
  settings_defaults(&s);
  settings_defaults(&defaults);
  unsigned warnings = 0;
  assert_int_equal(settings_parse(junk, sizeof junk - 1, "junk", &s, count_warning, &warnings), 0);
  assert_true(warnings >= 3);
  assert_int_equal(s.speed, defaults.speed);
  assert_non_null(memchr(s.voice, '\0', sizeof s.voice));
}

static void record_warning(void *user, const char *source, unsigned line, const char *why)
{
  unsigned *lines = user;
  lines[lines[0] < 7 ? ++lines[0] : 7] = line;
}

/* settings.c, like voice.c before it: inih cuts lines at 200 bytes and reads the rest as a line
 * of its own, so a long comment gave a bogus warning, with the number of the wrong line. */
static void test_long_lines(void **state)
{
  char ini[1024];
  struct settings s;
  unsigned lines[8];

  snprintf(ini, sizeof ini, "[reader]\n# %0250d\nspeed = 150\n", 0);
  settings_defaults(&s);
  memset(lines, 0, sizeof lines);
  assert_int_equal(settings_parse(ini, strlen(ini), "long", &s, record_warning, lines), 0);
  assert_int_equal(lines[0], 0);   /* a comment, however long, is no warning */
  assert_int_equal(s.speed, 150);

  snprintf(ini, sizeof ini, "[reader]\nvoice = %0250d\nspeed = 150\n", 0);
  settings_defaults(&s);
  memset(lines, 0, sizeof lines);
  assert_int_equal(settings_parse(ini, strlen(ini), "long", &s, record_warning, lines), 0);
  for (unsigned i = 1; i <= lines[0]; i++)
    assert_int_equal(lines[i], 2);  /* if refused, then as line 2 */
  assert_int_equal(s.speed, 150);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_function_key_with_many_digits),
    cmocka_unit_test(test_settings_with_a_huge_function_key),
    cmocka_unit_test(test_settings_junk),
    cmocka_unit_test(test_long_lines),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
