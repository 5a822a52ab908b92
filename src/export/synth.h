/* The synthesiser of the export workers: espeak-ng through tts_engine, speaking the speech text
 * of each sentence with the voice the command line asked for. */
#ifndef LECTOR_EXPORT_SYNTH_H
#define LECTOR_EXPORT_SYNTH_H

#include <stdbool.h>

#include "export/pipeline.h"

struct document;
struct lexicon;

/* What each worker needs to open its engine. Everything is borrowed and must stay valid until
 * export_run() returns (the workers are forked copies of it). */
struct export_engine_config {
  const struct document *doc;
  const struct lexicon *lex;     /* may be NULL */
  const char *voice;             /* -v NAME; NULL for the default profile */
  int speed, pitch, volume;      /* -1: as the profile says */
  bool builtin_voice;            /* no -v and the default profile is broken: built-in voice */
};

/* Ops for export_config.synth; export_config.synth_user is a struct export_engine_config. The
 * voice is resolved in each worker (resolving may call espeak-ng, which the parent must not
 * touch before it forks). */
extern const struct export_synth_ops export_engine_synth;

#endif
