/* The espeak-ng wrapper.
 *
 * Determinism. espeak-ng keeps synthesis state in function-local statics that no API resets:
 * wavegen.c's pitch flutter phase (Flutter_ix), automatic gain (agc) and cycle counter, plus
 * the resonator, echo and clause context left by the previous call. Re-selecting the voice or
 * re-setting parameters does not clear them (measured: the same sentence gives different
 * samples after different predecessors), and espeak_Terminate + espeak_Initialize hangs on the
 * second round in 1.51. So the process that owns the engine never synthesises: it initialises
 * espeak-ng and applies voice and parameters, and every sentence is synthesised in a child
 * forked from that pristine state, which streams PCM and word events back through a pipe and
 * exits. Each sentence therefore starts from exactly the same state whatever came before; a
 * fork costs about 0.3 ms against about 2 ms of synthesis for a short sentence. Aborting kills
 * the child.
 *
 * A caller that synthesises long runs of sentences and isolates them itself (export: one child
 * per run of paragraphs) sets TTS_ISOLATE_NONE: synthesis then runs in the calling process,
 * straight from espeak-ng's callback to the caller's, without the fork and the pipe per
 * sentence (measured: export then cost 45% more CPU than espeak-ng's own command line, with
 * thousands of context switches).
 *
 * Threads: espeak-ng is initialised once per process (never terminated: a second
 * Initialize/Terminate round hangs). Only the thread that created the engine may use it. */
#include "speech/engine.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <espeak-ng/speak_lib.h>

#include "speech/reading_rules.h"
#include "speech/voice.h"
#include "text/speech_text.h"
#include "util/error.h"

/* Milliseconds of audio espeak-ng hands to the callback at a time: small enough that the first
 * audio of a sentence and an abort come quickly. */
#define ENGINE_BUFFER_MS 50

/* A synthesis child that sends nothing for this long is stuck, not slow (a sentence takes
 * milliseconds). This is a safety net, not a timing: a child forked while another thread held
 * an allocator lock could block for ever in an allocator without fork handlers (ASan's, in
 * multi-threaded programs). A child stuck before its first byte is replaced once. */
#define ENGINE_STALL_MS 30000
#define ENGINE_RETRIES 1

struct tts_engine {
  int sample_rate;
  int speed;           /* words per minute currently applied */
  enum tts_isolation isolation;
};

/* Process-wide espeak-ng state: initialised once (see top). */
static int espeak_sample_rate;

/* Set in the forked child only: where its callback writes records. */
static int child_fd = -1;

struct word_event {
  size_t byte;        /* byte offset in the speech text */
  uint64_t sample;
};

/* The word events of one call to tts_engine_speak. */
struct events {
  struct word_event *ev;
  size_t n, cap;
};

/* Set in the engine's own thread for the length of a TTS_ISOLATE_NONE synthesis only: where
 * the callback delivers (espeak-ng's callback has no user pointer in synchronous mode). */
struct direct_call {
  tts_audio_fn fn;
  void *user;
  const size_t *byte_of_char;
  size_t n_chars;
  struct events *events;
  uint64_t total;     /* samples passed to fn */
  int rc;             /* -ECANCELED when fn aborted, -ENOMEM */
};
static struct direct_call *direct;

enum record_type { REC_AUDIO = 1, REC_WORD = 2, REC_END = 3 };

/* One record of the child → parent stream. REC_AUDIO is followed by a samples. */
struct record {
  int32_t type;
  int32_t a;     /* REC_AUDIO: sample count; REC_WORD: text_position; REC_END: espeak status */
  int64_t b;     /* REC_WORD: sample offset of the event */
};

int tts_espeak_init(void)
{
  if (espeak_sample_rate > 0)
    return espeak_sample_rate;
  int rate = espeak_Initialize(AUDIO_OUTPUT_SYNCHRONOUS, ENGINE_BUFFER_MS, NULL,
                               espeakINITIALIZE_DONT_EXIT);
  if (rate <= 0)
    return LECTOR_ETTS;
  espeak_sample_rate = rate;
  return rate;
}

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

