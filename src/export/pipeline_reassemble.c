/* The parent side of the export pipeline: reads the workers' frames, puts the chunks back in
 * document order, reads each sentence's samples from its worker's audio ring, inserts the
 * pauses, encodes, and records the times in the sidecar. */
#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "export/pipeline_internal.h"
#include "export/sidecar.h"
#include "text/document.h"
#include "util/error.h"

double pipeline_thread_cpu(void)
{
  struct timespec ts;
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) != 0)
    return 0;
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Makes room for `need` more bytes after the unread ones. Frames are small (a sentence and
 * its words): the buffer stays at its first 64 KB but for a worker far ahead, which its full
 * audio ring holds back. */
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

/* Encodes the n samples of w's next sentence, from its audio ring (in two parts where the
 * sentence goes round the ring's end), and gives their room back to the worker. */
static int encode_sentence_audio(struct parent *pa, struct worker *w, uint64_t n,
                                 enum export_stage *stage)
{
  uint64_t size = pa->shared->ring_size, at = w->ring->read, bytes = n * sizeof(int16_t);
  if (bytes > __atomic_load_n(&w->ring->written, __ATOMIC_ACQUIRE) - at) {
    *stage = EXPORT_FAILED_SYNTH;   /* the worker said it wrote samples that are not there */
    return LECTOR_ETTS;
  }
  *stage = EXPORT_FAILED_OUTPUT;
  double t0 = pipeline_thread_cpu();
  int rc = 0;
  for (uint64_t left = bytes; left > 0 && !rc;) {
    uint64_t off = at % size, part = left < size - off ? left : size - off;
    rc = encoder_write_file(pa->enc, w->audio_fd, off, (size_t)(part / sizeof(int16_t)));
    at += part;
    left -= part;
  }
  pa->encode_cpu += pipeline_thread_cpu() - t0;
  if (rc)
    return rc;
  __atomic_store_n(&w->ring->read, at, __ATOMIC_RELEASE);
  pipeline_room_made(pa->shared);
  pa->pos += n;
  return 0;
}

static int on_sentence(struct parent *pa, struct worker *w, const unsigned char *payload,
                       size_t len, enum export_stage *stage)
{
  struct sentence_frame sf;
  *stage = EXPORT_FAILED_SYNTH;
  if (len < sizeof sf)
    return LECTOR_ETTS;
  memcpy(&sf, payload, sizeof sf);
  if (sf.sentence != pa->next_sentence || sf.n_words > (len - sizeof sf) / sizeof(struct export_word)
      || len != sizeof sf + sf.n_words * sizeof(struct export_word))
    return LECTOR_ETTS;
  int rc = encode_sentence_audio(pa, w, sf.n_samples, stage);
  if (rc)
    return rc;
  *stage = EXPORT_FAILED_SYNTH;
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
      struct export_word word;
      memcpy(&word, payload + sizeof sf + i * sizeof word, sizeof word);
      if (word.doc_end > doc->len || word.doc_start > word.doc_end)
        return LECTOR_ETTS;
      uint64_t ws = word.start < n ? word.start : n, we = word.end < n ? word.end : n;
      pa->words[i] = (struct sidecar_word){
        (size_t)word.doc_start, (size_t)word.doc_end,
        encoder_map(pa->enc, start + ws), encoder_map(pa->enc, start + (we > ws ? we : ws))};
    }
    rc = sidecar_add_sentence(pa->cfg->sidecar, (size_t)sf.sentence,
                              encoder_map(pa->enc, start), encoder_map(pa->enc, pa->pos),
                              pa->words, (size_t)sf.n_words);
    if (rc) {
      *stage = EXPORT_FAILED_SYSTEM;
      return rc;
    }
  }

  size_t pause = pause_after(pa, (size_t)sf.sentence);
  *stage = EXPORT_FAILED_OUTPUT;
  double t0 = pipeline_thread_cpu();
  rc = encoder_write_silence(pa->enc, pause);
  pa->encode_cpu += pipeline_thread_cpu() - t0;
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
  case FRAME_AUDIO_ERROR: {
    int32_t code = -EIO;
    if (len == sizeof code)
      memcpy(&code, payload, sizeof code);
    /* EFBIG: a sentence longer than the audio ring, which the file size limit (ulimit -f)
     * keeps smaller than the limit: the export's files cannot be that big, a failure to write
     * the output. Otherwise it is memory. */
    *stage = code == -EFBIG ? EXPORT_FAILED_OUTPUT : EXPORT_FAILED_SYSTEM;
    return code < 0 ? code : -EIO;
  }
  case FRAME_SENTENCE:
    if (!pa->enc || w->chunk < 0)
      return LECTOR_ETTS;
    return on_sentence(pa, w, payload, len, stage);
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
    /* On to the next chunk: a worker holding it may be waiting for room that only the
     * parent's needing its chunk gives (pipeline_wait_for_room). */
    __atomic_add_fetch(&pa->shared->wanted, 1, __ATOMIC_RELEASE);
    pipeline_room_made(pa->shared);
    w->chunk = -1;
    *chunk_done = true;
    return 0;
  default:
    return LECTOR_ETTS;
  }
}

/* Reads the frames available from the workers, waiting until one of them has some. */
static int read_workers(struct parent *pa, enum export_stage *stage)
{
  struct pollfd fds[256];
  int map[256];
  int n = 0;
  for (int i = 0; i < pa->jobs && n < 256; i++) {
    struct worker *w = &pa->workers[i];
    if (w->eof || w->fd < 0)
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
    int rc = ensure_room(w, 16384);
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

int pipeline_reassemble(struct parent *pa, size_t n_chunks, enum export_stage *stage)
{
  const struct export_config *cfg = pa->cfg;
  size_t chunk = 0;
  while (chunk < n_chunks) {
    if (cfg->cancel && *cfg->cancel) {
      *stage = EXPORT_CANCELLED;
      return -ECANCELED;
    }
    size_t before = chunk;
    bool pending = false;  /* someone may still deliver the chunk wanted */
    for (int i = 0; i < pa->jobs && chunk == before; i++) {
      struct worker *w = &pa->workers[i];
      int rc = drain(pa, w, chunk, &chunk, stage);
      if (rc)
        return rc;
      if (chunk != before)
        break;
      if (w->chunk == (long)chunk) {
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
    int rc = read_workers(pa, stage);
    if (rc)
      return rc;
  }
  return 0;
}
