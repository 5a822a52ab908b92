/* Synthesis and writing to the sink, on the player thread (see player.h and
 * player_internal.h).
 *
 * The player synthesises a sentence into memory (espeak-ng runs about 1000x real time),
 * followed by the pause the voice profile asks for as silence, and writes it to the sink in
 * blocks of BLOCK_MS, never more than the sink takes without blocking (it holds ~100 ms): the
 * first blocks already from the synthesis callback, so the first audio of a sentence reaches the
 * sink about a millisecond after a skip, the rest from the thread's loop. When a sentence is all
 * in the sink, the next one is synthesised at once, so the sink never runs dry between sentences
 * (work ahead) and a skip only has ~100 ms of queued audio to drop. A synthesis in progress
 * aborts from the callback when a command bumps `generation`. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "player/player_internal.h"

void player_trace_sentence(const struct player *p, const char *event, size_t sentence)
{
  size_t para = player_paragraph_of(p, sentence);
  trace_position(p->cfg.trace, event, para,
                 sentence - player_doc(p)->paragraphs[para].first_sentence);
}

void player_piece_clear(struct piece *pc)
{
  free(pc->words);
  free(pc->text);
  int16_t *pcm = pc->pcm;
  size_t cap = pc->cap;
  *pc = (struct piece){ .pcm = pcm, .cap = cap };
}

static int push_segment(struct player *p)
{
  struct piece *pc = &p->piece;
  struct timeline_piece tp = {
    .sentence = pc->sentence,
    .paragraph = pc->sentence == TIMELINE_NONE ? TIMELINE_NONE
                                               : player_paragraph_of(p, pc->sentence),
    .start = p->write_pos,
    .sent_offset = pc->sent_offset,
    .word_base = pc->word_base,
    .words = pc->words,
    .n_words = pc->n_words,
  };
  int rc = timeline_push(&p->timeline, &tp);
  if (rc < 0)
    return rc;
  pc->words = NULL;
  pc->n_words = 0;
  pc->pushed = true;
  return 0;
}

static bool is_last_in_paragraph(const struct player *p, size_t sentence)
{
  const struct doc_paragraph *para = &player_doc(p)->paragraphs[player_paragraph_of(p, sentence)];
  return sentence + 1 >= para->first_sentence + para->n_sentences;
}

/* The piece is all in the sink: reading moves on. */
static void piece_finished(struct player *p)
{
  size_t sentence = p->piece.sentence;
  player_piece_clear(&p->piece);
  if (sentence == TIMELINE_NONE)
    return;
  p->next_sentence = sentence + 1;
  if (p->next_sentence >= player_n_sentences(p))
    p->ended = true;
  else if (p->cfg.stop_after_paragraph && is_last_in_paragraph(p, sentence))
    p->stop_pending = true;
}

/* Writes the next block of the piece if it is synthesised and the sink has room. Returns 1 when
 * it wrote (or finished the piece), 0 when it must wait, or a negative code. */
int player_write_block(struct player *p)
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
    timeline_extend(&p->timeline, n);
  }
  if (first && pc->sentence != TIMELINE_NONE)
    player_trace_sentence(p, "audio", pc->sentence);
  if (pc->complete && pc->done >= pc->n)
    piece_finished(p);
  return 1;
}

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

struct synth_call {
  struct player *p;
  bool abortable;
  int err;
};

/* The synthesiser's audio: into the piece, and on to the sink as far as it has room. Aborts
 * when a command came in since the queue was last read. */
static int on_audio(void *user, const int16_t *samples, size_t n)
{
  struct synth_call *sy = user;
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
  while ((rc = player_write_block(sy->p)) > 0)
    ;
  if (rc < 0) {
    sy->err = rc;
    return 1;
  }
  return 0;
}

/* The words of a finished synthesis: their document spans (from words_of, starting at the
 * piece's word_base) and times, to the piece or, when its audio already plays, its segment. */
