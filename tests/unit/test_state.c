/* Resume positions: round trip, atomic replacement, and corrupt files refused without harm. */
#include <dirent.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/state.h"
#include "util/error.h"

static char tmpdir[512];

static int setup(void **state)
{
  const char *base = getenv("LECTOR_TEST_TMP");
  snprintf(tmpdir, sizeof tmpdir, "%s/state-XXXXXX", base && base[0] ? base : "/tmp");
  if (!mkdtemp(tmpdir))
    return -1;
  setenv("XDG_STATE_HOME", tmpdir, 1);
  return 0;
}

static int teardown(void **state)
{
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
  return system(cmd) == 0 ? 0 : -1;
}

static void write_state_file(const char *key, const char *content)
{
  char *path = state_file_path(key);
  assert_non_null(path);
  char dir[600];
  snprintf(dir, sizeof dir, "mkdir -p '%s/lector/positions'", tmpdir);
  assert_int_equal(system(dir), 0);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  fputs(content, f);
  fclose(f);
  free(path);
}

static void test_round_trip(void **state)
{
  char key[STATE_KEY_LEN];
  state_key_for_content("hello", 5, key);
  struct state_position pos;
  assert_int_equal(state_load(key, &pos), -ENOENT);

  struct state_position saved = {.place.paragraph = 3, .place.sentence = 2, .wpm = 250};
  assert_int_equal(state_save(key, &saved, "/some/file.txt"), 0);
  memset(&pos, 0xff, sizeof pos);
  assert_int_equal(state_load(key, &pos), 0);
  assert_int_equal(pos.place.paragraph, 3);
  assert_int_equal(pos.place.sentence, 2);
  assert_int_equal(pos.wpm, 250);   /* the speed, remembered per document */

  /* Saving again replaces the position and leaves no temporary file behind. */
  saved.place.paragraph = 7;
  saved.place.sentence = 0;
  assert_int_equal(state_save(key, &saved, NULL), 0);
  assert_int_equal(state_load(key, &pos), 0);
  assert_int_equal(pos.place.paragraph, 7);
  assert_int_equal(pos.place.sentence, 0);

  char dir[600];
  snprintf(dir, sizeof dir, "%s/lector/positions", tmpdir);
  DIR *d = opendir(dir);
  assert_non_null(d);
  int files = 0;
  struct dirent *e;
  while ((e = readdir(d)))
    if (e->d_name[0] != '.' || strstr(e->d_name, "lector-"))
      files++;
  closedir(d);
  assert_int_equal(files, 1);
}

static void test_keys(void **state)
{
  char a[STATE_KEY_LEN], b[STATE_KEY_LEN], c[STATE_KEY_LEN];
  state_key_for_content("one text", 8, a);
  state_key_for_content("one text", 8, b);
  state_key_for_content("another", 7, c);
  assert_string_equal(a, b);
  assert_string_not_equal(a, c);

  /* The same file reached by two spellings of its path has one key. */
  char path[600], other[700];
  snprintf(path, sizeof path, "%s/doc.txt", tmpdir);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("text\n", f);
  fclose(f);
  snprintf(other, sizeof other, "%s/./doc.txt", tmpdir);
  assert_int_equal(state_key_for_path(path, a), 0);
  assert_int_equal(state_key_for_path(other, b), 0);
  assert_string_equal(a, b);
  assert_string_not_equal(a, c);
  assert_int_equal(state_key_for_path("/nonexistent/lector/x.txt", a), -ENOENT);

  /* A page is known by its URL, never confused with a file or a text of the same bytes. */
  state_key_for_url("https://example.org/a.html", a);
  state_key_for_url("https://example.org/a.html", b);
  state_key_for_content("https://example.org/a.html", 26, c);
  assert_string_equal(a, b);
  assert_string_not_equal(a, c);
  assert_int_equal(strncmp(a, "u-", 2), 0);
  state_key_for_url("https://example.org/b.html", b);
  assert_string_not_equal(a, b);
}

