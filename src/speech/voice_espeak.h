/* espeak-ng's own voices: the listings of `lector voices`, and whether a name or a language code
 * is one espeak-ng has (asked of a child process, see voice_espeak_ask). */
#ifndef LECTOR_SPEECH_VOICE_ESPEAK_H
#define LECTOR_SPEECH_VOICE_ESPEAK_H

#include <stdbool.h>
#include <stddef.h>

/* One voice installed with espeak-ng, as `lector voices` shows it. */
struct voice_espeak_info {
  char id[64];          /* what -v takes: the voice file name, e.g. "en", "en-US", "fr" */
  char name[64];        /* e.g. "English (Great Britain)" */
  char languages[96];   /* language codes, comma-separated, e.g. "en-gb, en" */
};

/* The installed espeak-ng voices, sorted by id. Initialises espeak-ng in the calling thread,
 * which must then be the only one of the process to use it (`lector voices`). *out is malloc'd
 * and owned by the caller. */
int voice_list_espeak(struct voice_espeak_info **out, size_t *n);

/* The voice lector speaks language code lang with (what espeak_SetVoiceByProperties picks), as
 * voice_espeak_info.id, into id. Same thread rule as voice_list_espeak. Returns 0, LECTOR_EVOICE
 * when espeak-ng has no voice for lang, or LECTOR_ETTS. */
int voice_espeak_pick(const char *lang, char *id, size_t len);

/* The installed espeak-ng variants (add one to a voice as NAME+VARIANT), one a line (names may
 * hold spaces), into buf. Same thread rule as voice_list_espeak. Returns 0 or LECTOR_ETTS. */
int voice_list_variants(char *buf, size_t len);

/* Initialises espeak-ng and reads what the answers below need: the voice list (once per
 * process) and the default voice. Same thread rule as voice_list_espeak (engine_thread.h). */
void voice_espeak_warm_up(void);

/* Loading a voice, espeak-ng says on stderr when a language's full dictionary is not installed
 * ("Full dictionary is not installed for 'be'"): not the user's business. Points fd 2 to
 * /dev/null until unmute (given what mute returned), in a moment when no other thread prints. */
int voice_espeak_mute_stderr(void);
void voice_espeak_unmute_stderr(int saved);

/* What espeak-ng says about a -v name and a document's language. */
struct voice_espeak_answers {
  bool name_is_voice;      /* name (optionally "+variant") is a voice name or identifier */
  bool name_is_language;   /* else: name is a language code it has a voice for */
  bool lang_is_language;   /* lang is a language code it has a voice for */
};

/* Asks espeak-ng about name and lang (either may be NULL: then false) in a child process forked
 * for the purpose, which initialises espeak-ng, answers through a pipe and exits: the calling
 * process never starts espeak-ng, so any thread may ask, and the thread that later owns
 * espeak-ng (the reader's player thread) stays the only one in this process that uses it. Ask
 * before starting other threads (the child allocates, as a child of one thread should).
 * While the reader's espeak-ng thread runs (engine_thread.h), that thread answers instead;
 * otherwise answers kept by earlier runs (voice_cache.h) spare the child.
 * Returns 0, LECTOR_ETTS when espeak-ng would not start, or -errno. */
int voice_espeak_ask(const char *name, const char *lang, struct voice_espeak_answers *out);

#endif
