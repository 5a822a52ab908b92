/* Search in the document, as the / key does it: a pure function of the text, no state. */
#ifndef LECTOR_UI_SEARCH_H
#define LECTOR_UI_SEARCH_H

#include <stddef.h>

struct document;

/* Index of the first sentence after `from` (wrapping round, `from` itself last) whose text holds
 * needle, ignoring case (Unicode case folding), accents (Café is cafe), typographic quotes and
 * apostrophes (wouldn’t is wouldn't), dashes (– is -) and runs of whitespace. -1 when none (or needle
 * is empty); -ENOMEM. */
long search_next(const struct document *doc, size_t from, const char *needle);

#endif
