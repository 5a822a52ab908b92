/* TTS_ISOLATE_SENTENCE: each sentence is synthesised in a child forked from the engine's
 * pristine state (see engine.c for why), which streams PCM and word events back through a pipe
 * and exits. Aborting kills the child. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "speech/engine_internal.h"
#include "text/speech_text.h"
#include "util/child.h"
#include "util/error.h"

/* A synthesis child that sends nothing for this long is stuck, not slow (a sentence takes
 * milliseconds). This is a safety net, not a timing: a child forked while another thread held
 * an allocator lock could block for ever in an allocator without fork handlers (ASan's, in
 * multi-threaded programs). A child stuck before its first byte is replaced once. */
#define ENGINE_STALL_MS 30000
#define ENGINE_RETRIES 1

/* Set in the forked child only: where its callback writes records, and how many samples it may
 * write (0: all) and has written. */
static int child_fd = -1;
static uint64_t child_max, child_sent;

enum record_type { REC_AUDIO = 1, REC_WORD = 2, REC_END = 3 };

/* One record of the child → parent stream. REC_AUDIO is followed by a samples. */
struct record {
  int32_t type;
  int32_t a;     /* REC_AUDIO: sample count; REC_WORD: text_position; REC_END: espeak status */
  int64_t b;     /* REC_WORD: sample offset of the event */
};

static int write_all(int fd, const void *buf, size_t len)
{
  const char *p = buf;
  while (len > 0) {
    ssize_t w = write(fd, p, len);
    if (w < 0) {
      if (errno == EINTR)
        continue;
      return -errno;
    }
    p += w;
    len -= (size_t)w;
  }
  return 0;
}

/* Returns 1 when len bytes were read, 0 at end of file, -ETIMEDOUT when the child sent nothing
 * for ENGINE_STALL_MS, -ECANCELED when cancel_fd (-1: none) became readable first, or
 * -errno. */
static int read_all(int fd, int cancel_fd, void *buf, size_t len)
{
  char *p = buf;
  size_t got = 0;
  while (got < len) {
    struct pollfd pfd[2] = {{.fd = fd, .events = POLLIN}, {.fd = cancel_fd, .events = POLLIN}};
    int pr = poll(pfd, cancel_fd >= 0 ? 2 : 1, ENGINE_STALL_MS);
    if (pr < 0 && errno == EINTR)
      continue;
    if (pr == 0)
      return -ETIMEDOUT;
    if (cancel_fd >= 0 && (pfd[1].revents & POLLIN))
      return -ECANCELED;
    ssize_t r = read(fd, p + got, len - got);
    if (r < 0) {
      if (errno == EINTR)
        continue;
      return -errno;
    }
    if (r == 0)
      return got == 0 ? 0 : -EIO;
    got += (size_t)r;
  }
  return 1;
}

int engine_child_callback(short *wav, int n, espeak_EVENT *ev)
{
  for (; ev && ev->type != espeakEVENT_LIST_TERMINATED; ev++) {
    if (ev->type != espeakEVENT_WORD)
      continue;
    struct record r = {REC_WORD, ev->text_position, ev->sample};
    if (write_all(child_fd, &r, sizeof r))
      return 1;
  }
  if (child_max && (uint64_t)n > child_max - child_sent)
    n = (int)(child_max - child_sent);
  if (wav && n > 0) {
    struct record r = {REC_AUDIO, n, 0};
    if (write_all(child_fd, &r, sizeof r) || write_all(child_fd, wav, (size_t)n * sizeof *wav))
      return 1;
    child_sent += (uint64_t)n;
  }
  return child_max && child_sent >= child_max;   /* enough: espeak-ng stops there */
}

/* Where a child waits for its sentence: the speed and volume to speak it at (the parent's may
 * have changed since the fork: a key) and the text's length, then the text. */
struct request {
  struct engine_params params;
  uint64_t len;
  uint64_t max_samples;   /* stop after these (0: all): made ahead */
  uint64_t batch;         /* a batch of this many requests follows (engine_speak_ahead) */
};

