/* The reading rules that the reader and export share: how fast, how loud and how high a voice
 * may speak, and how long lector is silent after a sentence, a paragraph and a heading.
 *
 * Every user of a limit (command line, settings file, voice profiles, the player's keys, the
 * engine) reads it from here, so changing a limit is one line. */
#ifndef LECTOR_SPEECH_READING_RULES_H
#define LECTOR_SPEECH_READING_RULES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct document;
struct voice_profile;

/* Plain integer literals, so that static tables (voice profile keys) can use them and usage
 * texts can spell them (READING_STR). */
#define READING_SPEED_MIN 80    /* words per minute */
#define READING_SPEED_MAX 450
#define READING_PITCH_MIN 0     /* espeak-ng's pitch and range scale */
#define READING_PITCH_MAX 99
#define READING_VOLUME_MIN 0    /* percent */
#define READING_VOLUME_MAX 200

#define READING_STR_(x) #x
#define READING_STR(x) READING_STR_(x)

/* v held between lo and hi. */
int reading_clamp(long v, int lo, int hi);

/* How long a voice is silent after a sentence, a paragraph and a heading. */
struct reading_pauses {
  int sentence_ms, paragraph_ms, heading_ms;
};

/* The pauses a voice profile asks for. */
struct reading_pauses reading_pauses_of(const struct voice_profile *voice);

/* Milliseconds of silence after the given global sentence of doc: none after the last sentence
 * of the document, the heading's or paragraph's pause after the last sentence of a paragraph
 * (none when stop_after_paragraph: reading pauses there instead), the sentence pause
 * otherwise. */
int reading_pause_ms(const struct reading_pauses *pauses, const struct document *doc,
                     size_t sentence, bool stop_after_paragraph);

/* ms milliseconds as a number of samples at rate (0 for ms <= 0). */
uint64_t reading_ms_to_samples(int ms, int rate);

#endif
