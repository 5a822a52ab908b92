/* The export pipeline with a deterministic synthesiser standing in for espeak-ng: order of
 * reassembly, identical audio for every number of workers, pauses as digital silence, times
 * from counted samples, worker failures and cancellation (workers reaped). */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <sndfile.h>

#include "export/pipeline.h"
#include "export/sidecar.h"
#include "text/document.h"
#include "util/error.h"

#define RATE 22050
#define SENTENCE_PAUSE 100
#define PARAGRAPH_PAUSE 300
#define HEADING_PAUSE 500

struct fake {
  const struct document *doc;
  long fail_at, crash_at;  /* sentence index, or -1 */
  int open_error;
  /* Like espeak-ng: each sentence's samples depend on the sentences spoken before it by the
   * same synthesiser state. */
  bool stateful;
  pid_t *spoken_by;  /* shared with the workers: the process that spoke each sentence, or NULL */
  /* Shared with the workers, or NULL: how many sentences were spoken. With stall_first, the
   * first sentence is spoken only once the others stopped being spoken (the workers ahead
   * ran out of room) or half of them were. */
  uint32_t *spoken;
  bool stall_first;
};

struct fake_state {
  struct fake *fake;
  struct export_word words[64];
  uint32_t carried;  /* the state left by the sentences spoken so far (stateful only) */
};

static int fake_open(void *user, void **state, struct export_voice_info *info, char *msg,
                     size_t msg_len)
{
  struct fake *f = user;
  if (f->open_error) {
    snprintf(msg, msg_len, "no voice 'fake': try 'lector voices'");
    return f->open_error;
  }
  struct fake_state *st = calloc(1, sizeof *st);
  st->fake = f;
  *state = st;
  info->sample_rate = RATE;
  strcpy(info->voice, "fake");
  info->pauses = (struct reading_pauses){SENTENCE_PAUSE, PARAGRAPH_PAUSE, HEADING_PAUSE, 0};
  return 0;
}

static size_t fake_length(const struct document *doc, size_t s)
{
  return 800 + 53 * (doc->sentences[s].end - doc->sentences[s].start);
}

/* Never zero, so that silence in the output can only come from the pauses. */
/* A fake that speaks every sentence of doc and fails nowhere; tests set what they need. */
static struct fake fake_of(const struct document *doc)
{
  return (struct fake){.doc = doc, .fail_at = -1, .crash_at = -1};
}

static int16_t fake_sample(size_t s, size_t i)
{
  return (int16_t)(1000 + (s * 7919 + i * 31) % 20000);
}

/* Waits until *spoken reaches `enough` or stays the same for 50 looks 2 ms apart. */
static void stall_until_the_others_stop(const uint32_t *spoken, uint32_t enough)
{
  uint32_t last = 0;
  for (int same = 0; same < 50;) {
    uint32_t now = __atomic_load_n(spoken, __ATOMIC_RELAXED);
    if (now >= enough)
      return;
    same = now == last ? same + 1 : 0;
    last = now;
    nanosleep(&(struct timespec){0, 2 * 1000 * 1000}, NULL);
  }
}

