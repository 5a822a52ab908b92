/* Plain-text loader: paragraphs, headings and list items from the layout of a text file. */
#ifndef LECTOR_TEXT_LOAD_TXT_H
#define LECTOR_TEXT_LOAD_TXT_H

#include "text/document.h"

/* A line standing alone, without final punctuation and at most this many characters long, is a
 * heading. */
#define LOAD_TXT_MAX_HEADING_CHARS 120

#define LOAD_TXT_SPLIT_BYTES (1024 * 1024)

/* Finds the paragraphs of doc->text (decoded UTF-8 with LF line endings) and appends them to
 * doc; sets doc->title to the first heading when there is one. The text itself is not copied
 * or changed: spans point into it.
 *
 * Paragraphs are separated by blank lines; the hard-wrapped lines of a paragraph belong to one
 * span (the segmenter reads a newline as a space). A line ended on purpose, where the next
 * line's first word would have fitted with room to spare within the block's widest line (the
 * lines of a letter's opening, an address, metadata, verse), ends its paragraph, unless the line
 * has no final punctuation and the next starts in lower case (a sentence goes on: the segmenter
 * decides); such pieces are never headings. A line on its own (or underlined with === or ---)
 * that is short and has no final punctuation is a heading. Lines starting with a list marker
 * (load_txt_list.h: a bullet, or a number or letter such as 1. 2) a. b) (3)) are list items,
 * one paragraph each even without blank lines between them, and the lines that follow an item
 * without a marker of their own continue it. The next marker of the same list inside an item
 * ("1) Eggs 2) Milk") starts a new item. A bulleted item's span excludes the bullet; an ordered
 * item's span starts with its number (doc_paragraph.marker). Lines holding no letter or digit
 * (rules such as "* * *" or "-----") separate paragraphs and are not read.
 * A text of LOAD_TXT_SPLIT_BYTES or more is loaded in two halves on two threads, cut at an empty
 * line. Returns 0 or -ENOMEM. */
int load_txt(struct document *doc);

#endif
