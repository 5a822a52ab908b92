/* The settings file: values, [keys] rebinding, and bad lines reported with their numbers while
 * the defaults stay. */
#include <curses.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "ui/settings.h"

struct warnings {
  unsigned lines[16];
  char why[16][256];
  int n;
};

static void collect(void *user, const char *source, unsigned line, const char *why)
{
  struct warnings *w = user;
  assert_string_equal(source, "config");
  if (w->n < 16) {
    w->lines[w->n] = line;
    snprintf(w->why[w->n], sizeof w->why[0], "%s", why);
    w->n++;
  }
}

static void parse(const char *text, struct settings *s, struct warnings *w)
{
  memset(w, 0, sizeof *w);
  settings_defaults(s);
  assert_int_equal(settings_parse(text, strlen(text), "config", s, collect, w), 0);
}

static void test_defaults(void **state)
{
  struct settings s;
  settings_defaults(&s);
  assert_string_equal(s.voice, "");
  assert_int_equal(s.speed, -1);
  assert_true(s.colour);
  assert_false(s.stop_after_paragraph);
  assert_false(s.announce);
  assert_int_equal(keymap_lookup(&s.keys, 'q'), UI_QUIT);
}

static void test_values(void **state)
{
  struct settings s;
  struct warnings w;
  parse("; lector settings\n"
        "[reader]\n"
        "voice = slow\n"
        "speed = 200\n"
        "stop-after-paragraph = yes\n"
        "colour = no\n"
        "\n"
        "[keys]\n"
        "next-paragraph = j, Down\n"
        "quit = x\n",
        &s, &w);
  assert_int_equal(w.n, 0);
  assert_string_equal(s.voice, "slow");
  assert_int_equal(s.speed, 200);
  assert_true(s.stop_after_paragraph);
  assert_false(s.colour);
  assert_int_equal(keymap_lookup(&s.keys, 'j'), UI_NEXT_PARAGRAPH);
  assert_int_equal(keymap_lookup(&s.keys, KEYS_FN(KEY_DOWN)), UI_NEXT_PARAGRAPH);
  assert_int_equal(keymap_lookup(&s.keys, 'n'), -1);
  assert_int_equal(keymap_lookup(&s.keys, 'x'), UI_QUIT);
  assert_int_equal(keymap_lookup(&s.keys, 'q'), -1);
  /* No section at all is the reader section; "color" is "colour". */
  parse("speed = 90\ncolor = off\n", &s, &w);
  assert_int_equal(w.n, 0);
  assert_int_equal(s.speed, 90);
  assert_false(s.colour);
}

static void test_bad_lines_reported(void **state)
{
  struct settings s;
  struct warnings w;
  parse("[reader]\n"                    /* 1 */
        "speed = fast\n"                /* 2: not a number */
        "speed = 1000\n"                /* 3: out of range */
        "colour = purple\n"             /* 4 */
        "volume = 3\n"                  /* 5: unknown setting */
        "this line is wrong\n"          /* 6: syntax */
        "[keys]\n"                      /* 7 */
        "next-paragraph = Dwon\n"       /* 8: unknown key */
        "jump-around = j\n"             /* 9: unknown command */
        "previous-paragraph = k\n"      /* 10: fine */
        "[sound]\n"                     /* 11 */
        "x = 1\n",                      /* 12: unknown section */
        &s, &w);
  unsigned expect[] = {2, 3, 4, 5, 8, 9, 12, 6};
  assert_int_equal(w.n, 8);
  for (int i = 0; i < 8; i++)
    assert_int_equal(w.lines[i], expect[i]);
  assert_non_null(strstr(w.why[0], "fast"));
  assert_non_null(strstr(w.why[4], "Dwon"));
  assert_non_null(strstr(w.why[5], "jump-around"));
  /* The defaults stay where the lines were bad; the good line took effect. */
  assert_int_equal(s.speed, -1);
  assert_true(s.colour);
  assert_int_equal(keymap_lookup(&s.keys, 'n'), UI_NEXT_PARAGRAPH);
  assert_int_equal(keymap_lookup(&s.keys, 'k'), UI_PREV_PARAGRAPH);
}

