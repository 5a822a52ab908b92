/* What a web page says about itself: title, byline, site name, published date and language,
 * from <meta> tags (Open Graph, Twitter, Dublin Core, name=author), JSON-LD (schema.org
 * Article: headline, author, publisher, datePublished) and <title>, with the site's name taken
 * off a <title> such as "Story - The Site". */
#ifndef LECTOR_TEXT_HTML_META_H
#define LECTOR_TEXT_HTML_META_H

#include <libxml/tree.h>

#include "text/document.h"

/* Sets doc's title, byline, site, date and lang (when the page states them) from the parsed page
 * doc_html (read before extraction removes scripts). Returns 0 or -ENOMEM. */
int html_meta(xmlDoc *doc_html, struct document *doc);

#endif
