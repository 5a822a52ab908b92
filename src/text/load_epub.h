/* EPUB 2 and 3 input: a zip archive (libzip) holding a package document whose spine lists XHTML
 * content documents, each read through the HTML loader (load_html.h), in spine order. */
#ifndef LECTOR_TEXT_LOAD_EPUB_H
#define LECTOR_TEXT_LOAD_EPUB_H

#include <stdbool.h>

#include "text/document.h"

/* Limits against hostile archives: beyond any of them the book is refused (LECTOR_EUNSAFE)
 * before anything is decompressed. A novel has a few hundred entries of a few hundred KiB. */
#define EPUB_MAX_ENTRIES 10000
#define EPUB_MAX_ENTRY_BYTES ((unsigned long long)32 << 20)   /* one entry, uncompressed */
#define EPUB_MAX_TOTAL_BYTES ((unsigned long long)1 << 30)    /* all entries, as declared */
#define EPUB_MAX_RATIO 100                                    /* uncompressed / compressed */
#define EPUB_RATIO_FROM ((unsigned long long)1 << 20)         /* ratio checked above 1 MiB */

/* Whether path (open as fd, read from its start with pread) is an EPUB: named .epub, or a zip
 * archive whose first entry is "mimetype" holding "application/epub+zip". */
bool load_epub_detect(int fd, const char *path);

/* Loads the book at path, segmented and with its sections (chapters from the navigation
 * document, else the NCX; headings inside them). doc->title and doc->lang come from the package
 * document (dc:title, dc:language), the byline from dc:creator when the document has one.
 * Spine items marked linear="no" (covers, pop-up notes, answer keys) are read after the main
 * text, so that nothing is lost and the main text runs on unbroken. Footnotes (epub:type
 * "footnote", role "doc-footnote") are read after the text of their content document, never
 * where they are referenced; note references (epub:type "noteref") are not read.
 * Errors: -errno, LECTOR_EDRM (content encrypted; font obfuscation is fine), LECTOR_EBADEPUB,
 * LECTOR_EUNSAFE (the limits above, a name with a ".." part or an absolute one, an href leading
 * out of the archive), LECTOR_ETOOBIG, -ENOMEM. Nothing is ever written. */
int load_epub_file(const char *path, struct document **out);

#endif