/* Blocking, without the stall timeout: a spare may wait for its sentence as long as the listener
 * listens. True when len bytes came. */
static bool read_request(int fd, void *buf, size_t len)
{
  char *p = buf;
  while (len > 0) {
    ssize_t r = read(fd, p, len);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return false;
    p += r;
    len -= (size_t)r;
  }
  return true;
}

/* Speaks text as rq asks, in this process, and exits. forked: the speed and volume in
 * espeak-ng at the fork. */
_Noreturn static void speak_request(int fd, const struct engine_params *forked, const struct request *rq,
                          const char *text)
{
  child_fd = fd;
  child_max = rq->max_samples;
  engine_apply_params(forked, &rq->params);
  /* Breathy and Klatt variants draw noise from rand(): start it where a fresh process does.
   * (glibc's rand lock is not reset by fork: no other thread of lector may use rand(), or a
   * child forked while it held the lock would wait here until the stall timeout.) */
  srand(1);
  espeak_ERROR err = engine_synth(text, (size_t)rq->len);
  if (child_max && child_sent >= child_max)
    err = EE_OK;   /* stopped at the limit */
  struct record end = {REC_END, (int32_t)err, 0};
  write_all(fd, &end, sizeof end);
  _exit(0);
}

/* Reads a request's text; NULL when it did not come. */
static char *read_text(int req_fd, const struct request *rq)
{
  char *text = rq->len < SIZE_MAX ? malloc((size_t)rq->len + 1) : NULL;
  if (!text || !read_request(req_fd, text, (size_t)rq->len)) {
    free(text);
    return NULL;
  }
  text[rq->len] = '\0';
  return text;
}

/* A batch (engine_speak_ahead): n requests, each spoken in a grandchild forked from this
 * state (which has never synthesised, as every child's), one after the other into fd. It ends
 * when one dies (the parent gone: EPIPE), so an aborted batch costs nothing more. */
_Noreturn static void batch_main(int fd, int req_fd, const struct engine_params *forked, uint64_t n)
{
  struct request *rq = n < 1024 ? calloc((size_t)n, sizeof *rq) : NULL;
  char **text = rq ? calloc((size_t)n, sizeof *text) : NULL;
  if (!text)
    _exit(0);
  for (size_t i = 0; i < n; i++)
    if (!read_request(req_fd, &rq[i], sizeof rq[i]) || !(text[i] = read_text(req_fd, &rq[i])))
      _exit(0);
  close(req_fd);
  for (size_t i = 0; i < n; i++) {
    pid_t pid = fork();
    if (pid == 0)
      speak_request(fd, forked, &rq[i], text[i]);
    int status = 0;
    while (pid > 0 && waitpid(pid, &status, 0) < 0 && errno == EINTR)
      ;
    if (pid < 0 || !WIFEXITED(status))
      _exit(0);
  }
  _exit(0);
}

/* The synthesis child: waits for its sentence (the parent closing the pipe ends it), speaks it
 * and exits; or a batch. forked: the speed and volume in espeak-ng at the fork; ahead: it has
 * time to wait. */
_Noreturn void engine_child_main(int fd, int req_fd, const struct engine_params *forked, bool ahead)
{
  child_fd = fd;
  if (ahead)
    engine_copy_pages_ahead();
  struct request rq;
  if (!read_request(req_fd, &rq, sizeof rq))
    _exit(0);
  if (rq.batch)
    batch_main(fd, req_fd, forked, rq.batch);
  char *text = read_text(req_fd, &rq);
  if (!text)
    _exit(0);
  close(req_fd);
  speak_request(fd, forked, &rq, text);
}

struct speak_state {
  pid_t pid;
  int fd;
  int16_t *buf;
  size_t cap;
};

static void wait_child(pid_t pid)
{
  while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
    ;
}

