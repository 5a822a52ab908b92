/* The reader's UI loop: keys in, commands to the player out, the panel redrawn from the player's
 * status snapshot.
 *
 * The loop poll()s the keyboard and a wake pipe. The player's wake callback (ui_wake) and the
 * signal handlers write a byte to that pipe, so the loop sleeps until something happened. The
 * status is copied once per iteration and the panel redrawn only when its serial changed, or on a
 * key or a resize. SIGWINCH, SIGINT, SIGTERM and SIGHUP only set a flag (volatile sig_atomic_t)
 * and wake the loop; the terminal is restored and the position saved by the caller, outside any
 * signal handler. */
#ifndef LECTOR_UI_UI_H
#define LECTOR_UI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct document;
struct keymap;
struct player;
struct trace;

struct ui_config {
  const struct document *doc;   /* borrowed */
  struct player *player;        /* borrowed */
  struct trace *trace;          /* borrowed; may be NULL */
  const struct keymap *keys;    /* borrowed */
  const char *notice;           /* persistent notice (no sound device); may be NULL */
  const char *message;          /* first message ("Resumed at paragraph 4 of 19"); may be NULL */
  int in_fd;                    /* the keyboard: the fd curses reads */
  int wake_fd;                  /* read end of the wake pipe */
  bool colour;                  /* colour allowed by the settings */
  int speed_step, volume_step;  /* change per key press */
};

/* The wake pipe: both ends non-blocking and close-on-exec. fds[0] is read by the loop, fds[1]
 * written by ui_wake and the signal handlers. Returns 0 or -errno. */
int ui_wake_pipe(int fds[2]);
/* A player wake callback: user points to the write end (an int) of the wake pipe. */
void ui_wake(void *user);

/* Installs the handlers for SIGWINCH, SIGINT, SIGTERM and SIGHUP, which write to wake_write_fd.
 * Call before the player thread starts and before curses (so that ncurses leaves SIGWINCH to us).
 * ui_signals_restore puts the previous handlers back. */
int ui_signals_install(int wake_write_fd);
void ui_signals_restore(void);

/* Runs until q or a signal. Curses must be started (newterm) and is left running. Returns 0 when
 * the user quit, or the number of the signal that ended it. */
int ui_run(const struct ui_config *cfg);

/* Plain mode, for screen readers, braille displays and terminals that cannot draw the panel: no
 * full-screen drawing. Each sentence is printed on a line of its own when it starts being heard
 * (an empty line between paragraphs, as `lector segment` prints them); status changes are short
 * lines in brackets ("[Paused]", "[200 wpm]"). The same keys work, read raw from cfg->in_fd (-1:
 * no keyboard; then it reads to the end and returns). Returns like ui_run. */
int ui_run_plain(const struct ui_config *cfg, FILE *out);

/* "paragraph 5 of 19, sentence 2 of 4, 40 percent": what the w key says. */
void ui_where_text(const struct document *doc, size_t sentence, char *buf, size_t len);
/* The word at [start, end) spelt out letter by letter for speech: "c, a, t". */
void ui_spell_text(const char *word, size_t len, char *buf, size_t buf_len);
/* Index of the first sentence after `from` (wrapping round, `from` itself last) whose text holds
 * needle, ignoring case and runs of whitespace. -1 when none; -ENOMEM. */
long ui_search(const struct document *doc, size_t from, const char *needle);

#endif
