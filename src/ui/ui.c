#include "ui/ui.h"

#include <curses.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <utf8proc.h>

#include "player/player.h"
#include "speech/voice.h"
#include "text/document.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/panel.h"
#include "util/error.h"
#include "util/trace.h"

/* Written by the signal handlers, read by the UI loop. */
static volatile sig_atomic_t resize_pending;
static volatile sig_atomic_t quit_signal;
static volatile sig_atomic_t signal_wake_fd = -1;

static const int handled_signals[] = {SIGWINCH, SIGINT, SIGTERM, SIGHUP};
#define N_HANDLED (sizeof handled_signals / sizeof handled_signals[0])
static struct sigaction saved_actions[N_HANDLED];
static bool signals_installed;

int ui_wake_pipe(int fds[2])
{
  if (pipe2(fds, O_NONBLOCK | O_CLOEXEC) != 0)
    return -errno;
  return 0;
}

void ui_wake(void *user)
{
  int fd = *(const int *)user;
  char c = 1;
  /* A full pipe already holds a wake-up; nothing is lost by dropping this one. */
  ssize_t n = write(fd, &c, 1);
  (void)n;
}

static void on_signal(int sig)
{
  int saved_errno = errno;
  if (sig == SIGWINCH)
    resize_pending = 1;
  else if (!quit_signal)
    quit_signal = sig;
  int fd = signal_wake_fd;
  if (fd >= 0) {
    char c = 2;
    ssize_t n = write(fd, &c, 1);
    (void)n;
  }
  errno = saved_errno;
}

int ui_signals_install(int wake_write_fd)
{
  signal_wake_fd = wake_write_fd;
  quit_signal = 0;
  resize_pending = 0;
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = SA_RESTART;
  for (size_t i = 0; i < N_HANDLED; i++)
    if (sigaction(handled_signals[i], &sa, &saved_actions[i]) != 0)
      return -errno;
  signals_installed = true;
  return 0;
}

void ui_signals_restore(void)
{
  if (!signals_installed)
    return;
  for (size_t i = 0; i < N_HANDLED; i++)
    sigaction(handled_signals[i], &saved_actions[i], NULL);
  signals_installed = false;
  signal_wake_fd = -1;
}

void ui_where_text(const struct document *doc, size_t sentence, char *buf, size_t len)
{
  if (sentence >= doc->n_sentences)
    sentence = doc->n_sentences ? doc->n_sentences - 1 : 0;
  size_t para = doc->n_sentences ? document_paragraph_of(doc, sentence) : 0;
  size_t in_para = doc->n_paragraphs ? sentence - doc->paragraphs[para].first_sentence : 0;
  size_t n_in_para = doc->n_paragraphs ? doc->paragraphs[para].n_sentences : 0;
  int percent = doc->n_sentences ? (int)(sentence * 100 / doc->n_sentences) : 0;
  snprintf(buf, len, "paragraph %zu of %zu, sentence %zu of %zu, %d percent", para + 1,
           doc->n_paragraphs, in_para + 1, n_in_para, percent);
}

void ui_spell_text(const char *word, size_t len, char *buf, size_t buf_len)
{
  size_t o = 0;
  if (buf_len == 0)
    return;
  buf[0] = '\0';
  size_t i = 0;
  while (i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)word + i,
                                          (utf8proc_ssize_t)(len - i), &cp);
    if (n <= 0) {
      i++;
      continue;
    }
    i += (size_t)n;
    utf8proc_category_t cat = utf8proc_category(cp);
    bool letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
    bool digit = cat == UTF8PROC_CATEGORY_ND;
    if (!letter && !digit)
      continue;
    /* Capitals are spoken as letter names ("A"), where a lone "a" may be read as a word. */
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
    if (o + (size_t)m + 3 >= buf_len)
      break;
    if (o) {
      buf[o++] = ',';
      buf[o++] = ' ';
    }
    memcpy(buf + o, enc, (size_t)m);
    o += (size_t)m;
    buf[o] = '\0';
  }
}

