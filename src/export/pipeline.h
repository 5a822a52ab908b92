/* The export pipeline: worker processes synthesise disjoint runs of sentences, the parent
 * reassembles them in document order, inserts the pauses, encodes and records the times.
 *
 * Processes: export_run() opens the synthesiser (synth->open, once) and forks `jobs` workers,
 * which inherit it as open left it: the parent never synthesises.
 * The sentences are cut into runs ("chunks"); a free worker takes the next chunk nobody has
 * taken (a counter in shared memory), so chunks are taken in increasing order. It writes the
 * samples into its own audio ring (a memfd used as a ring buffer) and sends the sentences and
 * their words through its own pipe. The parent consumes chunk 0, 1, 2, ... from whichever
 * worker holds it, so it only ever waits for the worker whose chunk it needs next, which waits
 * for nothing but room in its ring, made as the parent reads each sentence it has finished: no
 * deadlock (a sentence longer than the ring fails the export). The others run ahead until
 * their ring is full (audio_ring_bytes). Memory is bounded whatever the length of the text.
 *
 * The audio does not depend on `jobs`: the chunks are cut from the text alone (see
 * EXPORT_CHUNK_SHARE), each chunk is synthesised in a fresh child forked from its worker's
 * copy of the state synth->open left (before any synthesis; the same in every worker), and
 * the pauses are inserted by the parent. So the synthesiser may carry state from one sentence to
 * the next within a chunk (espeak-ng does), and need not isolate sentences itself.
 *
 * Workers die with the parent (PR_SET_PDEATHSIG) and are always reaped before export_run
 * returns. */
#ifndef LECTOR_EXPORT_PIPELINE_H
#define LECTOR_EXPORT_PIPELINE_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>

#include "export/encoder.h"
#include "speech/reading_rules.h"

struct document;
struct sidecar;

/* The chunks, cut at sentence ends, must not depend on the number of workers, since each chunk
 * is synthesised from the same clean state: its cut points decide the samples. A chunk ends at
 * the first sentence end past 1/EXPORT_CHUNK_SHARE of the text not yet planned, kept within
 * [EXPORT_CHUNK_MIN_TEXT, EXPORT_CHUNK_MAX_TEXT] bytes (guided scheduling): about 2400 audio
 * bytes per text byte at 175 wpm and 22050 Hz, so 4096 bytes are 160 ms of synthesis and 10 MB
 * of audio, 256 bytes 10 ms. Each chunk costs a fork of a worker (about 3 MB resident), its
 * exit and its copy-on-write faults. The small chunks at the end let the workers finish
 * together: when one runs out of chunks, the other has at most a small one left. On the sample
 * x5 (9 chunks; 8 with a minimum of 1024), 256 against 1024 took 11-19 ms off a 0.64 s WAV
 * export (interleaved runs; 128 gained nothing more): with 1024, perf sched showed one CPU idle
 * for the last 46 ms. */
#define EXPORT_CHUNK_SHARE 2
#define EXPORT_CHUNK_MIN_TEXT 256
#define EXPORT_CHUNK_MAX_TEXT 4096

/* A word of a sentence: its display span in the document and when it is heard, in samples from
 * the sentence's first sample. */
struct export_word {
  uint64_t doc_start, doc_end;
  uint64_t start, end;
};

/* What a worker's synthesiser says about itself once opened. */
struct export_voice_info {
  int sample_rate;
  char voice[64];  /* name to record in the sidecar */
  struct reading_pauses pauses;
};

typedef int (*export_emit_fn)(void *ctx, const int16_t *samples, size_t n);

/* The synthesiser: open and close in the parent (export_run, before the workers fork and after
 * they end), speak in a worker's child of the chunk (see above). */
