/* The export pipeline's processes (see pipeline.h): the plan of chunks, forking and reaping
 * the workers, and the run as a whole. The worker side is in pipeline_worker.c, the parent's
 * reassembly in pipeline_reassemble.c. */
#include "export/pipeline.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/futex.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "export/pipeline_internal.h"
#include "text/document.h"
#include "util/child.h"
#include "util/error.h"
#include "util/stop_signals.h"

int export_default_jobs(void)
{
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n < 1 ? 1 : n > 256 ? 256 : (int)n;
}

int export_default_jobs_for(enum encoder_format format)
{
  int cpus = export_default_jobs();
  bool heavy = format == ENCODER_VORBIS || format == ENCODER_OPUS || format == ENCODER_MP3 ||
               format == ENCODER_M4B;
  return heavy && cpus > 1 ? cpus - 1 : cpus;
}

/* The text bytes of the next chunk when `remaining` bytes are not yet planned: a share of
 * them, within [EXPORT_CHUNK_MIN_TEXT, EXPORT_CHUNK_MAX_TEXT] (see pipeline.h). */
static size_t chunk_target(size_t remaining)
{
  size_t target = remaining / EXPORT_CHUNK_SHARE;
  return target < EXPORT_CHUNK_MIN_TEXT ? EXPORT_CHUNK_MIN_TEXT
         : target > EXPORT_CHUNK_MAX_TEXT ? EXPORT_CHUNK_MAX_TEXT : target;
}

/* Splits the sentences into chunks, from the text alone (whatever the number of workers):
 * large first, smaller and smaller towards the end (guided), so that there are few of them
 * (a fork each) and the workers, taking them as they become free, finish together. A chunk
 * ends at a sentence's end, inside a paragraph if need be: a book-length paragraph (a text
 * without blank lines) is shared by the workers too. */
static int plan_chunks(const struct document *doc, struct chunk **out, size_t *n_out)
{
  size_t remaining = 0;
  for (size_t s = 0; s < doc->n_sentences; s++)
    remaining += doc->sentences[s].end - doc->sentences[s].start;

  struct chunk *chunks = malloc((doc->n_sentences ? doc->n_sentences : 1) * sizeof *chunks);
  if (!chunks)
    return -ENOMEM;
  size_t n = 0, acc = 0, first = 0, target = chunk_target(remaining);
  for (size_t s = 0; s < doc->n_sentences; s++) {
    acc += doc->sentences[s].end - doc->sentences[s].start;
    /* A rest too small for a chunk of its own (a fork for a few sentences) joins this one. */
    bool rest_too_small = remaining - acc < EXPORT_CHUNK_MIN_TEXT;
    if ((acc >= target && !rest_too_small) || s + 1 == doc->n_sentences) {
      chunks[n++] = (struct chunk){first, s + 1};
      first = s + 1;
      remaining -= acc;
      acc = 0;
      target = chunk_target(remaining);
    }
  }
  *out = chunks;
  *n_out = n;
  return 0;
}

int64_t pipeline_wait_for_room(struct shared *shared, struct audio_ring *ring, size_t chunk,
                               uint64_t sentence_start)
{
  for (;;) {
    /* Read before the test: a read after it changes `reads`, and the wait then returns at
     * once instead of sleeping through the wake-up. */
    uint32_t reads = __atomic_load_n(&shared->reads, __ATOMIC_ACQUIRE);
    uint64_t read = __atomic_load_n(&ring->read, __ATOMIC_ACQUIRE);
    uint64_t held = ring->written - read;
    if (held < shared->ring_size)
      return (int64_t)(shared->ring_size - held);
    /* Full. The parent reads a sentence once it has ended: when it needs this chunk and has
     * read all before this sentence, the ring holds this sentence alone and nothing will make
     * room. */
    if (chunk == __atomic_load_n(&shared->wanted, __ATOMIC_ACQUIRE) && read == sentence_start)
      return -EFBIG;
    /* The timeout only bounds the wait should the parent be gone (PR_SET_PDEATHSIG ends the
     * worker then anyway). */
    struct timespec ts = {1, 0};
    /* Counted as waiting before the wait checks `reads` again: a parent that then finds no
     * one waiting had bumped `reads` before, and the wait returns at once (both in one total
     * order, __ATOMIC_SEQ_CST). */
    __atomic_add_fetch(&shared->waiting, 1, __ATOMIC_SEQ_CST);
    syscall(SYS_futex, &shared->reads, FUTEX_WAIT, reads, &ts, NULL, 0);
    __atomic_sub_fetch(&shared->waiting, 1, __ATOMIC_SEQ_CST);
  }
}

