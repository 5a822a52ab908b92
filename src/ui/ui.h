/* The reader's UI: keys in, commands to the player out, the panel (or plain lines) redrawn from
 * the player's status snapshot. The public face of src/ui for cmd_read.c:
 *   signals.c     the wake pipe and the signal handlers
 *   controller.c  a key to player commands, messages and spoken confirmations (commands.c: the
 *                 command table and each command's handler)
 *   fullscreen.c  ui_run, the curses loop drawing the panel (panel.c)
 *   plain.c       ui_run_plain, lines for screen readers and braille displays
 *
 * The loop poll()s the keyboard and a wake pipe. The player's wake callback (ui_wake) and the
 * signal handlers write a byte to that pipe, so the loop sleeps until something happened. The
 * status is copied once per iteration and the panel redrawn only when its serial changed, or on a
 * key or a resize. SIGWINCH, SIGINT, SIGTERM, SIGHUP and SIGCONT only set a flag (volatile
 * sig_atomic_t) and wake the loop; the terminal is restored and the position saved by the
 * caller, outside any signal handler.
 *
 * What the UI says (player_say) goes out once all the keys read together are handled, and a later
 * key of the same batch drops it, so a burst of + says the final speed once instead of queueing
 * stale values; the player cuts an announcement short at the next command anyway. Confirmations
 * (with cfg->announce) name the value the status shows right after the command (the player
 * records what its queued commands lead to); a voice is named once the player has tried it, and
 * the end of the document once the status says Finished. */
#ifndef LECTOR_UI_UI_H
#define LECTOR_UI_UI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct bookmarks;
struct document;
struct keymap;
struct player;
struct trace;
struct voice_profile;

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
  int max_width;                /* text columns at most, centred (max-width); 0: no limit */
  int speed_step, volume_step;  /* change per key press */
  /* Spoken confirmations (--announce, announce = yes): speed, volume and voice changes, the end
   * of the document, a search with no match. The screen shows the end and no match either way. */
  bool announce;
  /* The profiles the player cycles through with NEXT_VOICE (borrowed, the same array as the
   * player's config; may be NULL with n_voices 0). The UI reads only n_voices, to say that v
   * found "the only one"; what a key leads to is read from the player's status. */
  const struct voice_profile *voices;
  size_t n_voices;
  /* The document's bookmarks (ui/bookmarks.h): borrowed, and changed by the b key and the list;
   * the caller saves them with the position. NULL: none kept (b then does nothing). */
  struct bookmarks *bookmarks;
};

/* The wake pipe: both ends non-blocking and close-on-exec. fds[0] is read by the loop, fds[1]
 * written by ui_wake and the signal handlers. Returns 0 or -errno. */
int ui_wake_pipe(int fds[2]);
/* A player wake callback: user points to the write end (an int) of the wake pipe. */
void ui_wake(void *user);

/* Installs the handlers for SIGWINCH, SIGINT, SIGTERM, SIGHUP and SIGCONT (after kill -STOP and
 * fg, the panel puts its terminal mode back), which write to wake_write_fd.
 * Call before the player thread starts and before curses (so that ncurses leaves SIGWINCH to us).
 * ui_signals_restore puts the previous handlers back. */
int ui_signals_install(int wake_write_fd);
void ui_signals_restore(void);
/* The signal that asked lector to stop (SIGINT, SIGTERM, SIGHUP) since ui_signals_install, or 0:
 * for waits outside the UI loop (the sound device opening). */
int ui_signals_quit(void);

/* Runs until q or a signal. Curses must be started (newterm) and is left running. Returns 0 when
 * the user quit, or the number of the signal that ended it. */
int ui_run(const struct ui_config *cfg);

/* Plain mode, for screen readers, braille displays and terminals that cannot draw the panel: no
 * full-screen drawing. Each sentence is printed on a line of its own when it starts being heard
 * (an empty line between paragraphs, as `lector segment` prints them); status changes are short
 * lines in brackets ("[Paused]", "[200 wpm]"). The same keys work, read raw from cfg->in_fd (-1:
 * no keyboard; then it reads to the end and returns). Returns like ui_run. */
int ui_run_plain(const struct ui_config *cfg, FILE *out);

#endif
