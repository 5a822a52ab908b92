/* libxml2's HTML parser on a page, as lector reads pages: a piece at a time, and with the
 * subtrees that no extraction pass reads freed as soon as they close, so that the tree never
 * holds them all at once (a page's menus, sidebars, inline drawings and hidden panels are often
 * a third of its nodes, and the tree costs several times the page). */
#ifndef LECTOR_TEXT_HTML_PARSE_H
#define LECTOR_TEXT_HTML_PARSE_H

#include <stddef.h>

#include <libxml/HTMLparser.h>

/* The tree of the UTF-8 page src[0, len) for an extraction pass with flags (html_extract.h):
 * NULL when libxml2 could not start (out of memory). Inside <body>, the elements the pass
 * removes unread (html_never_read, and html_unlikely_block when flags strip the unlikely) are
 * left empty, unless they hold what the metadata and the title read anywhere in the page
 * (<meta name|property>, JSON-LD <script>, <title>, <h1>, <h2>). */
htmlDocPtr html_parse(const char *src, size_t len, int flags);

#endif
