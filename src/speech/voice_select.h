/* Selecting espeak-ng's voices by file (issue 18: first audio sooner).
 *
 * espeak-ng finds a voice by language code (espeak_SetVoiceByProperties) or by a name that is
 * not a file ("en") in its list of voices, which it builds by reading all of its voice files;
 * by file ("gmw/en", as the identifiers of its voices read) it loads just that voice. The
 * answers of the list are kept between runs (voice_cache.h), so that a voice asked for again
 * is selected by file. espeak-ng must be initialised in the calling thread, the one thread of
 * the process that uses it. */
#ifndef LECTOR_SPEECH_VOICE_SELECT_H
#define LECTOR_SPEECH_VOICE_SELECT_H

#include <stdbool.h>
#include <stddef.h>

struct voice_profile;

/* Opens the cache of the espeak-ng this process initialised, or whose data directory it looked
 * up (espeak_ng_InitializePath). Once per process. */
void voice_select_open_cache(void);

/* The voice espeak_SetVoiceByProperties picks for language code lang: its identifier ("gmw/en",
 * as espeak_SetVoiceByName takes it) into id and its name ("English (Great Britain)") into name
 * (either may be NULL). Answered from the cache (voice_cache.h), else by espeak-ng, which then
 * has that voice selected, and kept. espeak-ng must be initialised in the calling thread.
 * Returns 0 or LECTOR_EVOICE when espeak-ng has no voice for lang. */
int voice_select_language(const char *lang, char *id, size_t id_len, char *name,
                          size_t name_len);

/* voice_select_language from the cache alone: 0, LECTOR_EVOICE, or -ENOENT when nothing is
 * kept for lang. Needs no espeak-ng (any process whose thread may look its data directory up). */
int voice_select_kept_language(const char *lang, char *id, size_t id_len, char *name,
                               size_t name_len);

/* The name ("English (Great Britain)") and first language ("en-gb") of the espeak-ng voice that
 * tts_engine_set_voice selects for voice, from the cache alone: 0, or -ENOENT when an answer
 * is not kept. Needs no espeak-ng, as voice_select_kept_language. */
int voice_select_kept_voice(const struct voice_profile *voice, char *name, size_t name_len,
                            char *lang, size_t lang_len);

/* espeak_SetVoiceByName(name), name being a voice name, file or identifier with an optional
 * "+variant" ("en", "en+f3"): by the voice file it stands for when the cache knows it
 * (voice_cache.h), which espeak-ng loads without reading its list of voices; else as espeak-ng
 * finds it, and kept. The name as selected ("gmw/en+f3", the same voice) goes into selected.
 * espeak-ng must be initialised in the calling thread. Returns 0 or LECTOR_EVOICE. */
int voice_select_by_name(const char *name, char *selected, size_t len);

/* True when espeak-ng has by_file ("gmw/en+f3") selected, as voice_select_by_name selected it
 * last. */
bool voice_select_is_selected(const char *by_file);

/* To be called when espeak-ng's voice may have changed other than by voice_select_by_name (a
 * synthesis in this process can switch it): the next selection then selects again. */
void voice_select_forget(void);

#endif