/* Waits, without blocking, for the killed children that have exited. */
static void reap_dying(struct engine_spare *spare)
{
  size_t kept = 0;
  for (size_t i = 0; i < spare->n_dying; i++)
    if (waitpid(spare->dying[i], NULL, WNOHANG) == 0)
      spare->dying[kept++] = spare->dying[i];
  spare->n_dying = kept;
}

void engine_spare_reap_all(struct engine_spare *spare)
{
  for (size_t i = 0; i < spare->n_dying; i++)
    wait_child(spare->dying[i]);
  spare->n_dying = 0;
}

/* Ends s's child: waits for it, or kills it and leaves the waiting for later. */
static void reap(struct engine_spare *spare, struct speak_state *s, bool kill_it)
{
  if (s->fd >= 0)
    close(s->fd);
  s->fd = -1;
  if (s->pid > 0 && !kill_it) {
    wait_child(s->pid);
  } else if (s->pid > 0) {
    kill(s->pid, SIGKILL);
    reap_dying(spare);
    if (spare->n_dying == ENGINE_DYING) {
      wait_child(spare->dying[0]);
      memmove(spare->dying, spare->dying + 1, --spare->n_dying * sizeof *spare->dying);
    }
    spare->dying[spare->n_dying++] = s->pid;
  }
  s->pid = -1;
}

static bool has_spare(const struct engine_spare *spare)
{
  return spare->pid > 0 || spare->served;
}

/* A spare from the fork server (forked for voice_gen, now if need be). */
static int served_spare(struct engine_spare *spare, uint64_t voice_gen,
                        const struct engine_params *params)
{
  struct engine_server *sv = &spare->server;
  if (sv->pid > 0 && sv->voice_gen != voice_gen) {   /* waited for later, as a killed child */
    struct speak_state old = {.pid = engine_server_kill(sv), .fd = -1};
    reap(spare, &old, true);
  }
  int rc = sv->pid > 0 ? 0 : engine_server_start(sv, voice_gen, params);
  if (rc == 0 && (rc = engine_server_spare(sv, &spare->fd, &spare->req_fd)) < 0) {
    struct speak_state gone = {.pid = engine_server_kill(sv), .fd = -1};   /* a new one next */
    reap(spare, &gone, true);
  }
  if (rc < 0)
    return rc;
  spare->pid = 0;
  spare->served = true;
  spare->voice_gen = voice_gen;
  spare->params = sv->params;
  return 0;
}

/* fork_spare without the fork server: forked from this process now. */
static int fork_spare_here(struct engine_spare *spare, uint64_t voice_gen,
                           const struct engine_params *params, bool ahead)
{
  int req[2];   /* a socket rather than a pipe: send() without SIGPIPE if the child is gone */
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, req) < 0)
    return -errno;
  int fd;
  pid_t pid = child_fork_pipe(&fd);
  if (pid == 0) {
    close(req[1]);
    engine_child_main(fd, req[0], params, ahead);
  }
  close(req[0]);
  if (pid < 0) {
    close(req[1]);
    return pid;
  }
  spare->pid = pid;
  spare->served = false;
  spare->fd = fd;
  spare->req_fd = req[1];
  spare->voice_gen = voice_gen;
  spare->params = *params;
  return 0;
}

/* Forks a child that waits for its sentence, into spare; ahead: before it is needed, by the
 * fork server when it can. */
static int fork_spare(struct engine_spare *spare, uint64_t voice_gen,
                      const struct engine_params *params, bool ahead)
{
  if (ahead && served_spare(spare, voice_gen, params) == 0)
    return 0;
  return fork_spare_here(spare, voice_gen, params, ahead);
}

int engine_spare_fork_ahead(struct engine_spare *spare, uint64_t voice_gen,
                            const struct engine_params *params)
{
  /* One fork, not the fork server's two: the first sentence is about to be asked for. */
  return has_spare(spare) ? 0 : fork_spare_here(spare, voice_gen, params, true);
}

void engine_spare_drop(struct engine_spare *spare)
{
  if (!has_spare(spare))
    return;
  close(spare->req_fd);
  struct speak_state s = {.pid = spare->pid, .fd = spare->fd};
  reap(spare, &s, true);
  spare->pid = 0;
  spare->served = false;
}

