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

/* Set in the forked child only: where its callback writes records. */
static int child_fd = -1;

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
 * for ENGINE_STALL_MS, or -errno. */
static int read_all(int fd, void *buf, size_t len)
{
  char *p = buf;
  size_t got = 0;
  while (got < len) {
    struct pollfd pfd = {.fd = fd, .events = POLLIN};
    int pr = poll(&pfd, 1, ENGINE_STALL_MS);
    if (pr < 0 && errno == EINTR)
      continue;
    if (pr == 0)
      return -ETIMEDOUT;
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
  if (wav && n > 0) {
    struct record r = {REC_AUDIO, n, 0};
    if (write_all(child_fd, &r, sizeof r) || write_all(child_fd, wav, (size_t)n * sizeof *wav))
      return 1;
  }
  return 0;
}

/* Where a child waits for its sentence: the speed and volume to speak it at (the parent's may
 * have changed since the fork: a key) and the text's length, then the text. */
struct request {
  struct engine_params params;
  uint64_t len;
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

/* Writes every page of [start, end) with what it holds, which the kernel copies then (copy on
 * write) rather than when synthesis first writes it. Not checked by AddressSanitizer: the pages
 * hold its redzones too, which nothing else reads. */
__attribute__((no_sanitize("address"))) static void touch_pages(uintptr_t start, uintptr_t end)
{
  long page = sysconf(_SC_PAGESIZE);
  for (uintptr_t a = start; page > 0 && a < end; a += (uintptr_t)page) {
    volatile char *c = (volatile char *)a;
    *c = *c;
  }
}

/* The stack synthesis will use (espeak-ng's clause translation keeps large arrays there). */
__attribute__((noinline)) static void touch_stack(void)
{
  volatile char pad[128 * 1024];
  for (size_t i = 0; i < sizeof pad; i += 1024)
    pad[i] = 0;
}

/* In a child forked ahead, while it waits: the pages synthesis writes first copied now (one
 * page fault each, ~10 us on a virtual machine, about a hundred per sentence) rather than
 * between a key and its first sample: espeak-ng's writable data (and its .bss, in the anonymous
 * mapping after it), the malloc arena of this thread (espeak-ng's own allocations: the player's
 * thread is not the main thread, whose heap it does not use), the stack. Only this thread runs
 * in the child, so writing back what a page holds changes nothing. Reads /proc/self/maps into
 * a static buffer. */
static void copy_pages_ahead(void)
{
  int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  static char buf[1 << 16];
  size_t len = 0;
  ssize_t r;
  while (len < sizeof buf - 1 && (r = read(fd, buf + len, sizeof buf - 1 - len)) > 0)
    len += (size_t)r;
  close(fd);
  buf[len] = '\0';
  void *probe = malloc(1);
  uintptr_t arena = (uintptr_t)probe;
  bool after_espeak = false;
  for (char *line = buf, *next; *line; line = next) {
    next = strchr(line, '\n');
    next = next ? next + 1 : line + strlen(line);
    unsigned long start, end;
    char perms[8], path[128] = "";
    if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %127s", &start, &end, perms, path) < 3)
      continue;
    bool espeak = strstr(path, "libespeak-ng") != NULL;
    bool writable = perms[0] == 'r' && perms[1] == 'w' && perms[3] == 'p';
    if (writable && (espeak || (after_espeak && !path[0]) || (arena >= start && arena < end)))
      touch_pages(start, end);
    after_espeak = espeak;
  }
  free(probe);
  touch_stack();
}

/* The synthesis child: waits for its sentence (the parent closing the pipe ends it), speaks it
 * and exits. forked: the speed and volume in espeak-ng at the fork; ahead: it has time to wait. */
static void child_main(int fd, int req_fd, const struct engine_params *forked, bool ahead)
{
  child_fd = fd;
  if (ahead)
    copy_pages_ahead();
  struct request rq;
  if (!read_request(req_fd, &rq, sizeof rq) || rq.len >= SIZE_MAX)
    _exit(0);
  char *text = malloc((size_t)rq.len + 1);
  if (!text || !read_request(req_fd, text, (size_t)rq.len))
    _exit(0);
  text[rq.len] = '\0';
  close(req_fd);
  engine_apply_params(forked, &rq.params);
  /* Breathy and Klatt variants draw noise from rand(): start it where a fresh process does.
   * (glibc's rand lock is not reset by fork: no other thread of lector may use rand(), or a
   * child forked while it held the lock would wait here until the stall timeout.) */
  srand(1);
  espeak_ERROR err = engine_synth(text, (size_t)rq.len);
  struct record end = {REC_END, (int32_t)err, 0};
  write_all(fd, &end, sizeof end);
  _exit(0);
}

struct speak_state {
  pid_t pid;
  int fd;
  int16_t *buf;
  size_t cap;
};

static void reap(struct speak_state *s, bool kill_it)
{
  if (s->fd >= 0)
    close(s->fd);
  s->fd = -1;
  if (s->pid > 0) {
    if (kill_it)
      kill(s->pid, SIGKILL);
    while (waitpid(s->pid, NULL, 0) < 0 && errno == EINTR)
      ;
  }
  s->pid = -1;
}

/* Forks a child that waits for its sentence, into spare; ahead: before it is needed. */
static int fork_spare(struct engine_spare *spare, uint64_t voice_gen,
                      const struct engine_params *params, bool ahead)
{
  int req[2];   /* a socket rather than a pipe: send() without SIGPIPE if the child is gone */
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, req) < 0)
    return -errno;
  int fd;
  pid_t pid = child_fork_pipe(&fd);
  if (pid == 0) {
    close(req[1]);
    child_main(fd, req[0], params, ahead);
  }
  close(req[0]);
  if (pid < 0) {
    close(req[1]);
    return pid;
  }
  *spare = (struct engine_spare){pid, fd, req[1], voice_gen, *params, spare->used};
  return 0;
}

