#include "app/commands.h"

/* Placeholder until its issue lands. */
int cmd_read(const struct lector_options *opts)
{
  (void)opts;
  app_error("'read' is not available yet");
  return 1;
}
