/* lector [OPTIONS] FILE|-: read aloud in the control panel.
 *
 * Order matters here. Everything that can fail with a message is done before curses starts, so
 * that errors are one line on a normal terminal. From the moment the audio sink is opened until
 * curses has ended, stderr (fd 2) points to /dev/null, or to the file named by LECTOR_LOG (for
 * tests and debugging): ALSA, PulseAudio or any other library must never scribble over the panel,
 * nor leave noise on the screen after it. The player thread and the sink's threads are started
 * with the terminal signals blocked, so that SIGWINCH, SIGINT, SIGTERM, SIGHUP and SIGCONT reach
 * the UI thread, whose handlers only set a flag and wake its poll loop. The UI thread itself never
 * blocks them while it waits for the sound device (opened on a thread of its own): a sound server
 * that hangs cannot keep Ctrl-C from ending lector. On the way out the terminal is
 * restored first, then the player stopped, then the position saved. */
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <curses.h>

#include "app/commands.h"
#include "app/reader_place.h"
#include "app/reader_sink.h"
#include "app/reader_stderr.h"
#include "audio/sink.h"
#include "player/player.h"
#include "player/synth.h"
#include "speech/engine_thread.h"
#include "speech/lang_voices.h"
#include "speech/voice.h"
#include "speech/voice_resolve.h"
#include "text/decode.h"
#include "text/document.h"
#include "text/lexicon.h"
#include "text/normalise.h"
#include "ui/keys.h"
#include "ui/settings.h"
#include "ui/ui.h"
#include "util/error.h"
#include "util/trace.h"

/* espeak-ng synthesises every voice at this rate; the player writes exactly that to the sink. */
#define READ_SAMPLE_RATE 22050
#define SPEED_STEP 25
#define VOLUME_STEP 10

struct reader {
  struct lector_options opts;
  struct document *doc;
  struct lexicon *lexicon;
  struct voice_profile *voices;
  size_t n_voices, voice_index;
  struct lang_voices langs;     /* the voice of each language of the document */
  struct voice_profile first_voice;  /* read by player_synth_espeak_prepare on its thread */
  struct trace *trace;
  struct reader_place place;   /* the saved position, bookmarks and speed of this document */
  char message[256];
  char notice[256];
  struct settings settings;
  bool speed_given;  /* -s on the command line: wins over the speed remembered per document */
  int tty_fd;        /* opened /dev/tty when stdin is not the keyboard; -1 otherwise */
  struct reader_stderr err;   /* where fd 2 goes */
  int wake[2];
  struct sink *sink;
  struct player *player;
};

/* stderr is hidden behind the panel: the first problem is shown there too, as much of it as the
 * message line holds (all of it is on stderr once the panel closes). */
static void first_message(struct reader *r, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));
static void first_message(struct reader *r, const char *fmt, ...)
{
  if (r->message[0])
    return;
  va_list ap;
  va_start(ap, fmt);
  int len = vsnprintf(r->message, sizeof r->message, fmt, ap);
  va_end(ap);
  if (len >= (int)sizeof r->message)   /* cut: at a whole character */
    r->message[decode_utf8_whole_len(r->message, strlen(r->message))] = '\0';
}

static void settings_warning(void *user, const char *source, unsigned line, const char *why)
{
  struct reader *r = user;
  bool note = strncmp(why, SETTINGS_NOTE, strlen(SETTINGS_NOTE)) == 0;
  if (note)   /* the line was applied: a note, not a skip */
    app_warning("%s:%u: %s", source, line, why + strlen(SETTINGS_NOTE));
  else
    app_file_warning(source, line, why);
  first_message(r, "Settings file line %u: %s", line, why);
}

/* A voice in the settings file that cannot be used is a bad line like any other: warned about,
 * and the default voice reads instead. (A bad -v on the command line stays an error.) */
static void check_settings_voice(struct reader *r, const char *path)
{
  if (r->opts.voice || !r->settings.voice[0])
    return;
  struct voice_profile probe;
  struct voice_request req = {r->settings.voice, NULL, -1, -1, -1};
  char msg[512];
  int rc = voice_resolve(&req, &probe, msg, sizeof msg);
  /* espeak-ng failing to start is no fault of the line (the voice may be fine), and the reader
   * reports that itself. */
  if (rc == 0 || rc == LECTOR_ETTS)
    return;
  settings_warning(r, path, r->settings.voice_line, msg);
  r->settings.voice[0] = '\0';
}

