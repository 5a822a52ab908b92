/* The voice of each language of a document: a paragraph or span in another language than the
 * document's is spoken with an espeak-ng voice for that language, keeping the profile's variant,
 * speed, pitch and pauses (only the voice changes).
 *
 * The table is resolved once per document, from the answers kept by earlier runs
 * (voice_select.h), else in a child process or on the reader's espeak-ng thread (as
 * voice_resolve.h does), so that the reader's main thread and the export parent never start
 * espeak-ng: each language's voice
 * is looked up once (espeak_SetVoiceByProperties takes about 0.6 ms) and switching later only
 * selects it by name (about 0.2 ms, nothing when it is already selected). */
#ifndef LECTOR_SPEECH_LANG_VOICES_H
#define LECTOR_SPEECH_LANG_VOICES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "speech/engine.h"

struct document;
struct voice_profile;

struct lang_voice {
  char tag[36];       /* the language, as the document writes it ("" when unknown) */
  char id[64];        /* the espeak-ng voice speaking it ("roa/fr"); "" for the document's voice:
                         the document's language, or one espeak-ng has no voice for */
  char name[64];      /* that voice's name ("French (France)"), "" when not known */
  bool missing;       /* espeak-ng has no voice for tag: read with the document's voice */
};

/* v[0] is the document's language and voice (the profile's); v[i] is document.langs[i - 1], so
 * that a paragraph's or span's lang field (document.h) indexes it. */
struct lang_voices {
  struct lang_voice *v;
  size_t n;
};

/* Resolves the voice of every language of doc, the document's own voice being base's. When
 * espeak-ng will not start, every language keeps the document's voice (no error). Returns 0 or
 * -ENOMEM. */
int lang_voices_resolve(const struct document *doc, const struct voice_profile *base,
                        struct lang_voices *out);
void lang_voices_free(struct lang_voices *lv);

/* The voice that speaks lang (a document lang field): v[lang], or v[0] when that language has no
 * voice of its own; NULL when lv is NULL or empty. */
const struct lang_voice *lang_voices_for(const struct lang_voices *lv, unsigned lang);

/* tts_engine_speak for a speech text whose words may be in several languages (speech_word.lang):
 * each run of words in one voice is synthesised as its own piece with that voice, the pieces one
 * after the other; times and *n_samples count from the first sample of the first piece. With lv
 * NULL, or every word in the document's voice, it is tts_engine_speak. */
int lang_voices_speak(struct tts_engine *engine, const struct lang_voices *lv,
                      const struct speech_text *st, tts_audio_fn fn, void *user,
                      struct tts_word_time *times, uint64_t *n_samples);

#endif
