/* The settings file $XDG_CONFIG_HOME/lector/config (INI, read with inih):
 *
 *   [reader]
 *   voice = slow                 ; a profile, espeak-ng voice or language (like -v)
 *   speed = 200                  ; words per minute, 80..900 (like -s)
 *   stop-after-paragraph = yes   ; pause at the end of every paragraph (Space reads on)
 *   announce = yes               ; speak confirmations (speed, volume, voice, end, no match)
 *   colour = no                  ; no colour in the panel (also: color)
 *   max-width = 70               ; text at most 70 columns wide, centred (20..500)
 *   urls = full                  ; links: site, full or silent (like --urls)
 *   punctuation = all            ; none, some, most or all (like --punctuation)
 *
 *   [keys]
 *   next-paragraph = j, Down     ; any command of the key table, by name: its keys
 *   quit = q, Esc
 *
 * Command-line options win over the file. A bad line is reported (with its line number) through
 * the warning callback and skipped: the default stays. A key bound to a second command is taken
 * from the first, with a note (SETTINGS_NOTE) through the same callback. Nothing here prints. */
#ifndef LECTOR_UI_SETTINGS_H
#define LECTOR_UI_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "ui/keys.h"

struct settings {
  char voice[64];              /* "" when not set */
  unsigned voice_line;         /* the line that set it, for a message if it names no voice */
  int speed;                   /* -1 when not set */
  bool stop_after_paragraph;
  bool announce;               /* like --announce (which can only turn it on) */
  bool colour;
  int max_width;               /* columns of text at most, centred; 0: the terminal's width */
  int urls, punctuation;       /* enum normalise_urls / normalise_punct; -1 when not set */
  struct keymap keys;          /* the default bindings, changed by [keys] */
};

/* A warning whose reason starts with this is a note on a line that was applied (a key taken
 * from another command: "note: j was next-paragraph; now play-pause"), not a line skipped. */
#define SETTINGS_NOTE "note: "

#define SETTINGS_MAX_WIDTH_MIN 20
#define SETTINGS_MAX_WIDTH_MAX 500

typedef void (*settings_warn_fn)(void *user, const char *source, unsigned line, const char *why);

void settings_defaults(struct settings *s);

/* Parses INI text (len bytes; need not be NUL-terminated) over *s. source names it in warnings.
 * Returns 0 (bad lines are warnings) or -ENOMEM. */
int settings_parse(const char *text, size_t len, const char *source, struct settings *s,
                   settings_warn_fn warn, void *user);

/* Reads and parses path. Returns 0, -ENOENT when there is no such file (not an error: the
 * defaults stand), or another negative code. */
int settings_load(const char *path, struct settings *s, settings_warn_fn warn, void *user);

/* "$XDG_CONFIG_HOME/lector/config"; malloc'd, NULL without a config directory. */
char *settings_default_path(void);

#endif
