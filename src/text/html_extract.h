/* Finding the article in a parsed web page, as Firefox Reader View does, by weighing text
 * against links rather than trusting containers.
 *
 * Paragraph-like elements (p, pre, td, h2-h6, section, and divs holding only inline content)
 * give their parent and further ancestors a score for their text: length, commas, with class/id
 * hints and the tag as a prior; a container's score is then scaled by its share of non-link
 * text. The best container wins, with those of its siblings that score close to it or read as
 * prose; inside it, blocks that are mostly links, hidden, or hinted as furniture (share bars,
 * related stories, comments) are removed, while headings, lists, tables, captions and quotes
 * stay unless their text says otherwise. <article> and <main> are hints, not verdicts; a <form>
 * is judged by its content like any block. */
#ifndef LECTOR_TEXT_HTML_EXTRACT_H
#define LECTOR_TEXT_HTML_EXTRACT_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>

/* The strictness of one pass: a pass that leaves too little text is retried with fewer of
 * these. */
enum {
  HTML_X_STRIP_UNLIKELY = 1,      /* drop elements whose class/id say furniture, unread */
  HTML_X_WEIGHT_CLASSES = 2,      /* class/id hints move scores */
  HTML_X_CLEAN = 4,               /* remove link-heavy or furniture-like blocks in the article */
  HTML_X_ALL = 7,
};

/* What one pass found. */
struct html_pick {
  xmlNode *top;             /* the element to read (borrowed from the document) */
  size_t chars;             /* length of the text it holds (html_text_length) */
  bool lost;                /* the pass's rules left out text of the page: a less strict pass
                               may find more (false: all there is to read is in top) */
};

/* True when the strict pass (HTML_X_STRIP_UNLIKELY) removes element n unread for its class/id
 * (html_unlikely), as it does outside tables and code. */
bool html_unlikely_block(const xmlNode *n);

/* Picks the article of doc (modified: furniture is unlinked and freed, the article's parts may
 * be gathered under a new <div>). Returns 0 or -ENOMEM. */
int html_extract(xmlDoc *doc, int flags, struct html_pick *out);

#endif
