/* Shared by the files of voice profiles (voice.c, voice_path.c, voice_resolve.c); nothing
 * outside src/speech/voice*.c includes it. */
#ifndef LECTOR_SPEECH_VOICE_INTERNAL_H
#define LECTOR_SPEECH_VOICE_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include "speech/voice.h"

/* Profiles larger than this are not profiles. */
#define VOICE_MAX_FILE (64 * 1024)

/* A voice, variant or language name: what espeak-ng names look like, nothing else. */
bool voice_plain_name(const char *s);
/* A name that may carry one "+variant". */
bool voice_plain_name_or_variant(const char *s);

/* Loads the profile file for name from the search path into *out. 0 and *found set when a
 * profile file exists for name; errors only from reading it (or it being no profile at all),
 * then with a one-line explanation in msg (may be NULL). Bad lines go to warn (may be NULL). */
int voice_find_profile(const char *name, struct voice_profile *out, bool *found, char *msg,
                       size_t msg_len, voice_warn_fn warn, void *user);

#endif
