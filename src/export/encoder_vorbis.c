#include "export/encoder_vorbis.h"

#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <vorbis/vorbisenc.h>

#include "util/error.h"
#include "util/grow.h"

/* sox's default for Vorbis (quality 3 of -1..10, about 47 kb/s for speech at 22050 Hz): what
 * the espeak-ng + sox pipeline writes. */
#define QUALITY 0.3f
/* A run ends at the first pause after this many milliseconds: at a sentence's end, mostly. Most
 * of a pause between runs is never encoded (the stream writer's silent packets stand for it),
 * and silence costs libvorbis as much as speech does: a tenth of the audio at the default
 * pauses. */
#define RUN_MIN_MS 1000
/* A run without such a pause is handed over at this length all the same, and the next run
 * continues it on the same encoder (no silence between, so no junction to hear): the PCM held
 * stays bounded when fast speech leaves no pause long enough to cut at (above about 750 wpm). */
#define RUN_MAX_MS 20000
/* Runs held per thread (waiting, being encoded or encoded but not yet written): the memory stays
 * bounded when synthesis outruns encoding, the caller then waits. */
#define RUNS_PER_THREAD 8
/* Samples held per thread, in runs of the longest: as many as a thread can use. */
#define HELD_RUNS_PER_THREAD 2
/* Encoders, and so at most as many threads: enough for the machines lector runs on. */
#define LANES 4
/* Samples handed to libvorbis at a time. */
#define BLOCK 4096

/* An encoder kept from run to run (setting one up costs as much as encoding half a second of
 * audio): the runs of its lane (run i is lane i % LANES's) follow one another in its input, each
 * after a stretch of silence that ends the blocks of the one before. Lanes, not threads, own
 * the encoders so that the file does not depend on which thread took which run. */
struct lane {
  vorbis_info vi;
  vorbis_dsp_state vd;
  vorbis_block vb;
  int64_t fed;                  /* samples given to libvorbis: its packets' granule positions
                                 * (the centres of their blocks) count from its first */
  int setup;                    /* 0 once set up, or the error that kept it from it */
  bool started, busy;           /* busy: a thread is encoding one of its runs */
};

enum run_state { RUN_QUEUED, RUN_ENCODING, RUN_DONE };

/* A run of the input, encoded by one encoder. */
struct run {
  int16_t *pcm;
  size_t n, cap;
  uint64_t start;            /* input position of pcm[0] */
  bool last;                 /* the end of the input */
  bool continued;            /* the next run continues it (packets.continues): same lane */
  unsigned lane;
  struct vorbis_run packets; /* what the encoder made of it */
  enum run_state state;
  int rc;
};

struct encoder_vorbis {
  vorbis_info vi;               /* the stream's settings (each lane sets up its own alike) */
  struct vorbis_stream *stream;
  int rate;
  size_t run_min;               /* samples a run has before it may be cut */
  size_t run_max;               /* samples a run has before it is continued by the next */
  size_t held, held_peak;       /* samples of PCM in the filling and queued runs */
  size_t held_max;              /* held past which a run handed over waits for the queue */
  size_t edge;                  /* silence left on each side of a cut: bs1 / 2 */
  int error;                    /* the first error: the rest is not encoded */
  struct run *filling;          /* the run the caller is filling */
  pthread_mutex_t lock;
  pthread_cond_t changed;       /* a run was queued or finished, or stopping was set */
  struct run **queue;           /* handed over, oldest first: queue[(first + i) % cap] */
  size_t first, count, cap;
  bool stopping;
  double pool_cpu;              /* CPU seconds of the threads that have ended */
  struct lane lanes[LANES];
  unsigned next_lane;           /* the lane of the next run handed over */
  unsigned last_lane;           /* the lane of the last: a continuation's */
  pthread_t threads[LANES];
  int n_threads;
};

static struct run *run_new(uint64_t start)
{
  struct run *run = calloc(1, sizeof *run);
  if (run)
    run->start = start;
  return run;
}

