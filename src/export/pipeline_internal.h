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
 * is HELLO (or ERROR), then for each chunk it takes: CHUNK_BEGIN, a SENTENCE per sentence, then
 * CHUNK_END. ERROR or AUDIO_ERROR may come at any point and ends the stream.
 *
 * The samples do not go through the pipe: a worker writes them into its audio ring, a memfd
 * used as a ring buffer (struct audio_ring), sentence after sentence, and a SENTENCE frame says
 * how many samples its sentence added. The parent reads them from there in the same order, from
 * where the worker's previous sentence ended. Through the pipe, each sample was copied four
 * times (into the worker's frame, the pipe, the parent's read-ahead, the encoder's buffer) and
 * the parent's share of a WAV export was a tenth of the run's CPU; now the worker writes it
 * once and the parent reads it once (measured on the sample x5: the parent's CPU 0.08 ->
 * 0.05 s, the whole run's 1.22 -> 1.20 s; the wall time moved less than the noise of a shared
 * 2-core machine). The ring's pages are written again lap after lap, never freed
 * and allocated again, and the file never grows past the ring: a file size limit (ulimit -f)
 * bounds the output, not this. */
enum frame_type {
  FRAME_HELLO = 1,   /* struct export_voice_info */
  FRAME_SENTENCE,    /* struct sentence_frame + n_words struct export_word */
  FRAME_CHUNK_BEGIN, /* uint64_t chunk index */
  FRAME_CHUNK_END,   /* uint64_t chunk index */
  FRAME_ERROR,       /* int32_t code, then optionally a message (not NUL-terminated) */
  FRAME_AUDIO_ERROR, /* int32_t code: writing to the audio file failed */
};

struct frame_header {
  uint32_t type, len;
};

struct sentence_frame {
  uint64_t sentence, n_samples, n_words;
};

/* Samples a worker gathers before a write to its audio file. */
#define AUDIO_WRITE_SAMPLES 32768
/* A frame longer than this is a protocol error (a sentence of 2M words). */
#define MAX_FRAME (64u << 20)
/* The bytes of a worker's audio ring: the audio of a chunk of EXPORT_CHUNK_MAX_TEXT at 175 wpm,
 * so that a worker one chunk ahead of the parent does not wait; at most AUDIO_RINGS_MAX for all
 * the workers, and never more than the file size limit. The default of
 * export_config.audio_ring_bytes. A ring must hold a sentence's audio (the parent reads a
 * sentence once it is whole): 400 bytes of text (SEGMENT_MAX_SENTENCE_BYTES) at 80 wpm are
 * about 2.5 MB; a sentence that does not fit fails the export with EFBIG. */
#define AUDIO_RING (12u << 20)
#define AUDIO_RINGS_MAX (192u << 20)

/* Sentences [first_sentence, end_sentence) of the document. */
struct chunk {
  size_t first_sentence, end_sentence;
};

/* A worker's audio ring: byte k of its audio is at k % size of its memfd. The worker (its chunk
 * children one after the other) advances `written`, the parent `read`; the worker waits while
 * the ring is full. Both only grow. */
struct audio_ring {
  uint64_t written;   /* atomic */
  uint64_t read;      /* atomic */
};

/* Shared by the parent and the workers (an anonymous shared mapping made before fork): the
 * next chunk nobody has taken yet, and the rings. A worker takes chunks as it becomes free, so
 * the slowest chunk never holds an idle worker back for more than its own length. */
struct shared {
  size_t next_chunk;  /* atomic */
  uint32_t wanted;    /* atomic; the chunk the parent encodes now */
  uint32_t reads;     /* atomic; bumped whenever the parent reads audio or moves on to another
                       * chunk (a futex the workers wait on for room) */
  uint32_t waiting;   /* atomic; workers waiting on `reads`: the parent wakes none when 0 */
  uint64_t ring_size; /* bytes of every ring: even, so that no sample straddles the wrap */
  uint64_t held_max;  /* atomic; the most bytes a ring has held */
  struct audio_ring rings[];  /* one per worker */
};

/* The synthesiser as the parent opened it, before forking the workers (synth->open). */
struct opened_synth {
  void *state;
  struct export_voice_info info;
};

/* ---- worker side (pipeline_worker.c) ---- */

/* In a worker right after fork: runs the worker (takes chunks until none is left) and exits
 * with status 0 when every chunk it took was delivered. Never returns. wfd is its pipe's write
 * end, audio_fd and ring its audio ring; old_mask is the signal mask to restore once the
 * handlers are reset. */
void pipeline_worker_main(const struct export_config *cfg, int wfd, int audio_fd,
                          struct audio_ring *ring, struct shared *shared,
                          const struct chunk *chunks, size_t n_chunks,
                          const struct opened_synth *synth, const sigset_t *old_mask)
  __attribute__((noreturn));

/* ---- parent side ---- */

struct worker {
  pid_t pid;       /* 0 once reaped */
  int fd;          /* read end of its pipe; -1 once closed */
  int audio_fd;    /* its audio ring's memfd; -1 once closed */
  struct audio_ring *ring;  /* in shared */
  bool eof;
  long chunk;      /* the chunk its stream is in (CHUNK_BEGIN consumed), -1 between chunks */
  unsigned char *buf;     /* frames read and not yet handled */
  size_t head, len, cap;  /* unread bytes are buf[head, len) */
};

struct parent {
  const struct export_config *cfg;
  struct opened_synth synth;  /* state NULL until opened */
  struct shared *shared;
  size_t shared_size;
  struct worker *workers;
  int jobs;
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

/* In a worker, before it writes audio into `ring` for `chunk`, in a sentence whose audio begins
 * at byte sentence_start of the ring: waits until the ring has room, and returns how many
 * bytes (> 0), or -EFBIG when the sentence alone fills the ring, which the parent will never
 * read before the sentence ends (pipeline.c). */
int64_t pipeline_wait_for_room(struct shared *shared, struct audio_ring *ring, size_t chunk,
                               uint64_t sentence_start);

/* In the parent, once it has read audio or moved on to another chunk: wakes the workers
 * waiting in pipeline_wait_for_room. */
void pipeline_room_made(struct shared *shared);

/* CPU seconds used so far by the calling thread. */
double pipeline_thread_cpu(void);

/* Reads the workers' streams and encodes chunk 0, 1, 2, ... in order until all n_chunks are
 * encoded (pipeline_reassemble.c). Returns 0 or a negative code, *stage saying which part
 * failed. */
int pipeline_reassemble(struct parent *pa, size_t n_chunks, enum export_stage *stage);

#endif
