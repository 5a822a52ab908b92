/* The key table: the bindings of DESIGN.md, names both ways, rebinding, help lines. */
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "ui/keys.h"
#include "util/error.h"

static void test_design_bindings(void **state)
{
  struct keymap m;
  keymap_default(&m);
  static const struct {
    int key;
    enum ui_command cmd;
  } expect[] = {
    {' ', UI_PLAY_PAUSE},
    {KEYS_FN(KEY_DOWN), UI_NEXT_PARAGRAPH},
    {'n', UI_NEXT_PARAGRAPH},
    {KEYS_FN(KEY_UP), UI_PREV_PARAGRAPH},
    {'p', UI_PREV_PARAGRAPH},
    {KEYS_FN(KEY_RIGHT), UI_NEXT_SENTENCE},
    {KEYS_FN(KEY_LEFT), UI_PREV_SENTENCE},
    {KEYS_FN(KEY_HOME), UI_FIRST_PARAGRAPH},
    {'g', UI_FIRST_PARAGRAPH},
    {KEYS_FN(KEY_END), UI_LAST_PARAGRAPH},
    {'G', UI_LAST_PARAGRAPH},
    {'+', UI_FASTER},
    {'-', UI_SLOWER},
    {']', UI_LOUDER},
    {'[', UI_QUIETER},
    {'v', UI_NEXT_VOICE},
    {'/', UI_SEARCH},
    {'?', UI_HELP},
    {'q', UI_QUIT},
    {'w', UI_WHERE},
    {'t', UI_TITLE},
    {'r', UI_REPEAT},
    {'s', UI_SPELL},
  };
  for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++)
    assert_int_equal(keymap_lookup(&m, expect[i].key), expect[i].cmd);
  assert_int_equal(keymap_lookup(&m, 'x'), -1);
  assert_int_equal(keymap_lookup(&m, 0), -1);
  /* Every command has a key, a name and a description, and names are unique. */
  for (int i = 0; i < UI_N_COMMANDS; i++) {
    assert_int_not_equal(m.keys[i][0], 0);
    assert_int_equal(commands_by_name(commands_name((enum ui_command)i)), i);
    assert_true(strlen(commands_help((enum ui_command)i)) > 0);
  }
  assert_int_equal(commands_by_name("no-such-command"), -1);
}

static void test_names(void **state)
{
  int key;
  assert_int_equal(keys_parse_name("Space", &key), 0);
  assert_int_equal(key, ' ');
  assert_int_equal(keys_parse_name("down", &key), 0);
  assert_int_equal(key, KEYS_FN(KEY_DOWN));
  assert_int_equal(keys_parse_name("KEY_NPAGE", &key), 0);
  assert_int_equal(key, KEYS_FN(KEY_NPAGE));
  assert_int_equal(keys_parse_name("F5", &key), 0);
  assert_int_equal(key, KEYS_FN(KEY_F(5)));
  assert_int_equal(keys_parse_name("^L", &key), 0);
  assert_int_equal(key, 12);
  assert_int_equal(keys_parse_name("é", &key), 0);
  assert_int_equal(key, 0xe9);
  assert_int_equal(keys_parse_name("G", &key), 0);
  assert_int_equal(key, 'G');
  /* The usual other spellings. */
  static const struct { const char *name; int key; } aliases[] = {
    {"PgUp", KEYS_FN(KEY_PPAGE)}, {"pageup", KEYS_FN(KEY_PPAGE)}, {"PgDn", KEYS_FN(KEY_NPAGE)},
    {"Ctrl-X", 24}, {"ctrl+x", 24}, {"C-x", 24}, {"^x", 24}, {"Ctrl-J", 10}, {"F12", KEYS_FN(KEY_F(12))},
    {"Del", KEYS_FN(KEY_DC)}, {"Escape", 27},
  };
  for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++) {
    key = -1;
    assert_int_equal(keys_parse_name(aliases[i].name, &key), 0);
    assert_int_equal(key, aliases[i].key);
  }
  assert_int_equal(keys_parse_name("Ctrl-", &key), LECTOR_EPARSE);
  assert_int_equal(keys_parse_name("Ctrl-XY", &key), LECTOR_EPARSE);
  assert_int_equal(keys_parse_name("Dwon", &key), LECTOR_EPARSE);
  assert_int_equal(keys_parse_name("", &key), LECTOR_EPARSE);
  assert_int_equal(keys_parse_name("F99", &key), LECTOR_EPARSE);

  char buf[32];
  keys_display_name(' ', buf, sizeof buf);
  assert_string_equal(buf, "Space");
  keys_display_name(KEYS_FN(KEY_LEFT), buf, sizeof buf);
  assert_string_equal(buf, "Left");
  keys_display_name(KEYS_FN(KEY_F(2)), buf, sizeof buf);
  assert_string_equal(buf, "F2");
  keys_display_name(0xe9, buf, sizeof buf);
  assert_string_equal(buf, "é");
  keys_display_name(3, buf, sizeof buf);
  assert_string_equal(buf, "^C");

  keys_trace_name(' ', buf, sizeof buf);
  assert_string_equal(buf, "SPACE");
  keys_trace_name(KEYS_FN(KEY_DOWN), buf, sizeof buf);
  assert_string_equal(buf, "KEY_DOWN");
  keys_trace_name('n', buf, sizeof buf);
  assert_string_equal(buf, "n");
  keys_trace_name(0x4e2d, buf, sizeof buf);
  assert_string_equal(buf, "中");
}

