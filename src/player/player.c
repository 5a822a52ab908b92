/* The playback engine (see player.h).
 *
 * One thread (player_main) owns the espeak-ng engine and writes to the sink. The UI thread talks
 * to it through a command queue (player_send, player_say) and reads a status snapshot
 * (player_status).
 *
 * How reading works. The player synthesises a sentence into memory (espeak-ng runs about 1000x
 * real time), followed by the pause the voice profile asks for as silence, and writes it to the
 * sink in blocks of BLOCK_MS, never more than the sink takes without blocking (it holds ~100 ms):
 * the first blocks already from the synthesis callback, so the first audio of a sentence reaches
 * the sink about a millisecond after a skip, the rest from the thread's loop. When a sentence is
 * all in the sink, the next one is synthesised at once, so the sink never runs dry between
 * sentences (work ahead) and a skip only has ~100 ms of queued audio to drop. Between blocks the
 * thread looks at the command queue; every command bumps `generation`, and a synthesis in
 * progress aborts from the espeak-ng callback when it changes.
 *
 * What is heard. Each piece of audio written to the sink is a segment (a sentence, part of one
 * after a speed change, or an announcement) starting at a known sink sample position. Mapping
 * sink_position() onto the segments gives the sentence and the word being heard, and the time
 * heard into the sentence and paragraph (for PREV_SENTENCE/PREV_PARAGRAPH).
 *
 * Choices:
 * - PLAY after PAUSE restarts the sentence that was being heard from its start (a listener who
 *   paused mid-sentence has lost its beginning). After stop_after_paragraph it starts the next
 *   paragraph. PLAY when FINISHED starts again from the top.
 * - SPEED, VOLUME and NEXT_VOICE re-synthesise the rest of the current sentence from the word
 *   being heard, with the new setting (volume is espeak-ng's own gain).
 * - NEXT_SENTENCE/NEXT_PARAGRAPH at the last one do nothing. Moving while paused stays paused
 *   (the status shows the new position); moving when finished starts playing.
 * - An announcement (player_say) is heard even while paused; afterwards the state is what it was
 *   and reading, if playing, starts again from the beginning of the interrupted sentence.
 *
 * Lock order: player->lock, then the sink's internal lock (sink_position() is never called with
 * player->lock held in practice, but it would be allowed). The trace has its own lock, taken
 * without player->lock. The wake callback is called without player->lock held: it may call
 * player_status() (it must not block for long: it runs on the player thread). */
#include "player/player.h"

#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "audio/sink.h"
#include "speech/engine.h"
#include "speech/reading_rules.h"
#include "text/document.h"
#include "text/speech_text.h"
#include "util/error.h"
#include "util/trace.h"

#define BLOCK_MS 10          /* samples written to the sink at a time */
#define TICK_MS 33           /* status refresh while audio plays: at most ~30 wakes a second */
#define FULL_WAIT_MS 5       /* wait when the sink has no room for a block */
#define RESTART_AFTER_S 2.0  /* PREV_* restarts the current one when heard longer than this */
#define NO_SENTENCE SIZE_MAX

struct command {
  enum player_command cmd;
  long arg;
  char *text;           /* owned; non-NULL for an announcement (cmd is then ignored) */
};

/* Speed, volume and voice: what the player uses, or will use once it has handled the commands
 * queued so far. */
struct request {
  int wpm, volume;
  size_t voice_index;
};

/* A word of a segment: where it is in the document and when it is heard in the segment. */
struct seg_word {
  size_t doc_start, doc_end;
  uint64_t start;       /* samples from the segment's first sample */
};

/* The sentence (or part of one, or announcement) being synthesised and written to the sink.
 * Audio goes to the sink as it is synthesised (from the espeak-ng callback, as far as the sink
 * has room), so the first samples of a sentence are heard within a millisecond of a skip. When
 * a command aborts the synthesis without moving the reading position, the piece is synthesised
 * again (the engine gives the same samples every time) and writing goes on from `done`. */
struct piece {
  int16_t *pcm;         /* owned; kept allocated between pieces */
  size_t n, cap;        /* samples synthesised so far (speech, then silence), allocated */
  size_t done;          /* samples written to the sink */
  bool active;          /* there is a piece */
  bool complete;        /* synthesis finished: pcm holds all of it, silence included */
  bool pushed;          /* its segment is in player.segs (the last one) */
  size_t sentence;      /* global index, or NO_SENTENCE for an announcement */
  size_t word_base;     /* index in the sentence's speech words where this piece starts */
  uint64_t sent_offset; /* samples of the sentence heard before this piece (restart from a word) */
  char *text;           /* owned; the announcement */
  struct seg_word *words;   /* owned until handed to the segment */
  size_t n_words;
};

/* A piece whose audio has (at least partly) reached the sink. */
struct segment {
  size_t sentence, paragraph;   /* NO_SENTENCE for an announcement */
  int64_t start;                /* sink position of its first sample */
  uint64_t len;                 /* samples written so far */
  int64_t sent_origin;          /* sink position where the whole sentence would have started */
  int64_t para_origin;          /* sink position from which its paragraph counts as heard */
  struct seg_word *words;       /* owned */
  size_t n_words;
  size_t word_base;             /* index in the sentence's speech words of words[0] */
};