void engine_spare_end(struct engine_spare *spare)
{
  engine_spare_drop(spare);
  engine_server_stop(&spare->server);
  engine_spare_reap_all(spare);
}

static int send_all(int fd, const void *buf, size_t len)
{
  const char *p = buf;
  while (len > 0) {
    ssize_t w = send(fd, p, len, MSG_NOSIGNAL);
    if (w < 0 && errno == EINTR)
      continue;
    if (w < 0)
      return -errno;
    p += w;
    len -= (size_t)w;
  }
  return 0;
}

/* What a child is asked: n requests, each followed by its text (texts[i]: rq[i].len bytes). */
struct asking {
  const struct request *rq;
  const char *const *texts;
  size_t n;
};

/* Hands the requests to the spare (which it then is no longer). */
static int hand_over(struct engine_spare *spare, struct speak_state *s, const struct asking *a)
{
  int rc = 0;
  for (size_t i = 0; rc == 0 && i < a->n; i++) {
    rc = send_all(spare->req_fd, &a->rq[i], sizeof a->rq[i]);
    if (rc == 0)
      rc = send_all(spare->req_fd, a->texts[i], (size_t)a->rq[i].len);
  }
  if (rc < 0) {
    engine_spare_drop(spare);
    return rc;
  }
  close(spare->req_fd);
  s->pid = spare->pid;   /* 0 for a served one: not waited for */
  s->fd = spare->fd;
  spare->pid = 0;
  spare->served = false;
  return 0;
}

/* Starts a child on the requests: the spare when it was forked with this voice, else one
 * forked now (also when the spare died meanwhile). params: in espeak-ng now. */
static int start_child(struct speak_state *s, struct engine_spare *spare, uint64_t voice_gen,
                       const struct engine_params *params, const struct asking *a)
{
  if (has_spare(spare) && spare->voice_gen != voice_gen)
    engine_spare_drop(spare);
  if (has_spare(spare) && hand_over(spare, s, a) == 0) {
    spare->used++;
    return 0;
  }
  int rc = fork_spare(spare, voice_gen, params, false);
  if (rc == 0)
    rc = hand_over(spare, s, a);
  return rc;
}

/* One REC_AUDIO record's samples: read and handed to the caller. */
static int take_audio(struct speak_state *s, const struct speak_call *call, int32_t count,
                      uint64_t *total)
{
  if (count <= 0)
    return LECTOR_ETTS;
  size_t n = (size_t)count;
  if (n > s->cap) {
    int16_t *nb = realloc(s->buf, n * sizeof *nb);
    if (!nb)
      return -ENOMEM;
    s->buf = nb;
    s->cap = n;
  }
  int got = read_all(s->fd, call->cancel_fd, s->buf, n * sizeof *s->buf);
  if (got != 1)
    return got == -ECANCELED ? got : LECTOR_ETTS;
  *total += n;
  if (call->fn && call->fn(call->user, s->buf, n))
    return -ECANCELED;
  return 0;
}

