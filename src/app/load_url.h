/* A URL as a document: fetched (app/fetch.h), then read by the loader its content type names. */
#ifndef LECTOR_APP_LOAD_URL_H
#define LECTOR_APP_LOAD_URL_H

#include "app/options.h"

struct document;

/* Fetches opts->input and loads it: text/html and application/xhtml+xml as HTML, text/plain as
 * text, text/markdown as Markdown, application/epub+zip as a book; no content type: from the
 * URL and the content; --format wins over all of them. Anything else is refused. The charset of
 * the Content-Type is used when the document states none; doc->url is the final URL. Prints one
 * line ("lector: cannot fetch 'URL': 404 Not Found") and returns 1 on failure, else 0. */
int app_load_url(const struct lector_options *opts, struct document **out);

#endif
