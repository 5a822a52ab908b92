/* espeak-ng's answers about its voices, kept between runs (issue 18: first audio sooner).
 *
 * Which voice espeak-ng picks for a language code (espeak_SetVoiceByProperties), whether it has
 * a voice for a code, whether a name is one of its voices: espeak-ng answers each from its voice
 * list, which it builds by reading all of its ~320 voice files (5-6 ms before the first word,
 * in every process that asks). The answers depend on those files alone, so they are kept in
 * $XDG_CACHE_HOME/lector/espeak-voices (default ~/.cache) under the signature of the files they
 * came from: espeak-ng's version, its data directory, and the modification time of every
 * directory of voices (adding, removing or renaming a voice file changes its directory's). A
 * file with another signature, or unreadable, is ignored and replaced; an answer not kept is
 * asked of espeak-ng as before and kept. A cache: nothing is reported when it cannot be written.
 *
 * Threads: one cache per process, used by one thread at a time (the thread that uses
 * espeak-ng, or the process's only one). A forked child inherits its parent's answers. */
#ifndef LECTOR_SPEECH_VOICE_CACHE_H
#define LECTOR_SPEECH_VOICE_CACHE_H

#include <stdbool.h>

/* Loads the answers kept for espeak-ng's data directory data_dir (espeak_Info) and version.
 * Once per process: later calls do nothing. False when no cache can be used (no data_dir, no
 * home directory): get then finds nothing and put keeps nothing. */
bool voice_cache_open(const char *data_dir, const char *version);

/* True once voice_cache_open was called (since voice_cache_reset). */
bool voice_cache_opened(void);

/* The answer kept for what (a kind of question and its subject, e.g. "pick", "fr"), or NULL. */
const char *voice_cache_get(const char *kind, const char *subject);

/* Keeps value as the answer for (kind, subject) and writes the file (a temporary file renamed
 * into place). Subjects and values holding a tab or a line break are not kept. */
void voice_cache_put(const char *kind, const char *subject, const char *value);

/* True when no answer is kept (the first run, or espeak-ng's voices changed). */
bool voice_cache_empty(void);

/* Forgets the answers in memory (tests; the next open loads again). */
void voice_cache_reset(void);

#endif
