/* The panel's insides, shared by panel.c (the reading view) and panel_help.c (the help
 * overlay). Only the UI thread uses them, between initscr/newterm and endwin. */
#ifndef LECTOR_UI_PANEL_INTERNAL_H
#define LECTOR_UI_PANEL_INTERNAL_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "ui/layout.h"

struct document;
struct keymap;

struct panel {
  const struct document *doc;   /* borrowed */
  const struct keymap *keys;    /* borrowed */
  bool utf8;
  bool colour;
  struct layout layout;         /* for layout.width columns; rebuilt when the width changes */
  bool have_layout;
  size_t top;                   /* first layout line shown */
  size_t last_sentence;         /* sentence the view was last scrolled for */
  bool scrolled_once;
  int help_pages;               /* pages of the help overlay as last drawn */
  int max_width;                /* columns of text at most (centred); 0: no limit */
};

/* Rows below which the help overlay takes the whole screen (a large font). */
#define HELP_FULL_SCREEN_BELOW 12

/* Draws a string that may hold anything (a title, a voice name, search text), whitespace runs
 * as one space, from col up to max_col. Returns the column after it. */
int panel_put_string(const struct panel *p, int row, int col, int max_col, const char *s,
                     attr_t attr);
/* The help overlay in rows [row0, row0 + rows) of width columns, at page (clamped). Returns the
 * number of pages. */
int panel_draw_help(struct panel *p, int row0, int rows, int width, int page);

#endif
