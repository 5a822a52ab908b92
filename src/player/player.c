/* The playback engine (see player.h): the thread, the command queue and the status snapshot.
 *
 * One thread (player_main) owns the synthesiser (espeak-ng, through the player/synth.h seam)
 * and writes to the sink. The UI thread talks to it through a command queue (player_send,
 * player_say) and reads a status snapshot (player_status). Every command bumps `generation`:
 * a synthesis in progress aborts from its callback when it changes (synthesis.c). Between
 * blocks written to the sink the thread looks at the queue. What a command does is
 * commands.c; what is heard at a sink position is timeline.c.
 *
 * Lock order (also in player_internal.h): player->lock, then the sink's internal lock. The
 * trace has its own lock, taken without player->lock. The wake callback is called without
 * player->lock held. */
#include "player/player.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "player/player_internal.h"
#include "speech/engine_thread.h"

/* ---- status ---------------------------------------------------------------------------- */

/* Shows r in a status snapshot. */
static void show_request(const struct player *p, const struct player_request *r,
                         struct player_status *s)
{
  s->wpm = r->wpm;
  s->volume = r->volume;
  s->muted = r->muted;
  snprintf(s->voice, sizeof s->voice, "%.63s", p->cfg.voices[r->voice_index].name);
}

static bool status_changed(const struct player_status *o, const struct player_status *s)
{
  return o->state != s->state || o->paragraph != s->paragraph || o->sentence != s->sentence ||
         o->sentence_in_paragraph != s->sentence_in_paragraph ||
         o->word_start != s->word_start || o->word_end != s->word_end || o->heard_sentence != s->heard_sentence ||
         o->heard_word_start != s->heard_word_start || o->wpm != s->wpm ||
         o->volume != s->volume || o->muted != s->muted || strcmp(o->voice, s->voice) != 0 ||
         strcmp(o->speaking, s->speaking) != 0 || o->error != s->error ||
         o->applied != s->applied;
}

/* Recomputes the snapshot; publishes it (and wakes the UI) when something visible changed. */
static void publish(struct player *p)
{
  struct player_status s = {0};
  struct timeline_heard h = player_heard(p);
  size_t n = player_n_sentences(p), sentence = h.sentence;
  if (sentence >= n)
    sentence = p->position;
  if (sentence >= n)
    sentence = n ? n - 1 : 0;
  s.state = p->mode;
  if (n) {
    s.sentence = sentence;
    s.paragraph = player_paragraph_of(p, sentence);
    s.sentence_in_paragraph = sentence - player_doc(p)->paragraphs[s.paragraph].first_sentence;
    const char *speaking = p->synth->voice_name
      ? p->synth->voice_name(p->engine, player_doc(p)->paragraphs[s.paragraph].lang) : NULL;
    snprintf(s.speaking, sizeof s.speaking, "%.63s", speaking ? speaking : "");
  }
  if (h.word && p->mode == PLAYER_STATE_PLAYING) {
    s.word_start = h.word->doc_start;
    s.word_end = h.word->doc_end;
    p->heard_word_start = s.word_start;
    p->heard_word_end = s.word_end;
  }
  if (h.segment && h.segment->sentence != TIMELINE_NONE && h.sentence < n &&
      h.sentence != p->heard_sentence) {
    p->heard_sentence = h.sentence;
    if (!h.word)
      p->heard_word_start = p->heard_word_end = 0;
  }
  s.heard_sentence = p->heard_sentence < n ? p->heard_sentence : sentence;
  s.heard_word_start = p->heard_word_start;
  s.heard_word_end = p->heard_word_end;
  int64_t heard = player_sink_pos(p) - (int64_t)p->origin_pos;
  s.elapsed = heard > 0 ? (double)heard / p->rate : 0.0;
  s.error = p->error;
  s.applied = p->applied;

  long second = (long)s.elapsed;
  pthread_mutex_lock(&p->lock);
  show_request(p, &p->requested, &s);
  bool changed = status_changed(&p->status, &s) || second != p->last_wake_second;
  s.serial = p->status.serial + (changed ? 1 : 0);
  p->status = s;
  p->last_wake_second = second;
  pthread_mutex_unlock(&p->lock);
  if (changed && p->cfg.wake)
    p->cfg.wake(p->cfg.wake_user);
}

/* ---- the thread ------------------------------------------------------------------------- */