struct player {
  /* Immutable after player_new. */
  struct player_config cfg;
  pthread_t thread;

  pthread_mutex_t lock;
  pthread_cond_t cond;            /* commands queued; thread started */
  /* Under lock. */
  struct command *queue;
  size_t n_queue, cap_queue;
  uint64_t sent;                  /* commands queued so far (player_sent) */
  struct request requested;       /* what the queued commands lead to (shown in the status) */
  struct player_status status;    /* the published snapshot */
  bool started;                   /* the thread has created the engine (or failed: start_rc) */
  int start_rc;

  /* Written under lock by any thread, read by the player thread without it (the synthesis
   * callback). */
  _Atomic uint64_t generation;

  /* Player thread only. */
  struct tts_engine *engine;
  int rate;
  uint64_t seen_gen;              /* generation when the queue was last emptied */
  enum player_state mode;
  int error;                      /* what stopped reading by itself (status.error), or 0 */
  size_t next_sentence;           /* the next sentence to synthesise */
  size_t position;                /* the sentence the status shows when nothing is heard */
  size_t resume_sentence;         /* where PLAY continues after a pause */
  bool stop_pending;              /* stop_after_paragraph: pause once the written audio is heard */
  bool ended;                     /* the last sentence is written: finish once it is heard */
  int wpm, volume;
  size_t voice_index;
  struct piece piece;
  struct segment *segs;           /* segments in the sink, oldest first */
  size_t n_segs, cap_segs;
  int64_t write_pos;              /* sink position at which the next written sample plays */
  uint64_t origin_pos;            /* sink position when the player started (for elapsed) */
  struct {                        /* heard time carried over an interruption */
    size_t sentence;
    int64_t para_before;          /* samples of the paragraph heard before that sentence */
  } carry;
  struct speech_text st;          /* reused for every sentence */
  struct speech_text sub;         /* the rest of a sentence from a word; its buffers are ours */
  long last_wake_second;
  uint64_t applied;               /* commands taken from the queue and handled (status.applied) */
};

/* ---- small helpers ---------------------------------------------------------------------- */

static const struct document *doc_of(const struct player *p)
{
  return p->cfg.doc;
}

static size_t n_sentences(const struct player *p)
{
  return doc_of(p)->n_sentences;
}

static size_t paragraph_of(const struct player *p, size_t sentence)
{
  return document_paragraph_of(doc_of(p), sentence);
}

static size_t first_of_paragraph(const struct player *p, size_t paragraph)
{
  return doc_of(p)->paragraphs[paragraph].first_sentence;
}

static bool is_last_in_paragraph(const struct player *p, size_t sentence)
{
  const struct doc_paragraph *para = &doc_of(p)->paragraphs[paragraph_of(p, sentence)];
  return sentence + 1 >= para->first_sentence + para->n_sentences;
}

static const struct voice_profile *voice(const struct player *p)
{
  return &p->cfg.voices[p->voice_index];
}

static uint64_t ms_to_samples(const struct player *p, int ms)
{
  return reading_ms_to_samples(ms, p->rate);
}

static void trace_sentence_event(const struct player *p, const char *event, size_t sentence)
{
  size_t para = paragraph_of(p, sentence);
  trace_position(p->cfg.trace, event, para, sentence - first_of_paragraph(p, para));
}

/* ---- segments: what is in the sink, and what is being heard ----------------------------- */

static void segments_clear(struct player *p)
{
  for (size_t i = 0; i < p->n_segs; i++)
    free(p->segs[i].words);
  p->n_segs = 0;
}

static void piece_clear(struct piece *pc)
{
  free(pc->words);
  free(pc->text);
  int16_t *pcm = pc->pcm;
  size_t cap = pc->cap;
  *pc = (struct piece){ .pcm = pcm, .cap = cap };
}

/* The segment being heard at sink position pos, or NULL. Drops older segments. */
static struct segment *heard_segment(struct player *p, int64_t pos)
{
  size_t i = p->n_segs;
  while (i > 0 && p->segs[i - 1].start > pos)
    i--;
  if (i == 0)
    return NULL;
  size_t drop = i - 1;
  if (drop > 0) {
    for (size_t k = 0; k < drop; k++)
      free(p->segs[k].words);
    memmove(p->segs, p->segs + drop, (p->n_segs - drop) * sizeof *p->segs);
    p->n_segs -= drop;
  }
  return &p->segs[0];
}

static int64_t sink_pos(struct player *p)
{
  return (int64_t)sink_position(p->cfg.sink);
}

/* Sentence and word heard now, and how long into the sentence and its paragraph (samples). */
struct heard {
  /* The sentence being heard; before any audio, and during an announcement, the reading
   * position (p->position, which is only exact then: it is not advanced as reading goes on). */
  size_t sentence;
  const struct seg_word *word;
  int64_t in_sentence, in_paragraph;
};

