/* The table of contents: the document's sections (text/section.h) as a list to choose from, an
 * overlay of the panel or, in plain mode, a numbered list that takes a number. The state lives in
 * the controller (c->toc, c->toc_sel, c->toc_number); everything here runs on the UI thread. */
#ifndef LECTOR_UI_TOC_H
#define LECTOR_UI_TOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct controller;
struct document;

/* Opens the list at the section being read (c), or says there is none. */
void toc_open(struct controller *c);
/* A key while the list is open: Up/Down/PageUp/PageDown/Home/End move, digits type a number
 * (plain mode), Enter reads from the chosen section, Escape or q closes. */
void toc_key(struct controller *c, int key);

/* Shared with the bookmarks list (bookmarks.h): how far a key moves the selection of a list of
 * n lines (Up/Down 1, PageUp/PageDown 10, Home/End all the way; 0: not a moving key), the
 * selection moved and kept in the list, and how many bytes of s fit in width columns. */
long toc_move_delta(int key, size_t n);
/* A digit typed into number (size bytes) or Backspace (plain mode's way to choose); false for
 * any other key. */
bool toc_number_key(char *number, size_t size, int key);
size_t toc_clamp(size_t sel, long delta, size_t n);
int toc_fit(const char *s, int width);

/* Where each line of the overlay goes: first is the section on the top row of rows; returns
 * the row (0-based, within rows) of the selected section. */
int toc_window(size_t n_sections, size_t selected, int rows, size_t *first);
/* One line: "  * 3. Story of the Door" indented by level, marked when current. */
void toc_line(const struct document *doc, size_t section, bool current, char *buf, size_t len);

/* Draws the overlay on rows [row0, row0 + rows) of the curses screen, the section holding
 * sentence marked and the selected one in reverse video; returns the screen row of the selected
 * line (for the cursor, which screen readers follow), -1 when nothing was drawn. */
int toc_draw(const struct document *doc, size_t sentence, size_t selected, int row0, int rows,
             int width);

/* Prints the numbered list for plain mode, with the prompt after it. */
void toc_print(const struct controller *c, FILE *out);

/* Puts the chapter at the front of w's text: "paragraph 5 of 19, sentence 2 of 4, 40 percent"
 * becomes "chapter 3 of 12, Down the Rabbit-Hole, paragraph 4 of 31, sentence 2 of 4, 40
 * percent" when the sentence is in a chapter. */
void toc_where(const struct document *doc, size_t sentence, char *text, size_t len);

#endif
