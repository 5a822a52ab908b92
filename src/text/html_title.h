/* The article's title as Reader View cuts it from a page's <title> ("Story - The Site" ->
 * "Story"), and the word overlap of two titles that decides between JSON-LD's name and headline.
 * Mozilla Readability's published rules (_getArticleTitle, _textSimilarity), so that titles
 * come out as Firefox shows them. */
#ifndef LECTOR_TEXT_HTML_TITLE_H
#define LECTOR_TEXT_HTML_TITLE_H

#include <libxml/tree.h>

/* The title cut from orig (the <title> text, white space collapsed and trimmed; NULL when the
 * page has none) with the help of the headings under root: after or before the site's name
 * (separators | - – — \ / > »), after a colon unless an <h1>/<h2> repeats the whole title, the
 * single <h1> when the title is very short or long, the whole title when the cut leaves four
 * words or fewer. Returns a malloc'd string, or NULL (no title, or out of memory). */
char *html_title_cut(const char *orig, xmlNode *root);

/* How much of b's words (ASCII letters, digits and _, case-folded) are also a's, weighted by
 * length: 1 when all are, 0 when none or either has no word. */
double html_title_similarity(const char *a, const char *b);

#endif