static int fake_speak(void *state, size_t s, export_emit_fn emit, void *ctx,
                      const struct export_word **words, size_t *n_words)
{
  struct fake_state *st = state;
  const struct document *doc = st->fake->doc;
  if ((long)s == st->fake->fail_at)
    return LECTOR_ETTS;
  if ((long)s == st->fake->crash_at)
    raise(SIGKILL);
  if (st->fake->spoken_by)
    st->fake->spoken_by[s] = getpid();
  if (st->fake->stall_first && s == 0)
    stall_until_the_others_stop(st->fake->spoken, doc->n_sentences / 2);
  if (st->fake->spoken)
    __atomic_add_fetch(st->fake->spoken, 1, __ATOMIC_RELAXED);
  size_t len = fake_length(doc, s);
  int16_t buf[700];
  int16_t shift = (int16_t)(st->carried % 1000);
  if (st->fake->stateful)
    st->carried = st->carried * 31 + (uint32_t)s + 1;
  for (size_t off = 0; off < len; off += 700) {
    size_t take = len - off < 700 ? len - off : 700;
    for (size_t i = 0; i < take; i++)
      buf[i] = (int16_t)(fake_sample(s, off + i) + shift);
    if (emit(ctx, buf, take))
      return -ECANCELED;
  }
  /* Words: the space-separated runs of the sentence, heard in equal shares. */
  size_t n = 0, start = doc->sentences[s].start, end = doc->sentences[s].end;
  for (size_t i = start; i < end && n < 64;) {
    while (i < end && doc->text[i] == ' ')
      i++;
    size_t j = i;
    while (j < end && doc->text[j] != ' ')
      j++;
    if (j > i)
      st->words[n++] = (struct export_word){i, j, 0, 0};
    i = j;
  }
  for (size_t w = 0; w < n; w++) {
    st->words[w].start = len * w / n;
    st->words[w].end = len * (w + 1) / n;
  }
  *words = st->words;
  *n_words = n;
  return 0;
}

static void fake_close(void *state)
{
  free(state);
}

static const struct export_synth_ops FAKE_OPS = {fake_open, fake_speak, fake_close};

static struct document *doc_of_text(char *text, size_t len);

/* A heading, then n_paragraphs paragraphs of 1 to 4 sentences of varying length. */
static struct document *make_doc_of(int n_paragraphs)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fputs("A heading here", f);
  for (int p = 0; p < n_paragraphs; p++) {
    fputs("\n\n", f);
    for (int s = 0; s <= p % 4; s++)
      fprintf(f, "%sSentence %d of paragraph %d has%.*s words.", s ? " " : "", s, p,
              (p * 7 + s * 3) % 40, " more more more more more more more more more");
  }
  fclose(f);
  return doc_of_text(text, len);
}

/* A heading, a paragraph whose one sentence has 1.3 MB of audio (many writes to the worker's
 * audio file, more than the parent reads at once), and a few ordinary paragraphs. */
static struct document *make_long_sentence_doc(void)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fputs("A heading here\n\nA long one", f);
  for (int i = 0; i < 2400; i++)
    fputs(" word", f);
  fputs(".", f);
  for (int p = 0; p < 6; p++)
    fprintf(f, "\n\nParagraph %d is short. It has two sentences.", p);
  fclose(f);
  return doc_of_text(text, len);
}

/* The document of text (taken), segmented as the segmenter does: paragraphs on blank lines
 * (the first a heading), sentences after ". ". */
static struct document *doc_of_text(char *text, size_t len)
{
  struct document *doc = document_new(text, len);
  assert_non_null(doc);
  /* Segment as the segmenter does: paragraphs on blank lines, sentences after ". ". */
  size_t i = 0;
  while (i < len) {
    size_t pend = i;
    while (pend < len && !(text[pend] == '\n' && pend + 1 < len && text[pend + 1] == '\n'))
      pend++;
    assert_int_equal(document_add_paragraph(doc, i == 0 ? DOC_HEADING : DOC_PARAGRAPH, i, pend),
                     0);
    struct doc_paragraph *para = &doc->paragraphs[doc->n_paragraphs - 1];
    size_t s = i;
    for (size_t k = i; k < pend; k++)
      if ((text[k] == '.' && k + 1 < pend && text[k + 1] == ' ') || k + 1 == pend) {
        assert_int_equal(document_add_sentence(doc, s, k + 1), 0);
        s = k + 2;
        k++;
      }
    para->n_sentences = doc->n_sentences - para->first_sentence;
    i = pend + 2;
  }
  return doc;
}

static struct document *make_doc(void)
{
  return make_doc_of(30);
}

