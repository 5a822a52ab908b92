/* lector export to a talking book: -o BOOK.epub (or --format epub), an EPUB 3 with media
 * overlays; --format daisy202 -o DIR, a DAISY 2.02 book in a new directory. */
#ifndef LECTOR_APP_EXPORT_TALKBOOK_H
#define LECTOR_APP_EXPORT_TALKBOOK_H

#include <stdbool.h>

struct lector_options;

/* Whether opts ask for a talking book. */
bool export_talkbook_wanted(const struct lector_options *opts);

/* Runs the export; returns the exit status (2 usage, 1 failure, 128 + signal). */
int export_talkbook_run(const struct lector_options *opts);

#endif
