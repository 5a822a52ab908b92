/* lector export -o DIR/ FILE... (and --from LIST): many documents, one output each.
 *
 * Each document is exported by a child process running the one-document export (cmd_export)
 * with its own atomic output, so a document that fails, crashes or is interrupted never stops
 * the others and never leaves a partial file; up to -j documents run at once. The parent only
 * plans (names, what is up to date), schedules, draws one progress line and sums up. */
#ifndef LECTOR_APP_EXPORT_BATCH_H
#define LECTOR_APP_EXPORT_BATCH_H

#include <stdbool.h>

#include "app/options.h"

/* The format of a batch without --format. */
#define EXPORT_BATCH_DEFAULT_FORMAT "ogg"

/* Whether opts asks for many documents: -o ending in '/', several inputs, or --from. */
bool export_batch_wanted(const struct lector_options *opts);

/* Runs the batch. Returns the exit status: 0 all written or up to date, 1 when any document
 * failed, 2 usage error, 128 + signal when interrupted. */
int export_batch_run(const struct lector_options *opts);

#endif
