#include "export/pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "export/sidecar.h"
#include "text/document.h"
#include "util/error.h"
#include "util/stop_signals.h"

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

/* Samples per AUDIO frame sent by a worker. */
#define AUDIO_FRAME_SAMPLES 32768
/* A frame longer than this is a protocol error (a sentence of 2M words). */
#define MAX_FRAME (64u << 20)
/* Read-ahead the parent keeps for all workers together, and the least per worker. */
#define READ_AHEAD_BUDGET (16u << 20)
#define READ_AHEAD_MIN (1u << 20)

struct chunk {
  size_t first_paragraph, end_paragraph;
};

/* Shared by the parent and the workers (an anonymous shared mapping made before fork): the
 * next chunk nobody has taken yet. A worker takes chunks as it becomes free, so the slowest
 * chunk never holds an idle worker back for more than its own length. */
struct shared {
  size_t next_chunk;  /* atomic */
};

int export_default_jobs(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

/* Splits the paragraphs into runs of about EXPORT_CHUNK_TEXT_BYTES, whatever the number of
 * workers (taken as the workers become free, so they all finish at about the same time). */
static int plan_chunks(const struct document *doc, struct chunk **out, size_t *n_out)
{
  const size_t target = EXPORT_CHUNK_TEXT_BYTES;

  struct chunk *chunks = malloc((doc->n_paragraphs ? doc->n_paragraphs : 1) * sizeof *chunks);
  if (!chunks)
    return -ENOMEM;
  size_t n = 0, acc = 0, first = 0;
  for (size_t p = 0; p < doc->n_paragraphs; p++) {
    acc += doc->paragraphs[p].end - doc->paragraphs[p].start;
    if (acc >= target || p + 1 == doc->n_paragraphs) {
      chunks[n++] = (struct chunk){first, p + 1};
      first = p + 1;
      acc = 0;
    }
  }
  *out = chunks;
  *n_out = n;
  return 0;
}

/* ---- worker side ---- */

struct worker_out {
  int fd;
  bool failed;  /* a write failed: the parent is gone or gave up */
  size_t n;
  int16_t audio[AUDIO_FRAME_SAMPLES];
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

static bool flush_audio(struct worker_out *wo)
{
  if (wo->n == 0)
    return !wo->failed;
  bool ok = send_frame(wo, FRAME_AUDIO, wo->audio, wo->n * sizeof wo->audio[0], NULL, 0);
  wo->n = 0;
  return ok;
}

static int worker_emit(void *ctx, const int16_t *samples, size_t n)
{
  struct worker_out *wo = ctx;
  while (n > 0 && !wo->failed) {
    size_t room = AUDIO_FRAME_SAMPLES - wo->n;
    size_t take = n < room ? n : room;
    memcpy(wo->audio + wo->n, samples, take * sizeof *samples);
    wo->n += take;
    samples += take;
    n -= take;
    if (wo->n == AUDIO_FRAME_SAMPLES)
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
 * other in this process and writes the whole chunk to the worker's pipe. Never returns.
 *
 * Why a child: the synthesiser may carry state from one sentence to the next (espeak-ng does,
 * see speech/engine.c). Every chunk starts from a copy of the worker's state right after open,
 * before any synthesis, which is the same in every worker; so a chunk's samples depend only on
 * its sentences, and the chunks are cut whatever the number of workers: the audio is the same
 * for every -j. */
static void worker_chunk(const struct export_config *cfg, struct worker_out *wo, void *state,
                         const struct chunk *ch, size_t c, pid_t worker)
{
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != worker)
    _exit(1);
  const struct document *doc = cfg->doc;
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
      flush_audio(wo);
      struct sentence_frame sf = {s, 0, n_words};
      send_frame(wo, FRAME_SENTENCE, &sf, sizeof sf, words, n_words * sizeof *words);
      if (wo->failed)
        _exit(1);
    }
  }
  send_frame(wo, FRAME_CHUNK_END, &index64, sizeof index64, NULL, 0);
  _exit(wo->failed ? 1 : 0);
}

/* Returns true when every chunk it took was delivered. */
static bool worker_run(const struct export_config *cfg, struct worker_out *wo,
                       struct shared *shared, const struct chunk *chunks, size_t n_chunks)
{
  void *state = NULL;
  struct export_voice_info info;
  memset(&info, 0, sizeof info);
  char msg[256] = "";
  int rc = cfg->synth->open(cfg->synth_user, &state, &info, msg, sizeof msg);
  if (rc) {
    send_error(wo, rc, msg);
    return false;
  }
  bool ok = send_frame(wo, FRAME_HELLO, &info, sizeof info, NULL, 0);
  pid_t self = getpid();
  while (ok) {
    size_t c = __atomic_fetch_add(&shared->next_chunk, 1, __ATOMIC_RELAXED);
    if (c >= n_chunks)
      break;
    pid_t pid = fork();
    if (pid == 0)
      worker_chunk(cfg, wo, state, &chunks[c], c, self);
    if (pid < 0) {
      /* Nothing of the chunk was sent: the stream is still whole. */
      send_error(wo, -errno, NULL);
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
  cfg->synth->close(state);
  return ok;
}

/* In the child, right after fork: never returns. */
static void worker_main(const struct export_config *cfg, int wfd, struct shared *shared,
                        const struct chunk *chunks, size_t n_chunks, pid_t parent,
                        const sigset_t *old_mask)
{
  /* Die with the parent; it may have died before this took effect. */
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (getppid() != parent)
    _exit(1);
  /* The parent's handlers would remove its temporary files: never run them here. Ctrl-C goes
   * to the whole process group; the parent decides and kills the workers. */
  signal(SIGINT, SIG_IGN);
  signal(SIGTERM, SIG_DFL);
  signal(SIGHUP, SIG_DFL);
  signal(SIGPIPE, SIG_DFL);
  sigprocmask(SIG_SETMASK, old_mask, NULL);
  close(cfg->fd);
  /* Only the parent talks to the user: a worker reports failures in an ERROR frame. Libraries
   * below espeak-ng print on stderr (pcaudiolib sets up PulseAudio/ALSA even in synchronous
   * mode, and complains when that fails); keep that off the user's terminal. */
  if (!getenv("LECTOR_WORKER_STDERR")) {
    int devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (devnull >= 0) {
      dup2(devnull, STDOUT_FILENO);
      dup2(devnull, STDERR_FILENO);
      close(devnull);
    }
  }

  struct worker_out *wo = malloc(sizeof *wo);
  if (!wo)
    _exit(1);
  wo->fd = wfd;
  wo->failed = false;
  wo->n = 0;
  bool ok = worker_run(cfg, wo, shared, chunks, n_chunks);
  close(wfd);
  free(wo);
  /* _exit: no atexit handlers or stdio buffers of the parent run twice. */
  _exit(ok ? 0 : 1);
}

/* ---- parent side ---- */

struct worker {
  pid_t pid;       /* 0 once reaped */
  int fd;          /* read end of its pipe; -1 once closed */
  bool eof;
  long chunk;      /* the chunk its stream is in (CHUNK_BEGIN consumed), -1 between chunks */
  unsigned char *buf;
  size_t head, len, cap;  /* unread bytes are buf[head, len) */
};

struct parent {
  const struct export_config *cfg;
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
};

static void stop_workers(struct parent *pa)
{
  for (int i = 0; i < pa->jobs; i++) {
    struct worker *w = &pa->workers[i];
    if (w->pid > 0)
      kill(w->pid, SIGKILL);
    if (w->fd >= 0)
      close(w->fd);
    w->fd = -1;
  }
}

/* Reaps every worker. Returns false if one of them did not exit with status 0. */
static bool reap_workers(struct parent *pa)
{
  bool ok = true;
  for (int i = 0; i < pa->jobs; i++) {
    struct worker *w = &pa->workers[i];
    if (w->fd >= 0)
      close(w->fd);
    w->fd = -1;
    if (w->pid <= 0)
      continue;
    int status;
    while (waitpid(w->pid, &status, 0) < 0 && errno == EINTR)
      ;
    /* SIGPIPE: a worker that came up after the last chunk was taken and found the parent
     * done; everything it had to say was received. */
    bool late = WIFSIGNALED(status) && WTERMSIG(status) == SIGPIPE;
    if (!late && (!WIFEXITED(status) || WEXITSTATUS(status) != 0))
      ok = false;
    w->pid = 0;
  }
  return ok;
}

static int start_workers(struct parent *pa, const struct chunk *chunks, size_t n_chunks)
{
  const struct export_config *cfg = pa->cfg;
  sigset_t old;
  /* Blocked across fork so that no signal reaches a child before it has reset the handlers. */
  stop_signals_hold(&old);
  pid_t self = getpid();
  int rc = 0;
  for (int i = 0; i < pa->jobs; i++) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      rc = -errno;
      break;
    }
    /* A bigger pipe means fewer wake-ups; the kernel may refuse, which is fine. */
    fcntl(fds[1], F_SETPIPE_SZ, 1 << 20);
    pid_t pid = fork();
    if (pid < 0) {
      rc = -errno;
      close(fds[0]);
      close(fds[1]);
      break;
    }
    if (pid == 0) {
      close(fds[0]);
      for (int j = 0; j < i; j++)
        close(pa->workers[j].fd);
      worker_main(cfg, fds[1], pa->shared, chunks, n_chunks, self, &old);
    }
    close(fds[1]);
    pa->workers[i].pid = pid;
    pa->workers[i].fd = fds[0];
  }
  stop_signals_release(&old);
  return rc;
}

static int ensure_room(struct worker *w, size_t need)
{
  if (w->head > 0 && (w->cap - w->len < need || w->head == w->len)) {
    memmove(w->buf, w->buf + w->head, w->len - w->head);
    w->len -= w->head;
    w->head = 0;
  }
  if (w->cap - w->len >= need)
    return 0;
  size_t cap = w->cap ? w->cap : 65536;
  while (cap - w->len < need)
    cap *= 2;
  unsigned char *grown = realloc(w->buf, cap);
  if (!grown)
    return -ENOMEM;
  w->buf = grown;
  w->cap = cap;
  return 0;
}

/* The pause after sentence s, by the reader's own rule. */
static size_t pause_after(const struct parent *pa, size_t s)
{
  return (size_t)reading_ms_to_samples(reading_pause_ms(&pa->voice.pauses, pa->cfg->doc, s, false),
                                        pa->voice.sample_rate);
}

static int on_hello(struct parent *pa, const unsigned char *payload, size_t len,
                    enum export_stage *stage)
{
  struct export_voice_info info;
  if (len != sizeof info)
    return LECTOR_ETTS;
  memcpy(&info, payload, sizeof info);
  info.voice[sizeof info.voice - 1] = '\0';
  if (pa->have_voice)
    return info.sample_rate == pa->voice.sample_rate ? 0 : LECTOR_ETTS;
  if (info.sample_rate <= 0)
    return LECTOR_ETTS;
  pa->voice = info;
  pa->have_voice = true;
  const struct export_config *cfg = pa->cfg;
  *stage = EXPORT_FAILED_OUTPUT;
  return encoder_open(&pa->enc, cfg->fd, cfg->format, info.sample_rate, cfg->title, cfg->artist);
}

static int on_sentence(struct parent *pa, const unsigned char *payload, size_t len,
                       enum export_stage *stage)
{
  struct sentence_frame sf;
  *stage = EXPORT_FAILED_SYNTH;
  if (len < sizeof sf)
    return LECTOR_ETTS;
  memcpy(&sf, payload, sizeof sf);
  if (sf.sentence != pa->next_sentence || sf.n_words > (len - sizeof sf) / sizeof(struct export_word)
      || len != sizeof sf + sf.n_words * sizeof(struct export_word))
    return LECTOR_ETTS;
  const struct document *doc = pa->cfg->doc;
  uint64_t start = pa->sentence_start, n = pa->pos - start;

  if (pa->cfg->sidecar) {
    if (sf.n_words > pa->cap_words) {
      struct sidecar_word *grown = realloc(pa->words, sf.n_words * sizeof *grown);
      if (!grown) {
        *stage = EXPORT_FAILED_SYSTEM;
        return -ENOMEM;
      }
      pa->words = grown;
      pa->cap_words = sf.n_words;
    }
    for (size_t i = 0; i < sf.n_words; i++) {
      struct export_word w;
      memcpy(&w, payload + sizeof sf + i * sizeof w, sizeof w);
      if (w.doc_end > doc->len || w.doc_start > w.doc_end)
        return LECTOR_ETTS;
      uint64_t ws = w.start < n ? w.start : n, we = w.end < n ? w.end : n;
      pa->words[i] = (struct sidecar_word){
        (size_t)w.doc_start, (size_t)w.doc_end,
        encoder_map(pa->enc, start + ws), encoder_map(pa->enc, start + (we > ws ? we : ws))};
    }
    int rc = sidecar_add_sentence(pa->cfg->sidecar, (size_t)sf.sentence,
                                  encoder_map(pa->enc, start), encoder_map(pa->enc, pa->pos),
                                  pa->words, (size_t)sf.n_words);
    if (rc) {
      *stage = EXPORT_FAILED_SYSTEM;
      return rc;
    }
  }

  size_t pause = pause_after(pa, (size_t)sf.sentence);
  *stage = EXPORT_FAILED_OUTPUT;
  int rc = encoder_write_silence(pa->enc, pause);
  if (rc)
    return rc;
  pa->pos += pause;
  pa->sentence_start = pa->pos;
  pa->next_sentence++;
  if (pa->cfg->progress) {
    struct export_progress p = {pa->next_sentence, doc->n_sentences,
                                (double)pa->pos / pa->voice.sample_rate};
    pa->cfg->progress(pa->cfg->progress_user, &p);
  }
  return 0;
}

/* Handles one frame of a worker's stream. *chunk_done is set at the end of its chunk. */
static int on_frame(struct parent *pa, struct worker *w, uint32_t type,
                    const unsigned char *payload, size_t len, bool *chunk_done,
                    enum export_stage *stage)
{
  *stage = EXPORT_FAILED_SYNTH;
  uint64_t index;
  switch (type) {
  case FRAME_HELLO:
    return w->chunk < 0 ? on_hello(pa, payload, len, stage) : LECTOR_ETTS;
  case FRAME_ERROR: {
    int32_t code = LECTOR_ETTS;
    if (len >= sizeof code) {
      memcpy(&code, payload, sizeof code);
      size_t n = len - sizeof code;
      if (n >= sizeof pa->message)
        n = sizeof pa->message - 1;
      memcpy(pa->message, payload + sizeof code, n);
      pa->message[n] = '\0';
    }
    return code < 0 ? code : LECTOR_ETTS;
  }
  case FRAME_AUDIO: {
    if (!pa->enc || w->chunk < 0 || len % sizeof(int16_t))
      return LECTOR_ETTS;
    /* Copied out: payload may be unaligned for int16_t. */
    int16_t block[2048];
    size_t n = len / sizeof(int16_t);
    *stage = EXPORT_FAILED_OUTPUT;
    for (size_t off = 0; off < n; off += 2048) {
      size_t take = n - off < 2048 ? n - off : 2048;
      memcpy(block, payload + off * sizeof(int16_t), take * sizeof(int16_t));
      int rc = encoder_write(pa->enc, block, take);
      if (rc)
        return rc;
    }
    pa->pos += n;
    return 0;
  }
  case FRAME_SENTENCE:
    if (!pa->enc || w->chunk < 0)
      return LECTOR_ETTS;
    return on_sentence(pa, payload, len, stage);
  case FRAME_CHUNK_BEGIN:
    if (w->chunk >= 0 || len != sizeof index)
      return LECTOR_ETTS;
    memcpy(&index, payload, sizeof index);
    w->chunk = (long)index;
    return 0;
  case FRAME_CHUNK_END:
    if (w->chunk < 0 || len != sizeof index)
      return LECTOR_ETTS;
    memcpy(&index, payload, sizeof index);
    if ((long)index != w->chunk)
      return LECTOR_ETTS;
    w->chunk = -1;
    *chunk_done = true;
    return 0;
  default:
    return LECTOR_ETTS;
  }
}

/* Reads what is available from the workers: always from `current` (waiting for it; -1 when
 * nobody is known to hold the chunk wanted), and ahead from the others while their buffers
 * have room. */
static int read_workers(struct parent *pa, int current, enum export_stage *stage)
{
  struct pollfd fds[256];
  int map[256];
  int n = 0;
  for (int i = 0; i < pa->jobs && n < 256; i++) {
    struct worker *w = &pa->workers[i];
    if (w->eof || w->fd < 0)
      continue;
    if (i != current && w->chunk >= 0 && w->len - w->head >= pa->read_ahead)
      continue;
    fds[n] = (struct pollfd){.fd = w->fd, .events = POLLIN};
    map[n++] = i;
  }
  /* A timeout so that a cancel request raised between two checks is seen soon. */
  int ready = poll(fds, (nfds_t)n, 100);
  if (ready < 0) {
    if (errno == EINTR)
      return 0;
    *stage = EXPORT_FAILED_SYSTEM;
    return -errno;
  }
  for (int k = 0; k < n && ready > 0; k++) {
    if (!fds[k].revents)
      continue;
    struct worker *w = &pa->workers[map[k]];
    size_t want = map[k] == current ? 65536 : pa->read_ahead - (w->len - w->head);
    if (want > 65536 * 4)
      want = 65536 * 4;
    if (want == 0)
      want = 4096;
    int rc = ensure_room(w, want);
    if (rc) {
      *stage = EXPORT_FAILED_SYSTEM;
      return rc;
    }
    ssize_t got = read(w->fd, w->buf + w->len, w->cap - w->len);
    if (got < 0 && errno != EINTR && errno != EAGAIN) {
      *stage = EXPORT_FAILED_SYNTH;
      return LECTOR_ETTS;
    }
    if (got == 0)
      w->eof = true;
    if (got > 0)
      w->len += (size_t)got;
  }
  return 0;
}

/* Handles the complete frames at the head of w's buffer: all of them when w holds chunk
 * `wanted`, only those between chunks (HELLO, ERROR, CHUNK_BEGIN) otherwise. Makes room for
 * an incomplete frame of the chunk wanted, however big. */
static int drain(struct parent *pa, struct worker *w, size_t wanted, size_t *chunk,
                 enum export_stage *stage)
{
  while (w->chunk < 0 || w->chunk == (long)wanted) {
    size_t avail = w->len - w->head;
    struct frame_header h;
    if (avail < sizeof h)
      return 0;
    memcpy(&h, w->buf + w->head, sizeof h);
    if (h.len > MAX_FRAME) {
      *stage = EXPORT_FAILED_SYNTH;
      return LECTOR_ETTS;
    }
    if (avail < sizeof h + h.len) {
      int rc = ensure_room(w, sizeof h + h.len - avail);
      if (rc)
        *stage = EXPORT_FAILED_SYSTEM;
      return rc;
    }
    bool chunk_done = false;
    int rc = on_frame(pa, w, h.type, w->buf + w->head + sizeof h, h.len, &chunk_done, stage);
    if (rc)
      return rc;
    w->head += sizeof h + h.len;
    if (chunk_done) {
      (*chunk)++;
      return 0;
    }
  }
  return 0;
}

static int consume(struct parent *pa, size_t n_chunks, enum export_stage *stage)
{
  const struct export_config *cfg = pa->cfg;
  size_t chunk = 0;
  while (chunk < n_chunks) {
    if (cfg->cancel && *cfg->cancel) {
      *stage = EXPORT_CANCELLED;
      return -ECANCELED;
    }
    size_t before = chunk;
    int current = -1;
    bool pending = false;  /* someone may still deliver the chunk wanted */
    for (int i = 0; i < pa->jobs && chunk == before; i++) {
      struct worker *w = &pa->workers[i];
      int rc = drain(pa, w, chunk, &chunk, stage);
      if (rc)
        return rc;
      if (chunk != before)
        break;
      if (w->chunk == (long)chunk) {
        current = i;
        pending = true;
        if (w->eof) {
          /* It ended inside its chunk: it crashed or was killed. */
          *stage = EXPORT_FAILED_SYNTH;
          return LECTOR_ETTS;
        }
      } else if (w->chunk < 0 && !w->eof) {
        /* Between chunks: it takes them in increasing order, so it may take this one. A worker
         * inside a later chunk never will. */
        pending = true;
      }
    }
    if (chunk != before)
      continue;
    if (!pending) {
      /* Every worker ended or moved past this chunk without delivering it. */
      *stage = EXPORT_FAILED_SYNTH;
      return LECTOR_ETTS;
    }
    int rc = read_workers(pa, current, stage);
    if (rc)
      return rc;
  }
  return 0;
}

int export_run(const struct export_config *cfg, struct export_result *res)
{
  memset(res, 0, sizeof *res);
  res->stage = EXPORT_FAILED_SYSTEM;
  const struct document *doc = cfg->doc;
  if (doc->n_sentences == 0)
    return LECTOR_EEMPTY;

  struct parent pa;
  memset(&pa, 0, sizeof pa);
  pa.cfg = cfg;
  pa.jobs = cfg->jobs < 1 ? 1 : cfg->jobs > 256 ? 256 : cfg->jobs;
  pa.read_ahead = pa.jobs == 1 ? READ_AHEAD_MIN : READ_AHEAD_BUDGET / (size_t)pa.jobs;
  if (pa.read_ahead < READ_AHEAD_MIN)
    pa.read_ahead = READ_AHEAD_MIN;

  struct chunk *chunks = NULL;
  size_t n_chunks = 0;
  int rc = plan_chunks(doc, &chunks, &n_chunks);
  if (rc)
    return rc;
  if ((size_t)pa.jobs > n_chunks)
    pa.jobs = (int)n_chunks;
  pa.workers = calloc((size_t)pa.jobs, sizeof *pa.workers);
  if (!pa.workers) {
    free(chunks);
    return -ENOMEM;
  }
  for (int i = 0; i < pa.jobs; i++) {
    pa.workers[i].fd = -1;
    pa.workers[i].chunk = -1;
  }
  pa.shared = mmap(NULL, sizeof *pa.shared, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                   -1, 0);
  if (pa.shared == MAP_FAILED) {
    rc = -errno;
    free(pa.workers);
    free(chunks);
    return rc;
  }
  pa.shared->next_chunk = 0;

  enum export_stage stage = EXPORT_FAILED_SYSTEM;
  rc = start_workers(&pa, chunks, n_chunks);
  if (!rc)
    rc = consume(&pa, n_chunks, &stage);
  /* Ctrl-C reaches the whole process group: a synthesis child killed by it makes its worker
   * fail, but the user asked to stop, and that is what to report. */
  if (rc && cfg->cancel && *cfg->cancel) {
    stage = EXPORT_CANCELLED;
    rc = -ECANCELED;
  }
  if (rc)
    stop_workers(&pa);
  bool workers_ok = reap_workers(&pa);
  if (!rc && !workers_ok) {
    stage = EXPORT_FAILED_SYNTH;
    rc = LECTOR_ETTS;
  }

  if (pa.enc) {
    uint64_t frames = 0;
    int close_rc = encoder_close(pa.enc, &frames);
    if (!rc && close_rc) {
      stage = EXPORT_FAILED_OUTPUT;
      rc = close_rc;
    }
    res->frames = frames;
    res->sample_rate = encoder_output_rate(cfg->format, pa.voice.sample_rate);
  }
  res->voice = pa.voice;
  memcpy(res->message, pa.message, sizeof res->message);
  res->stage = rc ? stage : EXPORT_OK;

  for (int i = 0; i < pa.jobs; i++)
    free(pa.workers[i].buf);
  free(pa.workers);
  free(pa.words);
  free(chunks);
  munmap(pa.shared, sizeof *pa.shared);
  return rc;
}
