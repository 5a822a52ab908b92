/* Voice profiles: parsing, ranges, the search path and -v naming a profile; espeak-ng's
 * listings. (-v naming an espeak-ng voice or language: test_voice_resolve.c.) */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "speech/voice.h"
#include "speech/voice_espeak.h"
#include "speech/voice_resolve.h"
#include "util/error.h"

static char config_dir[512];

static void write_file(const char *dir, const char *name, const char *text)
{
  char path[700];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static int setup(void **state)
{
  /* A private XDG_CONFIG_HOME so that the user's own profiles do not change the results. */
  const char *tmp = getenv("LECTOR_TEST_TMP");
  snprintf(config_dir, sizeof config_dir, "%s/voiceXXXXXX", tmp ? tmp : "/tmp");
  if (!mkdtemp(config_dir))
    return -1;
  setenv("XDG_CONFIG_HOME", config_dir, 1);
  return 0;
}

static int teardown(void **state)
{
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", config_dir);
  return system(cmd) == 0 ? 0 : -1;
}

/* -v name alone, no override. */
static int resolve_msg(const char *name, struct voice_profile *v, char *msg, size_t len)
{
  struct voice_request req = {name, NULL, -1, -1, -1};
  return voice_resolve(&req, v, msg, len);
}

static int resolve(const char *name, struct voice_profile *v)
{
  char msg[512];
  return resolve_msg(name, v, msg, sizeof msg);
}

static int parse(const char *ini, struct voice_profile *v, int *line)
{
  voice_profile_defaults(v);
  return voice_profile_parse(ini, strlen(ini), v, line);
}

static void test_defaults(void **state)
{
  struct voice_profile v;
  voice_profile_defaults(&v);
  assert_string_equal(v.espeak_voice, "en");
  assert_int_equal(v.speed, 175);
  assert_int_equal(v.volume, 100);
  assert_true(v.paragraph_pause_ms > v.sentence_pause_ms);
}

static void test_parse(void **state)
{
  struct voice_profile v;
  int line = -1;
  assert_int_equal(parse("; comment\n[voice]\ndescription = Slow\nlanguage = en-gb ; inline\n"
                         "variant = f3\nspeed = 140\npitch = 0\nrange = 99\nvolume = 200\n"
                         "word_gap = 3\nsentence_pause_ms = 500\nparagraph_pause_ms = 900\n"
                         "heading_pause_ms = 1200\n", &v, &line), 0);
  assert_string_equal(v.description, "Slow");
  assert_string_equal(v.language, "en-gb");
  assert_string_equal(v.espeak_voice, ""); /* language replaces the default voice name */
  assert_string_equal(v.variant, "f3");
  assert_int_equal(v.speed, 140);
  assert_int_equal(v.pitch, 0);
  assert_int_equal(v.range, 99);
  assert_int_equal(v.volume, 200);
  assert_int_equal(v.word_gap, 3);
  assert_int_equal(v.sentence_pause_ms, 500);
  assert_int_equal(v.paragraph_pause_ms, 900);
  assert_int_equal(v.heading_pause_ms, 1200);
  /* A description is shown on a terminal: no control characters reach it, and one too long
   * is cut between characters, not inside one. */
  assert_int_equal(parse("[voice]\ndescription = A\x1b[2J b\x07 \xc2\x9b c\td\n", &v, &line), 0);
  assert_string_equal(v.description, "A [2J b    c d");
  char ini[400] = "[voice]\ndescription = ";
  for (int i = 0; i < 100; i++)
    strcat(ini, "\xc3\xa9");   /* é, two bytes: the 128-byte field ends inside one */
  strcat(ini, "x\n");
  assert_int_equal(parse(ini, &v, &line), 0);
  assert_int_equal(strlen(v.description), 126);
  assert_int_equal((unsigned char)v.description[125], 0xa9);
  /* Values not given keep what was there. */
  assert_int_equal(parse("[voice]\nespeak = en-us\n", &v, &line), 0);
  assert_string_equal(v.espeak_voice, "en-us");
  assert_string_equal(v.language, "");
  assert_int_equal(v.speed, 175);
}

/* Each bad line of a profile, as the warning callback hears of it. */
struct heard {
  unsigned lines[8];
  char why[8][160];
  size_t n;
};

static void hear(void *user, const char *path, unsigned line, const char *why)
{
  struct heard *h = user;
  if (h->n < 8) {
    h->lines[h->n] = line;
    snprintf(h->why[h->n], sizeof h->why[h->n], "%s", why);
  }
  h->n++;
}

/* A bad line is reported with its number and skipped; the lines around it still apply. */
static void test_bad_line_is_skipped(void **state)
{
  struct voice_profile v;
  int line = -1;
  assert_int_equal(parse("[voice]\nspeed = 140\nspeed = 20\npitch = 60\n", &v, &line), 0);
  assert_int_equal(line, 3);
  assert_int_equal(v.speed, 140);
  assert_int_equal(v.pitch, 60);
  assert_int_equal(parse("[voice]\nspeed = 140\n", &v, &line), 0);
  assert_int_equal(line, 0);

  /* Every bad line is heard of, in order, each with its number and why. */
  const char *ini = "[voice]\ndescription = Mine\nspeed = 9000\nno equals sign here\n"
                    "loudness = 3\n[[broken section\nespeak = en<x>\npitch = 70\n"
                    "variant = f3+x\n";
  struct heard h = {0};
  voice_profile_defaults(&v);
  assert_int_equal(voice_profile_parse_warn(ini, strlen(ini), "mine.ini", &v, hear, &h, &line),
                   0);
  assert_int_equal(line, 3);
  assert_int_equal(h.n, 6);
  const unsigned want[] = {3, 4, 5, 6, 7, 9};
  for (size_t i = 0; i < 6; i++)
    assert_int_equal(h.lines[i], want[i]);
  assert_non_null(strstr(h.why[0], "speed must be a number from 80 to 900"));
  assert_non_null(strstr(h.why[2], "unknown key 'loudness'"));
  assert_string_equal(v.description, "Mine");
  assert_int_equal(v.speed, 175);
  assert_int_equal(v.pitch, 70);
  assert_string_equal(v.espeak_voice, "en");   /* the bad espeak line changed nothing */
  assert_string_equal(v.variant, "");
}

static void test_ranges_and_bad_lines(void **state)
{
  struct voice_profile v;
  int line = 0;
  assert_int_equal(parse("[voice]\n\npitch = 100\n", &v, &line), 0);
  assert_int_equal(line, 3);
  assert_int_equal(v.pitch, 50);
  assert_int_equal(parse("[voice]\nvolume = -1\n", &v, &line), 0);
  assert_int_equal(line, 2);
  const char *bad[] = {"volume = 201", "speed = 901", "speed = fast", "speed = 12x",
                       "range = 99999999999999999999", "loudness = 3", "no equals sign here",
                       "espeak = en;rm -rf", "espeak = en<x>"};
  for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    char ini[100];
    snprintf(ini, sizeof ini, "[voice]\n%s\n", bad[i]);
    assert_int_equal(parse(ini, &v, &line), 0);
    assert_int_equal(line, 2);
  }
  assert_int_equal(v.volume, 100);
  assert_int_equal(v.speed, 175);
  assert_int_equal(parse("speed = 140\n", &v, &line), 0); /* outside [voice] */
  assert_int_equal(line, 1);
  assert_int_equal(v.speed, 175);
  assert_int_equal(parse("[voice]\nespeak = en ; a comment\n", &v, &line), 0);
  assert_int_equal(line, 0);
  assert_string_equal(v.espeak_voice, "en");
  assert_int_equal(parse("[voice]\nespeak = en+f3\n", &v, &line), 0);
  assert_string_equal(v.espeak_voice, "en");
  assert_string_equal(v.variant, "f3");
  /* A byte-order mark is no bad line. */
  assert_int_equal(parse("\xEF\xBB\xBF[voice]\nspeed = 150\n", &v, &line), 0);
  assert_int_equal(line, 0);
  assert_int_equal(v.speed, 150);
  /* Lines longer than inih's buffer: a long comment or description is fine, the line numbers
   * stay right, another long line is reported with its number and skipped. */
  char big[1000];
  snprintf(big, sizeof big, "[voice]\n# %0300d\ndescription = %0300d\nspeed = 150\n", 0, 0);
  assert_int_equal(parse(big, &v, &line), 0);
  assert_int_equal(v.speed, 150);
  assert_int_equal(v.description[0], '0');
  snprintf(big, sizeof big, "[voice]\n# %0300d\nspeed = 150\npitch = 300\n", 0);
  assert_int_equal(parse(big, &v, &line), 0);
  assert_int_equal(line, 4);
  assert_int_equal(v.speed, 150);
  snprintf(big, sizeof big, "[voice]\nespeak = %0300d\nspeed = 160\n", 0);
  assert_int_equal(parse(big, &v, &line), 0);
  assert_int_equal(line, 2);
  assert_string_equal(v.espeak_voice, "en");
  assert_int_equal(v.speed, 160);
  /* NUL bytes: not a profile at all, refused whole, never a crash. */
  const char bin[] = "[voice]\nspeed\0 = 1\n\xff\xfe";
  voice_profile_defaults(&v);
  assert_int_equal(voice_profile_parse(bin, sizeof bin - 1, &v, &line), LECTOR_EPARSE);
  assert_int_equal(line, 2); /* the line with the NUL byte */
}