static char *temp_path(const char *ext)
{
  const char *dir = getenv("LECTOR_TEST_TMP");
  char *path = NULL;
  assert_true(asprintf(&path, "%s/pipeXXXXXX.%s", dir ? dir : "/tmp", ext) > 0);
  int fd = mkstemps(path, (int)strlen(ext) + 1);
  assert_true(fd >= 0);
  close(fd);
  return path;
}

static void assert_no_children(void)
{
  errno = 0;
  assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
  assert_int_equal(errno, ECHILD);
}

struct run {
  char *path;
  struct sidecar *sc;
  struct export_result res;
  int rc;
};

static volatile sig_atomic_t cancel_flag;

static void cancel_after_five(void *user, const struct export_progress *p)
{
  (void)user;
  if (p->sentences_done >= 5)
    cancel_flag = 1;
}

/* The bytes of the workers' audio rings for run_export (0: the default). */
static size_t ring_bytes;

static struct run run_export(struct document *doc, struct fake *fake, int jobs,
                             enum encoder_format format, const char *ext, bool cancel)
{
  struct run r = {temp_path(ext), NULL, {0}, 0};
  assert_int_equal(sidecar_new(&r.sc, doc), 0);
  int fd = open(r.path, O_RDWR | O_TRUNC);
  assert_true(fd >= 0);
  cancel_flag = 0;
  struct export_config cfg = {
    .doc = doc, .jobs = jobs, .synth = &FAKE_OPS, .synth_user = fake, .fd = fd,
    .format = format, .title = "Pipeline", .sidecar = r.sc,
    .progress = cancel ? cancel_after_five : NULL, .cancel = &cancel_flag,
    .audio_ring_bytes = ring_bytes,
  };
  r.rc = export_run(&cfg, &r.res);
  close(fd);
  assert_no_children();
  return r;
}

static void free_run(struct run *r)
{
  unlink(r->path);
  free(r->path);
  sidecar_free(r->sc);
}

static char *slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  fseek(f, 0, SEEK_END);
  *len = (size_t)ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = malloc(*len ? *len : 1);
  assert_int_equal(fread(buf, 1, *len, f), *len);
  fclose(f);
  return buf;
}

/* Exports doc as WAV with `jobs` workers, checks the file holds exactly a[0, len) and returns
 * what the run reported. */
static struct export_result assert_same_wav(struct document *doc, struct fake *fake, int jobs,
                                            const char *a, size_t len)
{
  struct run many = run_export(doc, fake, jobs, ENCODER_WAV, "wav", false);
  assert_int_equal(many.rc, 0);
  size_t len2;
  char *b = slurp(many.path, &len2);
  assert_int_equal(len, len2);
  assert_memory_equal(a, b, len);
  free(b);
  struct export_result res = many.res;
  free_run(&many);
  return res;
}

static void test_same_audio_for_every_jobs(void **state)
{
  struct document *doc = make_doc();
  struct fake fake = fake_of(doc);
  struct run one = run_export(doc, &fake, 1, ENCODER_WAV, "wav", false);
  assert_int_equal(one.rc, 0);
  size_t len1;
  char *a = slurp(one.path, &len1);
  for (int jobs = 2; jobs <= 5; jobs += 3) {
    struct run many = run_export(doc, &fake, jobs, ENCODER_WAV, "wav", false);
    assert_int_equal(many.rc, 0);
    assert_int_equal(many.res.frames, one.res.frames);
    size_t len2;
    char *b = slurp(many.path, &len2);
    assert_int_equal(len1, len2);
    assert_memory_equal(a, b, len1);
    free(b);
    struct sidecar_info info = {"x.wav", "fake", NULL, NULL, RATE, many.res.frames, NULL, 0};
    char *j1, *j2;
    size_t l1, l2;
    assert_int_equal(sidecar_render(one.sc, SIDECAR_JSON, &info, &j1, &l1), 0);
    assert_int_equal(sidecar_render(many.sc, SIDECAR_JSON, &info, &j2, &l2), 0);
    assert_string_equal(j1, j2);
    free(j1);
    free(j2);
    free_run(&many);
  }
  free(a);
  free_run(&one);
  document_free(doc);
}

