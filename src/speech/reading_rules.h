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
#define READING_SPEED_MAX 900
/* espeak-ng's own top speed: from here up it synthesises at its normal pace and speeds the audio
 * up with libsonic (Debian links it in), which keeps its word events on the words (measured:
 * within 10 ms at 900 wpm). Also where a speed key's step doubles (reading_speed_step). */
#define READING_SPEED_SONIC 450
/* The pace at which a voice profile's pauses are heard as written: above it they shrink in
 * proportion (reading_pause_scaled). */
#define READING_SPEED_NORMAL 175
#define READING_PITCH_MIN 0     /* espeak-ng's pitch and range scale */
#define READING_PITCH_MAX 99
#define READING_VOLUME_MIN 0    /* percent */
#define READING_VOLUME_MAX 200

#define READING_STR_(x) #x
#define READING_STR(x) READING_STR_(x)

/* v held between lo and hi. */
int reading_clamp(long v, int lo, int hi);

/* The change in wpm of one press of a speed key from wpm (sign +1 faster, -1 slower): `step`
 * below READING_SPEED_SONIC, twice `step` from there up, so that a press changes the speed by
 * about the same share at 175 and at 800 wpm (+25 at 175 is 14%, +50 at 450 is 11%) and +
 * takes 9 presses, not 18, from 450 to 900. Going down from above, the last double step lands
 * on READING_SPEED_SONIC, so that + and - retrace the same speeds. */
int reading_speed_step(int wpm, int sign, int step);

/* How long a voice is silent after a sentence, a paragraph and a heading, as the profile says
 * (at READING_SPEED_NORMAL or slower), and the speed it is read at. */
struct reading_pauses {
  int sentence_ms, paragraph_ms, heading_ms;
  int wpm;
};

/* The pauses a voice profile asks for, at the profile's own speed. */
struct reading_pauses reading_pauses_of(const struct voice_profile *voice);

/* A pause of ms milliseconds (as written in a profile) heard at wpm: unchanged up to
 * READING_SPEED_NORMAL, then ms * READING_SPEED_NORMAL / wpm, so that a pause keeps its length
 * in words (a listener at 800 wpm does not want 700 ms gaps: 300/800 ms at 175 become 66/175 ms
 * at 800). The one rule for the reader, export and the time estimates. */
int reading_pause_scaled(int ms, int wpm);
/* The same rule as a factor (1 up to READING_SPEED_NORMAL), for sums of pauses. */
double reading_pause_factor(int wpm);

/* Milliseconds of silence after the given global sentence of doc at pauses->wpm (see
 * reading_pause_scaled): none after the last sentence of the document, the heading's or
 * paragraph's pause after the last sentence of a paragraph (none when stop_after_paragraph:
 * reading pauses there instead), the sentence pause otherwise. */
int reading_pause_ms(const struct reading_pauses *pauses, const struct document *doc,
                     size_t sentence, bool stop_after_paragraph);

/* ms milliseconds as a number of samples at rate (0 for ms <= 0). */
uint64_t reading_ms_to_samples(int ms, int rate);

#endif
