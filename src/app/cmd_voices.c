#include "app/commands.h"

/* Placeholder until its issue lands. */
int cmd_voices(const struct lector_options *opts)
{
  (void)opts;
  app_error("'voices' is not available yet");
  return 1;
}