/* A key bound to a second command is taken from the first with a note (the line applies); a
 * control key in its usual spellings; max-width within its range. */
static void test_key_conflict_and_max_width(void **state)
{
  struct settings s;
  struct warnings w;
  parse("[keys]\n"
        "play-pause = n, PgDn\n"           /* 2: n was next-paragraph's */
        "quit = Ctrl-X, C-q\n"             /* 3 */
        "[reader]\n"
        "max-width = 70\n"                 /* 5 */
        "max-width = 5\n",                 /* 6: too narrow */
        &s, &w);
  assert_int_equal(w.n, 2);
  assert_int_equal(w.lines[0], 2);
  assert_string_equal(w.why[0], SETTINGS_NOTE "n was next-paragraph; now play-pause");
  assert_int_equal(w.lines[1], 6);
  assert_int_equal(keymap_lookup(&s.keys, 'n'), UI_PLAY_PAUSE);
  assert_int_equal(keymap_lookup(&s.keys, KEYS_FN(KEY_DOWN)), UI_NEXT_PARAGRAPH);
  assert_int_equal(keymap_lookup(&s.keys, KEYS_FN(KEY_NPAGE)), UI_PLAY_PAUSE);
  assert_int_equal(keymap_lookup(&s.keys, 24), UI_QUIT);
  assert_int_equal(keymap_lookup(&s.keys, 17), UI_QUIT);
  assert_int_equal(s.max_width, 70);
}

/* A line that leaves quit with no key is applied but said, once (issue 21): by emptying quit, or
 * by giving its last key to another command. */
static void test_no_quit_key(void **state)
{
  struct settings s;
  struct warnings w;
  parse("[keys]\n"
        "quit =\n"                        /* 2 */
        "mute = M\n"                      /* 3: nothing more to say */
        "quit = x\n"                      /* 4 */
        "play-pause = x\n",               /* 5: took quit's only key */
        &s, &w);
  assert_int_equal(w.n, 2);
  assert_int_equal(w.lines[0], 2);
  assert_string_equal(w.why[0], SETTINGS_NOTE "no key quits now (quit has no key); Ctrl-C still "
                      "ends lector and keeps the position");
  assert_int_equal(w.lines[1], 5);
  assert_string_equal(w.why[1], SETTINGS_NOTE "no key quits now (x was quit; now play-pause); "
                      "Ctrl-C still ends lector and keeps the position");
  assert_int_equal(keymap_lookup(&s.keys, 'q'), -1);
  assert_int_equal(keymap_lookup(&s.keys, 'x'), UI_PLAY_PAUSE);
}

/* announce = yes|no (and the other spellings of a yes/no); a bad value keeps the default. */
static void test_announce(void **state)
{
  struct settings s;
  struct warnings w;
  parse("[reader]\nannounce = yes\n", &s, &w);
  assert_int_equal(w.n, 0);
  assert_true(s.announce);
  parse("announce = On\n", &s, &w);
  assert_int_equal(w.n, 0);
  assert_true(s.announce);
  parse("announce = yes\nannounce = no\n", &s, &w);
  assert_int_equal(w.n, 0);
  assert_false(s.announce);
  parse("[reader]\nannounce = loudly\n", &s, &w);
  assert_int_equal(w.n, 1);
  assert_int_equal(w.lines[0], 2);
  assert_non_null(strstr(w.why[0], "announce"));
  assert_non_null(strstr(w.why[0], "loudly"));
  assert_false(s.announce);
  /* It belongs to [reader], not [keys]. */
  parse("[keys]\nannounce = yes\n", &s, &w);
  assert_int_equal(w.n, 1);
  assert_false(s.announce);
}

static void test_missing_file(void **state)
{
  struct settings s;
  settings_defaults(&s);
  assert_int_equal(settings_load("/nonexistent/lector/config", &s, NULL, NULL), -ENOENT);
  assert_int_equal(s.speed, -1);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_defaults),
    cmocka_unit_test(test_values),
    cmocka_unit_test(test_bad_lines_reported),
    cmocka_unit_test(test_key_conflict_and_max_width),
    cmocka_unit_test(test_no_quit_key),
    cmocka_unit_test(test_announce),
    cmocka_unit_test(test_missing_file),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
