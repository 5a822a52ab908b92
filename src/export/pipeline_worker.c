/* The worker side of the export pipeline: with the synthesiser the parent opened, take chunks
 * until none is left, each synthesised in a child of its own; the samples go into the worker's
 * audio ring, the sentences and their words to the parent as frames. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "export/pipeline_internal.h"
#include "util/child.h"

struct worker_out {
  int fd;        /* the pipe to the parent */
  int audio_fd;  /* the audio ring's memfd */
  struct audio_ring *ring;
  struct shared *shared;
  size_t chunk;  /* the chunk being synthesised */
  bool failed;   /* a write failed: the parent is gone or gave up, or no room for the audio */
  int audio_error;           /* the errno of a failed write to the audio ring, else 0 */
  uint64_t sentence_start;   /* where the audio of the sentence being synthesised begins */
  size_t n;
  int16_t audio[AUDIO_WRITE_SAMPLES];
};

static bool send_frame(struct worker_out *wo, uint32_t type, const void *a, size_t a_len,
                       const void *b, size_t b_len)
{
  struct frame_header h = {type, (uint32_t)(a_len + b_len)};
  struct iovec iov[3] = {{&h, sizeof h}, {(void *)a, a_len}, {(void *)b, b_len}};
  int iovcnt = 3;
  struct iovec *v = iov;
  while (!wo->failed && iovcnt > 0) {
    ssize_t n = writev(wo->fd, v, iovcnt);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      wo->failed = true;
      break;
    }
    while (iovcnt > 0 && (size_t)n >= v->iov_len) {
      n -= (ssize_t)v->iov_len;
      v++;
      iovcnt--;
    }
    if (iovcnt > 0) {
      v->iov_base = (char *)v->iov_base + n;
      v->iov_len -= (size_t)n;
    }
  }
  return !wo->failed;
}

/* Writes len bytes at byte `at` of the ring (at % size, going round at its end). */
static int ring_write(struct worker_out *wo, const char *data, size_t len, uint64_t at)
{
  uint64_t size = wo->shared->ring_size;
  while (len > 0) {
    uint64_t off = at % size;
    size_t part = len < size - off ? len : (size_t)(size - off);
    ssize_t n = pwrite(wo->audio_fd, data, part, (off_t)off);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return n < 0 ? -errno : -ENOSPC;
    data += n;
    len -= (size_t)n;
    at += (uint64_t)n;
  }
  return 0;
}

/* Writes the gathered samples into the ring as the parent makes room for them. */
static bool flush_audio(struct worker_out *wo)
{
  if (wo->n == 0 || wo->failed)
    return !wo->failed;
  const char *data = (const char *)wo->audio;
  size_t len = wo->n * sizeof wo->audio[0];
  while (len > 0) {
    int64_t room = pipeline_wait_for_room(wo->shared, wo->ring, wo->chunk, wo->sentence_start);
    int rc = room < 0 ? (int)room : 0;
    size_t take = room > 0 && (uint64_t)room < len ? (size_t)room : len;
    uint64_t at = wo->ring->written;
    if (!rc)
      rc = ring_write(wo, data, take, at);
    if (rc) {
      wo->audio_error = -rc;
      wo->failed = true;
      return false;
    }
    __atomic_store_n(&wo->ring->written, at + take, __ATOMIC_RELEASE);
    uint64_t held = at + take - __atomic_load_n(&wo->ring->read, __ATOMIC_ACQUIRE);
    uint64_t most = __atomic_load_n(&wo->shared->held_max, __ATOMIC_RELAXED);
    while (held > most && !__atomic_compare_exchange_n(&wo->shared->held_max, &most, held, true,
                                                       __ATOMIC_RELAXED, __ATOMIC_RELAXED))
      ;
    data += take;
    len -= take;
  }
  wo->n = 0;
  return true;
}

