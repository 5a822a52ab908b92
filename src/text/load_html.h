/* HTML loader (libxml2's HTML parser): the article of a web page, without the site around it. */
#ifndef LECTOR_TEXT_LOAD_HTML_H
#define LECTOR_TEXT_LOAD_HTML_H

#include <stddef.h>

#include "text/document.h"

/* Parses src[0, len) (already decoded to UTF-8; borrowed) with network access off and no
 * external entities or DTD, and gives doc (empty, no text yet) the article's text, blocks
 * separated by "\n\n", one paragraph per block.
 *
 * What is read: the largest <article>, else <main> (or role="main"), else <body>, leaving out
 * nav, aside, footer, form, script, style, noscript, template, embedded objects and controls,
 * hidden elements (hidden, aria-hidden="true", style display:none or visibility:hidden) and
 * ARIA landmarks of site furniture (navigation, banner, contentinfo, complementary, search,
 * dialog); <header> is left out too when the whole body is read. Kinds: h1-h6 are DOC_HEADING,
 * li/dt/dd DOC_ITEM, blockquote contents DOC_QUOTE, pre DOC_CODE (verbatim); a table row is one
 * paragraph with its cells joined by ", "; <br> is a space; an image reads its alt text.
 * doc->title is the <title>, else the first heading; doc->lang the lang attribute of the part
 * read or its nearest ancestor. The walk is iterative: nesting depth costs no stack.
 * Returns 0, -ENOMEM, LECTOR_EPARSE or LECTOR_ETOOBIG. */
int load_html(const char *src, size_t len, struct document *doc);

#endif