int engine_speak_child(struct engine_spare *spare, uint64_t voice_gen,
                       const struct engine_params *params, const struct speak_call *call,
                       uint64_t *total_out)
{
  const struct speech_text *st = call->st;
  struct speak_state s = {.pid = -1, .fd = -1};
  uint64_t total = 0;
  struct request rq = {.params = *params, .len = st->len};
  const char *text = st->text;
  struct asking a = {&rq, &text, 1};
  int rc = start_child(&s, spare, voice_gen, params, &a);
  bool ended = false, heard = false;
  int retries = ENGINE_RETRIES;
  while (!rc && !ended) {
    struct record r;
    int got = read_all(s.fd, call->cancel_fd, &r, sizeof r);
    if (got == -ECANCELED) {
      rc = got;
      break;
    }
    if (got == -ETIMEDOUT && !heard && retries-- > 0) {
      reap(spare, &s, true);
      engine_spare_drop(spare);
      rc = start_child(&s, spare, voice_gen, params, &a);
      continue;
    }
    if (got <= 0) {
      rc = LECTOR_ETTS;
      break;
    }
    heard = true;
    if (r.type == REC_AUDIO) {
      rc = take_audio(&s, call, r.a, &total);
      /* The next sentence's child, once this one's first samples are out (not before: the
       * fork would delay them), while the rest is synthesised: keys pressed in a row each
       * abort the sentence before and still find one. */
      if (rc == 0 && !has_spare(spare))
        fork_spare(spare, voice_gen, params, true);
    } else if (r.type == REC_WORD) {
      rc = engine_add_event(call, r.a, r.b);
    } else if (r.type == REC_END) {
      rc = r.a != EE_OK ? LECTOR_ETTS : 0;
      ended = true;
    } else {
      rc = LECTOR_ETTS;
    }
  }
  reap(spare, &s, !ended);
  free(s.buf);
  *total_out = total;
  /* A sentence without audio forks it here. Not after an abort: a key is waiting, and the
   * spare would cost it the fork it saves. */
  if (rc == 0 && !has_spare(spare))
    fork_spare(spare, voice_gen, params, true);
  return rc;
}

/* An item's samples, passed on with its index. */
struct item_call {
  tts_ahead_fn fn;
  void *user;
  size_t item;
};

static int item_audio(void *user, const int16_t *samples, size_t n)
{
  struct item_call *ic = user;
  return ic->fn(ic->user, ic->item, samples, n);
}

/* The batch's requests: a head that says how many, then each item's. NULL: no memory. */
static struct request *batch_requests(const struct engine_params *params,
                                      const struct tts_ahead_item *items, size_t n,
                                      size_t max_samples, const char ***texts)
{
  struct request *rq = calloc(n + 1, sizeof *rq);
  *texts = calloc(n + 1, sizeof **texts);
  if (!rq || !*texts) {
    free(rq);
    free(*texts);
    return NULL;
  }
  rq[0] = (struct request){.params = *params, .batch = n};
  (*texts)[0] = "";
  for (size_t i = 0; i < n; i++) {
    rq[i + 1] = (struct request){.params = {items[i].wpm, items[i].volume},
                                 .len = items[i].st->len, .max_samples = max_samples};
    (*texts)[i + 1] = items[i].st->text;
  }
  return rq;
}

int engine_speak_ahead(struct engine_spare *spare, uint64_t voice_gen,
                       const struct engine_params *params, const struct tts_ahead_item *items,
                       size_t n, size_t max_samples, tts_ahead_fn fn, void *user, int cancel_fd)
{
  const char **texts;
  struct request *rq = batch_requests(params, items, n, max_samples, &texts);
  if (!rq)
    return -ENOMEM;
  struct speak_state s = {.pid = -1, .fd = -1};
  struct asking a = {rq, texts, n + 1};
  int rc = start_child(&s, spare, voice_gen, params, &a);
  free(rq);
  free(texts);
  /* The next spare now, while the batch is spoken (on the other core). */
  if (rc == 0 && !has_spare(spare))
    fork_spare(spare, voice_gen, params, true);
  struct item_call ic = {fn, user, 0};
  struct speak_call call = {.fn = item_audio, .user = &ic, .cancel_fd = cancel_fd};
  uint64_t total = 0;
  while (rc == 0 && ic.item < n) {
    struct record r;
    int got = read_all(s.fd, cancel_fd, &r, sizeof r);
    if (got != 1)
      rc = got == -ECANCELED ? got : LECTOR_ETTS;
    else if (r.type == REC_AUDIO)
      rc = take_audio(&s, &call, r.a, &total);
    else if (r.type == REC_END)
      rc = fn(user, ic.item++, NULL, r.a == EE_OK) ? -ECANCELED : 0;
    else if (r.type != REC_WORD)
      rc = LECTOR_ETTS;
  }
  reap(spare, &s, true);   /* done or not, it is not waited for now */
  free(s.buf);
  return rc;
}
