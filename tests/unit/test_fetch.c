/* What is a URL to fetch and what is a local path: "scheme://" only, so that a file named
 * "notes:2024.txt" or "./http:x" stays a file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "app/fetch.h"

static void test_is_url(void **state)
{
  (void)state;
  assert_true(fetch_is_url("https://example.org/a.html"));
  assert_true(fetch_is_url("http://127.0.0.1:8080/"));
  assert_true(fetch_is_url("HTTP://EXAMPLE.ORG"));
  assert_true(fetch_is_url("file:///etc/hostname"));   /* a URL, refused by fetch_url */
  assert_true(fetch_is_url("svn+ssh://host/x"));
  assert_false(fetch_is_url("notes:2024.txt"));
  assert_false(fetch_is_url("./http://x"));
  assert_false(fetch_is_url("http:/one-slash"));
  assert_false(fetch_is_url("-"));
  assert_false(fetch_is_url(""));
  assert_false(fetch_is_url("1http://x"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {cmocka_unit_test(test_is_url)};
  return cmocka_run_group_tests(tests, NULL, NULL);
}
