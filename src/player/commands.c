/* What a command does, on the player thread (see player.h for the behaviour).
 *
 * Choices:
 * - PLAY after PAUSE restarts the sentence that was being heard from its start (a listener who
 *   paused mid-sentence has lost its beginning). After stop_after_paragraph it starts the next
 *   paragraph. PLAY when FINISHED starts again from the top.
 * - SPEED, VOLUME and NEXT_VOICE re-synthesise the rest of the current sentence from the word
 *   being heard, with the new setting (volume is the synthesiser's own gain).
 * - Where a navigation key leads is navigation.c's pure rule; here reading moves there. Moving
 *   while paused stays paused (the status shows the new position); moving when finished starts
 *   playing.
 * - REPEAT_SENTENCE goes back to the sentence last heard (not the position, which a
 *   stop-after-paragraph pause has moved on) and plays it, paused or not.
 * - An announcement is heard even while paused; afterwards the state is what it was and
 *   reading, if playing, starts again from the beginning of the interrupted sentence. */
#include <errno.h>

#include "player/navigation.h"
#include "player/player_internal.h"

void player_set_mode(struct player *p, enum player_state mode)
{
  if (p->mode == mode)
    return;
  p->mode = mode;
  if (mode == PLAYER_STATE_PLAYING)
    p->error = 0;   /* reading again, by Space or a jump: the old reason no longer holds */
  if (mode != PLAYER_STATE_FINISHED)
    trace_state(p->cfg.trace, mode == PLAYER_STATE_PLAYING ? "playing" : "paused");
}

/* Stops what is being heard: the sink's queued audio is dropped and nothing in progress is
 * kept. Remembers how much of the paragraph was heard before the current sentence. */
static void interrupt(struct player *p, const struct timeline_heard *h)
{
  if (h->sentence < player_n_sentences(p)) {
    p->position = h->sentence;
    timeline_carry_interrupted(&p->timeline, h);
  }
  sink_drop(p->cfg.sink);
  p->write_pos = player_sink_pos(p);
  timeline_clear(&p->timeline);
  player_piece_clear(&p->piece);
  p->stop_pending = false;
  p->ended = false;
}

/* Moves reading to sentence target (global index). */
static void go_to(struct player *p, const struct timeline_heard *h, size_t target)
{
  interrupt(p, h);
  bool forward = target > p->position &&
                 player_paragraph_of(p, target) == player_paragraph_of(p, p->position);
  timeline_carry_moved(&p->timeline, h, target, forward);
  p->position = target;
  p->next_sentence = target;
  p->resume_sentence = target;
  p->heard_sentence = target;
  p->heard_word_start = p->heard_word_end = 0;
  if (p->mode == PLAYER_STATE_FINISHED)
    player_set_mode(p, PLAYER_STATE_PLAYING);
}

/* Re-synthesises the rest of the sentence being heard from the word being heard (speed, volume
 * or voice changed). When paused the new setting simply applies from the next sentence (an
 * announcement still being heard is cut: it could not go on with the new setting). */
static int restart_from_word(struct player *p, const struct timeline_heard *h)
{
  if (p->mode != PLAYER_STATE_PLAYING) {
    if (p->piece.active)
      interrupt(p, h);
    return 0;
  }
  size_t from;
  uint64_t sent_offset;
  if (!timeline_word_restart(h, &from, &sent_offset)) {
    go_to(p, h, h->sentence);   /* no word to start from: the whole sentence again */
    return 0;
  }
  size_t sentence = h->sentence;
  interrupt(p, h);
  p->next_sentence = sentence;
  int rc = player_start_sentence(p, sentence, from, sent_offset);
  return rc == -ECANCELED ? 0 : rc;
}

/* Puts r in force in the synthesiser (its voice too when voice is true). */
static int use_request(struct player *p, struct player_request r, bool voice)
{
  p->in_force = r;
  int rc = 0;
  if (voice)
    rc = p->synth->set_voice(p->engine, &p->cfg.voices[r.voice_index]);
  if (rc == 0)
    rc = p->synth->set_speed(p->engine, r.wpm);
  if (rc == 0)
    rc = p->synth->set_volume(p->engine, r.muted ? 0 : r.volume);
  return rc;
}

int player_apply_voice(struct player *p)
{
  return use_request(p, player_request_voice(&p->cfg, p->in_force.voice_index), true);
}

