/* The worker side of the export pipeline: with the synthesiser the parent opened, take chunks
 * until none is left, each synthesised in a child of its own, and send them to the parent as
 * frames. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "export/pipeline_internal.h"
#include "text/document.h"
#include "util/child.h"

/* What a chunk's child sends, gathered into big writes: every write to the pipe wakes the
 * parent, and wake-ups and context switches were the largest cost of the pipeline after the
 * synthesis itself (a write per 64 KB of audio and one per sentence: about 2000 for the sample
 * x5). Frames are appended to buf, audio into the AUDIO frame left open at its end, and buf is
 * written when full and at the end of the chunk. */
struct worker_out {
  int fd;
  bool failed;       /* a write failed: the parent is gone or gave up */
  size_t len;        /* bytes of buf in use */
  size_t audio_at;   /* offset of the open AUDIO frame's header in buf; SIZE_MAX if none */
  size_t cap;
  unsigned char *buf;
};

static void write_out(struct worker_out *wo)
{
  size_t done = 0;
  while (!wo->failed && done < wo->len) {
    ssize_t n = write(wo->fd, wo->buf + done, wo->len - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      wo->failed = true;
    else
      done += (size_t)n;
  }
  wo->len = 0;
}

/* Closes the open AUDIO frame: its header gets the length of the samples after it. */
static void close_audio(struct worker_out *wo)
{
  if (wo->audio_at == SIZE_MAX)
    return;
  struct frame_header h = {FRAME_AUDIO,
                           (uint32_t)(wo->len - wo->audio_at - sizeof(struct frame_header))};
  memcpy(wo->buf + wo->audio_at, &h, sizeof h);
  wo->audio_at = SIZE_MAX;
}

/* Writes out what is gathered. */
static bool flush_out(struct worker_out *wo)
{
  close_audio(wo);
  write_out(wo);
  return !wo->failed;
}

/* Appends a frame of a_len + b_len bytes of payload, writing out first if it does not fit;
 * one bigger than the whole buffer goes out on its own. */
static bool send_frame(struct worker_out *wo, uint32_t type, const void *a, size_t a_len,
                       const void *b, size_t b_len)
{
  close_audio(wo);
  struct frame_header h = {type, (uint32_t)(a_len + b_len)};
  size_t need = sizeof h + a_len + b_len;
  if (wo->len + need > wo->cap)
    write_out(wo);
  if (need > wo->cap) {
    struct iovec iov[3] = {{&h, sizeof h}, {(void *)a, a_len}, {(void *)b, b_len}};
    size_t off = 0;
    while (!wo->failed && off < need) {
      ssize_t n = writev(wo->fd, iov, 3);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        wo->failed = true;
        break;
      }
      off += (size_t)n;
      for (int i = 0; i < 3; i++) {  /* skip what was written */
        size_t used = (size_t)n < iov[i].iov_len ? (size_t)n : iov[i].iov_len;
        iov[i].iov_base = (char *)iov[i].iov_base + used;
        iov[i].iov_len -= used;
        n -= (ssize_t)used;
      }
    }
    return !wo->failed;
  }
  memcpy(wo->buf + wo->len, &h, sizeof h);
  if (a_len)
    memcpy(wo->buf + wo->len + sizeof h, a, a_len);
  if (b_len)
    memcpy(wo->buf + wo->len + sizeof h + a_len, b, b_len);
  wo->len += need;
  return !wo->failed;
}

static int worker_emit(void *ctx, const int16_t *samples, size_t n)
{
  struct worker_out *wo = ctx;
  size_t bytes = n * sizeof *samples;
  const unsigned char *from = (const unsigned char *)samples;
  while (bytes > 0 && !wo->failed) {
    if (wo->audio_at == SIZE_MAX) {
      if (wo->cap - wo->len < sizeof(struct frame_header) + sizeof *samples)
        write_out(wo);
      wo->audio_at = wo->len;
      wo->len += sizeof(struct frame_header);
    }
    size_t room = (wo->cap - wo->len) / sizeof *samples * sizeof *samples;
    size_t take = bytes < room ? bytes : room;
    memcpy(wo->buf + wo->len, from, take);
    wo->len += take;
    from += take;
    bytes -= take;
    if (wo->len + sizeof *samples > wo->cap)
      flush_out(wo);
  }
  return wo->failed ? 1 : 0;
}

static void send_error(struct worker_out *wo, int rc, const char *msg)
{
  int32_t code = rc;
  send_frame(wo, FRAME_ERROR, &code, sizeof code, msg, msg ? strlen(msg) : 0);
  flush_out(wo);
}

