/* A pass over a page's source before libxml2 parses it, removing the attributes lector never
 * reads (data-*, srcset, onclick, …) and comments: the parser spends a node and a string on
 * each and compares every attribute of a tag with all those before it, so a page's tree cost
 * several times its size, and a tag of 100,000 attributes a minute of parsing. */
#ifndef LECTOR_TEXT_HTML_PRESCAN_H
#define LECTOR_TEXT_HTML_PRESCAN_H

#include <stddef.h>

/* A tag keeps at most this many of the attributes lector reads (real tags have a handful). */
#define HTML_MAX_ATTRIBUTES 100

/* Rewrites src[0, len) in place: tags keep only the attributes that the HTML loader, the
 * extraction and the metadata read, on the elements they read them on (class, id, alt, lang,
 * role, style anywhere; content and name on <meta>, value on <li> …), at most
 * HTML_MAX_ATTRIBUTES of them, an href only when it points within the page ("#..."); the
 * content of <script> and <style> goes, but for JSON-LD scripts (type="application/ld+json");
 * comments go (but where their going would join the text around into a tag or a reference);
 * a comment or a tag whose quoting does not end is left as it is, with what follows. Returns
 * the new length (src is NUL-terminated there when it was at len). */
size_t html_prescan(char *src, size_t len);

#endif
