/* lector export to a talking book (see export_talkbook.h).
 *
 * The speech is exported as usual (export_run, with the sidecar's frame-exact times) into a WAV
 * that is unlinked as soon as it is created, so that nothing of it can be left behind; then the
 * book is built from the document, the times and that audio, into a temporary file (EPUB) or
 * directory (DAISY) beside the target, and put in place whole. As for the other exports: checks
 * first (usage, exit 2; an existing target, exit 1), a signal stops the run and leaves nothing. */
#include "app/export_talkbook.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/commands.h"
#include "app/export_progress.h"
#include "app/export_signals.h"
#include "app/options.h"
#include "export/chapter_mp3.h"
#include "export/encoder.h"
#include "export/pipeline.h"
#include "export/sidecar.h"
#include "export/synth.h"
#include "export/talkbook.h"
#include "speech/lang_voices.h"
#include "text/document.h"
#include "text/lexicon.h"
#include "util/atomic_dir.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/stop_signals.h"
#include "util/temp_name.h"

static bool has_suffix(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

static bool is_daisy(const struct lector_options *opts)
{
  return opts->format && strcmp(opts->format, "daisy202") == 0;
}

bool export_talkbook_wanted(const struct lector_options *opts)
{
  if (opts->n_inputs > 1 || opts->from)
    return false;  /* many documents: export_batch */
  if (is_daisy(opts))
    return true;   /* -o DIR/ names the book's directory */
  if (opts->output && has_suffix(opts->output, "/"))
    return false;
  if (opts->format)
    return strcmp(opts->format, "epub") == 0 || is_daisy(opts);
  return opts->output && has_suffix(opts->output, ".epub");
}

static const char *base_name(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash && slash[1] ? slash + 1 : path;
}

/* Usage errors (exit 2), then an existing target (exit 1). Returns 0 or the exit status. */
static int check_request(const struct lector_options *opts)
{
  const char *out = opts->output;
  enum encoder_format audio;
  if (!out || strcmp(out, "-") == 0) {
    app_error("a talking book is written to a %s: give -o %s", is_daisy(opts) ? "directory" :
              "file", is_daisy(opts) ? "DIR" : "BOOK.epub");
    return 2;
  }
  if (is_daisy(opts) && (encoder_format_from_path(out, &audio) == 0 || has_suffix(out, ".epub"))) {
    app_error("--format daisy202 writes a directory, not '%s': give -o DIR", out);
    return 2;
  }
  if (opts->timings) {
    app_error("--timings is for audio files: a talking book holds its own timings");
    return 2;
  }
  if (!opts->input) {
    app_error("'export' needs a file to read (or - for standard input)");
    return 2;
  }
  struct stat st;
  if (lstat(out, &st) == 0) {
    if (!is_daisy(opts) && S_ISDIR(st.st_mode)) {
      app_write_error("file", out, -EISDIR);
      return 1;
    }
    if (!opts->force) {
      app_write_error("file", out, -EEXIST);
      return 1;
    }
  }
  return 0;
}

/* A WAV for the whole speech, beside the target and unlinked at once: it disappears with the
 * process, however that ends. Returns the descriptor or a negative errno. */
static int scratch_audio(const char *target)
{
  int dir_fd;
  char *name;
  int fd = temp_name_open_parent(target, &dir_fd, &name);
  if (fd == 0) {
    char temp[TEMP_NAME_SIZE];
    sigset_t old;
    stop_signals_hold(&old);
    temp_name_remove_stale(dir_fd, name);
    fd = temp_name_create(dir_fd, name, temp);
    if (fd >= 0)
      unlinkat(dir_fd, temp, 0);
    stop_signals_release(&old);
    close(dir_fd);
    free(name);
  }
  return fd;
}

/* The speech of the whole document into wav_fd, its times into *sc. Returns 0 or the exit
 * status. */
static int speak(const struct lector_options *opts, const struct document *doc,
                 const struct lexicon *lex, int wav_fd, struct sidecar **sc,
                 struct export_result *res)
{
  if (sidecar_new(sc, doc)) {
    app_error("export failed: %s", lector_strerror(-ENOMEM));
    return 1;
  }
  /* As for audio exports: a paragraph or span in another language is spoken with its voice. */
  struct lang_voices langs = {0};
  struct export_engine_config engine = {.doc = doc, .lex = lex, .langs = &langs};
  if (app_resolve_voice(opts, document_lang(doc), &engine.voice) ||
      app_resolve_lang_voices(doc, &engine.voice, &langs, NULL, 0)) {
    lang_voices_free(&langs);
    return 1;
  }
  /* The bar of audio exports, on a terminal unless -q: the speech is most of the time. */
  struct progress pr = {.enabled = !opts->quiet && isatty(STDERR_FILENO)};
  clock_gettime(CLOCK_MONOTONIC, &pr.started);
  struct export_config cfg = {
    .doc = doc, .jobs = opts->jobs > 0 ? opts->jobs : export_default_jobs_for(ENCODER_WAV),
    .synth = &export_engine_synth, .synth_user = &engine, .fd = wav_fd, .format = ENCODER_WAV,
    .sidecar = *sc, .cancel = &export_interrupted,
    .progress = progress_draw, .progress_user = &pr,
  };
  int rc = export_run(&cfg, res);
  progress_clear(&pr, export_interrupted != 0);
  lang_voices_free(&langs);
  if (!rc)
    return 0;
  if (export_interrupted || res->stage == EXPORT_CANCELLED)
    return 1;
  if (res->stage == EXPORT_FAILED_SYNTH && res->message[0])
    app_error("%s", res->message);
  else
    app_error("export failed: %s; nothing was written", lector_strerror(rc));
  return 1;
}

/* Ends a write into a temporary output: commits it when rc is 0 and no stop signal came, else
 * aborts it; stop signals are held meanwhile, so a commit is never half done. Returns rc, or the
 * commit's code. */
static int finish_write(int rc, int (*commit)(void *), void (*abort)(void *), void *out)
{
  if (!rc && export_interrupted)
    rc = -ECANCELED;
  sigset_t old;
  stop_signals_hold(&old);
  if (!rc)
    rc = commit(out);
  else
    abort(out);
  export_committed = !rc;
  stop_signals_release(&old);
  return rc;
}

static int dir_commit(void *ad) { return atomic_dir_commit(ad); }
static void dir_abort(void *ad) { atomic_dir_abort(ad); }
static int file_commit(void *af) { return atomic_file_commit(af); }
static void file_abort(void *af) { atomic_file_abort(af); }

/* Writes the book into place. Returns 0 or a negative code. */
static int write_book(const struct lector_options *opts, const struct talkbook *tb)
{
  if (is_daisy(opts)) {
    struct atomic_dir ad;
    int rc = atomic_dir_open(&ad, opts->output, opts->force);
    if (rc)
      return rc;
    return finish_write(talkbook_daisy_write(tb, ad.fd), dir_commit, dir_abort, &ad);
  }
  struct atomic_file af;
  int rc = atomic_file_open(&af, opts->output, opts->force);
  if (rc)
    return rc;
  return finish_write(talkbook_epub_write(tb, af.fd), file_commit, file_abort, &af);
}

static void report_written(const struct lector_options *opts, const struct talkbook *tb)
{
  if (opts->quiet)
    return;
  uint64_t s = talkbook_ms(tb, tb->frames) / 1000;
  app_note("wrote %s: %u:%02u:%02u of audio in %zu %s", opts->output, (unsigned)(s / 3600),
           (unsigned)(s / 60 % 60), (unsigned)(s % 60), tb->n_parts,
           tb->n_parts == 1 ? "part" : "parts");
}

/* From the spoken document to the book in place. Returns the exit status. */
static int build(const struct lector_options *opts, const struct document *doc,
                 const struct lexicon *lex, int wav_fd)
{
  struct sidecar *sc = NULL;
  struct export_result res;
  int status = speak(opts, doc, lex, wav_fd, &sc, &res);
  struct talkbook tb = {
    .doc = doc, .sc = sc, .word_sync = opts->sync_words, .generator = "lector " LECTOR_VERSION,
    .title = opts->title && *opts->title ? opts->title : doc->title,
    .author = opts->artist ? opts->artist : doc->byline, .lang = document_lang(doc),
    .cancel = &export_interrupted,
  };
  if (!tb.title || !*tb.title)
    tb.title = strcmp(opts->input, "-") ? base_name(opts->input) : "Untitled";
  if (!tb.lang)
    tb.lang = "und";
  int rc = 0;
  if (!status && !export_interrupted)
    rc = chapter_audio_open(&tb.audio, wav_fd);
  if (!status && !export_interrupted && !rc) {
    tb.rate = chapter_audio_rate(tb.audio);
    tb.frames = chapter_audio_frames(tb.audio);
    rc = talkbook_plan(&tb, is_daisy(opts));
    if (!rc)
      rc = write_book(opts, &tb);
  }
  if (!status && !export_interrupted && rc) {
    app_write_error(is_daisy(opts) ? "directory" : "file", opts->output, rc);
    status = 1;
  } else if (!status && !export_interrupted) {
    report_written(opts, &tb);
  }
  talkbook_free(&tb);
  chapter_audio_close(tb.audio);
  sidecar_free(sc);
  return status;
}

int export_talkbook_run(const struct lector_options *opts)
{
  int status = check_request(opts);
  if (status)
    return status;
  struct export_signals sigs;
  export_signals_catch(&sigs);
  struct document *doc = NULL;
  struct lexicon *lex = NULL;
  export_loading = 1;
  status = app_load_document(opts, &doc);
  if (!status)
    status = app_load_lexicon(opts, &lex);
  export_loading = 0;
  if (!status && !export_interrupted) {
    int wav_fd = scratch_audio(opts->output);
    if (wav_fd < 0) {
      app_error("cannot create a temporary file beside '%s': %s", opts->output,
                lector_strerror(wav_fd));
      status = 1;
    } else {
      status = build(opts, doc, lex, wav_fd);
      close(wav_fd);
    }
  }
  lexicon_free(lex);
  document_free(doc);
  export_signals_restore(&sigs);
  if (export_interrupted && !export_committed) {
    app_error("interrupted; nothing was written");
    status = 128 + export_interrupted;
  }
  return status;
}
