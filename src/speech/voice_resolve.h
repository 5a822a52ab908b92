/* The voice a command speaks with: -v NAME, the document's language, and -s/-p/--volume over
 * them. The reader, export and the settings check all resolve through this one function.
 *
 * Threads: resolving never starts espeak-ng in the calling thread. Whether a name is an
 * espeak-ng voice or a language code is asked of a short-lived child process
 * (voice_espeak_ask), or in the reader of its espeak-ng thread (speech/engine_thread.h, which
 * becomes the player thread), so the one thread that uses espeak-ng stays one, as DESIGN's
 * one-thread rule asks; the export parent likewise stays free of espeak-ng before it forks its
 * workers. Call it before other threads start (it may fork). */
#ifndef LECTOR_SPEECH_VOICE_RESOLVE_H
#define LECTOR_SPEECH_VOICE_RESOLVE_H

#include <stddef.h>

#include "speech/voice.h"

struct voice_request {
  const char *name;       /* -v NAME: a profile, an espeak-ng voice name (with "+variant"), or a
                             language code; NULL or "" for the "default" profile */
  const char *doc_lang;   /* without -v: the document's language, spoken when espeak-ng has a
                             voice for it (the profile's speed, pitch and variant stay); may be
                             NULL */
  int speed, pitch, volume;  /* -1: as the profile says; otherwise within reading_rules.h */
};

/* Resolves req into *out. Returns 0, or LECTOR_EVOICE (no such voice), LECTOR_EPARSE (the
 * profile named cannot be used at all: not a profile, unreadable), LECTOR_ETTS (espeak-ng would not start to say whether the name is
 * one of its voices) or -errno, with a one-line explanation (without "lector: ") in msg, e.g.
 * "no voice 'xyz': try 'lector voices'" or "cannot read voice profile '/path/slow.ini':
 * Permission denied". A bad line of the profile is no error: it is skipped (silently here;
 * voice_resolve_warn reports it) and the rest of the profile used.
 * A broken default profile (no -v) is not an error: the user did not ask for it by name, and
 * the built-in defaults read just as well. The result is then 0 with a warning in msg ("...;
 * using the built-in voice"); msg is "" otherwise. */
int voice_resolve(const struct voice_request *req, struct voice_profile *out, char *msg,
                  size_t msg_len);

/* voice_resolve, with each bad line of the profile used reported through warn. */
int voice_resolve_warn(const struct voice_request *req, voice_warn_fn warn, void *user,
                       struct voice_profile *out, char *msg, size_t msg_len);

#endif
