#ifndef LECTOR_TEXT_HTML_REPAIR_H
#define LECTOR_TEXT_HTML_REPAIR_H

#include <libxml/tree.h>

/* Moves what libxml2 left in an implied <head> but a browser reads as the body into <body>
 * (made when there is none). libxml2's parser knows HTML 4: an element it does not know
 * (<article>, <main>, <section>, <header> ...) or text met after <title> or <meta> in a page
 * that never writes <body> stays in the head, where nothing is read ("has no text to read").
 * HTML5 ends the head at the first node that is not head content. */
void html_repair_head(xmlDoc *doc);

#endif
