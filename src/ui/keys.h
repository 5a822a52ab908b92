/* Keys and the keymap: key names both ways (settings file, help overlay, trace), raw terminal
 * input decoded into keys (plain mode), and the keys bound to each command of the command table
 * (commands.h): its default keys, rebound by the [keys] section of the settings file.
 *
 * A key is an int: a character is its Unicode code point; a function key (ncurses KEY_*) is
 * KEYS_FN(KEY_x), outside Unicode, so that the two never collide as they would in get_wch's
 * raw values. */
#ifndef LECTOR_UI_KEYS_H
#define LECTOR_UI_KEYS_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/commands.h"

#define KEYS_FN_BASE 0x200000
#define KEYS_FN(k) (KEYS_FN_BASE + (k))
#define KEYS_IS_FN(key) ((key) >= KEYS_FN_BASE)

#define KEYS_PER_COMMAND 4

struct keymap {
  int keys[UI_N_COMMANDS][KEYS_PER_COMMAND];   /* 0 marks an unused slot */
};

/* The default keys of every row of the command table: the bindings of DESIGN.md plus lector's
 * own (volume, voice, search, ...). */
void keymap_default(struct keymap *map);
/* The command bound to key, or -1. */
int keymap_lookup(const struct keymap *map, int key);
/* Rebinds cmd to the keys in spec ("j, Down", "Space"), replacing its old keys; each key is taken
 * away from any other command that had it. Returns 0; or 1 when a key was taken from another
 * command, with a note for the listener in err ("j was next-paragraph; now play-pause"). On a bad
 * key name returns LECTOR_EPARSE with a reason in err and changes nothing. */
int keymap_bind(struct keymap *map, enum ui_command cmd, const char *spec, char *err,
                size_t err_len);

/* Parses one key name: a single character ("n", "G", "+", "é"), "Space", "Enter", "Tab", "Esc",
 * "Backspace", "Up", "Down", "Left", "Right", "Home", "End", "PageUp", "PageDown", "Insert",
 * "Delete", "F1".."F24", a control key ("^X", "Ctrl-X", "Ctrl+X", "C-x") or an ncurses name
 * such as "KEY_DOWN". Names are read in any case, with the usual other spellings: "PgUp",
 * "PgDn", "Ins", "Del", "Escape", "Return".
 * Returns 0 or LECTOR_EPARSE. */
int keys_parse_name(const char *name, int *key);
/* The name a person reads in the help overlay ("Space", "Down", "n"). */
void keys_display_name(int key, char *buf, size_t len);
/* The name written in the trace: ncurses keyname() ("KEY_DOWN", "n", "^J"), except that the
 * space bar is "SPACE" (keyname gives " ", easy to miss) and a character beyond ASCII is itself
 * in UTF-8. */
void keys_trace_name(int key, char *buf, size_t len);

/* The keys bound to cmd as the help overlay shows them: "Down, n"; "(none)" when unbound. */
void keys_binding_text(const struct keymap *map, enum ui_command cmd, char *buf, size_t len);

/* Decodes one key from raw terminal input (plain mode, where curses does not do it): a UTF-8
 * character, a control character, or a common escape sequence of the arrow, Home and End keys
 * (both the normal and the application forms). A lone ESC is 27. Returns the bytes used, or 0
 * when buf holds only the start of a key (wait for more). */
size_t keys_decode(const char *buf, size_t len, int *key);

/* One line of the help overlay for cmd: its keys, padded to key_width columns, then its
 * description and its name in the settings file: "Space  play / pause (play-pause)". Empty keys
 * show as "(none)". */
void keys_help_line(const struct keymap *map, enum ui_command cmd, int key_width, char *buf,
                    size_t len);

#endif