void engine_spare_drop(struct engine_spare *spare)
{
  if (spare->pid <= 0)
    return;
  close(spare->req_fd);
  struct speak_state s = {.pid = spare->pid, .fd = spare->fd};
  reap(&s, true);
  spare->pid = 0;
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

/* Hands the sentence to the spare (which it then is no longer). */
static int hand_over(struct engine_spare *spare, struct speak_state *s,
                     const struct engine_params *params, const char *text, size_t len)
{
  struct request rq = {*params, len};
  int rc = send_all(spare->req_fd, &rq, sizeof rq);
  if (rc == 0)
    rc = send_all(spare->req_fd, text, len);
  if (rc < 0) {
    engine_spare_drop(spare);
    return rc;
  }
  close(spare->req_fd);
  s->pid = spare->pid;
  s->fd = spare->fd;
  spare->pid = 0;
  return 0;
}

/* Starts the sentence in a child: the spare when it was forked with this voice, else one forked
 * now (also when the spare died meanwhile). */
static int start_child(struct speak_state *s, struct engine_spare *spare, uint64_t voice_gen,
                       const struct engine_params *params, const char *text, size_t len)
{
  if (spare->pid > 0 && spare->voice_gen != voice_gen)
    engine_spare_drop(spare);
  if (spare->pid > 0 && hand_over(spare, s, params, text, len) == 0) {
    spare->used++;
    return 0;
  }
  int rc = fork_spare(spare, voice_gen, params, false);
  if (rc == 0)
    rc = hand_over(spare, s, params, text, len);
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
  if (read_all(s->fd, s->buf, n * sizeof *s->buf) != 1)
    return LECTOR_ETTS;
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
  int rc = start_child(&s, spare, voice_gen, params, st->text, st->len);
  bool ended = false, heard = false;
  int retries = ENGINE_RETRIES;
  while (!rc && !ended) {
    struct record r;
    int got = read_all(s.fd, &r, sizeof r);
    if (got == -ETIMEDOUT && !heard && retries-- > 0) {
      reap(&s, true);
      engine_spare_drop(spare);
      rc = start_child(&s, spare, voice_gen, params, st->text, st->len);
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
      if (rc == 0 && spare->pid <= 0)
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
  reap(&s, !ended);
  free(s.buf);
  *total_out = total;
  /* A sentence without audio forks it here. Not after an abort: a key is waiting, and the
   * spare would cost it the fork it saves. */
  if (rc == 0 && spare->pid <= 0)
    fork_spare(spare, voice_gen, params, true);
  return rc;
}
