/* lector export: the whole text to an audio file, with an optional timings sidecar.
 *
 * Order matters for safety: formats are checked first (usage errors, exit 2), then the output is
 * refused if it exists without --force (before reading or synthesising anything), then the
 * document is loaded, then the temporary files are created, and only a complete export is
 * renamed into place. Signals set a flag the pipeline polls; a second signal removes the
 * temporary files and exits at once. */
#include <errno.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "app/commands.h"
#include "app/export_batch.h"
#include "app/export_progress.h"
#include "app/export_signals.h"
#include "app/export_split.h"
#include "app/export_talkbook.h"
#include "app/spool.h"
#include "export/chapters.h"
#include "export/encoder.h"
#include "export/pipeline.h"
#include "export/sidecar.h"
#include "export/synth.h"
#include "speech/lang_voices.h"
#include "speech/voice.h"
#include "text/document.h"
#include "text/lexicon.h"
#include "util/atomic_file.h"
#include "util/error.h"
#include "util/stop_signals.h"

static const char *base_name(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash && slash[1] ? slash + 1 : path;
}

static bool is_stdin(const char *path)
{
  return path[0] == '-' && path[1] == '\0';
}

/* ---- the command ---- */

/* The audio goes to a file put in place at the end, or (-o -) to a spool sent to stdout. */
struct outputs {
  struct atomic_file audio, timings;
  bool audio_open, timings_open;
  bool to_stdout;
  struct spool spool;
  /* With chapters: the encoder's file, copied into the audio with the chapters added; with
   * --split, the whole audio in FLAC, cut into the parts. */
  struct spool encoded;
  struct export_split split;
  struct lang_voices langs;   /* the voice of each language: named in the timings too */
};

static void abort_outputs(struct outputs *o)
{
  if (o->audio_open)
    atomic_file_abort(&o->audio);
  if (o->timings_open)
    atomic_file_abort(&o->timings);
  o->audio_open = o->timings_open = false;
  if (o->to_stdout)
    spool_close(&o->spool);
  spool_close(&o->encoded);
  if (o->split.active)
    export_split_abort(&o->split);
  lang_voices_free(&o->langs);
}

static int audio_fd(const struct outputs *o)
{
  return o->to_stdout ? o->spool.fd : o->audio.fd;
}

static const char *audio_temp_path(const struct outputs *o)
{
  return o->to_stdout ? o->spool.path : o->audio.temp_path;
}

/* Says why path cannot be written; returns 1, the exit status. */
static int report_write_failure(const char *path, int rc)
{
  if (rc == -EEXIST)
    app_error("'%s' already exists; use --force to replace it", path);
  else
    app_error("cannot write '%s': %s", path, lector_strerror(rc));
  return 1;
}

static int open_output(struct atomic_file *af, const char *path, bool force)
{
  int rc = atomic_file_open(af, path, force);
  if (rc)
    report_write_failure(path, rc);
  return rc;
}

static int write_all(int fd, const char *data, size_t len)
{
  while (len > 0) {
    ssize_t n = write(fd, data, len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0)
      return -errno;
    data += n;
    len -= (size_t)n;
  }
  return 0;
}

/* The one line for an export stopped by a signal. On a terminal, the "^C" Ctrl-C echoed at the
 * start of the line is written over. Returns 1 (cmd_export turns it into 128 + the signal). */
static int report_interrupted(void)
{
  if (export_interrupted == SIGINT && isatty(STDERR_FILENO))
    fputs("\r", stderr);
  app_error("interrupted; nothing was written");
  return 1;
}

/* Reports a failed export_run, one line. Returns the exit status. */
static int report_failure(const struct lector_options *opts, const struct export_result *res,
                          int rc)
{
  if (export_interrupted || res->stage == EXPORT_CANCELLED)
    return report_interrupted();
  switch (res->stage) {
  case EXPORT_CANCELLED:
  case EXPORT_FAILED_OUTPUT:
    app_error("cannot write '%s': %s", opts->output, lector_strerror(rc));
    return 1;
  case EXPORT_FAILED_SYNTH:
    if (res->message[0]) {
      app_error("%s", res->message);  /* e.g. "no voice 'xyz': try 'lector voices'" */
      return 1;
    }
    app_error("speech synthesis failed: %s; nothing was written", lector_strerror(rc));
    return 1;
  case EXPORT_FAILED_SYSTEM:
  case EXPORT_OK:
    break;
  }
  app_error("export failed: %s; nothing was written", lector_strerror(rc));
  return 1;
}

