/* What a listener hears for the parts of a web page that are not plain text, as a sighted reader
 * sees them: a formula by its alternative text (or the word "formula", never nothing in the
 * middle of a sentence), an image by its alt text only when that describes it and no caption
 * does, a figure's caption after the figure, and footnote markers not at all. */
#ifndef LECTOR_TEXT_HTML_SPOKEN_H
#define LECTOR_TEXT_HTML_SPOKEN_H

#include <stdbool.h>

#include <libxml/tree.h>

/* The words to say for a <math> element: its alttext, else a plain-text annotation, else the
 * text of a simple formula (identifiers, numbers and operators only: "x = 2"), else a TeX
 * annotation without commands, else "formula". Returns a malloc'd string, NULL when out of
 * memory. */
char *html_math_text(xmlNode *math);

/* True when alt text describes an image: not empty, not a file name ("photo.jpg",
 * "IMG_1234"), not an address, not a placeholder word ("image", "photo"). */
bool html_alt_describes(const char *alt);

/* The words to say for an image: its alt text when that describes it, unless the image is
 * decorative (role="presentation" or "none") or its figure has a caption (which describes it
 * better, and is read). Returns a malloc'd string, or NULL for nothing to say (or out of
 * memory). */
char *html_image_text(const xmlNode *img);

/* True when n marks a footnote reference, which is not read: role="doc-noteref",
 * epub:type="noteref", a <sup> holding only a link within the page ("word<sup><a
 * href="#fn1">1</a></sup>"), or such a link holding only a <sup>. */
bool html_note_ref(const xmlNode *n);

/* Moves the captions of figure that come before its content to its end, so that a caption is
 * read after what it describes. */
void html_caption_last(xmlNode *figure);

#endif