static void test_resolve_profiles(void **state)
{
  struct voice_profile v;
  assert_int_equal(resolve("learner", &v), 0);
  assert_string_equal(v.name, "learner");
  assert_true(v.speed < 175);
  assert_true(v.word_gap > 0);
  assert_int_equal(resolve("fast", &v), 0);
  assert_int_equal(v.speed, 450);
  assert_int_equal(resolve("faster", &v), 0);
  assert_int_equal(v.speed, 750);
  assert_int_equal(resolve("british", &v), 0);
  assert_string_equal(v.language, "en-gb");
  assert_int_equal(resolve("us", &v), 0);
  assert_string_equal(v.espeak_voice, "en-us");
  assert_int_equal(resolve(NULL, &v), 0);
  assert_string_equal(v.name, "default");
  assert_int_equal(resolve("", &v), 0);
  assert_string_equal(v.name, "default");

  /* The user's profile comes first on the search path. */
  char dir[600];
  snprintf(dir, sizeof dir, "%s/lector", config_dir);
  mkdir(dir, 0700);
  snprintf(dir, sizeof dir, "%s/lector/voices", config_dir);
  mkdir(dir, 0700);
  write_file(dir, "default.ini", "[voice]\nspeed = 222\n");
  write_file(dir, "mine.ini", "[voice]\ndescription = Mine\nespeak = en+m3\n");
  write_file(dir, "broken.ini", "[voice]\n# fine\nspeed = 2000\n");
  write_file(dir, "esc\x1b[2J.ini", "[voice]\nspeed = 200\n");   /* not a name to print */
  /* Nor a name that would forge a line (or a column) of `lector voices`. */
  write_file(dir, "x\nforged.ini", "[voice]\nspeed = 200\n");
  write_file(dir, "tab\tbed.ini", "[voice]\nspeed = 200\n");
  assert_int_equal(resolve(NULL, &v), 0);
  assert_int_equal(v.speed, 222);
  assert_int_equal(resolve("mine", &v), 0);
  assert_string_equal(v.description, "Mine");
  assert_string_equal(v.espeak_voice, "en");
  assert_string_equal(v.variant, "m3");
  /* A profile with a bad line is used without it; the line is reported when asked. */
  char msg[256];
  assert_int_equal(resolve_msg("broken", &v, msg, sizeof msg), 0);
  assert_string_equal(v.name, "broken");
  assert_int_equal(v.speed, 175);
  struct heard h = {0};
  struct voice_request req = {"broken", NULL, -1, -1, -1};
  assert_int_equal(voice_resolve_warn(&req, hear, &h, &v, msg, sizeof msg), 0);
  assert_int_equal(h.n, 1);
  assert_int_equal(h.lines[0], 3);
  assert_non_null(strstr(h.why[0], "speed"));
  assert_string_equal(msg, "");
  /* A file that is no profile at all (a NUL byte) is an error when named, left out of the list
   * with a warning. */
  write_file(dir, "binary.ini", "[voice]\n");
  char bin_path[700];
  snprintf(bin_path, sizeof bin_path, "%s/binary.ini", dir);
  FILE *bf = fopen(bin_path, "a");
  assert_non_null(bf);
  fputc('\0', bf);
  fclose(bf);
  assert_int_equal(resolve_msg("binary", &v, msg, sizeof msg), LECTOR_EPARSE);
  assert_non_null(strstr(msg, "binary.ini: not a voice profile"));

  struct voice_profile *list;
  size_t n;
  memset(&h, 0, sizeof h);
  assert_int_equal(voice_list_profiles_warn(&list, &n, hear, &h), 0);
  const char *want[] = {"british", "broken", "default", "fast", "faster", "learner", "mine", "us"};
  assert_int_equal(n, 8); /* binary.ini is not listed, broken.ini is, without its bad line */
  for (size_t i = 0; i < n; i++)
    assert_string_equal(list[i].name, want[i]);
  assert_int_equal(list[2].speed, 222); /* first occurrence wins */
  free(list);
  assert_int_equal(h.n, 2);   /* broken.ini's line 3, binary.ini whole (line 0) */
  bool heard_broken = false, heard_binary = false;
  for (size_t i = 0; i < 2; i++) {
    heard_broken |= h.lines[i] == 3 && strstr(h.why[i], "speed");
    heard_binary |= h.lines[i] == 0 && strstr(h.why[i], "binary.ini: not a voice profile");
  }
  assert_true(heard_broken && heard_binary);
  unlink(bin_path);
  unlink(strcat(dir, "/default.ini"));
}