static void run_free(struct run *run)
{
  if (!run)
    return;
  free(run->pcm);
  vorbis_run_free(&run->packets);
  free(run);
}

/* Appends n samples (zeros when samples is NULL). Returns 0 or -ENOMEM. */
static int run_append(struct run *run, const int16_t *samples, size_t n)
{
  if (n == 0)
    return 0;
  if (grow_for((void **)&run->pcm, &run->cap, run->n + n - 1, sizeof *run->pcm, 65536))
    return -ENOMEM;
  if (samples)
    memcpy(run->pcm + run->n, samples, n * sizeof *samples);
  else
    memset(run->pcm + run->n, 0, n * sizeof *run->pcm);
  run->n += n;
  return 0;
}

/* Which of the packets coming out belong to the run being encoded: from the first whose block
 * is centred at or after its first sample (the block's left half is then in silence) to the
 * first centred at or after its end (the right half in silence); to the stream's end if last.
 * A continuation takes all that comes out (from INT64_MIN: the packets the run before could
 * not have yet, then its own), a continued run all until its samples are fed (to INT64_MAX):
 * the lane's packets go to the stream in the order libvorbis made them, none dropped. */
struct keep {
  int64_t from, to;
  bool last, done;
  struct vorbis_run *out;
};

/* Moves the packets libvorbis has ready into k->out, or drops them. */
static int drain(struct lane *lane, struct keep *k)
{
  while (vorbis_analysis_blockout(&lane->vd, &lane->vb) == 1) {
    if (vorbis_analysis(&lane->vb, NULL) != 0 || vorbis_bitrate_addblock(&lane->vb) != 0)
      return LECTOR_EENCODE;
    ogg_packet op;
    while (vorbis_bitrate_flushpacket(&lane->vd, &op) == 1) {
      int64_t center = op.granulepos;
      if (k->done || center < k->from)
        continue;  /* the silence between two runs */
      if (k->out->n_packets == 0 && !k->out->continues)
        k->out->first_center = center - k->from;
      int rc = vorbis_run_add(k->out, &op, vorbis_packet_blocksize(&lane->vi, &op));
      if (rc)
        return rc;
      k->done = !k->last && center >= k->to;
    }
  }
  return 0;
}

/* Gives libvorbis n samples (zeros if pcm is NULL) and takes what comes out. */
static int feed(struct lane *lane, const int16_t *pcm, size_t n, struct keep *k)
{
  int rc = 0;
  for (size_t off = 0, take; !rc && off < n; off += take) {
    take = n - off < BLOCK ? n - off : BLOCK;
    float *buf = vorbis_analysis_buffer(&lane->vd, (int)take)[0];
    for (size_t i = 0; i < take; i++)
      buf[i] = pcm ? (float)pcm[off + i] / 32768.0f : 0.0f;
    rc = vorbis_analysis_wrote(&lane->vd, (int)take) ? LECTOR_EENCODE : drain(lane, k);
    lane->fed += (int64_t)take;
  }
  return rc;
}

/* Encodes run->pcm (in a pool thread), then silence until its last block is out; the last run
 * ends the encoder's stream instead (libvorbis pads its last block), a continued run leaves it
 * to its continuation. */
static int encode_run(struct lane *lane, size_t separator, struct run *run)
{
  struct keep k = {run->packets.continues ? INT64_MIN : lane->fed,
                   run->continued ? INT64_MAX : lane->fed + (int64_t)run->n, run->last, false,
                   &run->packets};
  run->packets.length = (int64_t)run->n;
  int rc = feed(lane, run->pcm, run->n, &k);
  if (!rc && run->last)
    rc = vorbis_analysis_wrote(&lane->vd, 0) ? LECTOR_EENCODE : drain(lane, &k);
  while (!rc && !run->last && !run->continued && !k.done)
    rc = feed(lane, NULL, separator, &k);
  return rc || run->packets.n_packets || run->packets.continues ? rc : LECTOR_EENCODE;
}

