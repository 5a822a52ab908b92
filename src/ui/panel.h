/* The control panel: ncurses drawing of the title, the wrapped text with the current sentence
 * and word highlighted, the status line of DESIGN.md, notices, the search prompt and the help
 * overlay (generated from the key table).
 *
 *   row 0            title (bold)
 *   rows 1..         the text, scrolled so that the current sentence stays in view
 *   row H-3          the persistent notice, e.g. "No sound device ..." (when there is one)
 *   row H-2          status: "Playing, paragraph 4 of 19, sentence 1 of 3, 12:40 of 31:05, ..."
 *   row H-1          the latest message, or the search prompt
 * Rows are given up from the top as the terminal shrinks: the status line goes last.
 *
 * Highlighting never depends on colour alone: the sentence is in reverse video, the word in
 * reverse, bold and underlined; colour is added only when the terminal has it and NO_COLOR is
 * unset. Whatever comes from the text goes through layout_glyph, so control characters are shown
 * as placeholders and never reach the terminal. The terminal cursor is left on the current word
 * for screen readers and magnifiers.
 *
 * The help overlay aligns the keys in a column ("  Space    play / pause"), wraps descriptions
 * that do not fit, uses two columns on a short wide terminal and pages on a small one (a large
 * font): panel_help_pages() tells the loop how many there are.
 *
 * Only the UI thread calls these, between initscr/newterm and endwin. */
#ifndef LECTOR_UI_PANEL_H
#define LECTOR_UI_PANEL_H

#include <stdbool.h>
#include <stddef.h>

struct bookmarks;
struct document;
struct keymap;
struct player_status;
struct panel;

/* What the status line shows beyond the player's status: borrowed strings, NULL or "" for none. */
struct panel_status_extra {
  const char *time_of;     /* "12:40 of 31:05" */
  const char *time_left;   /* "18:25 left" */
  const char *sleep;       /* "sleep in 14:59" */
};

/* What the UI loop adds to the player's status. Strings are borrowed for the call. */
struct panel_view {
  struct panel_status_extra extra;
  const char *notice;    /* persistent notice; NULL or "" for none */
  const char *message;   /* latest message; NULL or "" for none */
  const char *prompt;    /* search prompt text (without the label); NULL when not searching */
  bool help;             /* the help overlay is shown */
  int help_page;         /* its page (0-based) when it does not fit on one screen */
  bool toc;              /* the table of contents is shown (ui/toc.h), toc_sel selected */
  size_t toc_sel;
  const struct bookmarks *marks;   /* the bookmarks list is shown (ui/bookmarks.h); NULL: not */
  size_t marks_sel;
};

/* doc and keys are borrowed and must outlive the panel. colour: allowed by the settings (it is
 * still off without has_colors() or with NO_COLOR set). */
int panel_new(const struct document *doc, const struct keymap *keys, bool colour,
              struct panel **out);
void panel_free(struct panel *p);
/* Text at most columns wide, centred on a wider terminal (the max-width setting); 0: no limit. */
void panel_set_max_width(struct panel *p, int columns);

/* Draws everything for the terminal's current size and refreshes. */
void panel_draw(struct panel *p, const struct player_status *st, const struct panel_view *view);
/* The number of pages the help overlay took when last drawn (1 when it fits). */
int panel_help_pages(const struct panel *p);

/* "Playing, paragraph 4 of 19, sentence 1 of 3, 12:40 of 31:05, 18:25 left, 175 wpm, volume 100,
 * voice default" (then "muted", the sleep timer): the status line as words, also used by plain
 * mode, without the voice's language the panel adds ("voice default (German)"). extra may be
 * NULL. */
void panel_status_text(const struct document *doc, const struct player_status *st,
                       const struct panel_status_extra *extra, char *buf, size_t len);

#endif