/* Profiles that cannot be used at all (issue 21): a FIFO (opened without waiting for a
 * writer), a symbolic link that loops, a directory named x.ini. Named with -v: an error that says
 * why (the loop was "no voice 'loop'"). Listed: left out, each with a warning naming it. */
static void test_unusable_profiles(void **state)
{
  char dir[600], path[700];
  snprintf(dir, sizeof dir, "%s/lector", config_dir);
  mkdir(dir, 0700);
  snprintf(dir, sizeof dir, "%s/lector/voices", config_dir);
  mkdir(dir, 0700);
  snprintf(path, sizeof path, "%s/fifo.ini", dir);
  assert_int_equal(mkfifo(path, 0600), 0);
  snprintf(path, sizeof path, "%s/loop.ini", dir);
  assert_int_equal(symlink("loop.ini", path), 0);
  snprintf(path, sizeof path, "%s/dir.ini", dir);
  assert_int_equal(mkdir(path, 0700), 0);

  static const char *const names[] = {"fifo", "loop", "dir"};
  static const char *const whys[] = {"not a regular file", "Too many levels of symbolic links",
                                     "Is a directory"};
  for (size_t i = 0; i < 3; i++) {
    struct voice_profile v;
    char msg[512];
    assert_true(resolve_msg(names[i], &v, msg, sizeof msg) < 0);
    snprintf(path, sizeof path, "cannot read voice profile '%s/%s.ini': %s", dir, names[i],
             whys[i]);
    assert_string_equal(msg, path);
  }
  struct voice_profile *list;
  size_t n;
  struct heard h = {0};
  assert_int_equal(voice_list_profiles_warn(&list, &n, hear, &h), 0);
  free(list);
  size_t whole = 0;   /* broken.ini of the test before warns about its line 3 */
  for (size_t k = 0; k < h.n && k < 8; k++)
    whole += h.lines[k] == 0;
  assert_int_equal(whole, 3);
  for (size_t i = 0; i < 3; i++) {
    bool named = false;
    for (size_t k = 0; k < h.n && k < 8; k++)
      named |= h.lines[k] == 0 && strstr(h.why[k], whys[i]) != NULL;
    assert_true(named);
  }
  snprintf(path, sizeof path, "%s/fifo.ini", dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/loop.ini", dir);
  unlink(path);
  snprintf(path, sizeof path, "%s/dir.ini", dir);
  rmdir(path);
}

static void test_list_espeak(void **state)
{
  struct voice_espeak_info *list;
  size_t n;
  assert_int_equal(voice_list_espeak(&list, &n), 0);
  assert_true(n > 10);
  bool en = false, us = false;
  for (size_t i = 0; i < n; i++) {
    if (strcmp(list[i].id, "en") == 0) {
      en = true;
      assert_non_null(strstr(list[i].languages, "en-gb"));
    }
    us |= strcmp(list[i].id, "en-US") == 0;
  }
  assert_true(en && us);
  free(list);
  char variants[4096];
  assert_int_equal(voice_list_variants(variants, sizeof variants), 0);
  assert_non_null(strstr(variants, "f3"));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_defaults),
    cmocka_unit_test(test_parse),
    cmocka_unit_test(test_bad_line_is_skipped),
    cmocka_unit_test(test_ranges_and_bad_lines),
    cmocka_unit_test(test_resolve_profiles),
    cmocka_unit_test(test_unusable_profiles),
    cmocka_unit_test(test_list_espeak),
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