/* text with whitespace runs made one space, then case-folded; malloc'd or NULL. */
static char *fold(const char *text, size_t len)
{
  char *flat = malloc(len + 1);
  if (!flat)
    return NULL;
  size_t o = 0;
  size_t i = 0;
  bool space = false;
  while (i < len) {
    size_t sp = layout_is_space(text + i, len - i);
    if (sp) {
      space = true;
      i += sp;
      continue;
    }
    if (space && o)
      flat[o++] = ' ';
    space = false;
    flat[o++] = text[i++];
  }
  flat[o] = '\0';
  utf8proc_uint8_t *folded = NULL;
  utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)flat, (utf8proc_ssize_t)o, &folded,
                                    UTF8PROC_CASEFOLD | UTF8PROC_COMPOSE | UTF8PROC_STABLE);
  if (n < 0) {
    /* Not valid UTF-8: fall back to the flattened bytes, matched as they are. */
    return flat;
  }
  free(flat);
  return (char *)folded;
}

long ui_search(const struct document *doc, size_t from, const char *needle)
{
  char *want = fold(needle, strlen(needle));
  if (!want)
    return -ENOMEM;
  long found = -1;
  if (want[0] && doc->n_sentences) {
    for (size_t k = 1; k <= doc->n_sentences; k++) {
      size_t s = (from + k) % doc->n_sentences;
      const struct doc_sentence *sent = &doc->sentences[s];
      char *have = fold(doc->text + sent->start, sent->end - sent->start);
      if (!have) {
        found = -ENOMEM;
        break;
      }
      bool hit = strstr(have, want) != NULL;
      free(have);
      if (hit) {
        found = (long)s;
        break;
      }
    }
  }
  free(want);
  return found;
}

/* The loop's own state, beyond the player's. */
struct loop {
  const struct ui_config *cfg;
  struct panel *panel;
  struct player_status st;
  bool plain;
  bool help;
  int help_page;
  bool searching;
  char query[256];
  /* The last search, which / then Enter alone repeats. Its match is remembered because the
   * status may not have reached it yet when the repeat comes. */
  char last_query[256];
  bool have_match;
  size_t match;
  uint64_t match_sent;    /* player_sent() after the jump to it */
  int last_error;   /* the player's error last shown */
  bool where_pending;     /* w waits for the status to show the keys before it */
  uint64_t where_after;   /* player_sent() when w was pressed */
  char message[320];
  bool quit;
  /* An announcement is spoken once the keys read together have all been handled, and any later
   * key of the same batch drops it (it would interrupt it at once): a burst of + is one
   * announcement of the final speed, not a queue of stale ones. */
  char say[512];
  /* A voice is named once the player has tried it (a profile espeak-ng refuses is never named). */
  bool voice_pending;
  char voice_target[64];
  uint64_t voice_sent;    /* player_sent() after the v key */
  bool have_state;
  enum player_state last_state;
};