/* For bench/export: where the time went, one line of key=value on stderr. */
static void report_stats(const struct export_result *res, int jobs, const struct timespec *started)
{
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  fprintf(stderr,
          "lector-stats: jobs=%d synth_cpu=%.4f encode_cpu=%.4f run=%.4f parent_cpu=%.4f "
          "forked=%.4f synth_end=%.4f held_mb=%.1f\n", jobs, res->synth_cpu, res->encode_cpu,
          progress_since(started, &now), res->parent_cpu, res->forked_at, res->synth_end_at,
          (double)res->held_audio_max / (1 << 20));
}

/* Renders the sidecar into its temporary file. */
static int write_timings(const struct lector_options *opts, const struct sidecar *sc,
                         enum sidecar_format format, const char *title, const char *artist,
                         const struct export_result *res, const struct lang_voices *langs,
                         int fd)
{
  const char **names = calloc(langs->n ? langs->n : 1, sizeof *names);
  if (!names)
    return -ENOMEM;
  for (size_t i = 0; i < langs->n; i++)
    names[i] = lang_voices_for(langs, (unsigned)i)->name;
  /* --split: the audio is the playlist, BOOK/BOOK.m3u8 beside where BOOK.EXT would be. */
  char *split_dir = opts->split ? export_split_dir(base_name(opts->output)) : NULL;
  char playlist[8192] = "";
  if (split_dir)
    snprintf(playlist, sizeof playlist, "%s/%s.m3u8", split_dir, split_dir);
  free(split_dir);
  struct sidecar_info info = {
    .audio = is_stdin(opts->output) ? NULL : opts->split ? playlist : base_name(opts->output),
    .voice = res->voice.voice, .title = title,
    .artist = artist, .sample_rate = res->sample_rate, .frames = res->frames,
    .lang_voices = names, .n_lang_voices = langs->n,
  };
  char *text = NULL;
  size_t len = 0;
  int rc = sidecar_render(sc, format, &info, &text, &len);
  free(names);
  if (!rc)
    rc = write_all(fd, text, len);
  free(text);
  return rc;
}

/* "lector: wrote article.ogg: 3:25 of audio, 1.2 MB", unless -q. */
static void report_written(const struct lector_options *opts, const struct export_result *res,
                           uint64_t bytes)
{
  if (opts->quiet)
    return;
  char clock[24], size[24];
  progress_clock(clock, sizeof clock, res->sample_rate ? (double)res->frames / res->sample_rate : 0);
  if (bytes < 1000)
    snprintf(size, sizeof size, "%u bytes", (unsigned)bytes);
  else if (bytes < 1000000)
    snprintf(size, sizeof size, "%.1f kB", (double)bytes / 1e3);
  else
    snprintf(size, sizeof size, "%.1f MB", (double)bytes / 1e6);
  char where[32 + 4096];
  snprintf(where, sizeof where, is_stdin(opts->output) ? "sent to standard output" : "wrote %s",
           opts->output);
  if (opts->timings)
    app_note("%s: %s of audio, %s; timings in %s", where, clock, size, opts->timings);
  else
    app_note("%s: %s of audio, %s", where, clock, size);
}