/* Under lock: the commands taken no longer cancel. */
static void drain_cancel(struct player *p)
{
  char buf[64];
  while (p->cancel[0] >= 0 && read(p->cancel[0], buf, sizeof buf) == (ssize_t)sizeof buf)
    ;
}

void player_cancel_by_commands(struct player *p, bool abortable)
{
  if (p->synth->set_cancel_fd)
    p->synth->set_cancel_fd(p->engine, abortable ? p->cancel[0] : -1);
}

/* Waits for a command, for player_wait_idle to ask for another round, or timeout_ms (-1: no
 * timeout). Says first that the round that began with `round` asks is done. */
static void wait_for_command(struct player *p, int timeout_ms, uint64_t round)
{
  pthread_mutex_lock(&p->lock);
  if (p->n_queue == 0) {
    p->idle_done = round;
    pthread_cond_broadcast(&p->cond);
  }
  if (p->n_queue == 0 && p->idle_asked == round) {
    if (timeout_ms < 0) {
      pthread_cond_wait(&p->cond, &p->lock);
    } else {
      struct timespec ts;
      clock_gettime(CLOCK_MONOTONIC, &ts);
      ts.tv_nsec += (long)timeout_ms * 1000000L;
      ts.tv_sec += ts.tv_nsec / 1000000000L;
      ts.tv_nsec %= 1000000000L;
      pthread_cond_timedwait(&p->cond, &p->lock, &ts);
    }
  }
  pthread_mutex_unlock(&p->lock);
}

/* Everything is written: once it has been heard, reading finishes or pauses (stop after the
 * paragraph). Returns how long to wait, as step. */
static int after_written(struct player *p, int *err)
{
  if (player_sink_pos(p) < p->write_pos)
    return TICK_MS;
  if (p->ended) {
    int rc = sink_drain(p->cfg.sink);   /* a recording that failed at the very end says so */
    if (rc < 0)
      *err = rc;
    p->position = player_n_sentences(p) - 1;
    p->ended = false;
    player_set_mode(p, PLAYER_STATE_FINISHED);
  } else {
    p->stop_pending = false;
    p->position = p->next_sentence;
    p->resume_sentence = p->next_sentence;
    timeline_clear(&p->timeline);
    player_set_mode(p, PLAYER_STATE_PAUSED);
  }
  return 0;
}

/* One step of reading. Returns how long to wait for a command before the next step: 0 to go on
 * at once, -1 to wait for a command only. */
static int step(struct player *p, int *err)
{
  struct piece *pc = &p->piece;
  if (pc->active && (p->mode == PLAYER_STATE_PLAYING || pc->sentence == TIMELINE_NONE)) {
    if (!pc->complete) {   /* a command aborted the synthesis but left the position: again */
      int rc = player_run_piece(p, false);
      if (rc < 0 && rc != -ECANCELED)
        *err = rc;
      return 0;
    }
    int rc = player_write_block(p);
    if (rc < 0)
      *err = rc;
    if (rc == 0 && player_ahead_step(p) > 0)
      return 0;   /* the sink is full: time to make audio ahead */
    return rc == 0 ? FULL_WAIT_MS : 0;
  }
  if (p->mode != PLAYER_STATE_PLAYING) {
    if (player_ahead_step(p) > 0)
      return 0;
    return p->timeline.n > 0 && player_sink_pos(p) < p->write_pos ? TICK_MS : -1;
  }
  if (!p->ended && !p->stop_pending) {
    int rc = player_start_sentence(p, p->next_sentence, 0, 0);
    if (rc < 0 && rc != -ECANCELED)
      *err = rc;
    return 0;
  }
  return after_written(p, err);
}

/* Creates the synthesiser and sets the starting position. Returns 0 or a negative code. */
static int start(struct player *p)
{
  int rc = p->synth->create(p->cfg.synth_user, &p->engine);
  if (rc == 0) {
    p->rate = p->synth->sample_rate(p->engine);
    if (p->rate != sink_sample_rate(p->cfg.sink))
      rc = -EINVAL;
  }
  if (rc == 0)
    rc = player_apply_voice(p);
  if (rc < 0)
    return rc;
  p->origin_pos = sink_position(p->cfg.sink);
  p->write_pos = (int64_t)p->origin_pos;
  size_t n = player_n_sentences(p);
  size_t first = p->cfg.start_sentence < n ? p->cfg.start_sentence : 0;
  p->position = p->next_sentence = p->resume_sentence = p->heard_sentence = first;
  p->mode = p->cfg.start_paused ? PLAYER_STATE_PAUSED : PLAYER_STATE_PLAYING;
  if (n == 0)
    p->mode = PLAYER_STATE_FINISHED;
  else
    trace_state(p->cfg.trace, p->cfg.start_paused ? "paused" : "playing");
  return 0;
}

