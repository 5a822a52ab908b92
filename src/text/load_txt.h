/* Plain-text loader: paragraphs, headings and list items from the layout of a text file. */
#ifndef LECTOR_TEXT_LOAD_TXT_H
#define LECTOR_TEXT_LOAD_TXT_H

#include "text/document.h"

/* A line standing alone, without final punctuation and at most this many characters long, is a
 * heading. */
#define LOAD_TXT_MAX_HEADING_CHARS 120

/* Finds the paragraphs of doc->text (decoded UTF-8 with LF line endings) and appends them to
 * doc; sets doc->title to the first heading when there is one. The text itself is not copied
 * or changed: spans point into it.
 *
 * Paragraphs are separated by blank lines; the hard-wrapped lines of a paragraph belong to one
 * span (the segmenter reads a newline as a space). A line ended on purpose, where the next
 * line's first word would have fitted with room to spare within the block's widest line (the
 * lines of a letter's opening, an address, metadata, verse), ends its paragraph; such pieces
 * are never headings. A line on its own (or underlined with === or
 * ---) that is short and has no final punctuation is a heading. Lines starting with a bullet
 * (• ◦ ‣ ▪ ● ○ ■ - * + –) or a number or letter marker (1. 2) a. b) (3) ...) are list items,
 * one paragraph each even without blank lines between them; the span excludes the marker, and
 * the lines that follow an item without a marker of their own continue it. Lines holding no
 * letter or digit (rules such as "* * *" or "-----") separate paragraphs and are not read.
 * Returns 0 or -ENOMEM. */
int load_txt(struct document *doc);

#endif