/* -o -: the audio to standard output, then the timings in place. Returns the exit status. */
static int commit_to_stdout(const struct lector_options *opts, struct outputs *out,
                            const struct export_result *res)
{
  uint64_t bytes;
  int rc = spool_send(&out->spool, STDOUT_FILENO, &export_interrupted, &bytes);
  if (!rc && export_interrupted)
    rc = -ECANCELED;
  if (rc) {
    /* Some of the audio may have gone out already: say so rather than "nothing written". The
     * timings are not put in place for audio that did not arrive whole. */
    if (export_interrupted)
      app_error("interrupted while sending the audio to standard output");
    else
      app_error("cannot write to standard output: %s", lector_strerror(rc));
    return 1;
  }
  if (out->timings_open) {
    out->timings_open = false;
    export_committed = 1;
    rc = atomic_file_commit(&out->timings);
    if (rc)
      return report_write_failure(opts->timings, rc);
  }
  export_committed = 1;
  report_written(opts, res, bytes);
  return 0;
}

/* --split: the directory, then the timings. Returns the exit status. */
static int commit_split(const struct lector_options *opts, struct outputs *out,
                        const struct export_result *res)
{
  sigset_t old_mask;
  stop_signals_hold(&old_mask);
  int rc = export_split_commit(&out->split);
  bool timings_failed = false;
  if (!rc && out->timings_open) {
    out->timings_open = false;
    timings_failed = (rc = atomic_file_commit(&out->timings)) != 0;
  }
  export_committed = 1;
  stop_signals_release(&old_mask);
  char *dir = export_split_dir(opts->output);
  if (!rc && !opts->quiet) {
    char clock[24];
    progress_clock(clock, sizeof clock, (double)res->frames / res->sample_rate);
    app_note("wrote %zu files and a playlist in %s/: %s of audio, %.1f MB", out->split.files,
             dir ? dir : opts->output, clock, (double)out->split.bytes / 1e6);
  }
  if (rc)
    report_write_failure(timings_failed ? opts->timings : dir ? dir : opts->output, rc);
  free(dir);
  return rc ? 1 : 0;
}

/* Puts the audio (and the timings) in place. Returns the exit status. */
static int commit_outputs(const struct lector_options *opts, struct outputs *out,
                          const struct export_result *res)
{
  if (out->to_stdout)
    return commit_to_stdout(opts, out, res);
  if (out->split.active)
    return commit_split(opts, out, res);
  struct stat st;
  uint64_t bytes = fstat(out->audio.fd, &st) == 0 ? (uint64_t)st.st_size : 0;
  int rc;
  /* Both land or neither: a user never finds new audio beside old timings, or no timings. */
  sigset_t old_mask;
  stop_signals_hold(&old_mask);
  bool timings_failed = false;
  if (out->timings_open)
    rc = atomic_file_commit_both(&out->timings, &out->audio, &timings_failed);
  else
    rc = atomic_file_commit(&out->audio);
  out->timings_open = out->audio_open = false;
  export_committed = 1;
  stop_signals_release(&old_mask);
  if (!rc) {
    report_written(opts, res, bytes);
    return 0;
  }
  if (out->timings.kept_path) {
    /* The audio failed and the old timings could not go back: say where they are. */
    app_error("cannot write '%s': %s; '%s' now holds timings for audio that was not written, "
              "the old ones are in '%s'", opts->output, lector_strerror(rc), opts->timings,
              out->timings.kept_path);
    free(out->timings.kept_path);
    out->timings.kept_path = NULL;
    return 1;
  }
  return report_write_failure(timings_failed ? opts->timings : opts->output, rc);
}

/* Creates the outputs: the audio file (the spool for -o -, the directory for --split), the
 * timings file, and for chapters or --split the encoder's own file. Returns 0 or the exit
 * status. */
static int open_outputs(const struct lector_options *opts, bool encoded, struct outputs *out)
{
  if (out->to_stdout) {
    int rc = spool_open(&out->spool);
    if (rc) {
      app_error("cannot create a temporary file for standard output: %s", lector_strerror(rc));
      return 1;
    }
  } else if (opts->split) {
    int rc = export_split_open(&out->split, opts->output, opts->force);
    if (rc)
      return report_write_failure(opts->output, rc);
  } else {
    if (open_output(&out->audio, opts->output, opts->force))
      return 1;
    out->audio_open = true;
  }
  if (opts->timings) {
    if (open_output(&out->timings, opts->timings, opts->force))
      return 1;
    out->timings_open = true;
  }
  int rc = encoded ? spool_open(&out->encoded) : 0;
  if (rc) {
    app_error("cannot create a temporary file: %s", lector_strerror(rc));
    return 1;
  }
  return 0;
}