/* The stream's headers are the first encoder's: this one's packets may follow only if its
 * headers are the same, byte for byte. */
static int check_headers(vorbis_dsp_state *vd, const struct vorbis_stream *stream)
{
  vorbis_comment vc;
  vorbis_comment_init(&vc);
  ogg_packet ident, comment, setup;
  int rc = vorbis_analysis_headerout(vd, &vc, &ident, &comment, &setup) != 0 ? LECTOR_EENCODE
           : vorbis_stream_same_headers(stream, &ident, &setup)              ? 0
                                                                             : LECTOR_EENCODE;
  vorbis_comment_clear(&vc);
  return rc;
}

static void lane_clear(struct lane *lane)
{
  vorbis_block_clear(&lane->vb);
  vorbis_dsp_clear(&lane->vd);
  vorbis_info_clear(&lane->vi);
}

static int lane_init(struct lane *lane, int rate, const struct vorbis_stream *stream)
{
  vorbis_info_init(&lane->vi);
  lane->fed = 0;
  if (vorbis_encode_init_vbr(&lane->vi, 1, rate, QUALITY) != 0 ||
      vorbis_analysis_init(&lane->vd, &lane->vi) != 0) {
    vorbis_info_clear(&lane->vi);
    return LECTOR_EENCODE;
  }
  vorbis_block_init(&lane->vd, &lane->vb);
  int rc = check_headers(&lane->vd, stream);
  if (rc)
    lane_clear(lane);
  return rc;
}

/* The oldest run no thread has taken whose lane is free; NULL if none. With the lock held. */
static struct run *next_queued(struct encoder_vorbis *ev)
{
  for (size_t i = 0; i < ev->count; i++) {
    struct run *run = ev->queue[(ev->first + i) % ev->cap];
    if (run->state == RUN_QUEUED && !ev->lanes[run->lane].busy)
      return run;
  }
  return NULL;
}

static void *pool_thread(void *arg)
{
  struct encoder_vorbis *ev = arg;
  pthread_mutex_lock(&ev->lock);
  for (;;) {
    struct run *run = next_queued(ev);
    if (!run) {
      if (ev->stopping)
        break;
      pthread_cond_wait(&ev->changed, &ev->lock);
      continue;
    }
    struct lane *lane = &ev->lanes[run->lane];
    run->state = RUN_ENCODING;
    lane->busy = true;
    pthread_mutex_unlock(&ev->lock);
    if (!lane->started) {
      lane->setup = lane_init(lane, ev->rate, ev->stream);
      lane->started = true;
    }
    int rc = lane->setup ? lane->setup : encode_run(lane, ev->edge, run);
    pthread_mutex_lock(&ev->lock);
    lane->busy = false;
    run->rc = rc;
    run->state = RUN_DONE;
    pthread_cond_broadcast(&ev->changed);
  }
  struct timespec cpu;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) == 0)
    ev->pool_cpu += (double)cpu.tv_sec + (double)cpu.tv_nsec / 1e9;
  pthread_mutex_unlock(&ev->lock);
  return NULL;
}

/* Writes the encoded runs at the head of the queue to the stream, in order; with wait, waits
 * for the oldest first. (Only the caller's thread takes runs off the queue.) */
static int write_encoded(struct encoder_vorbis *ev, bool wait)
{
  for (;;) {
    pthread_mutex_lock(&ev->lock);
    while (wait && ev->count && ev->queue[ev->first]->state != RUN_DONE)
      pthread_cond_wait(&ev->changed, &ev->lock);
    struct run *run = NULL;
    if (ev->count && ev->queue[ev->first]->state == RUN_DONE) {
      run = ev->queue[ev->first];
      ev->first = (ev->first + 1) % ev->cap;
      ev->count--;
    }
    pthread_mutex_unlock(&ev->lock);
    if (!run)
      return 0;
    int rc = run->rc;
    if (!rc)
      rc = vorbis_stream_add(ev->stream, &run->packets, run->start, run->last);
    ev->held -= run->n;
    run_free(run);
    if (rc)
      return rc;
    wait = false;
  }
}