static struct heard what_is_heard(struct player *p)
{
  struct heard h = { .sentence = p->position };
  int64_t pos = sink_pos(p);
  struct segment *sg = heard_segment(p, pos);
  if (!sg) {
    if (p->carry.sentence == p->position)
      h.in_paragraph = p->carry.para_before;
    return h;
  }
  if (sg->sentence == NO_SENTENCE) {   /* an announcement: the reading position is unchanged */
    if (p->carry.sentence == p->position)
      h.in_paragraph = p->carry.para_before;
    return h;
  }
  h.sentence = sg->sentence;
  h.in_sentence = pos - sg->sent_origin;
  h.in_paragraph = pos - sg->para_origin;
  uint64_t off = (uint64_t)(pos - sg->start);
  for (size_t i = 0; i < sg->n_words && sg->words[i].start <= off; i++)
    h.word = &sg->words[i];
  return h;
}

/* What speed, volume and voice the command c leads to from r. The one rule for both sides: the
 * UI's status shows it as soon as a command is queued, the player thread applies it. */
static struct request request_after(const struct player_config *cfg, struct request r,
                                    const struct command *c)
{
  if (c->text)
    return r;
  switch (c->cmd) {
  case PLAYER_SPEED:
    r.wpm = reading_clamp((long)r.wpm + c->arg, READING_SPEED_MIN, READING_SPEED_MAX);
    break;
  case PLAYER_VOLUME:
    r.volume = reading_clamp((long)r.volume + c->arg, READING_VOLUME_MIN, READING_VOLUME_MAX);
    break;
  case PLAYER_NEXT_VOICE:
    if (cfg->n_voices < 2)
      break;
    r.voice_index = (r.voice_index + 1) % cfg->n_voices;
    r.wpm = reading_clamp(cfg->voices[r.voice_index].speed, READING_SPEED_MIN,
                          READING_SPEED_MAX);
    r.volume = reading_clamp(cfg->voices[r.voice_index].volume, READING_VOLUME_MIN,
                             READING_VOLUME_MAX);
    break;
  default:
    break;
  }
  return r;
}

/* The request in force on the player thread. */
static struct request current_request(const struct player *p)
{
  return (struct request){p->wpm, p->volume, p->voice_index};
}

/* Shows r in a status snapshot. */
static void show_request(const struct player *p, const struct request *r, struct player_status *s)
{
  s->wpm = r->wpm;
  s->volume = r->volume;
  snprintf(s->voice, sizeof s->voice, "%.63s", p->cfg.voices[r->voice_index].name);
}

/* ---- status ---------------------------------------------------------------------------- */

/* Recomputes the snapshot; publishes it (and wakes the UI) when something visible changed. */
static void publish(struct player *p)
{
  struct player_status s = {0};
  struct heard h = what_is_heard(p);
  size_t sentence = h.sentence;
  if (sentence >= n_sentences(p))
    sentence = p->position;
  if (sentence >= n_sentences(p))
    sentence = n_sentences(p) ? n_sentences(p) - 1 : 0;
  s.state = p->mode;
  if (n_sentences(p)) {
    s.sentence = sentence;
    s.paragraph = paragraph_of(p, sentence);
    s.sentence_in_paragraph = sentence - first_of_paragraph(p, s.paragraph);
  }
  if (h.word && p->mode == PLAYER_STATE_PLAYING) {
    s.word_start = h.word->doc_start;
    s.word_end = h.word->doc_end;
  }
  int64_t heard = sink_pos(p) - (int64_t)p->origin_pos;
  s.elapsed = heard > 0 ? (double)heard / p->rate : 0.0;
  s.error = p->error;
  s.applied = p->applied;

  long second = (long)s.elapsed;
  bool changed;
  pthread_mutex_lock(&p->lock);
  show_request(p, &p->requested, &s);
  struct player_status *o = &p->status;
  changed = o->state != s.state || o->paragraph != s.paragraph || o->sentence != s.sentence ||
            o->sentence_in_paragraph != s.sentence_in_paragraph ||
            o->word_start != s.word_start || o->word_end != s.word_end || o->wpm != s.wpm ||
            o->volume != s.volume || strcmp(o->voice, s.voice) != 0 || o->error != s.error ||
            o->applied != s.applied ||
            second != p->last_wake_second;
  s.serial = o->serial + (changed ? 1 : 0);
  *o = s;
  p->last_wake_second = second;
  pthread_mutex_unlock(&p->lock);
  if (changed && p->cfg.wake)
    p->cfg.wake(p->cfg.wake_user);
}

/* ---- writing to the sink ---------------------------------------------------------------- */

