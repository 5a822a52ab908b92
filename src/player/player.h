/* The playback engine: its own thread owns espeak-ng and the audio sink.
 *
 * The UI talks to it only through commands (player_send, player_say) and the status snapshot
 * (player_status). Every command bumps a generation counter; synthesis of a sentence from an
 * older generation aborts in the espeak-ng callback and the sink drops its queued audio, so a
 * skip is heard at once. The player works ahead (synthesises the next sentence while the current
 * one plays) so that there is no gap between sentences.
 *
 * Behaviour worth knowing (details in player.c):
 * - REPEAT_SENTENCE reads again from the start of the sentence last heard (status.heard_sentence)
 *   and plays, also when paused.
 * - PLAY after PAUSE starts the sentence that was being heard again from its beginning; after a
 *   stop_after_paragraph pause it starts the next paragraph; when FINISHED it starts the document
 *   again. Moving (next/previous/jump) while paused stays paused; when FINISHED it plays.
 * - NEXT_SENTENCE/NEXT_PARAGRAPH at the last one, and JUMP_SENTENCE out of range, do nothing.
 * - SPEED, VOLUME and NEXT_VOICE (which takes the new profile's speed and volume) re-synthesise
 *   the rest of the sentence from the word being heard.
 * - player_say() is heard even while paused or finished; the state stays what it was.
 * - The status shows the sentence being heard (not the one being synthesised ahead).
 * - With config.ahead, the first audio of where each key would lead (next/previous sentence and
 *   paragraph, the sentence from its start, the next speed up and down) is made while a
 *   sentence plays, and a key's audio starts with it; PLAY after PAUSE with samples kept of the
 *   sentence. The audio heard is the same as without.
 *
 * Inside: player.c (the thread, the queue, the status), commands.c (what a command does),
 * synthesis.c (synthesis and writing to the sink), and pure cores without a thread or a clock:
 * timeline.c (what is heard at sample N), navigation.c (where a key leads), request.c (what
 * speed, volume and voice the commands lead to); ahead.c (audio made ahead: the store) and
 * ahead_fill.c (making and playing it). synth.h is the synthesiser seam. */
#ifndef LECTOR_PLAYER_PLAYER_H
#define LECTOR_PLAYER_PLAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "speech/voice.h"

struct document;
struct lexicon;
struct player_synth_ops;
struct sink;
struct trace;
struct player;

enum player_command {
  PLAYER_TOGGLE_PAUSE,
  PLAYER_PLAY,
  PLAYER_PAUSE,
  PLAYER_NEXT_PARAGRAPH,
  PLAYER_PREV_PARAGRAPH,   /* restarts the current paragraph when more than 2 s into it */
  PLAYER_NEXT_SENTENCE,
  PLAYER_PREV_SENTENCE,    /* restarts the current sentence when more than 2 s into it */
  PLAYER_FIRST_PARAGRAPH,
  PLAYER_LAST_PARAGRAPH,
  PLAYER_JUMP_SENTENCE,    /* arg: global sentence index */
  PLAYER_SPEED,            /* arg: change in wpm (+/-), applied from the current word */
  PLAYER_VOLUME,           /* arg: change in volume (+/-), 0..200 */
  PLAYER_NEXT_VOICE,       /* next of config.voices, keeping the speed and volume offsets */
  PLAYER_MUTE,             /* toggles muting (volume 0 until toggled back) */
  PLAYER_REPEAT_SENTENCE,  /* reads again from the sentence last heard, also when paused */
  PLAYER_QUIT,
};

enum player_state { PLAYER_STATE_PLAYING, PLAYER_STATE_PAUSED, PLAYER_STATE_FINISHED };