/* The encoded audio made final: cut into the parts of --split, copied with chapters, or (MP3)
 * tagged. Returns 0 or the exit status. */
static int finish_audio(const struct lector_options *opts, struct outputs *out,
                        const struct sidecar *sc, const struct export_result *res,
                        enum encoder_format format, const char *title,
                        const char *artist, bool chapters)
{
  int rc;
  if (opts->split) {
    rc = export_split_write(&out->split, sc, res->frames, res->sample_rate, out->encoded.fd,
                            opts->split, format, title, artist, &export_interrupted);
    if (rc == -ECANCELED)
      return report_interrupted();
    return rc ? report_write_failure(opts->output, rc) : 0;
  }
  if (chapters) {
    rc = chapters_add(sc, res->frames, res->sample_rate, out->encoded.fd, audio_fd(out), format,
                      title, artist);
    return rc ? report_write_failure(opts->output, rc) : 0;
  }
  rc = encoder_tag_file(audio_temp_path(out), format, title, artist);
  if (rc)
    app_error("cannot write tags to '%s': %s", opts->output, lector_strerror(rc));
  return rc ? 1 : 0;
}

static int run(const struct lector_options *opts, enum encoder_format format,
               enum sidecar_format timings_format, struct document *doc,
               const struct lexicon *lex, struct outputs *out)
{
  const char *title = opts->title;
  if (!title || !*title)
    title = doc->title;
  if ((!title || !*title) && !is_stdin(opts->input))
    title = base_name(opts->input);
  /* The byline a web page or book states is its author: the artist tag, unless --artist. */
  const char *artist = opts->artist ? opts->artist : doc->byline;

  /* Chapters and --split need the times of the sections, timings or not, and the audio in a
   * file of its own first. */
  bool chapters = !opts->split && chapters_supported(format) && doc->n_sections > 0;
  bool encoded = chapters || opts->split;
  if (open_outputs(opts, encoded, out))
    return 1;
  struct sidecar *sc = NULL;
  if ((opts->timings || encoded) && sidecar_new(&sc, doc)) {
    app_error("export failed: %s", lector_strerror(-ENOMEM));
    return 1;
  }

  /* Resolved here, once: a broken default profile is reported once, and this process stays
   * free of espeak-ng before the workers fork (voice_resolve asks a child). */
  struct export_engine_config engine = {.doc = doc, .lex = lex, .langs = &out->langs};
  if (app_resolve_voice(opts, document_lang(doc), &engine.voice) ||
      app_resolve_lang_voices(doc, &engine.voice, &out->langs, NULL, 0)) {
    sidecar_free(sc);
    return 1;
  }
  struct progress pr = {.enabled = !opts->quiet && isatty(STDERR_FILENO)};
  clock_gettime(CLOCK_MONOTONIC, &pr.started);
  struct export_config cfg = {
    .doc = doc, .jobs = opts->jobs > 0 ? opts->jobs : export_default_jobs_for(format),
    .synth = &export_engine_synth, .synth_user = &engine,
    .fd = encoded ? out->encoded.fd : audio_fd(out),
    .format = opts->split ? ENCODER_FLAC : format,  /* --split: lossless, cut afterwards */
    .title = title, .artist = artist, .sidecar = sc,
    .progress = progress_draw, .progress_user = &pr, .cancel = &export_interrupted,
  };
  struct export_result res;
  int rc = export_run(&cfg, &res);
  progress_clear(&pr, export_interrupted != 0);
  if (getenv("LECTOR_BENCH_STATS"))
    report_stats(&res, cfg.jobs, &pr.started);
  if (rc) {
    sidecar_free(sc);
    return report_failure(opts, &res, rc);
  }
  int status = finish_audio(opts, out, sc, &res, format, title, artist, chapters);
  rc = !status && opts->timings
         ? write_timings(opts, sc, timings_format, title, artist, &res, &out->langs,
                         out->timings.fd) : 0;
  sidecar_free(sc);
  if (status)
    return status;
  if (rc) {
    app_error("cannot write '%s': %s", opts->timings, lector_strerror(rc));
    return 1;
  }
  if (export_interrupted)
    return report_interrupted();
  return commit_outputs(opts, out, &res);
}