/* SPEED, VOLUME, NEXT_VOICE: the setting request.c says, from the word being heard. */
static int apply_setting(struct player *p, const struct timeline_heard *h,
                         enum player_command cmd, long arg)
{
  if (cmd == PLAYER_SPEED)
    p->speed_key_pos = player_sink_pos(p);   /* more are likely: made ahead for a while */
  struct player_request old = p->in_force;
  struct player_request want = player_request_after(&p->cfg, old, cmd, arg);
  bool voice = want.voice_index != old.voice_index;
  if (!voice && want.wpm == old.wpm && want.volume == old.volume && want.muted == old.muted)
    return 0;
  int rc = use_request(p, want, voice);
  if (rc < 0 && voice) {   /* a profile the synthesiser cannot use: keep the one that works */
    use_request(p, old, true);
    return 0;
  }
  if (voice)
    ahead_clear(&p->ahead);   /* made in the old voice */
  return rc < 0 ? rc : restart_from_word(p, h);
}

static int say(struct player *p, const struct timeline_heard *h, const char *text)
{
  trace_announce(p->cfg.trace, text);
  interrupt(p, h);
  p->next_sentence = p->position;
  int rc = player_start_announcement(p, text);
  return rc == -ECANCELED ? 0 : rc;
}

static void play(struct player *p, const struct timeline_heard *h)
{
  if (p->mode == PLAYER_STATE_FINISHED) {
    go_to(p, h, 0);
    return;
  }
  if (p->mode == PLAYER_STATE_PLAYING)
    return;
  interrupt(p, h);   /* an announcement made while paused ends here */
  p->position = p->resume_sentence;
  p->next_sentence = p->resume_sentence;
  player_set_mode(p, PLAYER_STATE_PLAYING);
}

static void pause_reading(struct player *p, const struct timeline_heard *h)
{
  if (p->mode != PLAYER_STATE_PLAYING)
    return;
  interrupt(p, h);
  p->resume_sentence = p->position;
  player_set_mode(p, PLAYER_STATE_PAUSED);
}

/* The sink or the synthesiser failed: reading stops rather than spin, and the status says why.
 * After the end of the document (an announcement there) nothing more is heard either. */
void player_stop_reading(struct player *p, int err)
{
  struct timeline_heard h = player_heard(p);
  if (p->mode == PLAYER_STATE_PLAYING)
    pause_reading(p, &h);
  else
    interrupt(p, &h);
  p->error = err;
}

/* Applies one command (not QUIT). Returns 0 or a negative code; on failure the reading
 * position is where the command put it. */
int player_apply(struct player *p, const struct command *c)
{
  struct timeline_heard h = player_heard(p);
  if (c->kind == COMMAND_SAY)
    return say(p, &h, c->u.say);
  if (player_n_sentences(p) == 0)
    return 0;
  enum player_command cmd = c->u.control.cmd;
  if (cmd == PLAYER_REPEAT_SENTENCE) {
    /* What was last heard, which a stop-after-paragraph pause has already left behind. */
    go_to(p, &h, p->heard_sentence < player_n_sentences(p) ? p->heard_sentence : h.sentence);
    player_set_mode(p, PLAYER_STATE_PLAYING);
    return 0;
  }
  if (navigation_is_move(cmd)) {
    struct navigation_at at = { .sentence = h.sentence,
                                .in_sentence_s = (double)h.in_sentence / p->rate,
                                .in_paragraph_s = (double)h.in_paragraph / p->rate };
    size_t target = navigation_target(player_doc(p), cmd, c->u.control.arg, at);
    if (target != NAVIGATION_STAY)
      go_to(p, &h, target);
    return 0;
  }
  switch (cmd) {
  case PLAYER_TOGGLE_PAUSE:
    if (p->mode == PLAYER_STATE_PLAYING)
      pause_reading(p, &h);
    else
      play(p, &h);
    return 0;
  case PLAYER_PLAY:
    play(p, &h);
    return 0;
  case PLAYER_PAUSE:
    pause_reading(p, &h);
    return 0;
  case PLAYER_SPEED:
  case PLAYER_VOLUME:
  case PLAYER_NEXT_VOICE:
  case PLAYER_MUTE:
    return apply_setting(p, &h, cmd, c->u.control.arg);
  default:
    return 0;
  }
}
