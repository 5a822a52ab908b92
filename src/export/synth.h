/* The synthesiser of the export workers: espeak-ng through tts_engine, speaking the speech text
 * of each sentence with the voice the command line asked for. */
#ifndef LECTOR_EXPORT_SYNTH_H
#define LECTOR_EXPORT_SYNTH_H

#include "export/pipeline.h"
#include "speech/voice.h"

struct document;
struct lang_voices;
struct lexicon;

/* What export_run needs to open the engine its workers inherit. Everything is borrowed and
 * must stay valid until export_run() returns (the workers are forked copies of it). */
struct export_engine_config {
  const struct document *doc;
  const struct lexicon *lex;     /* may be NULL */
  struct voice_profile voice;    /* resolved beforehand (voice_resolve.h, in a child): espeak-ng
                                    starts in this process only in export_run */
  const struct lang_voices *langs; /* the voice of each language (speech/lang_voices.h), the
                                    document's being voice; NULL: voice alone */
};

/* Ops for export_config.synth; export_config.synth_user is a struct export_engine_config. */
extern const struct export_synth_ops export_engine_synth;

#endif