/* Hands run to the pool, once there is room: a free place in the queue, and at most held_max
 * samples held (runs cut at pauses are short, those continued are long). */
static int submit(struct encoder_vorbis *ev, struct run *run)
{
  int rc = 0;
  while (!rc && ev->count && (ev->count == ev->cap || ev->held > ev->held_max))
    rc = write_encoded(ev, true);
  if (rc) {
    run_free(run);
    return rc;
  }
  pthread_mutex_lock(&ev->lock);
  run->state = RUN_QUEUED;
  if (run->packets.continues) {
    run->lane = ev->last_lane;
  } else {
    run->lane = ev->next_lane;
    ev->next_lane = (ev->next_lane + 1) % LANES;
  }
  ev->last_lane = run->lane;
  ev->queue[(ev->first + ev->count) % ev->cap] = run;
  ev->count++;
  pthread_cond_broadcast(&ev->changed);
  pthread_mutex_unlock(&ev->lock);
  return write_encoded(ev, false);
}

static int fail(struct encoder_vorbis *ev, int rc)
{
  if (rc && !ev->error)
    ev->error = rc;
  return rc;
}

/* Appends n samples (zeros if samples is NULL) to run, counting what is held. */
static int hold(struct encoder_vorbis *ev, struct run *run, const int16_t *samples, size_t n)
{
  int rc = run_append(run, samples, n);
  if (!rc) {
    ev->held += n;
    ev->held_peak = ev->held > ev->held_peak ? ev->held : ev->held_peak;
  }
  return rc;
}

/* Appends to the filling run, handing it over each time it reaches run_max: the next run
 * continues it on the same lane. */
static int append_bounded(struct encoder_vorbis *ev, const int16_t *samples, size_t n)
{
  while (n > 0) {
    struct run *run = ev->filling;
    if (run->n >= ev->run_max) {
      struct run *next = run_new(run->start + run->n);
      if (!next)
        return -ENOMEM;
      next->packets.continues = true;
      run->continued = true;
      ev->filling = next;
      int rc = submit(ev, run);
      if (rc)
        return rc;
      continue;
    }
    size_t take = ev->run_max - run->n < n ? ev->run_max - run->n : n;
    int rc = hold(ev, run, samples, take);
    if (rc)
      return rc;
    samples = samples ? samples + take : NULL;
    n -= take;
  }
  return 0;
}

int encoder_vorbis_write(struct encoder_vorbis *ev, const int16_t *samples, size_t n)
{
  if (ev->error)
    return ev->error;
  return fail(ev, append_bounded(ev, samples, n));
}

size_t encoder_vorbis_held_peak(const struct encoder_vorbis *ev) { return ev->held_peak; }

/* A pause of 3 * bs1 or more ends the run once it is long enough: the run keeps edge samples of
 * the pause, the next starts with the last edge samples, so the blocks that meet are silent;
 * the silence between is the stream writer's (vorbis_stream.h), which needs bs1 of it (the
 * last block of a run reaches up to bs1 / 2 past its end, a late run is bs0 / 4 late). */
int encoder_vorbis_write_silence(struct encoder_vorbis *ev, size_t n)
{
  if (ev->error)
    return ev->error;
  struct run *run = ev->filling;
  if (run->n < ev->run_min || n < 6 * ev->edge)
    return fail(ev, append_bounded(ev, NULL, n));
  struct run *next = run_new(run->start + run->n + n - ev->edge);
  if (!next || hold(ev, next, NULL, ev->edge) || hold(ev, run, NULL, ev->edge)) {
    run_free(next);
    return fail(ev, -ENOMEM);
  }
  ev->filling = next;
  return fail(ev, submit(ev, run));
}

