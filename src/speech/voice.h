/* Voice profiles: INI files in voices/ (read with inih) naming an espeak-ng voice and how to
 * speak with it.
 *
 *   [voice]
 *   description = Slow and clear, for learners
 *   espeak = en            ; an espeak-ng voice name, or
 *   language = en-gb       ; a language code (espeak_SetVoiceByProperties)
 *   variant = f3
 *   speed = 140            ; words per minute, 80..900
 *   pitch = 50             ; 0..99
 *   range = 50             ; 0..99
 *   volume = 100           ; 0..200
 *   word_gap = 0           ; extra pause between words, in units of 10 ms
 *   sentence_pause_ms = 300
 *   paragraph_pause_ms = 800
 *   heading_pause_ms = 1000  ; pauses as heard at 175 wpm: faster, they shrink in proportion
 *
 * Search order: $XDG_CONFIG_HOME/lector/voices, the installed data dir, share/lector/voices
 * beside the binary's bin/ (an install into another prefix), then voices/ of the source tree.
 *
 * -v NAME and the command line's overrides are resolved in voice_resolve.h; espeak-ng's own
 * voices are listed in voice_espeak.h. Nothing here calls espeak-ng. */
#ifndef LECTOR_SPEECH_VOICE_H
#define LECTOR_SPEECH_VOICE_H

#include <stddef.h>

struct voice_profile {
  char name[64];            /* profile name (file name without .ini), or the -v argument */
  char description[128];
  char espeak_voice[64];    /* espeak-ng voice name; empty when language is used */
  char language[32];        /* language code; empty when espeak_voice is used */
  char variant[32];         /* espeak-ng variant (e.g. "f3"); may be empty */
  int speed;                /* words per minute */
  int pitch, range, volume, word_gap;
  int sentence_pause_ms, paragraph_pause_ms, heading_pause_ms;
};

/* The built-in defaults (British English, 175 wpm), used when no profile says otherwise. */
void voice_profile_defaults(struct voice_profile *out);

/* A bad line of a profile (path names the file, line is 1-based): reported, then skipped. */
typedef void (*voice_warn_fn)(void *user, const char *path, unsigned line, const char *why);

/* Parses an INI profile from memory over the values already in *out. A bad line (an unknown
 * key, a value out of range, not an INI line) is skipped and the rest applies; *bad_line is then
 * the first such line (1-based), else 0. Returns LECTOR_EPARSE only when the data is no profile
 * at all (NUL bytes, over 64 KiB), *out then untouched. */
int voice_profile_parse(const char *ini, size_t len, struct voice_profile *out, int *bad_line);

/* voice_profile_parse, reporting each bad line through warn (may be NULL) as in source. */
int voice_profile_parse_warn(const char *ini, size_t len, const char *source,
                             struct voice_profile *out, voice_warn_fn warn, void *user,
                             int *first_bad);

/* All profiles found on the search path, sorted by name, first occurrence winning.
 * *out is malloc'd and owned by the caller. Bad lines are skipped silently; */
int voice_list_profiles(struct voice_profile **out, size_t *n);

/* ... or reported through warn (may be NULL), as is a profile that cannot be used at all: it is
 * left out of the list, and warned about with line 0 and a why that names the file. */
int voice_list_profiles_warn(struct voice_profile **out, size_t *n, voice_warn_fn warn,
                             void *user);

#endif