static void command_free(struct command *c)
{
  if (c->kind == COMMAND_SAY)
    free(c->u.say);
  c->kind = COMMAND_CONTROL;
}

/* Handles the commands taken from the queue. Returns true on QUIT. */
static bool handle_batch(struct player *p, struct command *batch, size_t n)
{
  bool quit = false;
  for (size_t i = 0; i < n; i++) {
    int failed;
    if (quit)
      ;
    else if (batch[i].kind == COMMAND_CONTROL && batch[i].u.control.cmd == PLAYER_QUIT)
      quit = true;
    else if ((failed = player_apply(p, &batch[i])) < 0)
      player_stop_reading(p, failed);   /* a later command in the batch (Space) may try again */
    command_free(&batch[i]);
  }
  pthread_mutex_lock(&p->lock);
  p->applied += n;
  /* Every command taken is handled: what the rest leads to counts from what is in force now
   * (a voice the synthesiser refused kept the old speed and volume). */
  struct player_request r = p->in_force;
  for (size_t i = 0; i < p->n_queue; i++)
    if (p->queue[i].kind == COMMAND_CONTROL)
      r = player_request_after(&p->cfg, r, p->queue[i].u.control.cmd, p->queue[i].u.control.arg);
  p->requested = r;
  pthread_mutex_unlock(&p->lock);
  return quit;
}

static void player_main(void *arg)
{
  struct player *p = arg;
  int rc = start(p);
  pthread_mutex_lock(&p->lock);
  p->requested = p->in_force;
  pthread_mutex_unlock(&p->lock);
  if (rc == 0)
    publish(p);   /* before player_new returns, so the first player_status() is true */
  pthread_mutex_lock(&p->lock);
  p->started = true;
  p->start_rc = rc;
  pthread_cond_broadcast(&p->cond);
  pthread_mutex_unlock(&p->lock);
  if (rc < 0) {
    p->synth->free(p->engine);
    p->engine = NULL;
    return;
  }

  struct command *batch = NULL;
  size_t cap_batch = 0;
  for (;;) {
    pthread_mutex_lock(&p->lock);   /* take the queue; give it the old batch's memory */
    struct command *q = p->queue;
    size_t n = p->n_queue, cap = p->cap_queue;
    p->queue = batch;
    p->cap_queue = cap_batch;
    p->n_queue = 0;
    p->seen_gen = atomic_load(&p->generation);
    drain_cancel(p);
    uint64_t round = p->idle_asked;
    pthread_mutex_unlock(&p->lock);
    batch = q;
    cap_batch = cap;
    if (handle_batch(p, batch, n))
      break;
    int err = 0;
    int wait_ms = step(p, &err);
    if (err < 0) {
      player_stop_reading(p, err);
      wait_ms = -1;
    }
    publish(p);
    if (wait_ms != 0)
      wait_for_command(p, wait_ms, round);
  }
  free(batch);
  sink_drop(p->cfg.sink);
  p->synth->free(p->engine);
  p->engine = NULL;
}

static void *player_thread(void *arg)
{
  player_main(arg);
  return NULL;
}

/* The reader's espeak-ng thread becomes the player's when it runs (engine_thread.h): espeak-ng
 * is initialised there already. */
static int start_thread(struct player *p)
{
  p->on_engine_thread = engine_thread_running();
  if (p->on_engine_thread)
    return engine_thread_post(player_main, p);
  return -pthread_create(&p->thread, NULL, player_thread, p);
}

static void join_thread(struct player *p)
{
  if (p->on_engine_thread)
    engine_thread_wait();
  else
    pthread_join(p->thread, NULL);
}

/* ---- the UI side ------------------------------------------------------------------------ */

