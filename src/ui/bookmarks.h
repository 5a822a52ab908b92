/* Bookmarks: sentences the listener marked (b), kept sorted, and the list of them (B) to jump to,
 * an overlay of the panel or, in plain mode, a numbered list that takes a number. The list is
 * owned by the caller (cmd_read.c loads and saves it with the position, app/state.h) and borrowed
 * through ui_config; the overlay's state lives in the controller (c->marks, c->marks_sel,
 * c->marks_number). Everything here runs on the UI thread. */
#ifndef LECTOR_UI_BOOKMARKS_H
#define LECTOR_UI_BOOKMARKS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct controller;
struct document;

/* Enough for any book; the state file stays small (a few kilobytes). */
#define BOOKMARKS_MAX 1000

struct bookmarks {
  size_t n;
  size_t at[BOOKMARKS_MAX];   /* global sentence indices, ascending, no repeats */
};

/* Adds sentence, or removes it when it is marked already. Returns the bookmark's number (1-based,
 * in reading order) when added, minus that number when removed, 0 when the list is full. */
int bookmarks_toggle(struct bookmarks *b, size_t sentence);
/* Removes the i-th (0-based) bookmark, if there is one. */
void bookmarks_remove(struct bookmarks *b, size_t i);
/* Sorts, drops repeats and indices at or past n_sentences (a file changed since it was saved). */
void bookmarks_clean(struct bookmarks *b, size_t n_sentences);

/* b: the key, which marks or unmarks the sentence being read, said and shown. */
void bookmarks_mark(struct controller *c);
/* B: opens the list on the bookmark at or before the sentence being read, or says there is none. */
void bookmarks_open(struct controller *c);
/* A key while the list is open: Up/Down/PageUp/PageDown/Home/End move, digits type a number
 * (plain mode), Enter reads from the chosen bookmark, Delete (or d) removes it, Escape or q
 * closes. */
void bookmarks_key(struct controller *c, int key);

/* One line: "3. paragraph 5, sentence 2: It was a dark and stormy…". */
void bookmarks_line(const struct document *doc, const struct bookmarks *b, size_t i, char *buf,
                    size_t len);
/* Draws the overlay on rows [row0, row0 + rows), the selected line in reverse video; returns its
 * screen row (for the cursor), -1 when nothing was drawn. */
int bookmarks_draw(const struct document *doc, const struct bookmarks *b, size_t selected,
                   int row0, int rows, int width);
/* Prints the numbered list for plain mode, with the prompt after it. */
void bookmarks_print(const struct controller *c, FILE *out);

#endif
