/* Shared by the files of the export pipeline (pipeline.c: processes and the run;
 * pipeline_worker.c: what a worker does; pipeline_reassemble.c: the parent putting the workers'
 * streams back in document order). Nothing outside src/export/pipeline*.c includes it. */
#ifndef LECTOR_EXPORT_PIPELINE_INTERNAL_H
#define LECTOR_EXPORT_PIPELINE_INTERNAL_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "export/pipeline.h"

/* Worker -> parent: a stream of frames, each a header and len bytes of payload, in the
 * machine's byte order (both ends are the same program on the same machine). A worker's stream
 * is HELLO (or ERROR), then for each chunk it takes: CHUNK_BEGIN, for each sentence AUDIO...
 * SENTENCE, then CHUNK_END. ERROR may come at any point and ends the stream. */
enum frame_type {
  FRAME_HELLO = 1,   /* struct export_voice_info */
  FRAME_AUDIO,       /* int16_t samples */
  FRAME_SENTENCE,    /* struct sentence_frame + n_words struct export_word */
  FRAME_CHUNK_BEGIN, /* uint64_t chunk index */
  FRAME_CHUNK_END,   /* uint64_t chunk index */
  FRAME_ERROR,       /* int32_t code, then optionally a message (not NUL-terminated) */
};

struct frame_header {
  uint32_t type, len;
};

struct sentence_frame {
  uint64_t sentence, n_samples, n_words;
};

/* Samples per AUDIO frame sent by a worker. Frames are written as they are made (audio every
 * 64 KB, then its sentence): gathering them into 128 or 512 KB writes saved a tenth of the
 * parent's CPU, but a write that does not fit in the pipe stalls the synthesis until the parent
 * has read, and on a loaded machine the export took 20-35% longer (measured, interleaved). */
#define AUDIO_FRAME_SAMPLES 32768
/* A frame longer than this is a protocol error (a sentence of 2M words). */
#define MAX_FRAME (64u << 20)
/* Read-ahead the parent keeps per worker: the audio of a chunk of EXPORT_CHUNK_MAX_TEXT at
 * 175 wpm, so that a worker one whole chunk ahead of the parent does not wait for it; less
 * (not under READ_AHEAD_MIN) when that would take more than READ_AHEAD_BUDGET for all workers
 * together. Mapped only as it fills (huge pages, see pipeline_reassemble.c). */
#define READ_AHEAD (12u << 20)
#define READ_AHEAD_MIN (1u << 20)
#define READ_AHEAD_BUDGET (192u << 20)

/* Sentences [first_sentence, end_sentence) of the document. */
struct chunk {
  size_t first_sentence, end_sentence;
};

/* Shared by the parent and the workers (an anonymous shared mapping made before fork): the
 * next chunk nobody has taken yet. A worker takes chunks as it becomes free, so the slowest
 * chunk never holds an idle worker back for more than its own length. */
struct shared {
  size_t next_chunk;  /* atomic */
};

/* The synthesiser as the parent opened it, before forking the workers (synth->open). */
struct opened_synth {
  void *state;
  struct export_voice_info info;
};

/* ---- worker side (pipeline_worker.c) ---- */

/* In a worker right after fork: runs the worker (takes chunks until none is left) and exits
 * with status 0 when every chunk it took was delivered. Never returns. old_mask is the signal
 * mask to restore once the handlers are reset. */
void pipeline_worker_main(const struct export_config *cfg, int wfd, struct shared *shared,
                          const struct chunk *chunks, size_t n_chunks,
                          const struct opened_synth *synth, const sigset_t *old_mask)
  __attribute__((noreturn));

/* ---- parent side ---- */

struct worker {
  pid_t pid;       /* 0 once reaped */
  int fd;          /* read end of its pipe; -1 once closed */
  bool eof;
  long chunk;      /* the chunk its stream is in (CHUNK_BEGIN consumed), -1 between chunks */
  unsigned char *buf;     /* mapped by itself (huge pages); pipeline_buffer_free */
  size_t head, len, cap;  /* unread bytes are buf[head, len) */
};

struct parent {
  const struct export_config *cfg;
  struct opened_synth synth;  /* state NULL until opened */
  struct shared *shared;
  struct worker *workers;
  int jobs;
  size_t read_ahead;
  struct encoder *enc;
  bool have_voice;
  struct export_voice_info voice;
  uint64_t pos;             /* input samples encoded so far */
  uint64_t sentence_start;  /* input sample where the next sentence begins */
  size_t next_sentence;     /* the sentence expected next, in document order */
  struct sidecar_word *words;
  size_t cap_words;
  char message[256];        /* from a worker's ERROR frame */
  double encode_cpu;        /* CPU seconds spent in the encoder (export_result.encode_cpu) */
};

/* Unmaps a worker's read-ahead buffer (pipeline_reassemble.c). */
void pipeline_buffer_free(struct worker *w);

/* CPU seconds used so far by the calling thread. */
double pipeline_thread_cpu(void);

/* Reads the workers' streams and encodes chunk 0, 1, 2, ... in order until all n_chunks are
 * encoded (pipeline_reassemble.c). Returns 0 or a negative code, *stage saying which part
 * failed. */
int pipeline_reassemble(struct parent *pa, size_t n_chunks, enum export_stage *stage);

#endif