/* The settings file; options on the command line win over it. */
static void load_settings(struct reader *r)
{
  settings_defaults(&r->settings);
  char *path = settings_default_path();
  if (path) {
    int rc = settings_load(path, &r->settings, settings_warning, r);
    app_file_warnings_end();
    if (rc && rc != -ENOENT)
      app_warning("ignoring settings file '%s': %s", path, lector_strerror(rc));
    check_settings_voice(r, path);
    app_file_warnings_end();
    free(path);
  }
  if (!r->opts.voice && r->settings.voice[0])
    r->opts.voice = r->settings.voice;
  if (r->opts.speed < 0 && r->settings.speed >= 0)
    r->opts.speed = r->settings.speed;
  /* main() configured what the command line chose; the file fills in the rest */
  normalise_configure(r->opts.urls < 0 ? r->settings.urls : -1,
                      r->opts.punctuation < 0 ? r->settings.punctuation : -1, NULL);
}

/* A profile on the search path that cannot be used at all (a FIFO, a directory, a link that
 * loops) is left out of the voices v cycles through, and said, on stderr and on the panel. Bad
 * lines of usable profiles are said when the profile is chosen, not at every start. */
static void profile_warning(void *user, const char *source, unsigned line, const char *why)
{
  struct reader *r = user;
  if (line != 0)
    return;
  app_line_warning(NULL, source, line, why);
  first_message(r, "Voice profile left out: %s", why);
}

/* The voice to start with (with -s/-p/--volume applied; the document's language when there is
 * no -v) among every profile, for NEXT_VOICE. */
static int resolve_voices(struct reader *r)
{
  struct voice_profile chosen;
  if (app_resolve_voice(&r->opts, document_lang(r->doc), &chosen) ||
      app_resolve_lang_voices(r->doc, &chosen, &r->langs, r->message, sizeof r->message))
    return 1;

  struct voice_profile *all = NULL;
  size_t n = 0;
  if (voice_list_profiles_warn(&all, &n, profile_warning, r) != 0) {
    all = NULL;
    n = 0;
  }
  struct voice_profile *list = realloc(all, (n + 1) * sizeof *list);
  if (!list) {
    free(all);
    app_error("%s", lector_strerror(-ENOMEM));
    return 1;
  }
  size_t at = n;
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i].name, chosen.name) == 0)
      at = i;
  if (at == n) {
    memmove(list + 1, list, n * sizeof *list);
    at = 0;
    n++;
  }
  list[at] = chosen;
  r->voices = list;
  r->n_voices = n;
  r->voice_index = at;
  return 0;
}

/* The keyboard: stdin when it is a terminal, else /dev/tty (the text came on stdin). Plain mode
 * can do without one (*fd = -1): it then reads to the end. */
static int open_keyboard(struct reader *r, bool plain, int *fd)
{
  r->tty_fd = -1;
  if (strcmp(r->opts.input, "-") != 0 && isatty(STDIN_FILENO)) {
    *fd = STDIN_FILENO;
    return 0;
  }
  r->tty_fd = open("/dev/tty", O_RDWR | O_CLOEXEC | O_NOCTTY);
  if (r->tty_fd < 0) {
    if (plain) {
      *fd = -1;
      return 0;
    }
    app_error("no terminal to read keys from: %s", strerror(errno));
    return 1;
  }
  *fd = r->tty_fd;
  return 0;
}

/* Plain mode when asked for, or when the terminal cannot draw the panel: output not a terminal
 * (a pipe, a screen reader's capture) or TERM unset or "dumb". */
static bool want_plain(const struct lector_options *opts)
{
  const char *term = getenv("TERM");
  return opts->plain || !isatty(STDOUT_FILENO) || !term || !term[0] || strcmp(term, "dumb") == 0;
}

static void block_terminal_signals(sigset_t *old)
{
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGWINCH);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGCONT);
  pthread_sigmask(SIG_BLOCK, &set, old);
}

/* espeak-ng starts on its own thread while the document loads (engine_thread.h); it becomes the
 * player thread, so it gets the player's signal mask. After setlocale: espeak-ng sets LC_CTYPE
 * to a UTF-8 locale of its own as it starts, and that stays the last word, as it was when the
 * player thread started it. Without the thread (it could not start) the player makes one. */
static void start_engine_thread(struct reader *r)
{
  sigset_t old;
  block_terminal_signals(&old);
  reader_stderr_early_begin(&r->err);
  if (engine_thread_start() != 0)
    reader_stderr_early_end(&r->err);
  pthread_sigmask(SIG_SETMASK, &old, NULL);
}