static int learn_words(struct player *p, const struct speech_text *words_of,
                       const struct tts_word_time *times, size_t n)
{
  struct piece *pc = &p->piece;
  struct timeline_word *words = calloc(n, sizeof *words);
  if (!words)
    return -ENOMEM;
  for (size_t i = 0; i < n; i++) {
    const struct speech_word *w = &words_of->words[pc->word_base + i];
    words[i] = (struct timeline_word){ .doc_start = w->doc_start, .doc_end = w->doc_end,
                                       .start = times[i].start };
  }
  if (pc->pushed) {
    timeline_set_words(&p->timeline, words, n);
  } else {
    pc->words = words;
    pc->n_words = n;
  }
  return 0;
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
  struct synth_call sy = { .p = p, .abortable = abortable };
  player_cancel_by_commands(p, abortable);
  int rc = p->synth->speak(p->engine, st, on_audio, &sy, times);
  if (sy.err)
    rc = sy.err;
  if (rc == 0 && times)
    rc = learn_words(p, words_of, times, st->n_words);
  free(times);
  if (rc == 0 && words_of)
    player_ahead_keep(p, st);
  if (rc == 0)
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

/* Silence after a sentence, from the voice profile at the speed in force. */
static uint64_t pause_after(const struct player *p, size_t sentence)
{
  struct reading_pauses pauses = reading_pauses_of(&p->cfg.voices[p->in_force.voice_index]);
  pauses.wpm = p->in_force.wpm;   /* the speed the keys chose: pauses shrink with it */
  return reading_ms_to_samples(reading_pause_ms(&pauses, player_doc(p), sentence,
                                                p->cfg.stop_after_paragraph), p->rate);
}

int player_speech_of(struct player *p, size_t sentence, size_t *from,
                     const struct speech_text **out)
{
  int rc = speech_text_build(player_doc(p), sentence, p->cfg.lexicon, &p->st);
  if (rc < 0)
    return rc;
  *out = &p->st;
  if (*from == 0 || *from >= p->st.n_words) {
    *from = 0;
    return 0;
  }
  *out = &p->sub;
  return build_sub(p, *from);
}

/* (Re)synthesises the active piece from what it says it is. A synthesis done again because
 * commands that changed nothing aborted it (PLAY while playing, a key held down) is not
 * abortable: it always completes (a few ms), so a stream of such commands cannot starve
 * reading. */
int player_run_piece(struct player *p, bool abortable)
{
  struct piece *pc = &p->piece;
  if (pc->sentence == TIMELINE_NONE) {
    int rc = speech_text_from_string(pc->text, &p->st);
    if (rc < 0)
      return rc;
    int ms = reading_pause_scaled(p->cfg.voices[p->in_force.voice_index].sentence_pause_ms,
                                  p->in_force.wpm);
    return synthesise(p, &p->st, NULL, reading_ms_to_samples(ms, p->rate), abortable);
  }
  const struct speech_text *st;
  int rc = player_speech_of(p, pc->sentence, &pc->word_base, &st);
  if (rc < 0)
    return rc;
  return synthesise(p, st, &p->st, pause_after(p, pc->sentence), abortable);
}

/* Starts synthesising sentence `sentence`, from its speech word `from` (0: all of it);
 * sent_offset is how much of the sentence was heard before that word. */
int player_start_sentence(struct player *p, size_t sentence, size_t from, uint64_t sent_offset)
{
  struct piece *pc = &p->piece;
  player_piece_clear(pc);
  *pc = (struct piece){ .pcm = pc->pcm, .cap = pc->cap, .active = true, .sentence = sentence,
                        .word_base = from, .sent_offset = from ? sent_offset : 0 };
  player_trace_sentence(p, "sentence", sentence);
  int rc = player_ahead_play(p);
  return rc < 0 ? rc : player_run_piece(p, true);
}

int player_start_announcement(struct player *p, const char *text)
{
  struct piece *pc = &p->piece;
  player_piece_clear(pc);
  char *copy = strdup(text);
  if (!copy)
    return -ENOMEM;
  *pc = (struct piece){ .pcm = pc->pcm, .cap = pc->cap, .active = true,
                        .sentence = TIMELINE_NONE, .text = copy };
  return player_run_piece(p, true);
}