static int push_segment(struct player *p)
{
  if (p->n_segs == p->cap_segs) {
    size_t cap = p->cap_segs ? p->cap_segs * 2 : 8;
    struct segment *segs = realloc(p->segs, cap * sizeof *segs);
    if (!segs)
      return -ENOMEM;
    p->segs = segs;
    p->cap_segs = cap;
  }
  struct piece *pc = &p->piece;
  const struct segment *prev = p->n_segs ? &p->segs[p->n_segs - 1] : NULL;
  struct segment sg = {
    .sentence = pc->sentence,
    .paragraph = pc->sentence == NO_SENTENCE ? NO_SENTENCE : paragraph_of(p, pc->sentence),
    .start = p->write_pos,
    .sent_origin = p->write_pos - (int64_t)pc->sent_offset,
    .words = pc->words,
    .n_words = pc->n_words,
    .word_base = pc->word_base,
  };
  /* The paragraph has been heard since: the previous segment's origin when reading went on in
   * the same paragraph, else what was carried over an interruption of this sentence. */
  if (prev && prev->paragraph == sg.paragraph && sg.paragraph != NO_SENTENCE)
    sg.para_origin = prev->para_origin;
  else if (p->carry.sentence == sg.sentence)
    sg.para_origin = sg.sent_origin - p->carry.para_before;
  else
    sg.para_origin = sg.sent_origin;
  pc->words = NULL;
  pc->n_words = 0;
  p->segs[p->n_segs++] = sg;
  pc->pushed = true;
  return 0;
}

/* The piece is all in the sink: reading moves on. */
static void piece_finished(struct player *p)
{
  size_t sentence = p->piece.sentence;
  piece_clear(&p->piece);
  if (sentence == NO_SENTENCE)
    return;
  p->next_sentence = sentence + 1;
  if (p->next_sentence >= n_sentences(p))
    p->ended = true;
  else if (p->cfg.stop_after_paragraph && is_last_in_paragraph(p, sentence))
    p->stop_pending = true;
}

/* Writes the next block of the piece if it is synthesised and the sink has room. Returns 1 when
 * it wrote (or finished the piece), 0 when it must wait, or a negative code. */
static int write_block(struct player *p)
{
  struct piece *pc = &p->piece;
  size_t block = (size_t)p->rate * BLOCK_MS / 1000;
  size_t left = pc->n > pc->done ? pc->n - pc->done : 0;   /* n < done while synthesising again */
  if (!pc->complete && left < block)
    return 0;
  size_t n = left < block ? left : block;
  if (n > 0 && sink_writable(p->cfg.sink) < n)
    return 0;
  bool first = !pc->pushed;
  if (first) {
    int rc = push_segment(p);
    if (rc < 0)
      return rc;
  }
  if (n > 0) {
    int rc = sink_write(p->cfg.sink, pc->pcm + pc->done, n);
    if (rc < 0)
      return rc;
    pc->done += n;
    p->write_pos += (int64_t)n;
    p->segs[p->n_segs - 1].len += n;
  }
  if (first && pc->sentence != NO_SENTENCE)
    trace_sentence_event(p, "audio", pc->sentence);
  if (pc->complete && pc->done >= pc->n)
    piece_finished(p);
  return 1;
}

/* ---- synthesis -------------------------------------------------------------------------- */

struct synth {
  struct player *p;
  bool abortable;
  int err;
};

static int piece_reserve(struct piece *pc, size_t more)
{
  if (pc->n + more <= pc->cap)
    return 0;
  size_t cap = pc->cap ? pc->cap : 22050;
  while (cap < pc->n + more)
    cap *= 2;
  int16_t *pcm = realloc(pc->pcm, cap * sizeof *pcm);
  if (!pcm)
    return -ENOMEM;
  pc->pcm = pcm;
  pc->cap = cap;
  return 0;
}

/* espeak-ng's audio: into the piece, and on to the sink as far as it has room. Aborts when a
 * command came in since the queue was last read. */
static int on_audio(void *user, const int16_t *samples, size_t n)
{
  struct synth *sy = user;
  struct piece *pc = &sy->p->piece;
  if (sy->abortable && atomic_load(&sy->p->generation) != sy->p->seen_gen)
    return 1;
  int rc = piece_reserve(pc, n);
  if (rc < 0) {
    sy->err = rc;
    return 1;
  }
  memcpy(pc->pcm + pc->n, samples, n * sizeof *samples);
  pc->n += n;
  while ((rc = write_block(sy->p)) > 0)
    ;
  if (rc < 0) {
    sy->err = rc;
    return 1;
  }
  return 0;
}

/* Silence after a sentence, from the voice profile. */
static uint64_t pause_after(const struct player *p, size_t sentence)
{
  struct reading_pauses pauses = reading_pauses_of(voice(p));
  return ms_to_samples(p, reading_pause_ms(&pauses, doc_of(p), sentence,
                                           p->cfg.stop_after_paragraph));
}

/* Synthesises st into the piece (from its first sample again), followed by `silence` samples.
 * words_of (NULL for an announcement) gives the document spans of st's words, from the piece's
 * word_base on. Returns 0, -ECANCELED when a command came in, or another negative code; the
 * piece stays active (incomplete) unless it finished. */