/* Opens the sink and starts the player, with the terminal signals blocked in their threads.
 * Returns 0, the exit status 1, or 128 + the signal that stopped the opening. */
static int start_audio(struct reader *r)
{
  struct sink_options so = {.sample_rate = READ_SAMPLE_RATE, .force = r->opts.force};
  int rc = reader_sink_open(r->opts.audio, &so, r->wake, ui_signals_quit, &r->sink, r->notice,
                            sizeof r->notice);
  if (rc == -ECANCELED) {
    reader_stderr_restore(&r->err);
    return 128 + ui_signals_quit();
  }
  bool player_failed = false;
  if (!rc) {
    struct player_config pc = {
      .doc = r->doc,
      .lexicon = r->lexicon,
      .voices = r->voices,
      .n_voices = r->n_voices,
      .voice_index = r->voice_index,
      .sink = r->sink,
      .trace = r->trace,
      .start_sentence = r->place.start_sentence,
      .start_paused = r->opts.paused,
      .stop_after_paragraph = r->settings.stop_after_paragraph,
      .wake = ui_wake,
      .wake_user = &r->wake[1],
      .synth_user = &r->langs,
      .ahead = true,
      .speed_step = SPEED_STEP,
    };
    sigset_t old;
    block_terminal_signals(&old);
    rc = player_new(&pc, &r->player);
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    player_failed = rc != 0;
  }
  if (rc) {
    reader_stderr_restore(&r->err);
    if (player_failed)
      app_error("cannot start reading: %s", lector_strerror(rc));
    else
      app_write_error("audio output", r->opts.audio, rc);
    return 1;
  }
  return 0;
}

/* ---- the files the reader writes (issue 21): the trace starts once the input has loaded and
 * lands once reading starts; a run that fails before leaves any file there as it was. ---- */

static int create_trace(struct reader *r)
{
  if (!r->opts.trace)
    return 0;
  int rc = trace_create(r->opts.trace, r->opts.force, &r->trace);
  if (rc) {
    app_write_error("trace", r->opts.trace, rc);
    return 1;
  }
  trace_event(r->trace, "start");
  return 0;
}

static int publish_trace(struct reader *r)
{
  int rc = trace_publish(r->trace);
  if (rc) {
    reader_stderr_restore(&r->err);
    app_write_error("trace", r->opts.trace, rc);
    return 1;
  }
  return 0;
}

/* Output that failed (a full disk under --trace or the plain output) fails the run, named. */
static int check_written(struct reader *r, int status)
{
  int rc = trace_close(r->trace);
  r->trace = NULL;
  if (rc) {
    app_error("cannot write trace '%s': %s", r->opts.trace, lector_strerror(rc));
    status = status ? status : 1;
  }
  errno = 0;
  if (fflush(stdout) != 0 || ferror(stdout)) {
    app_error("cannot write to standard output: %s", strerror(errno ? errno : EIO));
    status = status ? status : 1;
  }
  return status;
}

static void ui_config_for(struct reader *r, int key_fd, struct ui_config *uc)
{
  *uc = (struct ui_config){
    .doc = r->doc,
    .player = r->player,
    .trace = r->trace,
    .keys = &r->settings.keys,
    .notice = r->notice,
    .message = r->message,
    .in_fd = key_fd,
    .wake_fd = r->wake[0],
    .colour = r->settings.colour,
    .max_width = r->settings.max_width,
    .speed_step = SPEED_STEP,
    .volume_step = VOLUME_STEP,
    .announce = r->opts.announce || r->settings.announce,
    .voices = r->voices,
    .n_voices = r->n_voices,
    .bookmarks = &r->place.marks,
  };
}

/* Runs the control panel; *no_terminal is set (and nothing run) when curses cannot use this
 * terminal, so that the caller falls back to plain mode. */
static int run_panel(struct reader *r, int key_fd, bool *no_terminal)
{
  *no_terminal = false;
  FILE *in = fdopen(dup(key_fd), "r");
  if (!in)
    return -errno;
  SCREEN *screen = newterm(NULL, stdout, in);
  if (!screen) {
    fclose(in);
    *no_terminal = true;
    return 0;
  }
  set_term(screen);
  cbreak();
  noecho();
  nonl();
  intrflush(stdscr, FALSE);
  set_escdelay(25);
  curs_set(1);

  struct ui_config uc;
  ui_config_for(r, key_fd, &uc);
  int sig = ui_run(&uc);
  endwin();
  delscreen(screen);
  fclose(in);
  return sig;
}