/* Records a WORD event at character position pos (1-based) and sample offset sample. */
static int add_event(struct events *e, int32_t pos, int64_t sample, const size_t *byte_of_char,
                     size_t n_chars)
{
  if (pos < 1 || (size_t)pos > n_chars || sample < 0)
    return 0; /* espeak-ng sometimes reports position 0: no anchor */
  if (e->n == e->cap) {
    size_t cap = e->cap ? e->cap * 2 : 32;
    struct word_event *ne = realloc(e->ev, cap * sizeof *ne);
    if (!ne)
      return -ENOMEM;
    e->ev = ne;
    e->cap = cap;
  }
  e->ev[e->n++] = (struct word_event){byte_of_char[pos - 1], (uint64_t)sample};
  return 0;
}

/* TTS_ISOLATE_NONE: hands word events and audio straight to the caller. */
static int direct_callback(short *wav, int n, espeak_EVENT *ev)
{
  struct direct_call *d = direct;
  if (d->rc)
    return 1;
  for (; ev && ev->type != espeakEVENT_LIST_TERMINATED; ev++) {
    if (ev->type != espeakEVENT_WORD)
      continue;
    int rc = add_event(d->events, ev->text_position, ev->sample, d->byte_of_char, d->n_chars);
    if (rc) {
      d->rc = rc;
      return 1;
    }
  }
  if (wav && n > 0) {
    d->total += (uint64_t)n;
    if (d->fn && d->fn(d->user, wav, (size_t)n)) {
      d->rc = -ECANCELED;
      return 1;
    }
  }
  return 0;
}

/* espeak-ng's callback: in a TTS_ISOLATE_NONE call, straight to the caller; otherwise it runs
 * in the synthesis child, which forwards word events and audio to the parent. */
