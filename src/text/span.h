/* A sentence's text as lector gives it outside the panel (`lector segment`, its JSON, the
 * timings sidecars): the span with every run of white space, hard-wrap newlines included,
 * collapsed to one space and none at either end. One implementation for all of them, so that a
 * sidecar's text is `segment`'s text byte for byte. */
#ifndef LECTOR_TEXT_SPAN_H
#define LECTOR_TEXT_SPAN_H

#include <stdio.h>

#include <jansson.h>

/* Calls put(user, s, n) with the collapsed text of text[start, end) in pieces, in order: for
 * writers that escape it. A piece is words with single spaces between them, or " " for a run
 * of white space collapsed. */
void span_for_each_piece(const char *text, size_t start, size_t end,
                         void (*put)(void *user, const char *s, size_t n), void *user);

/* Writes text[start, end) collapsed to f. */
void span_print_collapsed(FILE *f, const char *text, size_t start, size_t end);

/* text[start, end) collapsed, NUL-terminated, malloc'd (owned by the caller), its length in
 * *len; NULL when out of memory. */
char *span_collapsed(const char *text, size_t start, size_t end, size_t *len);

/* text[start, end) collapsed, as a new JSON string; NULL when out of memory. */
json_t *span_collapsed_json(const char *text, size_t start, size_t end);

#endif