/* Runs in a child forked from the worker for chunk c: synthesises its sentences one after the
 * other in this process and writes the whole chunk to the worker's pipe. Never returns.
 *
 * Why a child: the synthesiser may carry state from one sentence to the next (espeak-ng does,
 * see speech/engine.c). Every chunk starts from a copy of the state the parent's synth->open
 * left, before any synthesis, which every worker inherited alike; so a chunk's samples depend
 * only on its sentences, and the chunks are cut whatever the number of workers: the audio is
 * the same for every -j. It dies with the worker (child_fork). */
static void worker_chunk(const struct export_config *cfg, struct worker_out *wo, void *state,
                         const struct chunk *ch, size_t c)
{
  const struct document *doc = cfg->doc;
  /* The chunk's own buffer, its pages made at once (MAP_POPULATE): touched one by one, each
   * page was a fault (tens of microseconds on a virtual machine), in every chunk's child. */
  void *buf = mmap(NULL, OUT_BYTES, PROT_READ | PROT_WRITE,
                   MAP_PRIVATE | MAP_ANONYMOUS | MAP_POPULATE, -1, 0);
  if (buf != MAP_FAILED) {
    wo->buf = buf;
    wo->cap = OUT_BYTES;
  }
  uint64_t index64 = c;
  send_frame(wo, FRAME_CHUNK_BEGIN, &index64, sizeof index64, NULL, 0);
  for (size_t p = ch->first_paragraph; p < ch->end_paragraph && !wo->failed; p++) {
    const struct doc_paragraph *para = &doc->paragraphs[p];
    for (size_t s = para->first_sentence; s < para->first_sentence + para->n_sentences; s++) {
      const struct export_word *words = NULL;
      size_t n_words = 0;
      int rc = cfg->synth->speak(state, s, worker_emit, wo, &words, &n_words);
      if (wo->failed)
        _exit(1);
      if (rc) {
        send_error(wo, rc, NULL);
        _exit(1);
      }
      struct sentence_frame sf = {s, 0, n_words};
      send_frame(wo, FRAME_SENTENCE, &sf, sizeof sf, words, n_words * sizeof *words);
      if (wo->failed)
        _exit(1);
    }
  }
  send_frame(wo, FRAME_CHUNK_END, &index64, sizeof index64, NULL, 0);
  flush_out(wo);
  _exit(wo->failed ? 1 : 0);
}

/* Returns true when every chunk it took was delivered. */
static bool worker_run(const struct export_config *cfg, struct worker_out *wo,
                       struct shared *shared, const struct chunk *chunks, size_t n_chunks,
                       const struct opened_synth *synth)
{
  bool ok = send_frame(wo, FRAME_HELLO, &synth->info, sizeof synth->info, NULL, 0) &&
            flush_out(wo);
  while (ok) {
    size_t c = __atomic_fetch_add(&shared->next_chunk, 1, __ATOMIC_RELAXED);
    if (c >= n_chunks)
      break;
    pid_t pid = child_fork();
    if (pid == 0)
      worker_chunk(cfg, wo, synth->state, &chunks[c], c);
    if (pid < 0) {
      /* Nothing of the chunk was sent: the stream is still whole. */
      send_error(wo, pid, NULL);
      ok = false;
      break;
    }
    int status = 0;
    pid_t got;
    while ((got = waitpid(pid, &status, 0)) < 0 && errno == EINTR)
      ;
    /* A chunk that failed has said why in an ERROR frame, or ended its stream mid-frame
     * (crashed): either way the worker sends nothing more. */
    ok = got == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
  }
  /* The synthesiser is the parent's (a copy of it): closed there, not in each worker. */
  return ok;
}

void pipeline_worker_main(const struct export_config *cfg, int wfd, struct shared *shared,
                          const struct chunk *chunks, size_t n_chunks,
                          const struct opened_synth *synth, const sigset_t *old_mask)
{
  /* The parent's handlers would remove its temporary files: never run them here. Ctrl-C goes
   * to the whole process group; the parent decides and kills the workers. */
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  sigprocmask(SIG_SETMASK, old_mask, NULL);
  close(cfg->fd);
  /* Only the parent talks to the user: a worker reports failures in an ERROR frame. */
  if (!getenv("LECTOR_WORKER_STDERR"))
    child_quiet_output();


  /* The worker itself only sends HELLO and ERROR: a small buffer (a chunk's child maps a big
   * one). */
  static unsigned char small[4096];
  struct worker_out wo = {.fd = wfd, .audio_at = SIZE_MAX, .cap = sizeof small, .buf = small};
  bool ok = worker_run(cfg, &wo, shared, chunks, n_chunks, synth);
  close(wfd);
  /* _exit: no atexit handlers or stdio buffers of the parent run twice. */
  _exit(ok ? 0 : 1);
}