static int child_callback(short *wav, int n, espeak_EVENT *ev)
{
  if (direct)
    return direct_callback(wav, n, ev);
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

int tts_engine_new(struct tts_engine **out)
{
  *out = NULL;
  int rate = tts_espeak_init();
  if (rate < 0)
    return rate;
  struct tts_engine *e = calloc(1, sizeof *e);
  if (!e)
    return -ENOMEM;
  e->sample_rate = rate;
  espeak_SetSynthCallback(child_callback);
  struct voice_profile defaults;
  voice_profile_defaults(&defaults);
  int rc = tts_engine_set_voice(e, &defaults);
  if (rc) {
    free(e);
    return rc;
  }
  *out = e;
  return 0;
}

void tts_engine_free(struct tts_engine *engine)
{
  /* espeak-ng stays initialised for the process: see the top of this file. */
  free(engine);
}

void tts_engine_set_isolation(struct tts_engine *engine, enum tts_isolation mode)
{
  engine->isolation = mode;
  /* Breathy and Klatt variants draw noise from rand() (see child_main): children forked from
   * here start it alike. */
  if (mode == TTS_ISOLATE_NONE)
    srand(1);
}

int tts_engine_sample_rate(const struct tts_engine *engine)
{
  return engine->sample_rate;
}

static int set_param(espeak_PARAMETER p, int value)
{
  return espeak_SetParameter(p, value, 0) == EE_OK ? 0 : LECTOR_ETTS;
}

int tts_engine_select_voice(const struct voice_profile *voice)
{
  char name[160];
  if (voice->espeak_voice[0]) {
    if (voice->variant[0])
      snprintf(name, sizeof name, "%s+%s", voice->espeak_voice, voice->variant);
    else
      snprintf(name, sizeof name, "%s", voice->espeak_voice);
    return espeak_SetVoiceByName(name) == EE_OK ? 0 : LECTOR_EVOICE;
  }
  const char *lang = voice->language[0] ? voice->language : "en-gb";
  espeak_VOICE spec;
  memset(&spec, 0, sizeof spec);
  spec.languages = lang;
  if (espeak_SetVoiceByProperties(&spec) != EE_OK)
    return LECTOR_EVOICE;
  if (!voice->variant[0])
    return 0;
  /* A named variant applies through the name: identifier of the voice found + "+variant". */
  espeak_VOICE *cur = espeak_GetCurrentVoice();
  if (!cur || !cur->identifier)
    return LECTOR_EVOICE;
  char base[128];
  snprintf(base, sizeof base, "%s", cur->identifier);
  char *plus = strchr(base, '+');
  if (plus)
    *plus = '\0';
  snprintf(name, sizeof name, "%s+%s", base, voice->variant);
  return espeak_SetVoiceByName(name) == EE_OK ? 0 : LECTOR_EVOICE;
}

int tts_engine_set_voice(struct tts_engine *engine, const struct voice_profile *voice)
{
  int rc = tts_engine_select_voice(voice);
  if (rc)
    return rc;
  if ((rc = set_param(espeakRATE, voice->speed)) || (rc = set_param(espeakPITCH, voice->pitch)) ||
      (rc = set_param(espeakRANGE, voice->range)) ||
      (rc = set_param(espeakVOLUME, voice->volume)) ||
      (rc = set_param(espeakWORDGAP, voice->word_gap)))
    return rc;
  /* Punctuation and capitals stay at espeak-ng's defaults (not announced): setting them
   * returns an error in 1.51. */
  engine->speed = voice->speed;
  return 0;
}

int tts_engine_set_speed(struct tts_engine *engine, int wpm)
{
  if (wpm < espeakRATE_MINIMUM)
    wpm = espeakRATE_MINIMUM;
  if (wpm > espeakRATE_MAXIMUM)
    wpm = espeakRATE_MAXIMUM;
  int rc = set_param(espeakRATE, wpm);
  if (!rc)
    engine->speed = wpm;
  return rc;
}

int tts_engine_set_volume(struct tts_engine *engine, int volume)
{
  (void)engine;
  return set_param(espeakVOLUME, reading_clamp(volume, READING_VOLUME_MIN, READING_VOLUME_MAX));
}

/* ---- the child ---- */

static void child_main(int fd, const char *text, size_t len, pid_t parent)
{
  /* Signals: the parent's handlers (e.g. temporary file cleanup) are not ours to run. */
  static const int sigs[] = {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD};
  for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++)
    signal(sigs[i], SIG_DFL);
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, NULL);
  if (getppid() != parent)   /* the parent died before PDEATHSIG took effect */
    _exit(1);

  child_fd = fd;
  /* Breathy and Klatt variants draw noise from rand(): start it where a fresh process does.
   * (glibc's rand lock is not reset by fork: no other thread of lector may use rand(), or a
   * child forked while it held the lock would wait here until the stall timeout.) */
  srand(1);
  /* Plain text, never espeakSSML. espeakPHONEMES: espeak-ng 1.51 reads [[...]] as phonemes
   * only with this flag (measured); only the lexicon can put [[ into speech text (speech_text.c
   * drops square brackets from the document). No espeakENDPAUSE: the caller adds the pause
   * after a sentence from the voice profile, so the sentence ends where its speech ends. */
  espeak_ERROR err = espeak_Synth(text, len + 1, 0, POS_CHARACTER, 0,
                                  espeakCHARS_UTF8 | espeakPHONEMES, NULL, NULL);
  struct record end = {REC_END, (int32_t)err, 0};
  write_all(fd, &end, sizeof end);
  _exit(0);
}

/* ---- word times ---- */

/* Index of the word whose speech span holds byte b, or n when none. */
static size_t word_at(const struct speech_text *st, size_t b)
{
  size_t lo = 0, hi = st->n_words;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (st->words[mid].speech_end <= b)
      lo = mid + 1;
    else
      hi = mid;
  }
  if (lo < st->n_words && st->words[lo].speech_start <= b)
    return lo;
  return st->n_words;
}