static void enqueue(struct player *p, struct command c)
{
  pthread_mutex_lock(&p->lock);
  if (p->n_queue == p->cap_queue) {
    size_t cap = p->cap_queue ? p->cap_queue * 2 : 16;
    struct command *q = realloc(p->queue, cap * sizeof *q);
    if (!q) {   /* out of memory: the command is lost, like a key not pressed */
      pthread_mutex_unlock(&p->lock);
      command_free(&c);
      return;
    }
    p->queue = q;
    p->cap_queue = cap;
  }
  p->queue[p->n_queue++] = c;
  if (c.kind == COMMAND_CONTROL)
    p->requested = player_request_after(&p->cfg, p->requested, c.u.control.cmd,
                                        c.u.control.arg);
  p->sent++;
  atomic_fetch_add(&p->generation, 1);
  if (p->cancel[1] >= 0) {
    ssize_t w = write(p->cancel[1], "", 1);   /* fails only when full: bytes are waiting */
    (void)w;
  }
  pthread_cond_broadcast(&p->cond);
  pthread_mutex_unlock(&p->lock);
}

void player_send(struct player *p, enum player_command cmd, long arg)
{
  enqueue(p, (struct command){ .kind = COMMAND_CONTROL, .u.control = { cmd, arg } });
}

void player_say(struct player *p, const char *text)
{
  char *copy = strdup(text ? text : "");
  if (copy)
    enqueue(p, (struct command){ .kind = COMMAND_SAY, .u.say = copy });
}

uint64_t player_sent(struct player *p)
{
  pthread_mutex_lock(&p->lock);
  uint64_t sent = p->sent;
  pthread_mutex_unlock(&p->lock);
  return sent;
}

void player_status(struct player *p, struct player_status *out)
{
  pthread_mutex_lock(&p->lock);
  *out = p->status;
  show_request(p, &p->requested, out);
  pthread_mutex_unlock(&p->lock);
}

void player_wait_idle(struct player *p)
{
  pthread_mutex_lock(&p->lock);
  uint64_t want = ++p->idle_asked;
  pthread_cond_broadcast(&p->cond);
  while (p->idle_done < want)
    pthread_cond_wait(&p->cond, &p->lock);
  pthread_mutex_unlock(&p->lock);
}

static void player_destroy(struct player *p)
{
  for (size_t i = 0; i < p->n_queue; i++)
    command_free(&p->queue[i]);
  free(p->queue);
  timeline_free(&p->timeline);
  player_piece_clear(&p->piece);
  free(p->piece.pcm);
  ahead_clear(&p->ahead);
  free(p->ahead_buf);
  speech_text_free(&p->st);
  free(p->sub.text);
  free(p->sub.words);
  for (int i = 0; i < 2; i++)
    if (p->cancel[i] >= 0)
      close(p->cancel[i]);
  pthread_cond_destroy(&p->cond);
  pthread_mutex_destroy(&p->lock);
  free(p);
}

int player_new(const struct player_config *config, struct player **out)
{
  if (!config || !config->doc || !config->sink || !config->voices || config->n_voices == 0 ||
      config->voice_index >= config->n_voices)
    return -EINVAL;
  struct player *p = calloc(1, sizeof *p);
  if (!p)
    return -ENOMEM;
  p->cfg = *config;
  p->synth = config->synth ? config->synth : &player_synth_espeak;
  p->in_force.voice_index = config->voice_index;
  timeline_init(&p->timeline);
  p->last_wake_second = -1;
  p->speed_key_pos = -1;
  if (pipe2(p->cancel, O_NONBLOCK | O_CLOEXEC) < 0)
    p->cancel[0] = p->cancel[1] = -1;
  atomic_init(&p->generation, 0);
  pthread_mutex_init(&p->lock, NULL);
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&p->cond, &attr);
  pthread_condattr_destroy(&attr);
  int rc = start_thread(p);
  if (rc == 0) {
    pthread_mutex_lock(&p->lock);
    while (!p->started)
      pthread_cond_wait(&p->cond, &p->lock);
    rc = p->start_rc;
    pthread_mutex_unlock(&p->lock);
    if (rc < 0)
      join_thread(p);
  }
  if (rc < 0) {
    player_destroy(p);
    return rc;
  }
  *out = p;
  return 0;
}

void player_free(struct player *p)
{
  if (!p)
    return;
  player_send(p, PLAYER_QUIT, 0);
  join_thread(p);
  player_destroy(p);
}