static int worker_emit(void *ctx, const int16_t *samples, size_t n)
{
  struct worker_out *wo = ctx;
  while (n > 0 && !wo->failed) {
    size_t room = AUDIO_WRITE_SAMPLES - wo->n;
    size_t take = n < room ? n : room;
    memcpy(wo->audio + wo->n, samples, take * sizeof *samples);
    wo->n += take;
    samples += take;
    n -= take;
    if (wo->n == AUDIO_WRITE_SAMPLES)
      flush_audio(wo);
  }
  return wo->failed ? 1 : 0;
}

static void send_error(struct worker_out *wo, int rc, const char *msg)
{
  int32_t code = rc;
  send_frame(wo, FRAME_ERROR, &code, sizeof code, msg, msg ? strlen(msg) : 0);
}

/* Runs in a child forked from the worker for chunk c: synthesises its sentences one after the
 * other in this process, writes their samples into the worker's audio ring (each chunk after
 * the last: `written` is in shared memory) and sends their frames. Never returns.
 *
 * Why a child: the synthesiser may carry state from one sentence to the next (espeak-ng does,
 * see speech/engine.c). Every chunk starts from a copy of the state the parent's synth->open
 * left, before any synthesis, which every worker inherited alike; so a chunk's samples depend
 * only on its sentences, and the chunks are cut whatever the number of workers: the audio is
 * the same for every -j. It dies with the worker (child_fork). */
static void worker_chunk(const struct export_config *cfg, struct worker_out *wo, void *state,
                         const struct chunk *ch, size_t c)
{
  uint64_t index64 = c;
  wo->chunk = c;
  send_frame(wo, FRAME_CHUNK_BEGIN, &index64, sizeof index64, NULL, 0);
  for (size_t s = ch->first_sentence; s < ch->end_sentence && !wo->failed; s++) {
    const struct export_word *words = NULL;
    size_t n_words = 0;
    wo->sentence_start = wo->ring->written;
    int rc = cfg->synth->speak(state, s, worker_emit, wo, &words, &n_words);
    if (!rc)
      flush_audio(wo);
    if (wo->audio_error) {
      /* The audio could not be written (a sentence longer than the ring, no memory left): the
       * parent says why. */
      int32_t code = -wo->audio_error;
      wo->failed = false;
      send_frame(wo, FRAME_AUDIO_ERROR, &code, sizeof code, NULL, 0);
      _exit(1);
    }
    if (wo->failed)
      _exit(1);
    if (rc) {
      send_error(wo, rc, NULL);
      _exit(1);
    }
    /* All of its audio is in the ring now (flushed): its samples are what it added there. */
    uint64_t n_samples = (wo->ring->written - wo->sentence_start) / sizeof(int16_t);
    struct sentence_frame sf = {s, n_samples, n_words};
    send_frame(wo, FRAME_SENTENCE, &sf, sizeof sf, words, n_words * sizeof *words);
    if (wo->failed)
      _exit(1);
  }
  send_frame(wo, FRAME_CHUNK_END, &index64, sizeof index64, NULL, 0);
  _exit(wo->failed ? 1 : 0);
}

/* Returns true when every chunk it took was delivered. */
static bool worker_run(const struct export_config *cfg, struct worker_out *wo,
                       struct shared *shared, const struct chunk *chunks, size_t n_chunks,
                       const struct opened_synth *synth)
{
  bool ok = send_frame(wo, FRAME_HELLO, &synth->info, sizeof synth->info, NULL, 0);
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

void pipeline_worker_main(const struct export_config *cfg, int wfd, int audio_fd,
                          struct audio_ring *ring, struct shared *shared,
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

  struct worker_out *wo = malloc(sizeof *wo);
  if (!wo)
    _exit(1);
  wo->fd = wfd;
  wo->audio_fd = audio_fd;
  wo->ring = ring;
  wo->shared = shared;
  wo->chunk = 0;
  wo->failed = false;
  wo->audio_error = 0;
  wo->n = 0;
  bool ok = worker_run(cfg, wo, shared, chunks, n_chunks, synth);
  close(wfd);
  close(audio_fd);
  free(wo);
  /* _exit: no atexit handlers or stdio buffers of the parent run twice. */
  _exit(ok ? 0 : 1);
}