static void compute_times(const struct speech_text *st, const struct word_event *ev, size_t n_ev,
                          uint64_t total, const size_t *char_of_byte, struct tts_word_time *times)
{
  size_t n = st->n_words;
  if (n == 0)
    return;
  const uint64_t unknown = UINT64_MAX;
  for (size_t i = 0; i < n; i++)
    times[i].start = unknown;
  /* First event landing in a word gives its start. */
  for (size_t i = 0; i < n_ev; i++) {
    size_t w = word_at(st, ev[i].byte);
    if (w < n && times[w].start == unknown)
      times[w].start = ev[i].sample < total ? ev[i].sample : total;
  }
  /* Events that jump backwards are not trusted. */
  uint64_t last = 0;
  for (size_t i = 0; i < n; i++) {
    if (times[i].start == unknown)
      continue;
    if (times[i].start < last)
      times[i].start = unknown;
    else
      last = times[i].start;
  }
  /* Interpolate runs of unknown words by character position between known anchors; the text
   * begins at sample 0 and ends at the last sample. */
  size_t prev_w = SIZE_MAX; /* SIZE_MAX: the virtual anchor at char 0, sample 0 */
  uint64_t prev_s = 0;
  size_t prev_c = 0;
  size_t i = 0;
  while (i < n) {
    if (times[i].start != unknown) {
      prev_w = i;
      prev_s = times[i].start;
      prev_c = char_of_byte[st->words[i].speech_start];
      i++;
      continue;
    }
    size_t j = i;
    while (j < n && times[j].start == unknown)
      j++;
    uint64_t next_s = j < n ? times[j].start : total;
    size_t next_c = j < n ? char_of_byte[st->words[j].speech_start]
                          : char_of_byte[st->len];
    if (prev_w == SIZE_MAX && i == 0) {
      /* Speech starts at the first word. */
      prev_c = char_of_byte[st->words[0].speech_start];
    }
    for (size_t k = i; k < j; k++) {
      size_t c = char_of_byte[st->words[k].speech_start];
      if (next_c > prev_c && c >= prev_c && next_s >= prev_s)
        times[k].start = prev_s + (uint64_t)((double)(next_s - prev_s) * (double)(c - prev_c) /
                                             (double)(next_c - prev_c));
      else
        times[k].start = prev_s;
    }
    i = j;
  }
  /* Monotonic, bounded, and every word ends where the next begins. */
  for (size_t k = 0; k < n; k++) {
    if (times[k].start > total)
      times[k].start = total;
    if (k > 0 && times[k].start < times[k - 1].start)
      times[k].start = times[k - 1].start;
  }
  for (size_t k = 0; k < n; k++)
    times[k].end = k + 1 < n ? times[k + 1].start : total;
}

/* ---- speak ---- */

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

static int start_child(struct speak_state *s, const char *text, size_t len)
{
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0)
    return -errno;
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pid_t self = getpid();
  pid_t pid = fork();
  if (pid == 0) {
    close(p[0]);
    child_main(p[1], text, len, self);
  }
  int err = errno;
  pthread_sigmask(SIG_SETMASK, &old, NULL);
  close(p[1]);
  if (pid < 0) {
    close(p[0]);
    return -err;
  }
  s->pid = pid;
  s->fd = p[0];
  return 0;
}

/* The same text as child_main, synthesised in this process (TTS_ISOLATE_NONE). */
static int speak_direct(const struct speech_text *st, tts_audio_fn fn, void *user,
                        const size_t *byte_of_char, size_t n_chars, struct events *events,
                        uint64_t *total)
{
  struct direct_call d = {fn, user, byte_of_char, n_chars, events, 0, 0};
  direct = &d;
  espeak_ERROR err = espeak_Synth(st->text, st->len + 1, 0, POS_CHARACTER, 0,
                                  espeakCHARS_UTF8 | espeakPHONEMES, NULL, NULL);
  direct = NULL;
  *total = d.total;
  if (d.rc)
    return d.rc;
  return err == EE_OK ? 0 : LECTOR_ETTS;
}