static void set_message(struct loop *lp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void set_message(struct loop *lp, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(lp->message, sizeof lp->message, fmt, ap);
  va_end(ap);
}

/* Speaks text (after the current batch of keys): w, t and s, asked for explicitly. */
static void say(struct loop *lp, const char *text)
{
  snprintf(lp->say, sizeof lp->say, "%s", text);
}

/* A confirmation: spoken only with --announce. */
static void announce(struct loop *lp, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void announce(struct loop *lp, const char *fmt, ...)
{
  if (!lp->cfg->announce)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(lp->say, sizeof lp->say, fmt, ap);
  va_end(ap);
}

static void flush_say(struct loop *lp)
{
  if (lp->say[0])
    player_say(lp->cfg->player, lp->say);
  lp->say[0] = '\0';
}

/* The player's status shows what the commands sent so far lead to (speed, volume, voice). */
static void refresh_status(struct loop *lp)
{
  player_status(lp->cfg->player, &lp->st);
}

static void change_speed(struct loop *lp, int step)
{
  refresh_status(lp);
  int old = lp->st.wpm;
  player_send(lp->cfg->player, PLAYER_SPEED, step);
  refresh_status(lp);
  int wpm = lp->st.wpm;
  if (wpm == old && step > 0)
    announce(lp, "fastest, %d words a minute", wpm);
  else if (wpm == old)
    announce(lp, "slowest, %d words a minute", wpm);
  else
    announce(lp, "%s, %d words a minute", step > 0 ? "faster" : "slower", wpm);
}

static void change_volume(struct loop *lp, int step)
{
  player_send(lp->cfg->player, PLAYER_VOLUME, step);
  refresh_status(lp);
  announce(lp, "volume %d percent", lp->st.volume);
}

static void next_voice(struct loop *lp)
{
  const struct ui_config *cfg = lp->cfg;
  player_send(cfg->player, PLAYER_NEXT_VOICE, 0);
  refresh_status(lp);
  if (cfg->n_voices < 2) {
    announce(lp, "voice %s, the only one", lp->st.voice);
    return;
  }
  if (cfg->announce) {
    lp->voice_pending = true;
    lp->voice_sent = player_sent(cfg->player);
    snprintf(lp->voice_target, sizeof lp->voice_target, "%s", lp->st.voice);
  }
}

/* w: speaks and shows the position of the status. */
static void where(struct loop *lp)
{
  char text[512];
  ui_where_text(lp->cfg->doc, lp->st.sentence, text, sizeof text);
  say(lp, text);
  set_message(lp, "%s", text);
  lp->where_pending = false;
}

static void stopped_message(const struct loop *lp, int error, char *buf, size_t len)
{
  /* Without a keyboard (plain mode fed by a pipe) nothing can try again: lector exits. */
  snprintf(buf, len, "Reading stopped: %s.%s", lector_strerror(error),
           lp->cfg->in_fd >= 0 ? " Space tries again." : "");
}

/* What the status tells without a key: the voice a v key led to, the end of the document, the
 * position a w key waited for, and why reading stopped by itself (shown again after a key's
 * own message, for as long as reading stays stopped). */
static void observe(struct loop *lp)
{
  const struct player_status *st = &lp->st;
  if (lp->voice_pending && st->applied >= lp->voice_sent) {
    lp->voice_pending = false;
    if (strcmp(st->voice, lp->voice_target) == 0) {
      announce(lp, "voice %s", st->voice);
      flush_say(lp);
    }
  }
  if (lp->have_state && lp->last_state != PLAYER_STATE_FINISHED &&
      st->state == PLAYER_STATE_FINISHED) {
    /* Plain mode prints "[Finished]" already; the panel says it on the message line too. */
    if (!lp->plain)
      set_message(lp, "End of the article");
    announce(lp, "end of the article");
    flush_say(lp);
  }
  if (lp->where_pending && st->applied >= lp->where_after) {
    where(lp);
    flush_say(lp);
  }
  if (st->error != lp->last_error) {
    /* Shown while reading is stopped by it; gone once reading goes on again. */
    char old_reason[sizeof lp->message];
    stopped_message(lp, lp->last_error, old_reason, sizeof old_reason);
    if (lp->last_error && strcmp(lp->message, old_reason) == 0)
      lp->message[0] = '\0';
    if (st->error)
      stopped_message(lp, st->error, lp->message, sizeof lp->message);
    lp->last_error = st->error;
  } else if (st->error && !lp->message[0] && !lp->searching) {
    stopped_message(lp, st->error, lp->message, sizeof lp->message);
  }
  lp->have_state = true;
  lp->last_state = st->state;
}

static void run_search(struct loop *lp)
{
  const struct document *doc = lp->cfg->doc;
  size_t from = lp->st.sentence;
  if (!lp->query[0]) {   /* Enter alone: the next match of the last search */
    if (!lp->last_query[0])
      return;
    snprintf(lp->query, sizeof lp->query, "%s", lp->last_query);
    if (lp->have_match && lp->st.applied < lp->match_sent)
      from = lp->match;   /* the jump to the last match is not in the status yet */
  }
  snprintf(lp->last_query, sizeof lp->last_query, "%s", lp->query);
  lp->have_match = false;
  long s = ui_search(doc, from, lp->query);
  if (s < 0) {
    set_message(lp, "No match for %s", lp->query);
    announce(lp, "no match for %s", lp->query);
    return;
  }
  player_send(lp->cfg->player, PLAYER_JUMP_SENTENCE, s);
  lp->have_match = true;
  lp->match = (size_t)s;
  lp->match_sent = player_sent(lp->cfg->player);
  size_t para = document_paragraph_of(doc, (size_t)s);
  set_message(lp, "Found \"%s\" in paragraph %zu of %zu", lp->query, para + 1,
              doc->n_paragraphs);
}

/* The search prompt's line editor. */
static void prompt_key(struct loop *lp, int key)
{
  size_t len = strlen(lp->query);
  if (key == '\n' || key == '\r' || key == KEYS_FN(KEY_ENTER)) {
    lp->searching = false;
    run_search(lp);
  } else if (key == 27 || key == 7 /* ^G */) {
    lp->searching = false;
    lp->message[0] = '\0';
  } else if (key == KEYS_FN(KEY_BACKSPACE) || key == 127 || key == 8) {
    /* Remove one whole UTF-8 character. */
    while (len > 0 && ((unsigned char)lp->query[len - 1] & 0xc0) == 0x80)
      len--;
    if (len > 0)
      len--;
    lp->query[len] = '\0';
  } else if (key == 21 /* ^U */) {
    lp->query[0] = '\0';
  } else if (!KEYS_IS_FN(key) && key >= 0x20 && key != 0x7f) {
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t n = utf8proc_encode_char(key, enc);
    if (n > 0 && len + (size_t)n < sizeof lp->query) {
      memcpy(lp->query + len, enc, (size_t)n);
      lp->query[len + (size_t)n] = '\0';
    }
  }
}

static void run_command(struct loop *lp, enum ui_command cmd)
{
  const struct ui_config *cfg = lp->cfg;
  struct player *pl = cfg->player;
  char text[512];
  switch (cmd) {
  case UI_PLAY_PAUSE: player_send(pl, PLAYER_TOGGLE_PAUSE, 0); break;
  case UI_NEXT_PARAGRAPH: player_send(pl, PLAYER_NEXT_PARAGRAPH, 0); break;
  case UI_PREV_PARAGRAPH: player_send(pl, PLAYER_PREV_PARAGRAPH, 0); break;
  case UI_NEXT_SENTENCE: player_send(pl, PLAYER_NEXT_SENTENCE, 0); break;
  case UI_PREV_SENTENCE: player_send(pl, PLAYER_PREV_SENTENCE, 0); break;
  case UI_FIRST_PARAGRAPH: player_send(pl, PLAYER_FIRST_PARAGRAPH, 0); break;
  case UI_LAST_PARAGRAPH: player_send(pl, PLAYER_LAST_PARAGRAPH, 0); break;
  case UI_FASTER: change_speed(lp, cfg->speed_step); break;
  case UI_SLOWER: change_speed(lp, -cfg->speed_step); break;
  case UI_LOUDER: change_volume(lp, cfg->volume_step); break;
  case UI_QUIETER: change_volume(lp, -cfg->volume_step); break;
  case UI_NEXT_VOICE: next_voice(lp); break;
  case UI_REPEAT: player_send(pl, PLAYER_REPEAT_SENTENCE, 0); break;
  case UI_SEARCH:
    lp->searching = true;
    lp->query[0] = '\0';
    break;
  case UI_WHERE:
    /* After keys that move (n n n w), the position is the one they lead to: the status is
     * awaited until the player has handled them. */
    lp->where_after = player_sent(pl);
    if (lp->st.applied >= lp->where_after) {
      where(lp);
    } else {
      lp->where_pending = true;
    }
    break;
  case UI_TITLE: {
    /* What the title line shows, so that ear and eye get the same. */
    const char *title = cfg->doc->title && cfg->doc->title[0] ? cfg->doc->title : "lector";
    say(lp, title);
    set_message(lp, "%s", title);
    break;
  }
  case UI_SPELL: {
    size_t ws = lp->st.word_start, we = lp->st.word_end;
    if (we <= ws && lp->st.sentence < cfg->doc->n_sentences) {
      /* No word being heard (paused between sentences): the sentence's first word. */
      ws = cfg->doc->sentences[lp->st.sentence].start;
      we = ws;
      while (we < cfg->doc->sentences[lp->st.sentence].end &&
             !layout_is_space(cfg->doc->text + we, cfg->doc->len - we))
        we++;
    }
    if (we > ws && we <= cfg->doc->len) {
      ui_spell_text(cfg->doc->text + ws, we - ws, text, sizeof text);
      if (text[0]) {
        say(lp, text);
        set_message(lp, "%s", text);
      }
    }
    break;
  }
  case UI_HELP:
    lp->help = true;
    lp->help_page = 0;
    break;
  case UI_QUIT: lp->quit = true; break;
  case UI_N_COMMANDS: break;
  }
}

static void handle_key(struct loop *lp, int key)
{
  char name[64];
  keys_trace_name(key, name, sizeof name);
  trace_key(lp->cfg->trace, name);
  /* Any key interrupts what an earlier key was about to say. */
  lp->say[0] = '\0';
  lp->voice_pending = false;
  if (lp->searching) {
    prompt_key(lp, key);
    return;
  }
  if (lp->help) {
    /* Space, Down and PageDown turn to the next page of an overlay too long for the terminal,
     * Up and PageUp back; any other key (or those past the end) closes it and does nothing else:
     * a key pressed to close it must not also skip or quit. */
    int pages = lp->panel ? panel_help_pages(lp->panel) : 1;
    if ((key == ' ' || key == KEYS_FN(KEY_DOWN) || key == KEYS_FN(KEY_NPAGE)) &&
        lp->help_page + 1 < pages) {
      lp->help_page++;
    } else if ((key == KEYS_FN(KEY_UP) || key == KEYS_FN(KEY_PPAGE)) && lp->help_page > 0 &&
               pages > 1) {
      lp->help_page--;
    } else {
      lp->help = false;
    }
    return;
  }
  int cmd = keymap_lookup(lp->cfg->keys, key);
  if (cmd < 0)
    return;
  lp->message[0] = '\0';
  run_command(lp, (enum ui_command)cmd);
}

static void apply_resize(int fd)
{
  struct winsize ws;
  if (ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 && ws.ws_col > 0)
    resize_term(ws.ws_row, ws.ws_col);
}

static void drain(int fd)
{
  char buf[256];
  while (read(fd, buf, sizeof buf) > 0)
    ;
}

int ui_run(const struct ui_config *cfg)
{
  struct loop lp;
  memset(&lp, 0, sizeof lp);
  lp.cfg = cfg;
  if (cfg->message)
    snprintf(lp.message, sizeof lp.message, "%s", cfg->message);
  if (panel_new(cfg->doc, cfg->keys, cfg->colour, &lp.panel) != 0)
    return 0;

  nodelay(stdscr, TRUE);
  keypad(stdscr, TRUE);
  uint64_t drawn_serial = UINT64_MAX;
  bool dirty = true;
  int out_fd = fileno(stdout);
  while (!lp.quit && !quit_signal) {
    if (resize_pending) {
      resize_pending = 0;
      apply_resize(isatty(out_fd) ? out_fd : cfg->in_fd);
      dirty = true;
    }
    player_status(cfg->player, &lp.st);
    observe(&lp);
    if (dirty || lp.st.serial != drawn_serial) {
      struct panel_view view = {.notice = cfg->notice,
                                .message = lp.message,
                                .prompt = lp.searching ? lp.query : NULL,
                                .help = lp.help,
                                .help_page = lp.help_page};
      panel_draw(lp.panel, &lp.st, &view);
      drawn_serial = lp.st.serial;
      dirty = false;
    }

    struct pollfd fds[2] = {{.fd = cfg->in_fd, .events = POLLIN},
                            {.fd = cfg->wake_fd, .events = POLLIN}};
    int n = poll(fds, 2, -1);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    if (fds[1].revents)
      drain(cfg->wake_fd);
    if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
      /* The terminal went away: nobody is left to press q. */
      if (!quit_signal)
        quit_signal = SIGHUP;
      break;
    }
    if (fds[0].revents & POLLIN) {
      wint_t wc;
      int r;
      while ((r = get_wch(&wc)) != ERR) {
        if (r == KEY_CODE_YES && wc == KEY_RESIZE) {
          dirty = true;
          continue;
        }
        handle_key(&lp, r == KEY_CODE_YES ? KEYS_FN((int)wc) : (int)wc);
        dirty = true;
        if (lp.quit)
          break;
      }
      if (!lp.quit)
        flush_say(&lp);
    }
  }
  panel_free(lp.panel);
  return lp.quit ? 0 : (int)quit_signal;
}

/* ---- plain mode ------------------------------------------------------------------------- */

/* Writes text[0, len) as one line's worth: whitespace runs as one space, control characters as
 * placeholders, exactly as the panel would show them. */
static void plain_put(FILE *out, const char *text, size_t len)
{
  size_t i = 0;
  bool space = false, any = false;
  while (i < len) {
    size_t sp = layout_is_space(text + i, len - i);
    if (sp) {
      space = true;
      i += sp;
      continue;
    }
    if (space && any)
      fputc(' ', out);
    space = false;
    any = true;
    struct layout_glyph g;
    i += layout_glyph(text + i, len - i, true, &g);
    for (int k = 0; g.wc[k]; k++) {
      utf8proc_uint8_t enc[4];
      utf8proc_ssize_t n = utf8proc_encode_char((utf8proc_int32_t)g.wc[k], enc);
      if (n > 0)
        fwrite(enc, 1, (size_t)n, out);
    }
  }
}

static void plain_note(FILE *out, const char *text)
{
  fputc('[', out);
  plain_put(out, text, strlen(text));
  fputs("]\n", out);
}

/* What plain mode last printed, to print only changes. */
struct plain_shown {
  bool started;
  size_t sentence, paragraph;
  enum player_state state;
  int wpm, volume;
  char voice[64];
  char message[320];
  bool searching;
  size_t query_len;
};

static const char *state_word(enum player_state s)
{
  return s == PLAYER_STATE_PLAYING ? "Playing" : s == PLAYER_STATE_PAUSED ? "Paused" : "Finished";
}

static void plain_report(struct loop *lp, struct plain_shown *shown, FILE *out)
{
  const struct document *doc = lp->cfg->doc;
  const struct player_status *st = &lp->st;
  char line[512];
  if (lp->help) {
    fputs("[Keys]\n", out);
    for (int c = 0; c < UI_N_COMMANDS; c++) {
      keys_help_line(lp->cfg->keys, (enum ui_command)c, 12, line, sizeof line);
      fprintf(out, "  %s\n", line);
    }
    lp->help = false;   /* printed once; there is no overlay to close */
  }
  if (lp->searching && !shown->searching) {
    fputs("Search: ", out);
    shown->query_len = 0;
  }
  if (lp->searching) {
    size_t len = strlen(lp->query);
    if (len > shown->query_len)
      fputs(lp->query + shown->query_len, out);
    for (size_t k = len; k < shown->query_len; k++)
      fputs("\b \b", out);
    shown->query_len = len;
  } else if (shown->searching) {
    fputc('\n', out);
  }
  shown->searching = lp->searching;
  if (lp->searching) {
    fflush(out);
    return;   /* the prompt line stays alone until Enter */
  }

  if (!shown->started || st->state != shown->state) {
    panel_status_text(doc, st, line, sizeof line);
    if (shown->started)
      snprintf(line, sizeof line, "%s", state_word(st->state));
    plain_note(out, line);
  }
  if (lp->message[0] && strcmp(lp->message, shown->message) != 0)
    plain_note(out, lp->message);
  snprintf(shown->message, sizeof shown->message, "%s", lp->message);
  if (shown->started && st->wpm != shown->wpm) {
    snprintf(line, sizeof line, "%d wpm", st->wpm);
    plain_note(out, line);
  }
  if (shown->started && st->volume != shown->volume) {
    snprintf(line, sizeof line, "volume %d", st->volume);
    plain_note(out, line);
  }
  if (shown->started && strcmp(st->voice, shown->voice) != 0) {
    snprintf(line, sizeof line, "voice %s", st->voice);
    plain_note(out, line);
  }
  if (st->sentence < doc->n_sentences &&
      (!shown->started || st->sentence != shown->sentence)) {
    /* An empty line between paragraphs, as in `lector segment`. */
    if (shown->started && st->paragraph != shown->paragraph)
      fputc('\n', out);
    const struct doc_sentence *sent = &doc->sentences[st->sentence];
    plain_put(out, doc->text + sent->start, sent->end - sent->start);
    fputc('\n', out);
    shown->sentence = st->sentence;
    shown->paragraph = st->paragraph;
  }
  shown->started = true;
  shown->state = st->state;
  shown->wpm = st->wpm;
  shown->volume = st->volume;
  snprintf(shown->voice, sizeof shown->voice, "%s", st->voice);
  fflush(out);
}

int ui_run_plain(const struct ui_config *cfg, FILE *out)
{
  struct loop lp;
  memset(&lp, 0, sizeof lp);
  lp.cfg = cfg;
  lp.plain = true;
  struct plain_shown shown;
  memset(&shown, 0, sizeof shown);
  if (cfg->notice && cfg->notice[0])
    plain_note(out, cfg->notice);
  if (cfg->message && cfg->message[0])
    snprintf(lp.message, sizeof lp.message, "%s", cfg->message);

  /* Keys one at a time, without echo; Ctrl-C still sends SIGINT. */
  struct termios saved;
  bool raw = cfg->in_fd >= 0 && isatty(cfg->in_fd) && tcgetattr(cfg->in_fd, &saved) == 0;
  if (raw) {
    struct termios t = saved;
    t.c_lflag &= (tcflag_t) ~(ICANON | ECHO);
    t.c_cc[VMIN] = 1;
    t.c_cc[VTIME] = 0;
    tcsetattr(cfg->in_fd, TCSANOW, &t);
  }
  char pending[64];
  size_t n_pending = 0;
  uint64_t shown_serial = UINT64_MAX;
  bool dirty = true;
  while (!lp.quit && !quit_signal) {
    player_status(cfg->player, &lp.st);
    observe(&lp);
    if (dirty || lp.st.serial != shown_serial) {
      plain_report(&lp, &shown, out);
      shown_serial = lp.st.serial;
      dirty = false;
    }
    /* With no keyboard at all (no terminal: a job started by a script), nothing can resume
     * reading once it stops: at the end, or paused (--paused, stop-after-paragraph, an audio
     * error). Lector then exits, and the position is kept for the next time. */
    if (cfg->in_fd < 0 && lp.st.state != PLAYER_STATE_PLAYING)
      break;
    struct pollfd fds[2] = {{.fd = cfg->in_fd, .events = POLLIN},
                            {.fd = cfg->wake_fd, .events = POLLIN}};
    /* A partial escape sequence that gets no more bytes soon is a lone Escape. */
    int n = poll(fds, 2, n_pending ? 50 : -1);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      break;
    }
    if (fds[1].revents)
      drain(cfg->wake_fd);
    if (n == 0 && n_pending) {
      n_pending = 0;
      handle_key(&lp, 27);
      flush_say(&lp);
      dirty = true;
      continue;
    }
    if (fds[0].revents & POLLIN) {
      ssize_t got = read(cfg->in_fd, pending + n_pending, sizeof pending - n_pending);
      if (got <= 0) {
        if (!quit_signal)
          quit_signal = SIGHUP;
        break;
      }
      n_pending += (size_t)got;
      size_t used;
      int key;
      while (n_pending && (used = keys_decode(pending, n_pending, &key)) > 0) {
        memmove(pending, pending + used, n_pending - used);
        n_pending -= used;
        if (key)
          handle_key(&lp, key);
        dirty = true;
        if (lp.quit)
          break;
      }
      if (n_pending == sizeof pending)
        n_pending = 0;   /* garbage that never decodes */
      if (!lp.quit)
        flush_say(&lp);
    } else if (fds[0].revents & (POLLHUP | POLLERR | POLLNVAL)) {
      if (!quit_signal)
        quit_signal = SIGHUP;
      break;
    }
  }
  if (raw)
    tcsetattr(cfg->in_fd, TCSANOW, &saved);
  if (lp.searching)
    fputc('\n', out);
  fflush(out);
  return lp.quit || quit_signal == 0 ? 0 : (int)quit_signal;
}