static int synthesise(struct player *p, const struct speech_text *st,
                      const struct speech_text *words_of, uint64_t silence, bool abortable)
{
  struct piece *pc = &p->piece;
  pc->n = 0;
  struct tts_word_time *times = NULL;
  if (words_of && st->n_words > 0) {   /* words are learnt once, when synthesis completes */
    times = calloc(st->n_words, sizeof *times);
    if (!times)
      return -ENOMEM;
  }
  struct synth sy = { .p = p, .abortable = abortable };
  int rc = tts_engine_speak(p->engine, st, on_audio, &sy, times, NULL);
  if (sy.err)
    rc = sy.err;
  if (rc == 0 && times) {
    struct seg_word *words = calloc(st->n_words, sizeof *words);
    if (!words) {
      free(times);
      return -ENOMEM;
    }
    for (size_t i = 0; i < st->n_words; i++) {
      const struct speech_word *w = &words_of->words[pc->word_base + i];
      words[i] = (struct seg_word){ .doc_start = w->doc_start, .doc_end = w->doc_end,
                                    .start = times[i].start };
    }
    if (pc->pushed) {   /* its audio is already playing: the segment learns its words now */
      p->segs[p->n_segs - 1].words = words;
      p->segs[p->n_segs - 1].n_words = st->n_words;
    } else {
      pc->words = words;
      pc->n_words = st->n_words;
    }
  }
  free(times);
  if (rc < 0)
    return rc;
  rc = piece_reserve(pc, silence);
  if (rc < 0)
    return rc;
  memset(pc->pcm + pc->n, 0, silence * sizeof *pc->pcm);
  pc->n += silence;
  pc->complete = true;
  return 0;
}

/* Builds in p->sub the speech text of p->st from its word `from` on: the text from the word's
 * first byte, the words shifted. */
static int build_sub(struct player *p, size_t from)
{
  const struct speech_text *st = &p->st;
  size_t cut = st->words[from].speech_start;
  size_t len = st->len - cut, n = st->n_words - from;
  char *text = realloc(p->sub.text, len + 1);
  if (!text)
    return -ENOMEM;
  p->sub.text = text;
  struct speech_word *words = realloc(p->sub.words, n * sizeof *words);
  if (!words)
    return -ENOMEM;
  p->sub.words = words;
  memcpy(text, st->text + cut, len);
  text[len] = '\0';
  p->sub.len = len;
  for (size_t i = 0; i < n; i++) {
    words[i] = st->words[from + i];
    words[i].speech_start -= cut;
    words[i].speech_end -= cut;
  }
  p->sub.n_words = n;
  return 0;
}

/* (Re)synthesises the active piece from what it says it is. A synthesis done again because
 * commands that changed nothing aborted it (PLAY while playing, a key held down) is not
 * abortable: it always completes (a few ms), so a stream of such commands cannot starve
 * reading. */
static int run_piece(struct player *p, bool abortable)
{
  struct piece *pc = &p->piece;
  if (pc->sentence == NO_SENTENCE) {
    int rc = speech_text_from_string(pc->text, &p->st);
    if (rc < 0)
      return rc;
    return synthesise(p, &p->st, NULL, ms_to_samples(p, voice(p)->sentence_pause_ms),
                      abortable);
  }
  int rc = speech_text_build(doc_of(p), pc->sentence, p->cfg.lexicon, &p->st);
  if (rc < 0)
    return rc;
  uint64_t silence = pause_after(p, pc->sentence);
  if (pc->word_base == 0 || pc->word_base >= p->st.n_words) {
    pc->word_base = 0;
    return synthesise(p, &p->st, &p->st, silence, abortable);
  }
  rc = build_sub(p, pc->word_base);
  if (rc < 0)
    return rc;
  return synthesise(p, &p->sub, &p->st, silence, abortable);
}

/* Starts synthesising sentence `sentence`, from its speech word `from` (0: all of it);
 * sent_offset is how much of the sentence was heard before that word. */
static int start_sentence(struct player *p, size_t sentence, size_t from, uint64_t sent_offset)
{
  struct piece *pc = &p->piece;
  piece_clear(pc);
  *pc = (struct piece){ .pcm = pc->pcm, .cap = pc->cap, .active = true, .sentence = sentence,
                        .word_base = from, .sent_offset = from ? sent_offset : 0 };
  trace_sentence_event(p, "sentence", sentence);
  return run_piece(p, true);
}

static int start_announcement(struct player *p, const char *text)
{
  struct piece *pc = &p->piece;
  piece_clear(pc);
  char *copy = strdup(text);
  if (!copy)
    return -ENOMEM;
  *pc = (struct piece){ .pcm = pc->pcm, .cap = pc->cap, .active = true,
                        .sentence = NO_SENTENCE, .text = copy };
  return run_piece(p, true);
}

static int apply_voice(struct player *p)
{
  int rc = tts_engine_set_voice(p->engine, voice(p));
  if (rc < 0)
    return rc;
  p->wpm = reading_clamp(voice(p)->speed, READING_SPEED_MIN, READING_SPEED_MAX);
  p->volume = reading_clamp(voice(p)->volume, READING_VOLUME_MIN, READING_VOLUME_MAX);
  rc = tts_engine_set_speed(p->engine, p->wpm);
  if (rc == 0)
    rc = tts_engine_set_volume(p->engine, p->volume);
  return rc;
}

/* ---- commands --------------------------------------------------------------------------- */