/* The audio format: --format, else -o's extension; standard output is WAV unless told.
 * Returns 0 or the exit status 2. */
static int choose_format(const struct lector_options *opts, enum encoder_format *format)
{
  if (is_stdin(opts->output) && isatty(STDOUT_FILENO)) {
    app_error("standard output is a terminal: pipe the audio (-o - | mpv -) or give -o FILE");
    return 2;
  }
  char named[40];
  if (opts->format) {
    snprintf(named, sizeof named, "x.%s", opts->format);   /* options_parse checked it */
    return encoder_format_from_path(named, format) ? 2 : 0;
  }
  if (is_stdin(opts->output)) {
    *format = ENCODER_WAV;
    return 0;
  }
  if (encoder_format_from_path(opts->output, format)) {
    app_error("cannot tell the audio format of '%s': use .wav, .flac, .ogg, .opus, .mp3 or .m4b "
              "(or --format)", opts->output);
    return 2;
  }
  return 0;
}

int cmd_export(const struct lector_options *opts)
{
  if (opts->split && (export_batch_wanted(opts) || !opts->output || is_stdin(opts->output))) {
    app_error("--split needs one FILE and -o OUT.EXT (the parts go into a directory OUT)");
    return 2;
  }
  if (export_talkbook_wanted(opts)) {
    if (opts->split) {
      app_error("--split applies to audio files, not to talking books (.epub, daisy202)");
      return 2;
    }
    return export_talkbook_run(opts);
  }
  if (export_batch_wanted(opts))
    return export_batch_run(opts);
  enum encoder_format format;
  if (choose_format(opts, &format))
    return 2;
  /* The two sets of extensions do not meet, so the timings can never overwrite the audio. */
  enum sidecar_format timings_format = SIDECAR_JSON;
  if (opts->timings && sidecar_format_from_path(opts->timings, &timings_format)) {
    app_error("cannot tell the timings format of '%s': use .json, .vtt, .srt or .lrc",
              opts->timings);
    return 2;
  }
  if (!opts->input) {
    app_error("'export' needs a file to read (or - for standard input)");
    return 2;
  }
  /* Refused before reading anything; atomic_file checks again when it creates the file. A
   * symbolic link counts as there even when dangling: the commit would not replace it. A
   * directory is never replaced, --force or not. */
  if (opts->split && export_split_check(opts->output, opts->force))
    return 1;
  const char *paths[2] = {is_stdin(opts->output) || opts->split ? NULL : opts->output,
                          opts->timings};
  for (int i = 0; i < 2; i++) {
    struct stat st;
    if (!paths[i] || lstat(paths[i], &st) != 0)
      continue;
    if (S_ISDIR(st.st_mode))
      return report_write_failure(paths[i], -EISDIR);
    if (!opts->force)
      return report_write_failure(paths[i], -EEXIST);
  }

  struct export_signals sigs;
  export_signals_catch(&sigs);

  struct document *doc = NULL;
  struct lexicon *lex = NULL;
  export_loading = 1;
  int status = app_load_document(opts, &doc);
  if (!status)
    status = app_load_lexicon(opts, &lex);
  export_loading = 0;
  if (!status && export_interrupted)
    status = report_interrupted();
  if (!status) {
    struct outputs out = {.to_stdout = is_stdin(opts->output), .spool = {.fd = -1},
                          .encoded = {.fd = -1}};
    status = run(opts, format, timings_format, doc, lex, &out);
    abort_outputs(&out);
  }
  lexicon_free(lex);
  document_free(doc);
  export_signals_restore(&sigs);
  /* Stopped by Ctrl-C (or SIGTERM, SIGHUP): the shell's convention, 128 + the signal. */
  if (status && export_interrupted)
    status = 128 + export_interrupted;
  return status;
}
