/* The one list of lector's error codes: every code has its own message, errno values go to
 * strerror, and the app can tell the system's refusals from lector's own. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "util/error.h"

static const int own[] = {
#define OWN_CODE(name, code, message) LECTOR_##name,
  LECTOR_ERROR_MAP(OWN_CODE)
#undef OWN_CODE
};
#define N_OWN (sizeof own / sizeof own[0])

static void test_own_codes(void **state)
{
  (void)state;
  for (size_t i = 0; i < N_OWN; i++) {
    const char *m = lector_strerror(own[i]);
    assert_true(own[i] < 0);
    assert_false(lector_error_is_errno(own[i]));
    assert_null(strstr(m, "nknown"));
    for (size_t j = 0; j < i; j++) {
      assert_int_not_equal(own[i], own[j]);
      assert_string_not_equal(m, lector_strerror(own[j]));
    }
  }
  /* Messages users and tests read. */
  assert_string_equal(lector_strerror(LECTOR_EVOICE), "no such voice");
  assert_string_equal(lector_strerror(LECTOR_ENOTTEXT), "not a text file (binary data)");
  assert_non_null(strstr(lector_strerror(LECTOR_EWAVFULL), "use .flac, .ogg or .opus"));
}

static void test_errno_codes(void **state)
{
  (void)state;
  assert_string_equal(lector_strerror(0), "Success");
  assert_string_equal(lector_strerror(-ENOENT), strerror(ENOENT));
  assert_true(lector_error_is_errno(-ENOENT));
  assert_true(lector_error_is_errno(-ENOSPC));
  assert_false(lector_error_is_errno(0));
  assert_string_equal(lector_strerror(5), "unknown error");
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_own_codes),
    cmocka_unit_test(test_errno_codes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