static void set_mode(struct player *p, enum player_state mode)
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
static void interrupt(struct player *p, const struct heard *h)
{
  if (h->sentence < n_sentences(p)) {
    p->position = h->sentence;
    p->carry.sentence = h->sentence;
    p->carry.para_before = h->in_paragraph > h->in_sentence ? h->in_paragraph - h->in_sentence
                                                            : 0;
  }
  sink_drop(p->cfg.sink);
  p->write_pos = sink_pos(p);
  segments_clear(p);
  piece_clear(&p->piece);
  p->stop_pending = false;
  p->ended = false;
}

/* Moves reading to sentence target (global index). */
static void go_to(struct player *p, const struct heard *h, size_t target)
{
  interrupt(p, h);
  if (target != p->carry.sentence) {
    bool same_para = paragraph_of(p, target) == paragraph_of(p, p->position);
    p->carry.sentence = target;
    p->carry.para_before = same_para && target > p->position ? h->in_paragraph : 0;
  }
  p->position = target;
  p->next_sentence = target;
  p->resume_sentence = target;
  if (p->mode == PLAYER_STATE_FINISHED)
    set_mode(p, PLAYER_STATE_PLAYING);
}

/* Re-synthesises the rest of the sentence being heard from the word being heard (speed, volume
 * or voice changed). When paused the new setting simply applies from the next sentence (an
 * announcement still being heard is cut: it could not go on with the new setting). */
static int restart_from_word(struct player *p, const struct heard *h)
{
  if (p->mode != PLAYER_STATE_PLAYING) {
    if (p->piece.active)
      interrupt(p, h);
    return 0;
  }
  struct segment *sg = p->n_segs ? &p->segs[0] : NULL;   /* what_is_heard left it first */
  if (!h->word || !sg || sg->sentence == NO_SENTENCE) {
    go_to(p, h, h->sentence);   /* no word to start from: the whole sentence again */
    return 0;
  }
  size_t from = sg->word_base + (size_t)(h->word - sg->words);
  uint64_t sent_offset = (uint64_t)(sg->start - sg->sent_origin) + h->word->start;
  size_t sentence = h->sentence;
  interrupt(p, h);
  p->next_sentence = sentence;
  int rc = start_sentence(p, sentence, from, sent_offset);
  return rc == -ECANCELED ? 0 : rc;
}

static int say(struct player *p, const struct heard *h, const char *text)
{
  trace_announce(p->cfg.trace, text);
  interrupt(p, h);
  p->next_sentence = p->position;
  int rc = start_announcement(p, text);
  return rc == -ECANCELED ? 0 : rc;
}

static void play(struct player *p, const struct heard *h)
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
  set_mode(p, PLAYER_STATE_PLAYING);
}

static void pause_reading(struct player *p, const struct heard *h)
{
  if (p->mode != PLAYER_STATE_PLAYING)
    return;
  interrupt(p, h);
  p->resume_sentence = p->position;
  set_mode(p, PLAYER_STATE_PAUSED);
}

/* The sink or espeak-ng failed: reading stops rather than spin, and the status says why. After
 * the end of the document (an announcement there) nothing more is heard either. */
static void stop_reading(struct player *p, int err)
{
  struct heard h = what_is_heard(p);
  if (p->mode == PLAYER_STATE_PLAYING)
    pause_reading(p, &h);
  else
    interrupt(p, &h);
  p->error = err;
}

/* Applies one command (not QUIT). Returns 0 or a negative code; on failure the reading
 * position is where the command put it. */