static void test_rebind(void **state)
{
  struct keymap m;
  keymap_default(&m);
  char err[80];
  /* j takes over next paragraph; Down goes too, n is no longer bound. */
  assert_int_equal(keymap_bind(&m, UI_NEXT_PARAGRAPH, "j, Down", err, sizeof err), 0);
  assert_int_equal(keymap_lookup(&m, 'j'), UI_NEXT_PARAGRAPH);
  assert_int_equal(keymap_lookup(&m, KEYS_FN(KEY_DOWN)), UI_NEXT_PARAGRAPH);
  assert_int_equal(keymap_lookup(&m, 'n'), -1);
  /* A key moved to another command leaves the first one, and says so. */
  assert_int_equal(keymap_bind(&m, UI_QUIT, "x, q, j", err, sizeof err), 1);
  assert_string_equal(err, "j was next-paragraph; now quit");
  assert_int_equal(keymap_lookup(&m, 'j'), UI_QUIT);
  assert_int_equal(keymap_lookup(&m, KEYS_FN(KEY_DOWN)), UI_NEXT_PARAGRAPH);
  /* The comma key itself. */
  assert_true(keymap_bind(&m, UI_SLOWER, ",", err, sizeof err) >= 0);
  assert_int_equal(keymap_lookup(&m, ','), UI_SLOWER);
  assert_int_equal(keymap_lookup(&m, '-'), -1);
  /* A bad name changes nothing and says which. */
  struct keymap before = m;
  assert_int_equal(keymap_bind(&m, UI_HELP, "h, Hlep", err, sizeof err), LECTOR_EPARSE);
  assert_non_null(strstr(err, "Hlep"));
  assert_memory_equal(&before, &m, sizeof m);
  assert_int_equal(keymap_bind(&m, UI_HELP, "a, b, c, d, e", err, sizeof err), LECTOR_EPARSE);
  assert_memory_equal(&before, &m, sizeof m);
  /* An empty list unbinds. */
  assert_int_equal(keymap_bind(&m, UI_SPELL, "", err, sizeof err), 0);
  assert_int_equal(keymap_lookup(&m, 's'), -1);
}

static void test_help_lines(void **state)
{
  struct keymap m;
  keymap_default(&m);
  char line[160];
  keys_help_line(&m, UI_NEXT_PARAGRAPH, 12, line, sizeof line);
  assert_string_equal(line, "Down, n      next paragraph (next-paragraph)");
  keys_help_line(&m, UI_PLAY_PAUSE, 12, line, sizeof line);
  assert_string_equal(line, "Space        play / pause (play-pause)");
  char err[80];
  assert_int_equal(keymap_bind(&m, UI_SPELL, "", err, sizeof err), 0);
  keys_help_line(&m, UI_SPELL, 8, line, sizeof line);
  assert_string_equal(line, "(none)   spell the word last heard (spell)");
  /* Padding counts columns, not bytes: "é" (two bytes) and "ß" take one column each. */
  assert_int_equal(keymap_bind(&m, UI_SPELL, "é, ß", err, sizeof err), 0);
  keys_help_line(&m, UI_SPELL, 8, line, sizeof line);
  assert_string_equal(line, "é, ß     spell the word last heard (spell)");
}

static void test_decode(void **state)
{
  int key = -1;
  assert_int_equal(keys_decode("\033[B", 3, &key), 3);
  assert_int_equal(key, KEYS_FN(KEY_DOWN));
  assert_int_equal(keys_decode("\033OC", 3, &key), 3);
  assert_int_equal(key, KEYS_FN(KEY_RIGHT));
  assert_int_equal(keys_decode("\033[1~x", 5, &key), 4);
  assert_int_equal(key, KEYS_FN(KEY_HOME));
  assert_int_equal(keys_decode("\033[F", 3, &key), 3);
  assert_int_equal(key, KEYS_FN(KEY_END));
  /* The start of a sequence waits for the rest. */
  assert_int_equal(keys_decode("\033[", 2, &key), 0);
  assert_int_equal(keys_decode("\xc3", 1, &key), 0);
  /* A lone Escape, an unknown sequence swallowed whole, Enter, UTF-8, space. */
  assert_int_equal(keys_decode("\033q", 2, &key), 1);
  assert_int_equal(key, 27);
  assert_int_equal(keys_decode("\033[99;5Xn", 8, &key), 7);
  assert_int_equal(key, 0);
  assert_int_equal(keys_decode("\r", 1, &key), 1);
  assert_int_equal(key, '\n');
  assert_int_equal(keys_decode("\xc3\xa9", 2, &key), 2);
  assert_int_equal(key, 0xe9);
  assert_int_equal(keys_decode(" ", 1, &key), 1);
  assert_int_equal(key, ' ');
  assert_int_equal(keys_decode("\xff", 1, &key), 1);
  assert_int_equal(key, 0);
  /* Four-byte characters arrive whole or wait; what is not UTF-8 (a stray continuation byte, an
   * overlong form, a surrogate) is dropped a byte at a time, never taken for a key. */
  assert_int_equal(keys_decode("\xf0\x9f\x98", 3, &key), 0);
  assert_int_equal(keys_decode("\xf0\x9f\x98\x80", 4, &key), 4);
  assert_int_equal(key, 0x1f600);
  key = -1;
  assert_int_equal(keys_decode("\x80n", 2, &key), 1);
  assert_int_equal(key, 0);
  key = -1;
  assert_int_equal(keys_decode("\xc0\xae", 2, &key), 1);
  assert_int_equal(key, 0);
  key = -1;
  assert_int_equal(keys_decode("\xed\xa0\x80", 3, &key), 1);
  assert_int_equal(key, 0);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_design_bindings),
    cmocka_unit_test(test_names),
    cmocka_unit_test(test_rebind),
    cmocka_unit_test(test_help_lines),
    cmocka_unit_test(test_decode),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
