/* Cleaning inside the chosen article (html_extract.c): what is left of the site in it. */
#ifndef LECTOR_TEXT_HTML_CLEAN_H
#define LECTOR_TEXT_HTML_CLEAN_H

#include <libxml/tree.h>

#include "text/html_measure.h"

/* Removes from the subtree at article, innermost first so that each block is judged on what
 * remains inside it: controls, embedded objects, <aside> and <footer>; share bars with little
 * text; headings hinted as furniture; and, with HTML_X_CLEAN, blocks (div, section, ul, table,
 * form, fieldset) whose content reads as furniture: mostly links, more images or controls than
 * paragraphs, or hints against them with little prose. Data tables, figures and code are kept.
 * Figures end in recs (measured afresh). */
void html_clean(struct html_recs *recs, xmlNode *article, int flags);

#endif
