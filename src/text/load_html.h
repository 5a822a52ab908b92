/* HTML loader (libxml2's HTML parser): the article of a web page, without the site around it. */
#ifndef LECTOR_TEXT_LOAD_HTML_H
#define LECTOR_TEXT_LOAD_HTML_H

#include <stddef.h>

#include "text/document.h"

/* Parses src[0, len) (already decoded to UTF-8; borrowed) with network access off and no
 * external entities or DTD, and gives doc (empty, no text yet) the article's text, blocks
 * separated by "\n\n", one paragraph per block.
 *
 * What is read: the largest <article> inside <main> (or role="main"), else <main>, else the
 * largest <article> elsewhere (not in nav, aside, footer or other furniture), else <body>,
 * leaving out
 * nav, aside, footer, form, script, style, noscript, template, embedded objects and controls,
 * hidden elements (hidden, aria-hidden="true", style display:none or visibility:hidden) and
 * ARIA landmarks of site furniture (navigation, banner, contentinfo, complementary, search,
 * dialog) and footnote references (<sup><a href="#note">1</a></sup>); <header> is left out
 * too when the whole body is read. Kinds: h1-h6 are DOC_HEADING,
 * li/dt/dd DOC_ITEM, blockquote contents DOC_QUOTE, pre DOC_CODE (verbatim); a table row is one
 * paragraph with its cells joined by ", "; <br> is a space (two in a row end a paragraph, as on
 * old pages); an image reads its alt text.
 * doc->title is the <title>, else the first heading; doc->lang the lang attribute of the part
 * read or its nearest ancestor. Any depth of nesting is read (XML_PARSE_HUGE) and the walk is
 * iterative, so depth costs no stack; the tree libxml2 builds costs memory in proportion to
 * the number of elements (attributes lector does not read are removed first: html_prescan.h),
 * and is freed before the text is finished.
 * src is rewritten in place (html_prescan()): the caller's buffer is scratch afterwards.
 * Returns 0, -ENOMEM, LECTOR_EPARSE or LECTOR_ETOOBIG. */
int load_html(char *src, size_t len, struct document *doc);

/* Reads the whole <body> of an already parsed tree (an EPUB content document: no article to
 * pick, no metadata, no <header> either) into doc as load_html does, the text at most limit
 * bytes. html is borrowed and not changed. Returns 0, -ENOMEM or LECTOR_ETOOBIG. */
struct _xmlDoc;
int load_html_tree(struct _xmlDoc *html, size_t limit, struct document *doc);

#endif