void pipeline_room_made(struct shared *shared)
{
  __atomic_add_fetch(&shared->reads, 1, __ATOMIC_SEQ_CST);
  /* A system call per sentence only when a worker sleeps: most of the time none does. */
  if (__atomic_load_n(&shared->waiting, __ATOMIC_SEQ_CST))
    syscall(SYS_futex, &shared->reads, FUTEX_WAKE, INT_MAX, NULL, NULL, 0);
}

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

/* Opens the synthesiser here, once, for the workers to inherit: each worker opening its own
 * cost the CPU of an espeak-ng start (voices, dictionary, the text tables) per worker. The
 * parent never synthesises, so what the workers inherit is the state right after open. */
static int open_synth(struct parent *pa, enum export_stage *stage)
{
  const struct export_config *cfg = pa->cfg;
  struct opened_synth *o = &pa->synth;
  memset(&o->info, 0, sizeof o->info);
  int rc = cfg->synth->open(cfg->synth_user, &o->state, &o->info, pa->message,
                            sizeof pa->message);
  if (rc) {
    o->state = NULL;
    *stage = EXPORT_FAILED_SYNTH;
  } else {
    pa->message[0] = '\0';
  }
  return rc;
}

static int start_workers(struct parent *pa, const struct chunk *chunks, size_t n_chunks)
{
  const struct export_config *cfg = pa->cfg;
  sigset_t old;
  /* Blocked across fork so that no signal reaches a child before it has reset the handlers. */
  stop_signals_hold(&old);
  int rc = 0;
  for (int i = 0; i < pa->jobs; i++) {
    /* The worker's audio ring: memory with a file's interface (pipeline_internal.h). */
    int audio_fd = memfd_create("lector-export-audio", MFD_CLOEXEC);
    if (audio_fd < 0) {
      rc = -errno;
      break;
    }
    pa->workers[i].audio_fd = audio_fd;
    pa->workers[i].ring = &pa->shared->rings[i];
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
      rc = -errno;
      break;
    }
    pid_t pid = child_fork();
    if (pid < 0) {
      rc = pid;
      close(fds[0]);
      close(fds[1]);
      break;
    }
    if (pid == 0) {
      close(fds[0]);
      for (int j = 0; j < i; j++) {
        close(pa->workers[j].fd);
        close(pa->workers[j].audio_fd);
      }
      pipeline_worker_main(cfg, fds[1], audio_fd, pa->workers[i].ring, pa->shared, chunks,
                           n_chunks, &pa->synth, &old);
    }
    close(fds[1]);
    pa->workers[i].pid = pid;
    pa->workers[i].fd = fds[0];
  }
  stop_signals_release(&old);
  return rc;
}

/* The bytes of each worker's audio ring (see AUDIO_RING): even, at least a page unless the file
 * size limit is smaller. */
static uint64_t ring_size(const struct export_config *cfg, int jobs)
{
  uint64_t size = cfg->audio_ring_bytes ? cfg->audio_ring_bytes : AUDIO_RING;
  if (!cfg->audio_ring_bytes && size * (uint64_t)jobs > AUDIO_RINGS_MAX)
    size = AUDIO_RINGS_MAX / (uint64_t)jobs;
  struct rlimit fsize;
  if (getrlimit(RLIMIT_FSIZE, &fsize) == 0 && fsize.rlim_cur != RLIM_INFINITY &&
      fsize.rlim_cur < size)
    size = fsize.rlim_cur;
  if (size >= 8192)
    size &= ~(uint64_t)4095;
  size &= ~(uint64_t)1;
  return size < 2 ? 2 : size;
}

/* The parent's state for jobs workers (at most n_chunks), before any is forked. */
static int parent_init(struct parent *pa, const struct export_config *cfg, size_t n_chunks)
{
  memset(pa, 0, sizeof *pa);
  pa->cfg = cfg;
  pa->jobs = cfg->jobs < 1 ? 1 : cfg->jobs > 256 ? 256 : cfg->jobs;
  if ((size_t)pa->jobs > n_chunks)
    pa->jobs = (int)n_chunks;
  pa->workers = calloc((size_t)pa->jobs, sizeof *pa->workers);
  if (!pa->workers)
    return -ENOMEM;
  for (int i = 0; i < pa->jobs; i++) {
    pa->workers[i].fd = -1;
    pa->workers[i].audio_fd = -1;
    pa->workers[i].chunk = -1;
  }
  pa->shared_size = sizeof *pa->shared + (size_t)pa->jobs * sizeof pa->shared->rings[0];
  pa->shared = mmap(NULL, pa->shared_size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
                    -1, 0);
  if (pa->shared == MAP_FAILED) {
    int rc = -errno;
    free(pa->workers);
    return rc;
  }
  memset(pa->shared, 0, pa->shared_size);
  pa->shared->ring_size = ring_size(cfg, pa->jobs);
  return 0;
}