static int apply(struct player *p, const struct command *c)
{
  if (n_sentences(p) == 0 && !c->text)
    return 0;
  struct heard h = what_is_heard(p);
  size_t cur = h.sentence;
  if (cur >= n_sentences(p) && n_sentences(p))
    cur = n_sentences(p) - 1;
  size_t para = n_sentences(p) ? paragraph_of(p, cur) : 0;
  double rate = p->rate;
  if (c->text)
    return say(p, &h, c->text);
  switch (c->cmd) {
  case PLAYER_TOGGLE_PAUSE:
    if (p->mode == PLAYER_STATE_PLAYING)
      pause_reading(p, &h);
    else
      play(p, &h);
    break;
  case PLAYER_PLAY:
    play(p, &h);
    break;
  case PLAYER_PAUSE:
    pause_reading(p, &h);
    break;
  case PLAYER_NEXT_PARAGRAPH:
    if (para + 1 < doc_of(p)->n_paragraphs)
      go_to(p, &h, first_of_paragraph(p, para + 1));
    break;
  case PLAYER_PREV_PARAGRAPH:
    if ((double)h.in_paragraph / rate > RESTART_AFTER_S || para == 0)
      go_to(p, &h, first_of_paragraph(p, para));
    else
      go_to(p, &h, first_of_paragraph(p, para - 1));
    break;
  case PLAYER_NEXT_SENTENCE:
    if (cur + 1 < n_sentences(p))
      go_to(p, &h, cur + 1);
    break;
  case PLAYER_PREV_SENTENCE:
    if ((double)h.in_sentence / rate > RESTART_AFTER_S || cur == 0)
      go_to(p, &h, cur);
    else
      go_to(p, &h, cur - 1);
    break;
  case PLAYER_FIRST_PARAGRAPH:
    go_to(p, &h, 0);
    break;
  case PLAYER_LAST_PARAGRAPH:
    go_to(p, &h, first_of_paragraph(p, doc_of(p)->n_paragraphs - 1));
    break;
  case PLAYER_JUMP_SENTENCE:
    if (c->arg >= 0 && (size_t)c->arg < n_sentences(p))
      go_to(p, &h, (size_t)c->arg);
    break;
  case PLAYER_SPEED: {
    int wpm = request_after(&p->cfg, current_request(p), c).wpm;
    if (wpm == p->wpm)
      break;
    p->wpm = wpm;
    int rc = tts_engine_set_speed(p->engine, wpm);
    return rc < 0 ? rc : restart_from_word(p, &h);
  }
  case PLAYER_VOLUME: {
    int volume = request_after(&p->cfg, current_request(p), c).volume;
    if (volume == p->volume)
      break;
    p->volume = volume;
    int rc = tts_engine_set_volume(p->engine, volume);
    return rc < 0 ? rc : restart_from_word(p, &h);
  }
  case PLAYER_NEXT_VOICE: {
    if (p->cfg.n_voices < 2)
      break;
    size_t old = p->voice_index;
    int old_wpm = p->wpm, old_volume = p->volume;
    p->voice_index = request_after(&p->cfg, current_request(p), c).voice_index;
    int rc = apply_voice(p);
    if (rc < 0) {   /* a profile espeak-ng cannot use: keep the one that works, as it was */
      p->voice_index = old;
      apply_voice(p);
      p->wpm = old_wpm;
      p->volume = old_volume;
      tts_engine_set_speed(p->engine, p->wpm);
      tts_engine_set_volume(p->engine, p->volume);
      return 0;
    }
    return restart_from_word(p, &h);
  }
  case PLAYER_REPEAT_SENTENCE:
    go_to(p, &h, cur);
    break;
  case PLAYER_QUIT:
    break;
  }
  return 0;
}

/* ---- the thread ------------------------------------------------------------------------- */

