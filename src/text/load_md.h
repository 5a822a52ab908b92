/* Markdown loader (md4c, GitHub dialect). */
#ifndef LECTOR_TEXT_LOAD_MD_H
#define LECTOR_TEXT_LOAD_MD_H

#include <stddef.h>

#include "text/document.h"

/* Parses src[0, len) (UTF-8 with LF line endings; borrowed) and gives doc (empty, no text yet)
 * a text made of the readable content, blocks separated by "\n\n", with one paragraph per
 * block: headings (DOC_HEADING), paragraphs, list items (DOC_ITEM, at any depth), paragraphs in
 * block quotes (DOC_QUOTE), code blocks and HTML blocks (DOC_CODE, verbatim), and table rows
 * (one paragraph per row, cells joined with ", "). Emphasis, links and inline code keep their
 * text (a link's URL is not read), images give their alt text, entities are decoded. A YAML
 * front matter block at the top is not read. doc->title is its title: line, else the first
 * heading; doc->lang its lang: (or language:) line.
 * Returns 0, -ENOMEM, LECTOR_EPARSE or LECTOR_ETOOBIG. */
int load_md(const char *src, size_t len, struct document *doc);

#endif