struct player_status {
  enum player_state state;
  size_t paragraph;           /* 0-based */
  size_t sentence;            /* 0-based global index into document.sentences */
  size_t sentence_in_paragraph;
  size_t word_start, word_end;  /* byte span in document.text of the word being heard;
                                   equal when none */
  /* What was last heard of the document, paused or not: the sentence and its last word heard
   * (word span equal when none). After a stop-after-paragraph pause the position above has
   * moved on, but these stay: r repeats that sentence and s spells that word. A move (n, p,
   * a jump) makes its target the sentence last heard. */
  size_t heard_sentence;
  size_t heard_word_start, heard_word_end;
  double elapsed;             /* seconds of audio heard since the reader started */
  /* Speed, volume and voice profile in use, or that will be once the player has handled every
   * command queued so far: player_send(PLAYER_SPEED, ...) shows in the next player_status() at
   * once, clamped to the reading limits. A voice espeak-ng refuses is taken back once the
   * player has tried it (applied reaches that command). */
  int wpm, volume;
  bool muted;
  char voice[64];
  char speaking[64];          /* the synthesiser's name of the voice that speaks the paragraph
                                 shown: its language's, e.g. "German" ("" when not named) */
  int error;                  /* why reading stopped by itself (a negative code: the sound
                                 device or espeak-ng failed), 0 if it did not; cleared when
                                 reading starts again */
  uint64_t applied;           /* commands handled so far: once it reaches player_sent() as read
                                 after a command, the status shows that command's effect */
  uint64_t serial;            /* bumped whenever anything above changes */
};

struct player_config {
  const struct document *doc;         /* borrowed; outlives the player */
  const struct lexicon *lexicon;      /* borrowed; may be NULL */
  const struct voice_profile *voices; /* borrowed; n_voices >= 1; NEXT_VOICE cycles */
  size_t n_voices;
  size_t voice_index;                 /* the one to start with */
  struct sink *sink;                  /* borrowed; the player thread writes to it. Opened at the
                                         engine's rate (tts_espeak_init(), 22050 for espeak-ng):
                                         player_new fails with -EINVAL otherwise */
  struct trace *trace;                /* borrowed; may be NULL */
  size_t start_sentence;              /* global sentence index */
  bool start_paused;
  bool stop_after_paragraph;          /* pause at the end of every paragraph */
  /* Called from the player thread whenever the status changes (e.g. writes to a pipe that the
   * UI polls), at most a few tens of times a second; never with the player's lock held, so it
   * may call player_status(). It must not block. May be NULL. */
  void (*wake)(void *user);
  void *wake_user;
  /* The synthesiser (player/synth.h), created on the player thread; NULL: espeak-ng. Tests
   * give a fake one (player/synth_fake.h). synth_user is passed to its create. */
  const struct player_synth_ops *synth;
  void *synth_user;
  /* Synthesise ahead, while a sentence plays, the first audio of the sentences a key would lead
   * to (player/ahead.h), so that the key's audio starts at once. speed_step: the step the UI's
   * speed keys use (reading_speed_step), to make the next speed up and down ahead too; 0:
   * not those. */
  bool ahead;
  int speed_step;
};

/* Starts the player thread. The engine is created on that thread; this returns once it exists
 * (its error, e.g. LECTOR_ETTS, is returned) and the first status is published (wake may already
 * have been called). */
int player_new(const struct player_config *config, struct player **out);
/* Queues a command; never blocks for long. */
void player_send(struct player *p, enum player_command cmd, long arg);
/* Speaks text (an announcement about lector itself), then resumes where reading was.
 * Interrupted by the next command. Traced as "announce". */
void player_say(struct player *p, const char *text);
/* How many commands (player_send, player_say) have been queued so far. */
uint64_t player_sent(struct player *p);
/* Copies the current status. */
void player_status(struct player *p, struct player_status *out);
/* Waits until the player thread has handled every command queued before the call, has taken
 * one more look at the sink, and waits for a command or for the sink to play (its status is
 * then up to date). For tests, with a sink whose clock the test drives (audio/sink_fake.h):
 * nothing then changes until the test plays audio or sends a command. */
void player_wait_idle(struct player *p);
/* Stops the thread and frees. NULL is allowed. */
void player_free(struct player *p);

#endif
