/* The subcommands. Each returns the process exit status: 0 done, 1 failure, 2 usage error. */
#ifndef LECTOR_APP_COMMANDS_H
#define LECTOR_APP_COMMANDS_H

#include "app/options.h"

struct document;
struct lexicon;

int cmd_read(const struct lector_options *opts);
int cmd_export(const struct lector_options *opts);
int cmd_segment(const struct lector_options *opts);
int cmd_voices(const struct lector_options *opts);

/* Shared by the commands: print "lector: " + message on stderr, one line. */
void app_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void app_warning(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* What was done, when it is worth a line ("lector: wrote out.ogg: ..."), on stderr. */
void app_note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "lector: warning: SOURCE:LINE: WHY (line skipped)": a bad line of a lexicon or voice profile.
 * Line 0 is the whole file (why then names it): "lector: warning: WHY; left out". */
void app_line_warning(void *user, const char *source, unsigned line, const char *why);

/* "cannot write WHAT 'path': reason", or for -EEXIST "'path' already exists; use --force to
 * replace it". */
void app_write_error(const char *what, const char *path, int rc);

/* A bad line in a file of the user's (settings, lexicon): the first 20 of a file are printed,
 * "source:line: why (line skipped)"; app_file_warnings_end, called once the file is read, then
 * says "source: … and N more". */
void app_file_warning(const char *source, unsigned line, const char *why);
void app_file_warnings_end(void);

/* Loads and segments opts->input, printing a one-line error on failure and the document's
 * warning (if any) on success. Returns 0 or the exit status 1. */
int app_load_document(const struct lector_options *opts, struct document **out);

/* Loads --lexicon, or the default $XDG_CONFIG_HOME/lector/lexicon when it exists. Bad lines are
 * reported as warnings. *out may be NULL when there is no lexicon. Returns 0 or exit status 1. */
int app_load_lexicon(const struct lector_options *opts, struct lexicon **out);

/* Resolves -v (a profile, an espeak-ng voice or a language code; without -v the default profile
 * speaking doc_lang when espeak-ng knows it, doc_lang may be NULL), then applies --speed,
 * --pitch and --volume over it. Prints one line ("lector: no voice 'xyz': try 'lector voices'")
 * and returns exit status 1 when the voice is unknown or the profile asked for cannot be used at
 * all; 0 otherwise (a bad line of the profile is warned about and skipped). A broken default profile (no -v) is a warning, and the built-in defaults are used.
 * Resolved by voice_resolve (which never starts espeak-ng in this process). */
struct voice_profile;
int app_resolve_voice(const struct lector_options *opts, const char *doc_lang,
                      struct voice_profile *out);

/* The voice of each language of doc, the document's being base (speech/lang_voices.h). Each
 * language espeak-ng has no voice for is said once on stderr, and the first such line is copied
 * into note (note_len bytes; NULL: not copied) for the reader's panel. Returns 0, or 1 after
 * saying why (out of memory). */
struct document;
struct lang_voices;
int app_resolve_lang_voices(const struct document *doc, const struct voice_profile *base,
                            struct lang_voices *out, char *note, size_t note_len);

#endif
