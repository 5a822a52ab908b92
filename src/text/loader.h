/* Turning a file or buffer into a document: decode, detect the format, and load. */
#ifndef LECTOR_TEXT_LOADER_H
#define LECTOR_TEXT_LOADER_H

#include <stddef.h>

#include "text/document.h"

enum input_format { INPUT_AUTO, INPUT_TXT, INPUT_MD, INPUT_HTML };

/* Parses "txt", "md"/"markdown", "html"; returns -EINVAL for anything else. */
int input_format_parse(const char *name, enum input_format *out);

/* Reads path ("-" is stdin) and loads it as fmt (INPUT_AUTO: from the extension, else from the
 * content), then segments it. On success *out owns a fully segmented document.
 * Errors: negative errno from open/read (-ENOENT, -EISDIR, -EACCES), LECTOR_ENOTTEXT,
 * LECTOR_EENCODING, LECTOR_EPARSE, LECTOR_ETOOBIG. An empty or whitespace-only input loads as a
 * document with no paragraphs (callers decide whether that is an error). */
int document_load_file(const char *path, enum input_format fmt, struct document **out);

/* Same from memory; name is used for format detection and as the fallback title. */
int document_load_buffer(const char *data, size_t len, enum input_format fmt, const char *name,
                         struct document **out);

#endif
