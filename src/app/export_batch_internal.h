/* Shared by export_batch.c (running) and export_batch_plan.c (planning). */
#ifndef LECTOR_APP_EXPORT_BATCH_INTERNAL_H
#define LECTOR_APP_EXPORT_BATCH_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "app/export_batch.h"

enum batch_state { BATCH_TODO, BATCH_RUNNING, BATCH_DONE, BATCH_SKIPPED, BATCH_FAILED };

struct batch_item {
  char *input, *output;  /* owned */
  bool exists;           /* the output was there when planned: replaced (stale, or -f) */
  enum batch_state state;
  pid_t pid;             /* while running */
  FILE *err;             /* while running: the child's stderr, for the reason of a failure */
  char reason[320];      /* why it failed, one line */
};

struct batch {
  char *dir;             /* owned: the output directory, without trailing '/' */
  const char *ext;       /* the format's extension (and --format name) */
  struct batch_item *items;
  size_t n, cap;
};

/* Fills b->items from the operands and --from, names the outputs (b->dir and b->ext set) and
 * marks what is up to date or cannot be done. Returns 0 or the exit status 1 (said why). */
int batch_plan(struct batch *b, const struct lector_options *opts);

void batch_free(struct batch *b);

#endif
