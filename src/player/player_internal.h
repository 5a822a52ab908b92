/* Private to src/player: the player's state, shared by player.c (thread, queue, status),
 * commands.c (what a command does) and synthesis.c (synthesis and writing to the sink).
 *
 * Lock order: player->lock, then the sink's internal lock (sink_position() is never called with
 * player->lock held in practice, but it would be allowed). The trace has its own lock, taken
 * without player->lock. The wake callback is called without player->lock held: it may call
 * player_status() (it must not block for long: it runs on the player thread). */
#ifndef LECTOR_PLAYER_PLAYER_INTERNAL_H
#define LECTOR_PLAYER_PLAYER_INTERNAL_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "audio/sink.h"
#include "player/ahead.h"
#include "player/player.h"
#include "player/request.h"
#include "player/synth.h"
#include "player/timeline.h"
#include "speech/reading_rules.h"
#include "text/document.h"
#include "text/speech_text.h"
#include "util/trace.h"

#define BLOCK_MS 10          /* samples written to the sink at a time */
#define TICK_MS 33           /* status refresh while audio plays: at most ~30 wakes a second */
#define FULL_WAIT_MS 5       /* wait when the sink has no room for a block */

/* A queued command: a key's command, or an announcement (a kind of its own). */
enum command_kind { COMMAND_CONTROL, COMMAND_SAY };

struct command {
  enum command_kind kind;
  union {
    struct {
      enum player_command cmd;
      long arg;
    } control;     /* COMMAND_CONTROL */
    char *say;     /* COMMAND_SAY: the text, owned */
  } u;
};

/* The sentence (or part of one, or announcement) being synthesised and written to the sink.
 * Audio goes to the sink as it is synthesised (from the synthesis callback, as far as the sink
 * has room), so the first samples of a sentence are heard within a millisecond of a skip. When
 * a command aborts the synthesis without moving the reading position, the piece is synthesised
 * again (the engine gives the same samples every time) and writing goes on from `done`. */
struct piece {
  int16_t *pcm;         /* owned; kept allocated between pieces */
  size_t n, cap;        /* samples synthesised so far (speech, then silence), allocated */
  size_t done;          /* samples written to the sink */
  bool active;          /* there is a piece */
  bool complete;        /* synthesis finished: pcm holds all of it, silence included */
  bool pushed;          /* its segment is in the timeline (the last one) */
  size_t sentence;      /* global index, or TIMELINE_NONE for an announcement */
  size_t word_base;     /* index in the sentence's speech words where this piece starts */
  uint64_t sent_offset; /* samples of the sentence heard before this piece (restart from a word) */
  char *text;           /* owned; the announcement */
  struct timeline_word *words;   /* owned until handed to the timeline */
  size_t n_words;
};

struct player {
  /* Immutable after player_new. */
  struct player_config cfg;
  const struct player_synth_ops *synth;
  pthread_t thread;               /* when not on_engine_thread */
  bool on_engine_thread;          /* runs as a job of speech/engine_thread.h */

  pthread_mutex_t lock;
  pthread_cond_t cond;            /* commands queued; thread started; idle asked or reached */
  /* Under lock. */
  struct command *queue;
  size_t n_queue, cap_queue;
  uint64_t sent;                  /* commands queued so far (player_sent) */
  struct player_request requested;  /* what the queued commands lead to (shown in the status) */
  struct player_status status;    /* the published snapshot */
  bool started;                   /* the thread has created the engine (or failed: start_rc) */
  int start_rc;
  uint64_t idle_asked, idle_done; /* player_wait_idle: rounds asked, and reached by the thread */

  /* Written under lock by any thread, read by the player thread without it (the synthesis
   * callback). */
  _Atomic uint64_t generation;
  /* A byte is written to cancel[1] with every command (under lock) and cancel[0] is drained
   * when the queue is taken: a synthesis waiting for its first samples aborts at once
   * (synth.h's set_cancel_fd). -1 when there is no pipe (commands still abort from the
   * callback). */
  int cancel[2];

  /* Player thread only. */
  void *engine;                   /* the synthesiser's state */
  int rate;
  uint64_t seen_gen;              /* generation when the queue was last emptied */
  enum player_state mode;
  int error;                      /* what stopped reading by itself (status.error), or 0 */
  size_t next_sentence;           /* the next sentence to synthesise */
  size_t position;                /* the sentence the status shows when nothing is heard */
  size_t resume_sentence;         /* where PLAY continues after a pause */
  size_t heard_sentence;          /* status.heard_sentence */
  size_t heard_word_start, heard_word_end;
  bool stop_pending;              /* stop_after_paragraph: pause once the written audio is heard */
  bool ended;                     /* the last sentence is written: finish once it is heard */
  struct player_request in_force; /* speed, volume and voice in use */
  struct piece piece;
  struct timeline timeline;       /* what is in the sink */
  int64_t write_pos;              /* sink position at which the next written sample plays */
  uint64_t origin_pos;            /* sink position when the player started (for elapsed) */
  struct speech_text st;          /* reused for every sentence */
  struct speech_text sub;         /* the rest of a sentence from a word; its buffers are ours */
  long last_wake_second;
  uint64_t applied;               /* commands taken from the queue and handled (status.applied) */
  struct ahead ahead;             /* audio made ahead (cfg.ahead) */
  int64_t speed_key_pos;          /* sink position of the last speed key; -1: none yet */
  int16_t *ahead_buf;             /* where a target's first samples are made */
};

static inline const struct document *player_doc(const struct player *p)
{
  return p->cfg.doc;
}

static inline size_t player_n_sentences(const struct player *p)
{
  return p->cfg.doc->n_sentences;
}

static inline size_t player_paragraph_of(const struct player *p, size_t sentence)
{
  return document_paragraph_of(p->cfg.doc, sentence);
}

static inline int64_t player_sink_pos(const struct player *p)
{
  return (int64_t)sink_position(p->cfg.sink);
}

/* What is heard now (see timeline_at). */
static inline struct timeline_heard player_heard(struct player *p)
{
  return timeline_at(&p->timeline, player_sink_pos(p), p->position);
}

/* commands.c */
int player_apply(struct player *p, const struct command *c);
void player_stop_reading(struct player *p, int err);
void player_set_mode(struct player *p, enum player_state mode);
int player_apply_voice(struct player *p);

/* player.c */
/* Lets the synthesis about to start be aborted at once by a command (or not). */
void player_cancel_by_commands(struct player *p, bool abortable);

/* synthesis.c */
int player_write_block(struct player *p);
int player_run_piece(struct player *p, bool abortable);
int player_start_sentence(struct player *p, size_t sentence, size_t from, uint64_t sent_offset);
int player_start_announcement(struct player *p, const char *text);
void player_piece_clear(struct piece *pc);
void player_trace_sentence(const struct player *p, const char *event, size_t sentence);
/* The speech text of sentence from its speech word *from (set to 0 when it is 0 or beyond the
 * words: all of it): p->st, or p->sub built from it. */
int player_speech_of(struct player *p, size_t sentence, size_t *from,
                     const struct speech_text **out);

/* ahead_fill.c (cfg.ahead; each does nothing without it) */
/* The active piece has just started: writes its audio made ahead, if any, to the sink. */
int player_ahead_play(struct player *p);
/* The active piece's synthesis of st completed: its first samples are kept. */
void player_ahead_keep(struct player *p, const struct speech_text *st);
/* Makes the first samples of one likely target that has none. Returns 1 when it worked (call
 * again), 0 when every target has them (or a command is waiting). Uses p->st and p->sub: only
 * while the piece, if any, is complete. */
int player_ahead_step(struct player *p);

#endif
