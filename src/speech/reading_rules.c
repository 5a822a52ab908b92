#include "speech/reading_rules.h"

#include "speech/voice.h"
#include "text/document.h"

int reading_clamp(long v, int lo, int hi)
{
  return v < lo ? lo : v > hi ? hi : (int)v;
}

struct reading_pauses reading_pauses_of(const struct voice_profile *voice)
{
  return (struct reading_pauses){voice->sentence_pause_ms, voice->paragraph_pause_ms,
                                 voice->heading_pause_ms};
}

int reading_pause_ms(const struct reading_pauses *pauses, const struct document *doc,
                     size_t sentence, bool stop_after_paragraph)
{
  if (sentence + 1 >= doc->n_sentences)
    return 0;
  const struct doc_paragraph *para = &doc->paragraphs[document_paragraph_of(doc, sentence)];
  if (sentence + 1 < para->first_sentence + para->n_sentences)
    return pauses->sentence_ms;
  if (stop_after_paragraph)
    return 0;
  return para->kind == DOC_HEADING ? pauses->heading_ms : pauses->paragraph_ms;
}

uint64_t reading_ms_to_samples(int ms, int rate)
{
  return ms > 0 && rate > 0 ? (uint64_t)ms * (uint64_t)rate / 1000u : 0;
}