/* The WAV file of doc exported with one worker (the reference the other -j must equal). */
static char *export_one_job(struct document *doc, struct fake *fake, struct run *one,
                            size_t *len)
{
  *one = run_export(doc, fake, 1, ENCODER_WAV, "wav", false);
  assert_int_equal(one->rc, 0);
  return slurp(one->path, len);
}

/* A synthesiser that carries state from sentence to sentence (as espeak-ng does) still gives
 * the same bytes for every -j: the chunks are cut whatever the number of workers, and each
 * starts from the worker's state before any synthesis. */
static void test_stateful_synth_same_audio_for_every_jobs(void **state)
{
  /* Several chunks, so that workers take several each and some sentences follow others. */
  struct document *doc = make_doc_of(70);
  assert_true(doc->len > 6 * EXPORT_CHUNK_MIN_TEXT);
  struct fake fake = fake_of(doc);
  fake.stateful = true;
  struct run one;
  size_t len1;
  char *a = export_one_job(doc, &fake, &one, &len1);
  for (int jobs = 2; jobs <= 3; jobs++)
    assert_same_wav(doc, &fake, jobs, a, len1);
  /* The state does reach the audio (else this test proves nothing): the same export without
   * it differs. */
  struct fake plain = fake_of(doc);
  struct run ref;
  size_t len3;
  char *c = export_one_job(doc, &plain, &ref, &len3);
  assert_int_equal(len1, len3);
  assert_true(memcmp(a, c, len1) != 0);
  free(c);
  free_run(&ref);
  free(a);
  free_run(&one);
  document_free(doc);
}

/* A document long enough for every kind of chunk (the largest, then smaller and smaller, then
 * the smallest): still the same bytes for every -j with a synthesiser that carries state. */
static void test_long_document_same_audio_for_every_jobs(void **state)
{
  struct document *doc = make_doc_of(400);
  assert_true(doc->len > 8 * EXPORT_CHUNK_MAX_TEXT);
  struct fake fake = fake_of(doc);
  fake.stateful = true;
  struct run one;
  size_t len1;
  char *a = export_one_job(doc, &fake, &one, &len1);
  for (int jobs = 2; jobs <= 4; jobs += 2)
    assert_same_wav(doc, &fake, jobs, a, len1);
  free(a);
  free_run(&one);
  document_free(doc);
}

/* A book-length paragraph (a text without blank lines) is cut into chunks at sentence ends, so
 * that the workers share it, and still gives the same bytes for every -j. */
static void test_long_paragraph_shared_by_the_workers(void **state)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  fputs("A heading here\n\n", f);
  for (int s = 0; s < 600; s++)
    fprintf(f, "%sSentence %d of the one paragraph has%.*s words.", s ? " " : "", s,
            (s * 7) % 40, " more more more more more more more more more");
  fclose(f);
  struct document *doc = doc_of_text(text, len);
  assert_int_equal(doc->n_paragraphs, 2);
  assert_true(doc->len > 4 * EXPORT_CHUNK_MAX_TEXT);
  pid_t *spoken_by = mmap(NULL, doc->n_sentences * sizeof *spoken_by, PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  assert_true(spoken_by != MAP_FAILED);
  struct fake fake = fake_of(doc);
  fake.stateful = true;
  fake.spoken_by = spoken_by;
  struct run one;
  size_t len1;
  char *a = export_one_job(doc, &fake, &one, &len1);
  assert_same_wav(doc, &fake, 2, a, len1);
  /* Each chunk is spoken by a process of its own: the paragraph's sentences by several. */
  size_t processes = 0;
  for (size_t s = doc->paragraphs[1].first_sentence + 1; s < doc->n_sentences; s++)
    processes += spoken_by[s] != spoken_by[s - 1];
  assert_true(processes >= 3);
  munmap(spoken_by, doc->n_sentences * sizeof *spoken_by);
  free(a);
  free_run(&one);
  document_free(doc);
}