/* TTS_ISOLATE_SENTENCE: synthesis in a child, read back through a pipe. */
static int speak_child(const struct speech_text *st, tts_audio_fn fn, void *user,
                       const size_t *byte_of_char, size_t n_chars, struct events *events,
                       uint64_t *total_out)
{
  struct speak_state s = {.pid = -1, .fd = -1};
  uint64_t total = 0;
  int rc = start_child(&s, st->text, st->len);
  bool ended = false, heard = false;
  int retries = ENGINE_RETRIES;
  while (!rc && !ended) {
    struct record r;
    int got = read_all(s.fd, &r, sizeof r);
    if (got == -ETIMEDOUT && !heard && retries-- > 0) {
      reap(&s, true);
      rc = start_child(&s, st->text, st->len);
      continue;
    }
    if (got <= 0) {
      rc = LECTOR_ETTS;
      break;
    }
    heard = true;
    switch (r.type) {
    case REC_AUDIO: {
      if (r.a <= 0) {
        rc = LECTOR_ETTS;
        break;
      }
      size_t n = (size_t)r.a;
      if (n > s.cap) {
        int16_t *nb = realloc(s.buf, n * sizeof *nb);
        if (!nb) {
          rc = -ENOMEM;
          break;
        }
        s.buf = nb;
        s.cap = n;
      }
      if (read_all(s.fd, s.buf, n * sizeof *s.buf) != 1) {
        rc = LECTOR_ETTS;
        break;
      }
      total += n;
      if (fn && fn(user, s.buf, n))
        rc = -ECANCELED;
      break;
    }
    case REC_WORD:
      rc = add_event(events, r.a, r.b, byte_of_char, n_chars);
      break;
    case REC_END:
      if (r.a != EE_OK)
        rc = LECTOR_ETTS;
      ended = true;
      break;
    default:
      rc = LECTOR_ETTS;
    }
  }
  reap(&s, !ended);
  free(s.buf);
  *total_out = total;
  return rc;
}

int tts_engine_speak(struct tts_engine *engine, const struct speech_text *st, tts_audio_fn fn,
                     void *user, struct tts_word_time *times, uint64_t *n_samples)
{
  if (n_samples)
    *n_samples = 0;
  if (times)
    memset(times, 0, st->n_words * sizeof *times);
  if (!st->text || st->len == 0)
    return 0;

  /* char_of_byte[b]: characters before byte b (espeak-ng counts characters, 1-based). */
  size_t *char_of_byte = malloc((st->len + 1) * sizeof *char_of_byte);
  if (!char_of_byte)
    return -ENOMEM;
  size_t n_chars = 0;
  for (size_t b = 0; b < st->len; b++) {
    char_of_byte[b] = n_chars;
    if (((unsigned char)st->text[b] & 0xC0) != 0x80)
      n_chars++;
  }
  char_of_byte[st->len] = n_chars;
  /* byte_of_char[c]: byte offset of character c (0-based). */
  size_t *byte_of_char = malloc((n_chars + 1) * sizeof *byte_of_char);
  if (!byte_of_char) {
    free(char_of_byte);
    return -ENOMEM;
  }
  for (size_t b = 0, c = 0; b < st->len; b++)
    if (((unsigned char)st->text[b] & 0xC0) != 0x80)
      byte_of_char[c++] = b;
  byte_of_char[n_chars] = st->len;

  struct events events = {0};
  uint64_t total = 0;
  int rc = engine->isolation == TTS_ISOLATE_NONE
               ? speak_direct(st, fn, user, byte_of_char, n_chars, &events, &total)
               : speak_child(st, fn, user, byte_of_char, n_chars, &events, &total);
  if (!rc && times)
    compute_times(st, events.ev, events.n, total, char_of_byte, times);
  if (n_samples)
    *n_samples = total;
  free(events.ev);
  free(byte_of_char);
  free(char_of_byte);
  return rc;
}