static void wait_for_command(struct player *p, int timeout_ms)
{
  pthread_mutex_lock(&p->lock);
  if (p->n_queue == 0) {
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

/* One step of reading. Returns how long to wait for a command before the next step: 0 to go on
 * at once, -1 to wait for a command only. */
static int step(struct player *p, int *err)
{
  struct piece *pc = &p->piece;
  if (pc->active && (p->mode == PLAYER_STATE_PLAYING || pc->sentence == NO_SENTENCE)) {
    if (!pc->complete) {   /* a command aborted the synthesis but left the position: again */
      int rc = run_piece(p, false);
      if (rc < 0 && rc != -ECANCELED)
        *err = rc;
      return 0;
    }
    int rc = write_block(p);
    if (rc < 0)
      *err = rc;
    return rc == 0 ? FULL_WAIT_MS : 0;
  }
  if (p->mode != PLAYER_STATE_PLAYING)
    return p->n_segs > 0 && sink_pos(p) < p->write_pos ? TICK_MS : -1;
  if (!p->ended && !p->stop_pending) {
    int rc = start_sentence(p, p->next_sentence, 0, 0);
    if (rc < 0 && rc != -ECANCELED)
      *err = rc;
    return 0;
  }
  /* Everything is written: wait until it has been heard. */
  if (sink_pos(p) < p->write_pos)
    return TICK_MS;
  if (p->ended) {
    int rc = sink_drain(p->cfg.sink);   /* a recording that failed at the very end says so */
    if (rc < 0)
      *err = rc;
    p->position = n_sentences(p) - 1;
    p->ended = false;
    set_mode(p, PLAYER_STATE_FINISHED);
  } else {
    p->stop_pending = false;
    p->position = p->next_sentence;
    p->resume_sentence = p->next_sentence;
    segments_clear(p);
    set_mode(p, PLAYER_STATE_PAUSED);
  }
  return 0;
}

static void *player_main(void *arg)
{
  struct player *p = arg;
  int rc = tts_engine_new(&p->engine);
  if (rc == 0) {
    p->rate = tts_engine_sample_rate(p->engine);
    if (p->rate != sink_sample_rate(p->cfg.sink))
      rc = -EINVAL;
  }
  if (rc == 0)
    rc = apply_voice(p);
  if (rc == 0) {
    p->origin_pos = sink_position(p->cfg.sink);
    p->write_pos = (int64_t)p->origin_pos;
    size_t start = p->cfg.start_sentence < n_sentences(p) ? p->cfg.start_sentence : 0;
    p->position = p->next_sentence = p->resume_sentence = start;
    p->mode = p->cfg.start_paused ? PLAYER_STATE_PAUSED : PLAYER_STATE_PLAYING;
    if (n_sentences(p) == 0)
      p->mode = PLAYER_STATE_FINISHED;
    else
      trace_state(p->cfg.trace, p->cfg.start_paused ? "paused" : "playing");
  }
  pthread_mutex_lock(&p->lock);
  p->requested = current_request(p);
  pthread_mutex_unlock(&p->lock);
  if (rc == 0)
    publish(p);   /* before player_new returns, so the first player_status() is true */
  pthread_mutex_lock(&p->lock);
  p->started = true;
  p->start_rc = rc;
  pthread_cond_broadcast(&p->cond);
  pthread_mutex_unlock(&p->lock);
  if (rc < 0) {
    tts_engine_free(p->engine);
    p->engine = NULL;
    return NULL;
  }

  struct command *batch = NULL;
  size_t cap_batch = 0;
  bool quit = false;
  while (!quit) {
    pthread_mutex_lock(&p->lock);
    struct command *q = p->queue;
    size_t n = p->n_queue, cap = p->cap_queue;
    p->queue = batch;
    p->cap_queue = cap_batch;
    p->n_queue = 0;
    p->seen_gen = atomic_load(&p->generation);
    pthread_mutex_unlock(&p->lock);
    batch = q;
    cap_batch = cap;

    for (size_t i = 0; i < n; i++) {
      int failed;
      if (!quit && !batch[i].text && batch[i].cmd == PLAYER_QUIT)
        quit = true;
      else if (!quit && (failed = apply(p, &batch[i])) < 0)
        stop_reading(p, failed);   /* a later command in the batch (Space) may try again */
      free(batch[i].text);
      batch[i].text = NULL;
    }
    pthread_mutex_lock(&p->lock);
    p->applied += n;
    /* Every command taken is handled: what the rest leads to counts from what is in force now
     * (a voice espeak-ng refused kept the old speed and volume). */
    struct request r = current_request(p);
    for (size_t i = 0; i < p->n_queue; i++)
      r = request_after(&p->cfg, r, &p->queue[i]);
    p->requested = r;
    pthread_mutex_unlock(&p->lock);
    if (quit)
      break;
    int err = 0;
    int wait_ms = step(p, &err);
    if (err < 0) {
      stop_reading(p, err);
      wait_ms = -1;
    }
    publish(p);
    if (wait_ms != 0)
      wait_for_command(p, wait_ms);
  }
  free(batch);
  sink_drop(p->cfg.sink);
  tts_engine_free(p->engine);
  p->engine = NULL;
  return NULL;
}

/* ---- the UI side ------------------------------------------------------------------------ */

static void enqueue(struct player *p, enum player_command cmd, long arg, char *text)
{
  pthread_mutex_lock(&p->lock);
  if (p->n_queue == p->cap_queue) {
    size_t cap = p->cap_queue ? p->cap_queue * 2 : 16;
    struct command *q = realloc(p->queue, cap * sizeof *q);
    if (!q) {   /* out of memory: the command is lost, like a key not pressed */
      pthread_mutex_unlock(&p->lock);
      free(text);
      return;
    }
    p->queue = q;
    p->cap_queue = cap;
  }
  p->queue[p->n_queue] = (struct command){ .cmd = cmd, .arg = arg, .text = text };
  p->requested = request_after(&p->cfg, p->requested, &p->queue[p->n_queue]);
  p->n_queue++;
  p->sent++;
  atomic_fetch_add(&p->generation, 1);
  pthread_cond_broadcast(&p->cond);
  pthread_mutex_unlock(&p->lock);
}

void player_send(struct player *p, enum player_command cmd, long arg)
{
  enqueue(p, cmd, arg, NULL);
}

void player_say(struct player *p, const char *text)
{
  char *copy = strdup(text ? text : "");
  if (copy)
    enqueue(p, PLAYER_PLAY, 0, copy);
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

int player_new(const struct player_config *config, struct player **out)
{
  if (!config || !config->doc || !config->sink || !config->voices || config->n_voices == 0 ||
      config->voice_index >= config->n_voices)
    return -EINVAL;
  struct player *p = calloc(1, sizeof *p);
  if (!p)
    return -ENOMEM;
  p->cfg = *config;
  p->voice_index = config->voice_index;
  p->carry.sentence = NO_SENTENCE;
  p->last_wake_second = -1;
  atomic_init(&p->generation, 0);
  pthread_mutex_init(&p->lock, NULL);
  pthread_condattr_t attr;
  pthread_condattr_init(&attr);
  pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
  pthread_cond_init(&p->cond, &attr);
  pthread_condattr_destroy(&attr);
  int rc = -pthread_create(&p->thread, NULL, player_main, p);
  if (rc == 0) {
    pthread_mutex_lock(&p->lock);
    while (!p->started)
      pthread_cond_wait(&p->cond, &p->lock);
    rc = p->start_rc;
    pthread_mutex_unlock(&p->lock);
    if (rc < 0)
      pthread_join(p->thread, NULL);
  }
  if (rc < 0) {
    pthread_cond_destroy(&p->cond);
    pthread_mutex_destroy(&p->lock);
    free(p);
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
  pthread_join(p->thread, NULL);
  for (size_t i = 0; i < p->n_queue; i++)
    free(p->queue[i].text);
  free(p->queue);
  segments_clear(p);
  free(p->segs);
  piece_clear(&p->piece);
  free(p->piece.pcm);
  speech_text_free(&p->st);
  free(p->sub.text);
  free(p->sub.words);
  pthread_cond_destroy(&p->cond);
  pthread_mutex_destroy(&p->lock);
  free(p);
}
