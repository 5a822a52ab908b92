/* --split's file names and playlist: safe names from any title, numbered to sort, cut on a
 * character boundary; #EXTINF lines with durations and one-line titles. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "export/split.h"

static void name_is(size_t number, size_t count, const char *title, const char *want)
{
  char buf[300];
  split_file_name(buf, sizeof buf, number, count, title, "mp3");
  assert_string_equal(buf, want);
}

static void test_unsafe_characters(void **state)
{
  (void)state;
  name_is(4, 9, "Q&A: yes/no? <a\\b> |*\"", "04 Q&A yes no a b.mp3");
  name_is(1, 2, "../../etc/passwd", "01 etc passwd.mp3");
  name_is(1, 2, "Tab\there\nnewline", "01 Tab here newline.mp3");
  name_is(2, 2, "ends with dots...  ", "02 ends with dots.mp3");
}

static void test_nothing_left(void **state)
{
  (void)state;
  name_is(3, 3, "", "03 Part.mp3");
  name_is(3, 3, "/:*?", "03 Part.mp3");
  name_is(3, 3, "...", "03 Part.mp3");
}

static void test_numbers_sort(void **state)
{
  (void)state;
  name_is(7, 99, "Seven", "07 Seven.mp3");
  name_is(7, 100, "Seven", "007 Seven.mp3");
  name_is(1234, 1500, "Many", "1234 Many.mp3");
}

static void test_cut_on_a_character(void **state)
{
  (void)state;
  /* "a" then 70 "é" (two bytes each): the 100 bytes kept would end in half an é. */
  char title[200] = "a", want[200] = "01 a";
  for (int i = 0; i < 70; i++)
    strcat(title, "\xc3\xa9");
  for (int i = 0; i < 49; i++)
    strcat(want, "\xc3\xa9");
  strcat(want, ".opus");
  char buf[300];
  split_file_name(buf, sizeof buf, 1, 1, title, "opus");
  assert_string_equal(buf, want);
}

static void test_playlist(void **state)
{
  (void)state;
  struct split_part parts[2] = {{0, 22050, "One"}, {22050, 55125, "Two\nlines"}};
  uint64_t frames[2] = {22050, 33075};
  char *names[2] = {"01 One.mp3", "02 Two lines.mp3"};
  char *text = split_playlist(parts, frames, names, 2, 22050);
  assert_non_null(text);
  assert_string_equal(text, "#EXTM3U\n#EXTINF:1.000,One\n01 One.mp3\n"
                            "#EXTINF:1.500,Two lines\n02 Two lines.mp3\n");
  free(text);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_unsafe_characters),
    cmocka_unit_test(test_nothing_left),
    cmocka_unit_test(test_numbers_sort),
    cmocka_unit_test(test_cut_on_a_character),
    cmocka_unit_test(test_playlist),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