struct export_synth_ops {
  /* Creates the synthesiser the workers inherit. Returns 0 or a negative code (e.g.
   * LECTOR_EVOICE), then possibly with a one-line explanation in msg (for the parent to print). */
  int (*open)(void *user, void **state, struct export_voice_info *info, char *msg,
              size_t msg_len);
  /* Synthesises sentence s of the document, passing its audio to emit (which returns non-zero
   * when the worker must stop). *words receives the sentence's words (owned by state, valid
   * until the next call). Returns 0 or a negative code. */
  int (*speak)(void *state, size_t s, export_emit_fn emit, void *ctx,
               const struct export_word **words, size_t *n_words);
  void (*close)(void *state);
};

struct export_progress {
  size_t sentences_done, n_sentences;
  double audio_seconds;  /* of audio written so far */
};

struct export_config {
  const struct document *doc;           /* borrowed */
  int jobs;                             /* worker processes, >= 1 */
  const struct export_synth_ops *synth;
  void *synth_user;                     /* passed to synth->open */

  int fd;                               /* the output file (borrowed, empty, seekable) */
  enum encoder_format format;
  const char *title, *artist;           /* tags; may be NULL */

  struct sidecar *sidecar;              /* borrowed; filled with the times; may be NULL */

  /* Called in the parent after each sentence is encoded; may be NULL. */
  void (*progress)(void *user, const struct export_progress *p);
  void *progress_user;

  /* Set (by a signal handler) to stop early: export_run returns -ECANCELED. May be NULL. */
  volatile sig_atomic_t *cancel;

  /* The bytes of each worker's audio ring, the audio it may hold before the parent encodes it;
   * 0: the default (AUDIO_RING in pipeline_internal.h). Tests make it small. */
  size_t audio_ring_bytes;
};

enum export_stage {
  EXPORT_OK,
  EXPORT_FAILED_SYNTH,   /* synth->open or a worker failed, or one died; rc says why */
  EXPORT_FAILED_OUTPUT,  /* encoding or writing the output failed (-ENOSPC, LECTOR_EENCODE) */
  EXPORT_FAILED_SYSTEM,  /* fork, pipe, memory */
  EXPORT_CANCELLED,
};

struct export_result {
  enum export_stage stage;
  struct export_voice_info voice;  /* as synth->open reported it */
  char message[256];               /* synth->open's or a worker's explanation, or "" */
  int sample_rate;                 /* of the file written (after resampling) */
  uint64_t frames;                 /* in the file written */
  /* Where the time went, for bench/export: CPU seconds of the synthesis processes (all workers
   * and their children together) and of the parent's encoding (encoder calls only). On n cores
   * the run cannot take less than max(synth_cpu / n, encode_cpu). */
  double synth_cpu, encode_cpu;
  /* CPU seconds of the parent during the run: opening the synthesiser once for the workers,
   * the encoding, reading the workers' streams, reassembling, timing. */
  double parent_cpu;
  /* Seconds from the start of export_run to the workers' fork (what the start-up costs inside
   * the run: opening the synthesiser) and to the last chunk's arrival (then only the encoder's
   * close and the workers' exit are left), for LECTOR_BENCH_STATS. */
  double forked_at, synth_end_at;
  /* The most audio bytes a worker's ring held, not yet encoded: never more than the ring. */
  uint64_t held_audio_max;
};

/* Runs the export; the file on cfg->fd is complete (but not tagged by TagLib, see
 * encoder_tag_file) when it returns 0. Returns 0 or a negative code, with res->stage saying which
 * part failed. */
int export_run(const struct export_config *cfg, struct export_result *res);

/* The number of online CPUs (at least 1). */
int export_default_jobs(void);

/* The default for jobs when writing format: every CPU where the encoding is light (WAV, FLAC),
 * one fewer (at least 1) where it is the longest part of the run (Vorbis, Opus, MP3 take 2 to 4
 * times the synthesis' CPU): the parent encoding then has a core of its own instead of sharing
 * two with the workers, and the run ends with the encoding. */
int export_default_jobs_for(enum encoder_format format);

#endif
