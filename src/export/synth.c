#include "export/synth.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "speech/engine.h"
#include "speech/lang_voices.h"
#include "speech/voice_espeak.h"
#include "text/speech_text.h"
#include "util/error.h"

struct engine_state {
  const struct export_engine_config *cfg;
  struct tts_engine *engine;
  struct speech_text st;
  struct tts_word_time *times;
  struct export_word *words;
  size_t cap;
};

static void engine_close(void *state)
{
  struct engine_state *es = state;
  if (!es)
    return;
  if (es->engine)
    tts_engine_free(es->engine);
  speech_text_free(&es->st);
  free(es->times);
  free(es->words);
  free(es);
}

static int engine_open(void *user, void **state, struct export_voice_info *info, char *msg,
                       size_t msg_len)
{
  (void)msg;
  (void)msg_len;
  const struct export_engine_config *cfg = user;
  const struct voice_profile *vp = &cfg->voice;
  *state = NULL;
  struct engine_state *es = calloc(1, sizeof *es);
  if (!es)
    return -ENOMEM;
  es->cfg = cfg;
  /* Opened in the user's process (export_run): what espeak-ng and its audio library say on
   * stderr while starting (a dictionary not fully installed, a shared memory segment refused
   * under a file size limit) is not the user's business, as it was not when each worker
   * opened its own, quiet. Failures are reported by the codes. */
  int saved = getenv("LECTOR_WORKER_STDERR") ? -1 : voice_espeak_mute_stderr();
  int rc = tts_engine_new(&es->engine);
  if (!rc)
    rc = tts_engine_set_voice(es->engine, vp);
  voice_espeak_unmute_stderr(saved);
  /* The pipeline synthesises each chunk in a fresh child of this process (see pipeline.h):
   * that is the isolation, so no fork per sentence. */
  if (!rc)
    tts_engine_set_isolation(es->engine, TTS_ISOLATE_NONE);
  if (rc) {
    engine_close(es);
    return rc;
  }
  /* The text side loads its tables on first use (normalisation rules, lazily bound library
   * calls). Done here, once (the workers inherit it), rather than in every chunk's child,
   * where it was lost at exit and paid again (a sixth of a WAV export's page faults). Only
   * text is built: the synthesiser's state stays as open left it. */
  if (cfg->doc->n_sentences > 0)
    speech_text_build(cfg->doc, 0, cfg->lex, &es->st);
  info->sample_rate = tts_engine_sample_rate(es->engine);
  snprintf(info->voice, sizeof info->voice, "%s", vp->name);
  info->pauses = reading_pauses_of(vp);
  *state = es;
  return 0;
}

static int engine_speak(void *state, size_t s, export_emit_fn emit, void *ctx,
                        const struct export_word **words, size_t *n_words)
{
  struct engine_state *es = state;
  int rc = speech_text_build(es->cfg->doc, s, es->cfg->lex, &es->st);
  if (rc)
    return rc;
  size_t n = es->st.n_words;
  if (n > es->cap) {
    struct tts_word_time *times = realloc(es->times, n * sizeof *times);
    if (!times)
      return -ENOMEM;
    es->times = times;
    struct export_word *w = realloc(es->words, n * sizeof *w);
    if (!w)
      return -ENOMEM;
    es->words = w;
    es->cap = n;
  }
  rc = lang_voices_speak(es->engine, es->cfg->langs, &es->st, emit, ctx, n ? es->times : NULL,
                         NULL);
  if (rc)
    return rc;
  for (size_t i = 0; i < n; i++)
    es->words[i] = (struct export_word){es->st.words[i].doc_start, es->st.words[i].doc_end,
                                        es->times[i].start, es->times[i].end};
  *words = es->words;
  *n_words = n;
  return 0;
}

const struct export_synth_ops export_engine_synth = {engine_open, engine_speak, engine_close};
