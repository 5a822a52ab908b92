/* Sections: the tree of chapters and headings over a document's paragraphs (document.h's
 * doc->sections), and the questions the reader asks of it: which section holds a paragraph, which
 * chapter that is, where the next or previous heading is. Pure functions of the document. */
#ifndef LECTOR_TEXT_SECTION_H
#define LECTOR_TEXT_SECTION_H

#include <stdbool.h>
#include <stddef.h>

#include "text/document.h"

#define SECTIONS_NONE ((size_t)-1)

/* Completes doc->sections once the paragraphs are known: the chapter marks a loader put there
 * (EPUB nav/NCX entries, in reading order, level = depth in the table of contents) are kept, and
 * every heading paragraph becomes a section too, except the one a chapter opens with (it is
 * the chapter's own title). Without chapter marks a heading's level is its own (<h2> is 2,
 * plain text's headings 1); inside a chapter it is the chapter's level plus its depth below the
 * chapter's opening heading. Then sets every section's last paragraph. Returns 0 or -ENOMEM. */
int sections_build(struct document *doc);

/* The innermost section holding paragraph p, or SECTIONS_NONE (text before the first heading). */
size_t sections_at(const struct document *doc, size_t p);

/* The level chapters are at: the highest level that occurs more than once (a page's one <h1>
 * is its title, its <h2>s its chapters), else the highest; 0 without sections. */
unsigned sections_chapter_level(const struct document *doc);

/* The chapter holding paragraph p: its section index, and its number (1-based) and the number
 * of chapters in *number and *count. False when p is in no chapter. */
bool sections_chapter(const struct document *doc, size_t p, size_t *section, size_t *number,
                      size_t *count);

/* The first section starting after paragraph p (dir > 0) or the last starting before it (dir < 0)
 * whose level is at most max_level (DOC_SECTION_MAX_LEVEL: any); SECTIONS_NONE if none. */
size_t sections_step(const struct document *doc, size_t p, int dir, unsigned max_level);

/* "chapter 3 of 12, Down the Rabbit-Hole, paragraph 4 of 31" for paragraph p (the paragraph
 * counted within the chapter); "" when p is in no chapter or the document has fewer than two
 * (an article's one headline is no chapter). */
void sections_describe(const struct document *doc, size_t p, char *buf, size_t len);

#endif
