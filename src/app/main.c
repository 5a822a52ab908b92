/* lector: reads articles aloud. */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "app/commands.h"
#include "app/options.h"
#include "text/normalise.h"
#include "util/atomic_file.h"
#include "util/std_fds.h"
#include "util/trace.h"

int main(int argc, char **argv)
{
  trace_clock_start();
  /* With a standard descriptor closed, no message could be written, nor would any file be safe:
   * exit 1 unprinted, the only honest report left. */
  if (std_fds_ensure() != 0)
    return 1;
  atomic_file_learn_umask();   /* now, while there is one thread */

  struct lector_options opts;
  char err[256];
  if (options_parse(argc, argv, &opts, err, sizeof err) != 0) {
    app_error("%s", err);
    return 2;
  }
  if (opts.help || opts.version) {
    if (opts.help)
      fputs(options_usage(opts.command), stdout);
    else
      printf("lector %s\n", LECTOR_VERSION);
    /* A full disk or a closed pipe must not pass for success. */
    if (fflush(stdout) != 0 || ferror(stdout)) {
      app_error("cannot write to standard output");
      return 1;
    }
    return 0;
  }

  normalise_configure(opts.urls, opts.punctuation, opts.voice);
  /* Text typed at the terminal: without a word, lector would seem to hang. */
  if (opts.input && strcmp(opts.input, "-") == 0 && isatty(STDIN_FILENO))
    fputs("lector: reading standard input, end with Ctrl-D\n", stderr);

  switch (opts.command) {
  case CMD_EXPORT: return cmd_export(&opts);
  case CMD_SEGMENT: return cmd_segment(&opts);
  case CMD_VOICES: return cmd_voices(&opts);
  case CMD_READ: break;
  }
  return cmd_read(&opts);
}
