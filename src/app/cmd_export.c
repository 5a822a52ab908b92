#include "app/commands.h"

/* Placeholder until its issue lands. */
int cmd_export(const struct lector_options *opts)
{
  (void)opts;
  app_error("'export' is not available yet");
  return 1;
}