static void stop_pool(struct encoder_vorbis *ev)
{
  pthread_mutex_lock(&ev->lock);
  ev->stopping = true;
  pthread_cond_broadcast(&ev->changed);
  pthread_mutex_unlock(&ev->lock);
  for (int i = 0; i < ev->n_threads; i++)
    pthread_join(ev->threads[i], NULL);
  ev->n_threads = 0;
}

static void encoder_vorbis_free(struct encoder_vorbis *ev)
{
  stop_pool(ev);
  for (size_t i = 0; i < ev->count; i++)
    run_free(ev->queue[(ev->first + i) % ev->cap]);
  run_free(ev->filling);
  for (int i = 0; i < LANES; i++)
    if (ev->lanes[i].started && !ev->lanes[i].setup)
      lane_clear(&ev->lanes[i]);
  free(ev->queue);
  pthread_cond_destroy(&ev->changed);
  pthread_mutex_destroy(&ev->lock);
  vorbis_info_clear(&ev->vi);
  free(ev);
}

/* The pool: a thread per core, up to a thread per lane. Returns 0, or an error if not even one
 * could start. */
static int start_pool(struct encoder_vorbis *ev)
{
  long cpus = sysconf(_SC_NPROCESSORS_ONLN);
  int want = cpus < 1 ? 1 : cpus > LANES ? LANES : (int)cpus;
  ev->cap = (size_t)want * RUNS_PER_THREAD;
  ev->held_max = (size_t)want * HELD_RUNS_PER_THREAD * ev->run_max;
  ev->queue = calloc(ev->cap, sizeof *ev->queue);
  if (!ev->queue)
    return -ENOMEM;
  while (ev->n_threads < want &&
         pthread_create(&ev->threads[ev->n_threads], NULL, pool_thread, ev) == 0)
    ev->n_threads++;
  return ev->n_threads ? 0 : -ENOMEM;
}

int encoder_vorbis_open(struct encoder_vorbis **out, int rate, const char *title,
                        const char *artist, vorbis_sink sink, void *user)
{
  *out = NULL;
  struct encoder_vorbis *ev = calloc(1, sizeof *ev);
  if (!ev)
    return -ENOMEM;
  pthread_mutex_init(&ev->lock, NULL);
  pthread_cond_init(&ev->changed, NULL);
  vorbis_info_init(&ev->vi);
  ev->rate = rate;
  ev->run_min = (size_t)rate * RUN_MIN_MS / 1000;
  ev->run_max = (size_t)rate * RUN_MAX_MS / 1000;
  int rc = vorbis_encode_init_vbr(&ev->vi, 1, rate, QUALITY) ? LECTOR_EENCODE : 0;
  if (!rc) {
    ev->edge = (size_t)vorbis_info_blocksize(&ev->vi, 1) / 2;
    rc = vorbis_stream_open(&ev->stream, &ev->vi, title, artist, sink, user);
  }
  if (!rc)
    rc = (ev->filling = run_new(0)) ? start_pool(ev) : -ENOMEM;
  if (rc) {
    if (ev->stream)
      vorbis_stream_close(ev->stream, NULL);
    encoder_vorbis_free(ev);
    return rc;
  }
  *out = ev;
  return 0;
}

int encoder_vorbis_close(struct encoder_vorbis *ev, uint64_t *frames, double *pool_cpu)
{
  int rc = ev->error;
  if (!rc) {
    struct run *run = ev->filling;
    ev->filling = NULL;
    run->last = true;
    rc = submit(ev, run);
  }
  while (!rc && ev->count)
    rc = write_encoded(ev, true);
  stop_pool(ev);
  uint64_t n = 0;
  int close_rc = vorbis_stream_close(ev->stream, &n);
  if (!rc)
    rc = close_rc;
  if (frames)
    *frames = n;
  if (pool_cpu)
    *pool_cpu = ev->pool_cpu;
  encoder_vorbis_free(ev);
  return rc;
}