static void reader_free(struct reader *r)
{
  player_free(r->player);
  engine_thread_call(player_synth_espeak_discard, NULL);
  engine_thread_stop();
  sink_close(r->sink);
  if (r->wake[0] >= 0)
    close(r->wake[0]);
  if (r->wake[1] >= 0)
    close(r->wake[1]);
  if (r->tty_fd >= 0)
    close(r->tty_fd);
  trace_close(r->trace);
  free(r->voices);
  lang_voices_free(&r->langs);
  lexicon_free(r->lexicon);
  document_free(r->doc);
}

/* Reading ended (sig: the signal that ended it, or 0): stops the player, remembers the position
 * and reports what the listener must know. Returns the exit status. */
static int finish_reading(struct reader *r, int sig, int key_fd)
{
  trace_event(r->trace, "quit");
  struct player_status st;
  player_status(r->player, &st);
  player_free(r->player);
  r->player = NULL;
  reader_stderr_restore(&r->err);
  reader_place_save(&r->place, r->doc, r->opts.input, r->voices[r->voice_index].speed, &st);
  int status = sig ? 128 + sig : 0;
  /* With nobody at the keys (no terminal), a failure that stopped reading is the outcome. */
  if (!status && key_fd < 0 && st.error) {
    app_error("reading stopped: %s", lector_strerror(st.error));
    status = 1;
  }
  /* A recording whose end could not be written says so, unless that was just said. */
  int closed = sink_close(r->sink);
  r->sink = NULL;
  if (closed && status != 1) {
    app_error("the recording '%s' is incomplete: %s", r->opts.audio, lector_strerror(closed));
    if (!status)
      status = 1;
  }
  return check_written(r, status);
}

int cmd_read(const struct lector_options *opts)
{
  struct reader r;
  memset(&r, 0, sizeof r);
  r.opts = *opts;
  r.speed_given = opts->speed >= 0;
  r.tty_fd = -1;
  reader_stderr_init(&r.err);
  r.wake[0] = r.wake[1] = -1;
  if (!r.opts.input) {
    if (isatty(STDIN_FILENO)) {
      app_error("no file to read (try 'lector --help')");
      return 2;
    }
    r.opts.input = "-";
  }
  setlocale(LC_ALL, "");
  start_engine_thread(&r);
  load_settings(&r);

  int status = 1;
  int key_fd = -1;
  if (app_load_document(&r.opts, &r.doc) || create_trace(&r) ||
      app_load_lexicon(&r.opts, &r.lexicon) || resolve_voices(&r))
    goto out;
  reader_stderr_early_end(&r.err);
  bool plain = want_plain(&r.opts);
  if (open_keyboard(&r, plain, &key_fd))
    goto out;
  struct reader_place_run run = {r.opts.input, r.opts.restart, r.speed_given};
  reader_place_load(&r.place, r.doc, &run, &r.voices[r.voice_index].speed, r.message,
                    sizeof r.message);
  if (r.doc->warning && !r.message[0])
    snprintf(r.message, sizeof r.message, "%s", r.doc->warning);
  if (ui_wake_pipe(r.wake) != 0) {
    app_error("%s", strerror(errno));
    goto out;
  }
  if (ui_signals_install(r.wake[1]) != 0) {
    app_error("%s", strerror(errno));
    goto out;
  }

  reader_stderr_quiet(&r.err);
  /* The player's engine and the child of its first sentence are made on the espeak-ng thread
   * while the sound output opens (with stderr away: espeak-ng may note a dictionary). */
  r.first_voice = r.voices[r.voice_index];
  engine_thread_post(player_synth_espeak_prepare, &r.first_voice);
  int started = start_audio(&r);
  if (started > 1)
    status = started;   /* Ctrl-C or SIGTERM while the device was opening */
  if (started || publish_trace(&r))
    goto out_signals;
  int sig = 0;
  bool no_terminal = plain;
  if (!plain)
    sig = run_panel(&r, key_fd, &no_terminal);
  if (no_terminal) {
    struct ui_config uc;
    ui_config_for(&r, key_fd, &uc);
    sig = ui_run_plain(&uc, stdout);
  }
  if (sig < 0) {
    reader_stderr_restore(&r.err);
    app_error("%s", lector_strerror(sig));
    goto out_signals;
  }
  status = finish_reading(&r, sig, key_fd);

out_signals:
  reader_stderr_restore(&r.err);
  ui_signals_restore();
out:
  reader_stderr_early_end(&r.err);
  reader_free(&r);
  return status;
}
