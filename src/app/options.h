/* The command line of DESIGN.md, parsed into one struct. */
#ifndef LECTOR_APP_OPTIONS_H
#define LECTOR_APP_OPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "export/split.h"
#include "text/loader.h"

enum lector_command { CMD_READ, CMD_EXPORT, CMD_SEGMENT, CMD_VOICES };

struct lector_options {
  enum lector_command command;
  bool help, version;
  const char *input;           /* FILE or "-"; NULL when not given */

  /* common */
  const char *voice;           /* -v NAME; NULL: the default profile */
  int speed, pitch, volume;    /* -1 when not given */
  const char *lexicon;
  enum input_format input_format;
  const char *lang;            /* --lang TAG; NULL: the file's, else detected */

  /* reader */
  const char *audio;           /* "auto" unless given */
  const char *trace;
  bool paused, restart, plain, announce;

  /* export */
  const char *output, *timings, *title, *artist;
  const char *format;          /* --format: the audio format whatever -o's extension; NULL */
  int jobs;                    /* 0: number of online CPUs */
  bool sync_words;             /* --sync word: talking books highlight each word too */
  /* Many documents (export -o DIR/): every operand, and --from LIST (one path a line). The
   * strings are argv's; input is inputs[0]. */
  char **inputs;
  int n_inputs;
  const char *from;
  bool force, quiet;           /* force: also the reader's --trace and --audio files */
  enum split_by split;         /* --split: one file per chapter or heading; SPLIT_NONE */

  /* segment */
  bool json, speech;

  /* speech text (text/normalise.h): -1 when not given */
  int urls, punctuation;
};

/* Parses argv. Returns 0, or 2 (usage error) with a one-line message (without the "lector: "
 * prefix) in err. argv strings are borrowed by *out. */
int options_parse(int argc, char **argv, struct lector_options *out, char *err, size_t err_len);

/* The --help text for a command. */
const char *options_usage(enum lector_command command);

#endif
