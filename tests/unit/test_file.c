/* file_read_small: the reader of lector's own small files. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "util/error.h"
#include "util/file.h"

static char dir[256];

static int make_dir(void **state)
{
  const char *tmp = getenv("LECTOR_TEST_TMP");
  snprintf(dir, sizeof dir, "%s/file-XXXXXX", tmp ? tmp : "/tmp");
  return mkdtemp(dir) ? 0 : -1;
}

static char *path_in_dir(const char *name)
{
  static char path[512];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  return path;
}

static void write_file(const char *path, const char *text, size_t len)
{
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(text, 1, len, f), len);
  fclose(f);
}

static void test_reads_whole_file_nul_terminated(void **state)
{
  const char *path = path_in_dir("small");
  write_file(path, "a = b\nc", 7);
  char *data;
  size_t len;
  assert_int_equal(file_read_small(path, 100, &data, &len), 0);
  assert_int_equal(len, 7);
  assert_string_equal(data, "a = b\nc");
  free(data);

  write_file(path, "", 0);
  assert_int_equal(file_read_small(path, 100, &data, &len), 0);
  assert_int_equal(len, 0);
  assert_string_equal(data, "");
  free(data);
}

static void test_limit(void **state)
{
  const char *path = path_in_dir("big");
  char text[101];
  memset(text, 'x', sizeof text);
  write_file(path, text, sizeof text);
  char *data = NULL;
  size_t len;
  assert_int_equal(file_read_small(path, 100, &data, &len), LECTOR_ETOOBIG);
  assert_int_equal(file_read_small(path, 101, &data, &len), 0);
  assert_int_equal(len, 101);
  free(data);
}

static void test_refuses_what_is_not_a_regular_file(void **state)
{
  char *data;
  size_t len;
  assert_int_equal(file_read_small(path_in_dir("missing"), 100, &data, &len), -ENOENT);
  assert_int_equal(file_read_small(dir, 100, &data, &len), -EISDIR);
  /* A FIFO with no writer: must return at once, not wait for one. */
  const char *fifo = path_in_dir("fifo");
  assert_int_equal(mkfifo(fifo, 0600), 0);
  assert_int_equal(file_read_small(fifo, 100, &data, &len), LECTOR_ENOTFILE);
  assert_int_equal(file_read_small("/dev/zero", 100, &data, &len), LECTOR_ENOTFILE);
  unlink(fifo);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_reads_whole_file_nul_terminated),
    cmocka_unit_test(test_limit),
    cmocka_unit_test(test_refuses_what_is_not_a_regular_file),
  };
  return cmocka_run_group_tests(tests, make_dir, NULL);
}