static void test_corrupt_files_refused(void **state)
{
  static const char *bad[] = {
    "",
    "garbage",
    "{\"version\":1,\"paragraph\":3,\"sent",           /* truncated */
    "{\"version\":1,\"paragraph\":-1,\"sentence\":0}",  /* negative */
    "{\"version\":1,\"paragraph\":\"3\",\"sentence\":0}",
    "{\"version\":2,\"paragraph\":3,\"sentence\":0}",   /* unknown version */
    "{\"version\":1,\"sentence\":0}",                   /* missing field */
    "[1,2]",
  };
  char key[STATE_KEY_LEN];
  state_key_for_content("corrupt", 7, key);
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    write_state_file(key, bad[i]);
    struct state_position pos = {.place.paragraph = 42, .place.sentence = 42};
    assert_int_equal(state_load(key, &pos), LECTOR_EPARSE);
    assert_int_equal(pos.place.paragraph, 42);
  }
  /* A corrupt file is simply replaced by the next save. */
  struct state_position saved = {.place.paragraph = 1, .place.sentence = 1}, pos;
  assert_int_equal(state_save(key, &saved, "x"), 0);
  assert_int_equal(state_load(key, &pos), 0);
  assert_int_equal(pos.place.paragraph, 1);
}

/* Bookmarks ride along with the position: saved, read back in order; a file without them (an
 * older lector's) loads with none; a damaged entry is skipped, not the file; the count is
 * bounded. */
static void test_bookmarks(void **state)
{
  (void)state;
  char key[STATE_KEY_LEN];
  state_key_for_content("marks", 5, key);
  static struct state_position saved, pos;
  saved = (struct state_position){.place.paragraph = 4, .place.sentence = 1, .n_bookmarks = 3};
  saved.bookmarks[0] = 2;
  saved.bookmarks[1] = 17;
  saved.bookmarks[2] = 900000;
  saved.bookmark_has_print[1] = true;
  saved.bookmark_prints[1] = 0xfedcba9876543210ull;
  assert_int_equal(state_save(key, &saved, "book.epub"), 0);
  memset(&pos, 0xff, sizeof pos);
  assert_int_equal(state_load(key, &pos), 0);
  assert_int_equal(pos.place.paragraph, 4);
  assert_int_equal(pos.n_bookmarks, 3);
  assert_int_equal(pos.bookmarks[0], 2);
  assert_int_equal(pos.bookmarks[1], 17);
  assert_int_equal(pos.bookmarks[2], 900000);
  assert_false(pos.bookmark_has_print[0]);
  assert_true(pos.bookmark_has_print[1]);
  assert_true(pos.bookmark_prints[1] == 0xfedcba9876543210ull);

  write_state_file(key, "{\"version\":1,\"paragraph\":2,\"sentence\":0}");
  memset(&pos, 0xff, sizeof pos);
  assert_int_equal(state_load(key, &pos), 0);
  assert_int_equal(pos.place.paragraph, 2);
  assert_int_equal(pos.n_bookmarks, 0);

  write_state_file(key, "{\"version\":1,\"paragraph\":2,\"sentence\":0,"
                        "\"bookmarks\":[5,\"x\",-1,1.5,null,{\"sentence\":-2},"
                        "{\"sentence\":9,\"print\":\"short\"},8]}");
  assert_int_equal(state_load(key, &pos), 0);
  assert_int_equal(pos.n_bookmarks, 3);
  assert_int_equal(pos.bookmarks[0], 5);
  assert_int_equal(pos.bookmarks[1], 9);   /* a bad print costs the print, not the bookmark */
  assert_false(pos.bookmark_has_print[1]);
  assert_int_equal(pos.bookmarks[2], 8);

  write_state_file(key, "{\"version\":1,\"paragraph\":2,\"sentence\":0,\"bookmarks\":7}");
  assert_int_equal(state_load(key, &pos), 0);
  assert_int_equal(pos.n_bookmarks, 0);

  /* The most a file holds, and no more: the largest list round-trips whole. */
  saved.n_bookmarks = STATE_BOOKMARKS_MAX;
  for (size_t i = 0; i < STATE_BOOKMARKS_MAX; i++)
    saved.bookmarks[i] = 1000000000 + i;
  assert_int_equal(state_save(key, &saved, NULL), 0);
  assert_int_equal(state_load(key, &pos), 0);
  assert_int_equal(pos.n_bookmarks, STATE_BOOKMARKS_MAX);
  assert_int_equal(pos.bookmarks[STATE_BOOKMARKS_MAX - 1], 1000000000 + STATE_BOOKMARKS_MAX - 1);
}

