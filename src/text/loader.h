/* Turning a file or buffer into a document: decode, detect the format, and load. */
#ifndef LECTOR_TEXT_LOADER_H
#define LECTOR_TEXT_LOADER_H

#include <stddef.h>

#include "text/document.h"

enum input_format { INPUT_AUTO, INPUT_TXT, INPUT_MD, INPUT_HTML,
                    INPUT_EPUB /* a file only: an archive (load_epub.h) */ };

/* Inputs longer than this are refused with LECTOR_ETOOBIG (64 MiB of text is weeks of speech);
 * reading stops there, so /dev/zero or an endless pipe cannot exhaust memory. */
#define LOADER_MAX_INPUT_BYTES ((size_t)64 << 20)

/* Parses "txt"/"text", "md"/"markdown", "html"/"htm"/"xhtml", "epub"; returns -EINVAL for anything
 * else. */
int input_format_parse(const char *name, enum input_format *out);

/* The format of an input named name (may be NULL or "-") holding data[0, len): from the
 * extension (.txt .md .markdown .mkd .mdown .html .htm .xhtml .shtml, any case), else from the
 * content (a leading <!DOCTYPE html>, <html> or block element, or many HTML tags: HTML; ATX
 * headings, fenced code, or links and emphasis together: Markdown; anything else: plain text).
 * Never returns INPUT_AUTO. */
enum input_format input_format_detect(const char *name, const char *data, size_t len);

/* Reads path ("-" is stdin) and loads it as fmt (INPUT_AUTO: from the extension, else from the
 * content), then segments it and builds its sections (text/section.h). A regular file named
 * .epub, or a zip archive whose first entry is the EPUB "mimetype", is read by load_epub.h. On success *out owns a fully segmented document.
 * Decoding (text/decode.h): UTF-8 with or without BOM, UTF-16/32 with BOM, an HTML file's
 * declared charset, else Windows-1252 with a one-line doc->warning. doc->title falls back to
 * the file name when the text has no heading (NULL for stdin).
 * Errors: negative errno from open/read (-ENOENT, -EISDIR, -EACCES), LECTOR_ENOTTEXT (NUL bytes
 * or binary data; detected in the first block read, so /dev/zero fails at once),
 * LECTOR_EENCODING, LECTOR_EPARSE, LECTOR_ETOOBIG (more than LOADER_MAX_INPUT_BYTES).
 * A directory is refused with -EISDIR without reading it. An empty or whitespace-only input
 * loads as a document with no paragraphs (callers decide whether that is an error). */
int document_load_file(const char *path, enum input_format fmt, struct document **out);
/* Same, in language lang (a BCP 47 tag from --lang; NULL: the file's, else detected). */
int document_load_file_lang(const char *path, enum input_format fmt, const char *lang,
                            struct document **out);

/* Same from memory; name is used for format detection and as the fallback title. */
int document_load_buffer(const char *data, size_t len, enum input_format fmt, const char *name,
                         struct document **out);

/* Loads a body fetched from url (app/fetch.h): data (malloc'd, len bytes and a NUL; always
 * consumed) as fmt (not INPUT_EPUB; INPUT_AUTO: from the URL's extension, else the content).
 * charset: the one the server named (Content-Type), which wins over the document's <meta
 * charset> (a BOM wins over both); NULL when it named none. url names the input in warnings and is the fallback title. */
int document_load_fetched(char *data, size_t len, enum input_format fmt, const char *charset,
                          const char *url, const char *lang, struct document **out);

#endif
