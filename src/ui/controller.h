/* The controller: turns keys into player commands, messages and spoken confirmations, and tells
 * what the player's status shows without a key (a voice tried, the end reached, reading stopped).
 *
 * No terminal and no thread: it talks to the player only through struct controller_player (the
 * real player's functions, or a test's fake), and the front ends (fullscreen.c, plain.c) read the
 * fields under "shown" to draw. Everything here runs on the UI thread.
 *
 * What it says goes out with controller_flush, once all the keys read together are handled; a
 * later key of the same batch drops it, so that a burst of + says the final speed once instead of
 * queueing stale values (the player cuts an announcement short at the next command anyway).
 * Confirmations (cfg->announce) name what the status shows right after the command: the player
 * records there what its queued commands lead to. A voice is named once the player has tried it
 * (status.applied reaches the v command) and only if the status then still names it. */
#ifndef LECTOR_UI_CONTROLLER_H
#define LECTOR_UI_CONTROLLER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "player/player.h"
#include "ui/timing.h"

struct ui_config;

/* The player as the controller sees it: four functions, self passed back to each. */
struct controller_player {
  void *self;
  void (*send)(void *self, enum player_command cmd, long arg);
  void (*say)(void *self, const char *text);
  uint64_t (*sent)(void *self);   /* commands queued so far (player_sent) */
  void (*status)(void *self, struct player_status *out);
};

struct controller {
  const struct ui_config *cfg;   /* borrowed: doc, keys, trace, steps, announce, n_voices */
  struct controller_player player;
  bool plain;                    /* plain mode prints "[Finished]" itself */

  /* shown: what the front ends draw */
  struct player_status st;       /* as read by the last controller_update */
  char message[320];             /* the message line ("" for none) */
  bool searching;                /* the search prompt is open, holding query */
  char query[256];
  bool help;                     /* the help overlay is open, at help_page */
  int help_page;
  int help_pages;                /* set by the front end: pages the overlay took when drawn */
  bool quit;                     /* q was pressed */
  char time_of[32];              /* "12:40 of 31:05" at the current speed (timing.h) */
  char time_left[32];            /* "18:25 left" */
  char sleep_text[48];           /* "sleep in 14:59", "sleep after this paragraph", or "" */

  /* The sleep timer: which step of controller_sleep_next, and when it pauses reading: at
   * sleep_at seconds of audio heard (status.elapsed), or when the paragraph that was being
   * heard ends. */
  int sleep_step;
  double sleep_at;
  size_t sleep_paragraph;

  /* The last search, which / then Enter alone repeats. Its match is remembered because the
   * status may not have reached it yet when the repeat comes. */
  char last_query[256];
  bool have_match;
  size_t match;
  uint64_t match_sent;           /* sent() after the jump to it */
  int last_error;                /* the player's error last shown */
  bool where_pending;            /* w waits for the status to show the keys before it */
  uint64_t where_after;          /* sent() when w was pressed */
  char say[512];                 /* to be spoken at controller_flush ("" for nothing) */
  bool voice_pending;            /* v waits for the player to try the voice */
  char voice_target[64];
  uint64_t voice_sent;           /* sent() after the v key */
  bool have_state;
  enum player_state last_state;
  struct timing timing;          /* owned: word counts for the times above */
  bool toc;                      /* the table of contents is open (ui/toc.h), at toc_sel */
  size_t toc_sel;
  char toc_number[8];            /* a section number being typed into it (plain mode) */
  bool marks;                    /* the bookmarks list is open (ui/bookmarks.h), at marks_sel */
  size_t marks_sel;
  char marks_number[8];          /* a bookmark number being typed into it (plain mode) */
  size_t heading_target;         /* the last heading key's jump, until the status shows it */
  uint64_t heading_sent;         /* sent() after it; 0: none */
};

/* Fills out with the real player's functions (player_send, player_say, ...). */
void controller_player_real(struct player *p, struct controller_player *out);

/* cfg->message, when set, is the first message. cfg->player is not used: player is. */
void controller_init(struct controller *c, const struct ui_config *cfg,
                     const struct controller_player *player, bool plain);
/* Frees what controller_init allocated. */
void controller_done(struct controller *c);
/* Seconds from the start of the document to what the status shows, estimated (timing.h). */
double controller_position_s(const struct controller *c);
/* Reads the status and reacts to what it shows without a key. Call once per loop iteration. */
void controller_update(struct controller *c);
/* One key (a keys.h key): the search prompt, the help overlay or the command bound to it. */
void controller_key(struct controller *c, int key);
/* Speaks what the keys handled since the last flush asked to say, if anything. */
void controller_flush(struct controller *c);

/* For the command handlers (commands.c). */
void controller_send(struct controller *c, enum player_command cmd, long arg);
void controller_read_status(struct controller *c);
uint64_t controller_sent(struct controller *c);
/* Speaks text at the next flush (w, t and s: asked for explicitly). */
void controller_say(struct controller *c, const char *text);
/* A confirmation, spoken at the next flush only with cfg->announce. */
void controller_announce(struct controller *c, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
void controller_message(struct controller *c, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
/* The sleep timer's next setting: off, 15, 30, 60 minutes, the end of this paragraph, off...
 * Said and shown. */
void controller_sleep_next(struct controller *c);
/* Says and shows where the status is (w). */
void controller_where(struct controller *c);

#endif
