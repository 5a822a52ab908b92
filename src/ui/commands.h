/* The command table: every command of the reader, with its name (the settings file's), its
 * default keys, its help text and its handler, in the order of the help overlay. The help overlay,
 * the [keys] section of the settings file and the dispatch of a key all read this one table, as
 * cmus's and tmux's command tables are read: adding a command is a row (and its enum entry). */
#ifndef LECTOR_UI_COMMANDS_H
#define LECTOR_UI_COMMANDS_H

struct controller;

enum ui_command {
  UI_PLAY_PAUSE,
  UI_NEXT_PARAGRAPH,
  UI_PREV_PARAGRAPH,
  UI_NEXT_SENTENCE,
  UI_PREV_SENTENCE,
  UI_FIRST_PARAGRAPH,
  UI_LAST_PARAGRAPH,
  UI_FASTER,
  UI_SLOWER,
  UI_LOUDER,
  UI_QUIETER,
  UI_NEXT_VOICE,
  UI_SEARCH,
  UI_WHERE,
  UI_TITLE,
  UI_REPEAT,
  UI_SPELL,
  UI_BACK,
  UI_FORWARD,
  UI_MUTE,
  UI_SLEEP,
  UI_HELP,
  UI_QUIT,
  UI_NEXT_HEADING,
  UI_PREV_HEADING,
  UI_NEXT_SECTION,
  UI_PREV_SECTION,
  UI_CONTENTS,
  UI_PUNCTUATION,
  UI_BOOKMARK,
  UI_BOOKMARKS,
  UI_N_COMMANDS
};

/* "play-pause", "next-paragraph", ...: the names the settings file uses; "?" out of range. */
const char *commands_name(enum ui_command cmd);
/* A few words for the help overlay, e.g. "next paragraph"; "?" out of range. */
const char *commands_help(enum ui_command cmd);
/* The keys bound by default, as keymap_bind takes them: "Down, n". */
const char *commands_default_keys(enum ui_command cmd);
/* The command with that name, or -1. */
int commands_by_name(const char *name);
/* Does what cmd does: its handler, with the controller it acts on. */
void commands_run(struct controller *c, enum ui_command cmd);

#endif
