#include "speech/reading_rules.h"

#include "speech/voice.h"
#include "text/document.h"

int reading_clamp(long v, int lo, int hi)
{
  return v < lo ? lo : v > hi ? hi : (int)v;
}

int reading_speed_step(int wpm, int sign, int step)
{
  bool fast = sign > 0 ? wpm >= READING_SPEED_SONIC : wpm > READING_SPEED_SONIC;
  if (!fast)
    return step;
  /* Down from just above the threshold: land on it rather than below it. */
  if (sign < 0 && wpm - 2 * step < READING_SPEED_SONIC)
    return wpm - READING_SPEED_SONIC;
  return 2 * step;
}

struct reading_pauses reading_pauses_of(const struct voice_profile *voice)
{
  return (struct reading_pauses){voice->sentence_pause_ms, voice->paragraph_pause_ms,
                                 voice->heading_pause_ms, voice->speed};
}

int reading_pause_scaled(int ms, int wpm)
{
  if (ms <= 0)
    return 0;
  if (wpm <= READING_SPEED_NORMAL)
    return ms;
  /* Rounded to the nearest millisecond. */
  return (int)(((int64_t)ms * READING_SPEED_NORMAL + wpm / 2) / wpm);
}

double reading_pause_factor(int wpm)
{
  return wpm <= READING_SPEED_NORMAL ? 1.0 : (double)READING_SPEED_NORMAL / wpm;
}

int reading_pause_ms(const struct reading_pauses *pauses, const struct document *doc,
                     size_t sentence, bool stop_after_paragraph)
{
  if (sentence + 1 >= doc->n_sentences)
    return 0;
  const struct doc_paragraph *para = &doc->paragraphs[document_paragraph_of(doc, sentence)];
  if (sentence + 1 < para->first_sentence + para->n_sentences)
    return reading_pause_scaled(pauses->sentence_ms, pauses->wpm);
  if (stop_after_paragraph)
    return 0;
  return reading_pause_scaled(para->kind == DOC_HEADING ? pauses->heading_ms
                                                        : pauses->paragraph_ms, pauses->wpm);
}

uint64_t reading_ms_to_samples(int ms, int rate)
{
  return ms > 0 && rate > 0 ? (uint64_t)ms * (uint64_t)rate / 1000u : 0;
}