/* Puts back the default rings, even after a failed assertion. */
static int default_rings(void **state)
{
  (void)state;
  ring_bytes = 0;
  return 0;
}

/* Rings much smaller than a chunk's audio: the workers go round them many times, those ahead
 * of the parent wait for it to read, and the file is still the same bytes (a sample written
 * over before it was read would show). The first sentence holds the parent back until the
 * others stop (or half the text is spoken): without the wait they would write over all the
 * audio of their chunks. */
static void test_small_rings_same_audio(void **state)
{
  struct document *doc = make_doc_of(400);
  struct fake fake = fake_of(doc);
  fake.stateful = true;
  struct run one;
  size_t len1;
  char *a = export_one_job(doc, &fake, &one, &len1);
  uint32_t *spoken = mmap(NULL, sizeof *spoken, PROT_READ | PROT_WRITE,
                          MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  assert_true(spoken != MAP_FAILED);
  struct fake stalled = fake_of(doc);
  stalled.stateful = true;
  stalled.spoken = spoken;
  stalled.stall_first = true;
  ring_bytes = 64 << 10;
  for (int jobs = 1; jobs <= 4; jobs += 3) {
    *spoken = 0;
    struct export_result res = assert_same_wav(doc, &stalled, jobs, a, len1);
    assert_true(res.held_audio_max > 0 && res.held_audio_max <= ring_bytes);
    assert_true(len1 > 20 * ring_bytes);
  }
  munmap(spoken, sizeof *spoken);
  free(a);
  free_run(&one);
  document_free(doc);
}

/* A sentence with more audio than the ring holds (1.3 MB in 256 KB): the parent reads a
 * sentence once it has ended, so it could never make room. The export fails at once, as a
 * file too large for the output, with the workers reaped; nothing hangs. */
static void test_sentence_longer_than_the_ring(void **state)
{
  struct document *doc = make_long_sentence_doc();
  struct fake fake = fake_of(doc);
  ring_bytes = 256 << 10;
  for (int jobs = 1; jobs <= 2; jobs++) {
    struct run r = run_export(doc, &fake, jobs, ENCODER_WAV, "wav", false);
    assert_int_equal(r.rc, -EFBIG);
    assert_int_equal(r.res.stage, EXPORT_FAILED_OUTPUT);
    free_run(&r);
  }
  document_free(doc);
}

/* Decodes the WAV of doc exported with `jobs` workers and checks every sentence's samples
 * where the sidecar says they are, with digital silence of the right length between them. */
static void check_order_pauses_and_times(struct document *doc, int jobs)
{
  struct fake fake = fake_of(doc);
  struct run r = run_export(doc, &fake, jobs, ENCODER_WAV, "wav", false);
  assert_int_equal(r.rc, 0);
  assert_int_equal(r.res.sample_rate, RATE);
  assert_string_equal(r.res.voice.voice, "fake");

  SF_INFO info = {0};
  SNDFILE *sf = sf_open(r.path, SFM_READ, &info);
  assert_non_null(sf);
  assert_int_equal(info.frames, (sf_count_t)r.res.frames);
  int16_t *pcm = malloc((size_t)info.frames * sizeof *pcm);
  assert_int_equal(sf_read_short(sf, pcm, info.frames), info.frames);
  sf_close(sf);

  uint64_t expect_start = 0;
  for (size_t s = 0; s < doc->n_sentences; s++) {
    const struct sidecar_sentence *ss = &r.sc->sentences[s];
    assert_int_equal(ss->start, expect_start);
    assert_int_equal(ss->end - ss->start, fake_length(doc, s));
    for (uint64_t i = ss->start; i < ss->end; i++)
      assert_int_equal(pcm[i], fake_sample(s, i - ss->start));
    /* Words inside the sentence, increasing. */
    uint64_t prev = ss->start;
    for (size_t w = ss->first_word; w < ss->first_word + ss->n_words; w++) {
      assert_true(r.sc->words[w].start >= prev);
      assert_true(r.sc->words[w].end >= r.sc->words[w].start);
      assert_true(r.sc->words[w].end <= ss->end);
      prev = r.sc->words[w].start;
    }
    size_t p = document_paragraph_of(doc, s);
    const struct doc_paragraph *para = &doc->paragraphs[p];
    int ms = 0;
    if (s + 1 == doc->n_sentences)
      ms = 0;
    else if (s + 1 < para->first_sentence + para->n_sentences)
      ms = SENTENCE_PAUSE;
    else
      ms = para->kind == DOC_HEADING ? HEADING_PAUSE : PARAGRAPH_PAUSE;
    uint64_t pause = (uint64_t)ms * RATE / 1000;
    for (uint64_t i = ss->end; i < ss->end + pause; i++)
      assert_int_equal(pcm[i], 0);
    expect_start = ss->end + pause;
  }
  assert_int_equal(expect_start, r.res.frames);
  free(pcm);
  free_run(&r);
}

static void test_order_pauses_and_times(void **state)
{
  struct document *doc = make_doc();
  check_order_pauses_and_times(doc, 3);
  document_free(doc);
}

/* A sentence with more audio than a worker writes at once: still every sample in place. */
static void test_sentence_longer_than_a_write(void **state)
{
  struct document *doc = make_long_sentence_doc();
  assert_true(fake_length(doc, 1) * sizeof(int16_t) > (1u << 20));
  for (int jobs = 1; jobs <= 2; jobs++)
    check_order_pauses_and_times(doc, jobs);
  document_free(doc);
}

/* Opus: 48 kHz after resampling; the times are positions in the resampled stream. */
static void test_opus_times_in_output_rate(void **state)
{
  struct document *doc = make_doc();
  struct fake fake = fake_of(doc);
  struct run r = run_export(doc, &fake, 2, ENCODER_OPUS, "opus", false);
  assert_int_equal(r.rc, 0);
  assert_int_equal(r.res.sample_rate, 48000);
  SF_INFO info = {0};
  SNDFILE *sf = sf_open(r.path, SFM_READ, &info);
  assert_non_null(sf);
  assert_int_equal(info.samplerate, 48000);
  float buf[4096];
  sf_count_t total = 0, got;
  while ((got = sf_readf_float(sf, buf, 4096)) > 0)
    total += got;
  sf_close(sf);
  assert_int_equal(total, (sf_count_t)r.res.frames);
  const struct sidecar_sentence *last = &r.sc->sentences[doc->n_sentences - 1];
  uint64_t expect_end = 0;
  for (size_t s = 0; s < doc->n_sentences; s++)
    expect_end = r.sc->sentences[s].end;
  assert_int_equal(last->end, expect_end);
  /* The last sentence ends where the audio ends (no pause after it), to the resampler's
   * rounding. */
  assert_true(last->end <= r.res.frames + 1 && last->end + 2 >= r.res.frames);
  free_run(&r);
  document_free(doc);
}

static void test_worker_error(void **state)
{
  struct document *doc = make_doc();
  struct fake fake = fake_of(doc);
  fake.fail_at = 17;
  struct run r = run_export(doc, &fake, 2, ENCODER_WAV, "wav", false);
  assert_int_equal(r.rc, LECTOR_ETTS);
  assert_int_equal(r.res.stage, EXPORT_FAILED_SYNTH);
  free_run(&r);
  document_free(doc);
}

static void test_worker_crash(void **state)
{
  struct document *doc = make_doc();
  struct fake fake = fake_of(doc);
  fake.crash_at = 23;
  struct run r = run_export(doc, &fake, 3, ENCODER_VORBIS, "ogg", false);
  assert_int_equal(r.rc, LECTOR_ETTS);
  assert_int_equal(r.res.stage, EXPORT_FAILED_SYNTH);
  free_run(&r);
  document_free(doc);
}

static void test_open_error(void **state)
{
  struct document *doc = make_doc();
  struct fake fake = fake_of(doc);
  fake.open_error = LECTOR_EVOICE;
  struct run r = run_export(doc, &fake, 2, ENCODER_WAV, "wav", false);
  assert_int_equal(r.rc, LECTOR_EVOICE);
  assert_int_equal(r.res.stage, EXPORT_FAILED_SYNTH);
  assert_string_equal(r.res.message, "no voice 'fake': try 'lector voices'");
  free_run(&r);
  document_free(doc);
}

static void test_cancel(void **state)
{
  struct document *doc = make_doc();
  struct fake fake = fake_of(doc);
  struct run r = run_export(doc, &fake, 2, ENCODER_FLAC, "flac", true);
  assert_int_equal(r.rc, -ECANCELED);
  assert_int_equal(r.res.stage, EXPORT_CANCELLED);
  free_run(&r);
  document_free(doc);
}

/* Where the time went (bench/export's synthesis and encoding figures): both are measured, and
 * an encoder that does real work (Vorbis) costs more than one that copies (WAV). */
static void test_time_accounting(void **state)
{
  (void)state;
  struct document *doc = make_doc();
  struct fake fake = fake_of(doc);
  struct run wav = run_export(doc, &fake, 2, ENCODER_WAV, "wav", false);
  struct run ogg = run_export(doc, &fake, 2, ENCODER_VORBIS, "ogg", false);
  assert_int_equal(wav.rc, 0);
  assert_int_equal(ogg.rc, 0);
  assert_true(wav.res.synth_cpu >= 0 && wav.res.encode_cpu >= 0);
  assert_true(ogg.res.encode_cpu > 0);
  assert_true(ogg.res.encode_cpu > wav.res.encode_cpu);
  free_run(&wav);
  free_run(&ogg);
  document_free(doc);
}

/* The slow encoders leave a CPU to the encoding; the light ones give every CPU to synthesis. */
static void test_default_jobs_for_format(void **state)
{
  (void)state;
  int cpus = export_default_jobs();
  assert_int_equal(export_default_jobs_for(ENCODER_WAV), cpus);
  assert_int_equal(export_default_jobs_for(ENCODER_FLAC), cpus);
  int heavy = cpus > 1 ? cpus - 1 : 1;
  assert_int_equal(export_default_jobs_for(ENCODER_VORBIS), heavy);
  assert_int_equal(export_default_jobs_for(ENCODER_OPUS), heavy);
  assert_int_equal(export_default_jobs_for(ENCODER_MP3), heavy);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_same_audio_for_every_jobs),
    cmocka_unit_test(test_stateful_synth_same_audio_for_every_jobs),
    cmocka_unit_test(test_long_document_same_audio_for_every_jobs),
    cmocka_unit_test(test_long_paragraph_shared_by_the_workers),
    cmocka_unit_test_teardown(test_small_rings_same_audio, default_rings),
    cmocka_unit_test_teardown(test_sentence_longer_than_the_ring, default_rings),
    cmocka_unit_test(test_order_pauses_and_times),
    cmocka_unit_test(test_sentence_longer_than_a_write),
    cmocka_unit_test(test_opus_times_in_output_rate),
    cmocka_unit_test(test_worker_error),
    cmocka_unit_test(test_worker_crash),
    cmocka_unit_test(test_open_error),
    cmocka_unit_test(test_cancel),
    cmocka_unit_test(test_time_accounting),
    cmocka_unit_test(test_default_jobs_for_format),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
