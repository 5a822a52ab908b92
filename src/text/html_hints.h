/* What an element's markup says about it before its text is weighed: class/id hints (article,
 * content, story … against comment, share, sidebar, sponsor …), hidden elements, roles of site
 * furniture. Substring tests on the lower-cased "class id" string, as Reader View does: the
 * words are hints, never verdicts on their own. */
#ifndef LECTOR_TEXT_HTML_HINTS_H
#define LECTOR_TEXT_HTML_HINTS_H

#include <stdbool.h>

#include <libxml/tree.h>

/* True when n is an element named name, a lower-case name (n's is compared ASCII
 * case-insensitively). */
bool html_is(const xmlNode *n, const char *name);
/* True when n is an element named by one of names (NULL-terminated, lower case). */
bool html_is_any(const xmlNode *n, const char *const *names);

/* -25, 0, +25 or 0 (both): what class and id say about n holding the article. */
int html_class_weight(const xmlNode *n);

/* True when class/id look like furniture (menu, comments, related, social …) and do not also
 * look like content (article, body, main …): such an element is not a candidate at all in the
 * strict pass. */
bool html_unlikely(const xmlNode *n);

/* True when class/id name a share or social bar (removed when it holds little text). */
bool html_share_hint(const xmlNode *n);

/* hidden, aria-hidden="true", style display:none or visibility:hidden. */
bool html_hidden(const xmlNode *n);

/* role= of site furniture (navigation, menu, complementary, dialog …). */
bool html_furniture_role(const xmlNode *n);

/* Elements that are never text: script, style, noscript, template, embedded objects, controls. */
bool html_never_text(const xmlNode *n);

/* Elements every extraction pass removes unread from the body: scripts, styles, templates,
 * embedded objects, <nav>, <aside>, <dialog>, hidden elements, roles of site furniture. */
bool html_never_read(const xmlNode *n);

/* A copy of s with white space (and control characters) collapsed to single spaces and trimmed;
 * NULL when nothing is left, s is NULL, or out of memory. */
char *html_collapsed(const char *s);

#endif