/* The anchor (section, offset, prints) round-trips; an older file without it, or with it
 * damaged, still loads its paragraph and sentence, with the damaged part left out. */
static void test_anchor_fields(void **state)
{
  (void)state;
  char key[STATE_KEY_LEN];
  state_key_for_content("anchor", 6, key);
  static struct state_position saved, pos;
  saved.place = (struct doc_anchor){.paragraph = 40, .sentence = 2, .has_prints = true,
                                    .paragraph_print = 0xfedcba9876543210ull,
                                    .sentence_print = 0x0123456789abcdefull,
                                    .has_section = true, .section = 5, .section_offset = 3};
  strcpy(saved.place.section_title, "Down the \"Rabbit\"-Hole");
  assert_int_equal(state_save(key, &saved, NULL), 0);
  memset(&pos, 0xff, sizeof pos);
  assert_int_equal(state_load(key, &pos), 0);
  assert_int_equal(pos.place.paragraph, 40);
  assert_int_equal(pos.place.sentence, 2);
  assert_true(pos.place.has_prints);
  assert_true(pos.place.paragraph_print == 0xfedcba9876543210ull);
  assert_true(pos.place.sentence_print == 0x0123456789abcdefull);
  assert_true(pos.place.has_section);
  assert_int_equal(pos.place.section, 5);
  assert_int_equal(pos.place.section_offset, 3);
  assert_string_equal(pos.place.section_title, "Down the \"Rabbit\"-Hole");

  static const char *partial[] = {
    "{\"version\":1,\"paragraph\":2,\"sentence\":1}",
    "{\"version\":1,\"paragraph\":2,\"sentence\":1,\"section\":{\"index\":1,\"title\":7,"
    "\"paragraph\":0},\"print\":{\"paragraph\":\"12\",\"sentence\":\"0123456789abcdef\"}}",
    "{\"version\":1,\"paragraph\":2,\"sentence\":1,\"section\":[],\"print\":"
    "{\"paragraph\":\"0123456789abcdeg\",\"sentence\":\"0123456789abcdef\"}}",
  };
  for (size_t i = 0; i < sizeof partial / sizeof partial[0]; i++) {
    write_state_file(key, partial[i]);
    memset(&pos, 0xff, sizeof pos);
    assert_int_equal(state_load(key, &pos), 0);
    assert_int_equal(pos.place.paragraph, 2);
    assert_int_equal(pos.place.sentence, 1);
    assert_false(pos.place.has_prints);
    assert_false(pos.place.has_section);
  }
}

static void test_no_state_dir(void **state)
{
  char *xdg = strdup(getenv("XDG_STATE_HOME"));
  char *home = getenv("HOME") ? strdup(getenv("HOME")) : NULL;
  unsetenv("XDG_STATE_HOME");
  unsetenv("HOME");
  char key[STATE_KEY_LEN];
  state_key_for_content("x", 1, key);
  struct state_position pos = {.place.paragraph = 0};
  assert_null(state_file_path(key));
  assert_int_equal(state_load(key, &pos), -ENOENT);
  assert_true(state_save(key, &pos, NULL) < 0);
  setenv("XDG_STATE_HOME", xdg, 1);
  if (home)
    setenv("HOME", home, 1);
  free(xdg);
  free(home);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_round_trip, setup, teardown),
    cmocka_unit_test_setup_teardown(test_keys, setup, teardown),
    cmocka_unit_test_setup_teardown(test_corrupt_files_refused, setup, teardown),
    cmocka_unit_test_setup_teardown(test_bookmarks, setup, teardown),
    cmocka_unit_test_setup_teardown(test_anchor_fields, setup, teardown),
    cmocka_unit_test_setup_teardown(test_no_state_dir, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
