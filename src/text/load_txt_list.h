/* List markers in plain text (load_txt.c): the bullet or number that starts a line, and the
 * next marker of the same list inside a line ("1) The first item 2) The second item"). */
#ifndef LECTOR_TEXT_LOAD_TXT_LIST_H
#define LECTOR_TEXT_LOAD_TXT_LIST_H

#include <stdbool.h>
#include <stddef.h>

enum txt_marker_kind { TXT_MARK_NONE, TXT_MARK_BULLET, TXT_MARK_NUMBER };

struct txt_marker {
  enum txt_marker_kind kind;
  size_t start;             /* where the marker starts */
  size_t text;              /* where the item's text starts, after the marker and its spaces */
  int bullet;               /* TXT_MARK_BULLET: the bullet (an index into a private table) */
  char style;               /* TXT_MARK_NUMBER: '1' digits, 'a' or 'A' a letter */
  bool paren;               /* TXT_MARK_NUMBER: "(3)" rather than "3)" */
  char close;               /* TXT_MARK_NUMBER: '.' or ')' */
  unsigned value;           /* TXT_MARK_NUMBER: 3 for "3." and for "c)" */
};

/* The list marker that the line content t[cs, ce) starts with, if any, and some text after it:
 * a bullet (• ◦ ‣ ⁃ ▪ ● ○ ■ · - * + –), one to three digits followed by '.' or ')', or a letter
 * followed by ')' (or a lower-case letter by '.'), each optionally in brackets "(3)". "A." is
 * not a marker: it is too often an initial. */
bool txt_marker_at(const char *t, size_t cs, size_t ce, struct txt_marker *m);

/* Looks in t[from, end) for the marker that follows cur in the same list: the next number or
 * letter in the same style ("2)" after "1)", "b." after "a."), or the same bullet when it cannot
 * be mistaken for a dash (not - * + – ·). It must stand after white space and before white
 * space and text. Fills *next and returns true when found. */
bool txt_marker_next(const char *t, size_t from, size_t end, const struct txt_marker *cur,
                     struct txt_marker *next);

#endif