static void parent_free(struct parent *pa)
{
  for (int i = 0; i < pa->jobs; i++) {
    free(pa->workers[i].buf);
    if (pa->workers[i].audio_fd >= 0)
      close(pa->workers[i].audio_fd);
  }
  free(pa->workers);
  free(pa->words);
  munmap(pa->shared, pa->shared_size);
}

/* Closes the encoder and fills res from the run that ended with rc. Returns the final rc. */
static int finish(struct parent *pa, int rc, enum export_stage stage, struct export_result *res)
{
  if (pa->enc) {
    uint64_t frames = 0;
    double t0 = pipeline_thread_cpu();
    double pool_cpu = 0;  /* Ogg Vorbis encodes in threads of its own: theirs counts too */
    int close_rc = encoder_close_stats(pa->enc, &frames, &pool_cpu);
    pa->encode_cpu += pipeline_thread_cpu() - t0 + pool_cpu;
    res->parent_cpu = pool_cpu;
    if (!rc && close_rc) {
      stage = EXPORT_FAILED_OUTPUT;
      rc = close_rc;
    }
    res->frames = frames;
    res->sample_rate = encoder_output_rate(pa->cfg->format, pa->voice.sample_rate);
  }
  res->encode_cpu = pa->encode_cpu;
  res->voice = pa->voice;
  memcpy(res->message, pa->message, sizeof res->message);
  res->stage = rc ? stage : EXPORT_OK;
  return rc;
}

static double seconds_since(const struct timespec *t0)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - t0->tv_sec) + (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
}

static double cpu_seconds(const struct rusage *ru)
{
  return (double)(ru->ru_utime.tv_sec + ru->ru_stime.tv_sec) +
         (double)(ru->ru_utime.tv_usec + ru->ru_stime.tv_usec) / 1e6;
}

int export_run(const struct export_config *cfg, struct export_result *res)
{
  memset(res, 0, sizeof *res);
  res->stage = EXPORT_FAILED_SYSTEM;
  if (cfg->doc->n_sentences == 0)
    return LECTOR_EEMPTY;

  struct chunk *chunks = NULL;
  size_t n_chunks = 0;
  int rc = plan_chunks(cfg->doc, &chunks, &n_chunks);
  if (rc)
    return rc;
  struct parent pa;
  rc = parent_init(&pa, cfg, n_chunks);
  if (rc) {
    free(chunks);
    return rc;
  }

  enum export_stage stage = EXPORT_FAILED_SYSTEM;
  struct rusage before, after;
  getrusage(RUSAGE_CHILDREN, &before);
  double parent_t0 = pipeline_thread_cpu();
  struct timespec run_t0;
  clock_gettime(CLOCK_MONOTONIC, &run_t0);
  rc = open_synth(&pa, &stage);
  if (!rc)
    rc = start_workers(&pa, chunks, n_chunks);
  double forked_at = seconds_since(&run_t0);
  if (!rc)
    rc = pipeline_reassemble(&pa, n_chunks, &stage);
  double synth_end_at = seconds_since(&run_t0);
  /* Ctrl-C reaches the whole process group: a synthesis child killed by it makes its worker
   * fail, but the user asked to stop, and that is what to report. */
  if (rc && cfg->cancel && *cfg->cancel) {
    stage = EXPORT_CANCELLED;
    rc = -ECANCELED;
  }
  if (rc)
    stop_workers(&pa);
  bool workers_ok = reap_workers(&pa);
  getrusage(RUSAGE_CHILDREN, &after);
  if (!rc && !workers_ok) {
    stage = EXPORT_FAILED_SYNTH;
    rc = LECTOR_ETTS;
  }
  if (pa.synth.state)
    cfg->synth->close(pa.synth.state);
  rc = finish(&pa, rc, stage, res);
  res->parent_cpu += pipeline_thread_cpu() - parent_t0;
  res->synth_cpu = cpu_seconds(&after) - cpu_seconds(&before);
  res->forked_at = forked_at;
  res->synth_end_at = synth_end_at;
  res->held_audio_max = __atomic_load_n(&pa.shared->held_max, __ATOMIC_RELAXED);
  parent_free(&pa);
  free(chunks);
  return rc;
}
