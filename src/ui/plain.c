/* The plain front end (ui_run_plain): sentences and status changes printed as lines, keys read
 * raw from the terminal, for screen readers and braille displays. */
#include "ui/ui.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include <utf8proc.h>

#include "text/document.h"
#include "ui/controller.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/panel.h"
#include "ui/phrases.h"
#include "ui/bookmarks.h"
#include "ui/toc.h"
#include "ui/signals.h"

/* Writes text[0, len) as one line's worth: whitespace runs as one space, control characters as
 * placeholders, exactly as the panel would show them. */
static void plain_put(FILE *out, const char *text, size_t len)
{
  size_t i = 0;
  bool any = false;
  while (i < len) {
    if (layout_skip_space(text, len, &i, any))
      fputc(' ', out);
    if (i == len)
      break;
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
  char voice[160];           /* as phrases_voice says it */
  char message[320];
  bool searching;
  size_t query_len;
  bool toc;                 /* the table of contents was printed and waits for a number */
  bool marks;               /* so was the bookmarks list, with n_marks lines */
  size_t n_marks;
};

static const char *state_word(enum player_state s)
{
  return s == PLAYER_STATE_PLAYING ? "Playing" : s == PLAYER_STATE_PAUSED ? "Paused" : "Finished";
}

/* The help, printed once (there is no overlay to close). */
static void print_help(struct controller *c, FILE *out)
{
  char line[512];
  fputs("[Keys]\n", out);
  for (int cmd = 0; cmd < UI_N_COMMANDS; cmd++) {
    keys_help_line(c->cfg->keys, (enum ui_command)cmd, 12, line, sizeof line);
    fprintf(out, "  %s\n", line);
  }
  c->help = false;
}

/* The search prompt, edited in place with backspaces; its line ends at Enter. */
static void print_prompt(const struct controller *c, struct plain_shown *shown, FILE *out)
{
  if (c->searching && !shown->searching) {
    fputs("Search: ", out);
    shown->query_len = 0;
  }
  if (c->searching) {
    size_t len = strlen(c->query);
    if (len > shown->query_len)
      fputs(c->query + shown->query_len, out);
    for (size_t k = len; k < shown->query_len; k++)
      fputs("\b \b", out);
    shown->query_len = len;
  } else if (shown->searching) {
    fputc('\n', out);
  }
  shown->searching = c->searching;
}

/* A note for each of state, message, speed, volume and voice that changed. */
static void print_notes(const struct controller *c, struct plain_shown *shown, FILE *out)
{
  const struct player_status *st = &c->st;
  char line[512];
  if (!shown->started || st->state != shown->state) {
    /* The time left is w's to say: a braille line is short. */
    struct panel_status_extra extra = {c->time_of, NULL, NULL};
    panel_status_text(c->cfg->doc, st, &extra, line, sizeof line);
    if (shown->started)
      snprintf(line, sizeof line, "%s", state_word(st->state));
    plain_note(out, line);
  }
  if (c->message[0] && strcmp(c->message, shown->message) != 0)
    plain_note(out, c->message);
  snprintf(shown->message, sizeof shown->message, "%s", c->message);
  if (shown->started && st->wpm != shown->wpm) {
    snprintf(line, sizeof line, "%d wpm", st->wpm);
    plain_note(out, line);
  }
  if (shown->started && st->volume != shown->volume) {
    snprintf(line, sizeof line, "volume %d", st->volume);
    plain_note(out, line);
  }
  char voice[160];
  phrases_voice(st, voice, sizeof voice);
  if (shown->started && strcmp(voice, shown->voice) != 0) {
    snprintf(line, sizeof line, "voice %s", voice);
    plain_note(out, line);
  }
}

/* What a screen reader says briefly before a heading, a quote or a list item: the panel shows it
 * by bold, a bar or a bullet. Only before the paragraph's first sentence. */
static const char *kind_word(const struct document *doc, size_t sentence)
{
  size_t para = document_paragraph_of(doc, sentence);
  if (doc->paragraphs[para].first_sentence != sentence)
    return NULL;
  switch (doc->paragraphs[para].kind) {
  case DOC_HEADING:
    return "heading";
  case DOC_QUOTE:
    return "quote";
  case DOC_ITEM:
    return "list item";
  default:
    return NULL;
  }
}

static void plain_report(struct controller *c, struct plain_shown *shown, FILE *out)
{
  const struct document *doc = c->cfg->doc;
  const struct player_status *st = &c->st;
  if (c->help)
    print_help(c, out);
  if (c->toc != shown->toc && c->toc)
    toc_print(c, out);
  else if (c->toc != shown->toc)
    fputc('\n', out);
  shown->toc = c->toc;
  /* Printed again after Delete: the numbers changed. */
  size_t n_marks = c->cfg->bookmarks ? c->cfg->bookmarks->n : 0;
  if (c->marks && (!shown->marks || n_marks != shown->n_marks))
    bookmarks_print(c, out);
  else if (c->marks != shown->marks)
    fputc('\n', out);
  shown->marks = c->marks;
  shown->n_marks = n_marks;
  if (c->toc || c->marks)
    return;
  print_prompt(c, shown, out);
  if (c->searching) {
    fflush(out);
    return;   /* the prompt line stays alone until Enter */
  }
  print_notes(c, shown, out);
  if (st->sentence < doc->n_sentences && (!shown->started || st->sentence != shown->sentence)) {
    /* An empty line between paragraphs, as in `lector segment`. */
    if (shown->started && st->paragraph != shown->paragraph)
      fputc('\n', out);
    const char *kind = kind_word(doc, st->sentence);
    if (kind)
      plain_note(out, kind);
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
  phrases_voice(st, shown->voice, sizeof shown->voice);
  fflush(out);
}

/* Raw keyboard input not yet decoded into keys (an escape sequence may arrive in pieces). */
struct pending {
  char buf[64];
  size_t n;
  bool keys;   /* keys were handled since the last report: print what they changed */
};

/* Reads what the keyboard has, hands every whole key to the controller, then speaks. Returns
 * false when the keyboard is gone. */
static bool read_keys(struct controller *c, int fd, struct pending *p)
{
  ssize_t got = read(fd, p->buf + p->n, sizeof p->buf - p->n);
  if (got <= 0)
    return false;
  p->n += (size_t)got;
  size_t used;
  int key;
  while (p->n && (used = keys_decode(p->buf, p->n, &key)) > 0) {
    memmove(p->buf, p->buf + used, p->n - used);
    p->n -= used;
    if (key)
      controller_key(c, key);
    p->keys = true;
    if (c->quit)
      return true;
  }
  if (p->n == sizeof p->buf)
    p->n = 0;   /* garbage that never decodes */
  controller_flush(c);
  return true;
}

/* Keys one at a time, without echo; Ctrl-C still sends SIGINT. False when fd is no terminal. */
static bool raw_keyboard(int fd, struct termios *saved)
{
  if (fd < 0 || !isatty(fd) || tcgetattr(fd, saved) != 0)
    return false;
  struct termios t = *saved;
  t.c_lflag &= (tcflag_t) ~(ICANON | ECHO);
  t.c_cc[VMIN] = 1;
  t.c_cc[VTIME] = 0;
  tcsetattr(fd, TCSANOW, &t);
  return true;
}

/* Waits for the keyboard or the wake pipe and handles what came. False to end the loop. */
static bool wait_and_handle(struct controller *c, struct pending *p)
{
  const struct ui_config *cfg = c->cfg;
  struct pollfd fds[2] = {{.fd = cfg->in_fd, .events = POLLIN},
                          {.fd = cfg->wake_fd, .events = POLLIN}};
  /* A partial escape sequence that gets no more bytes soon is a lone Escape. */
  int n = poll(fds, 2, p->n ? 50 : -1);
  if (n < 0)
    return errno == EINTR;
  if (fds[1].revents)
    signals_drain(cfg->wake_fd);
  if (n == 0 && p->n) {
    p->n = 0;
    p->keys = true;
    controller_key(c, 27);
    controller_flush(c);
    return true;
  }
  if ((fds[0].revents & POLLIN) && read_keys(c, cfg->in_fd, p))
    return true;
  if (fds[0].revents & (POLLIN | POLLHUP | POLLERR | POLLNVAL)) {
    signals_hangup();
    return false;
  }
  return true;
}

int ui_run_plain(const struct ui_config *cfg, FILE *out)
{
  struct controller c;
  struct controller_player player;
  controller_player_real(cfg->player, &player);
  controller_init(&c, cfg, &player, true);
  struct plain_shown shown;
  memset(&shown, 0, sizeof shown);
  if (cfg->notice && cfg->notice[0])
    plain_note(out, cfg->notice);

  struct termios saved;
  bool raw = raw_keyboard(cfg->in_fd, &saved);
  struct pending pending = {.keys = true};
  uint64_t shown_serial = UINT64_MAX;
  while (!c.quit && !signals_quit()) {
    struct termios now;
    if (signals_take_continued() && raw)   /* after kill -STOP and fg: the shell reset it */
      raw_keyboard(cfg->in_fd, &now);
    controller_update(&c);
    if (pending.keys || c.st.serial != shown_serial) {
      plain_report(&c, &shown, out);
      shown_serial = c.st.serial;
      pending.keys = false;
    }
    /* With no keyboard at all (no terminal: a job started by a script), nothing can resume
     * reading once it stops: at the end, or paused (--paused, stop-after-paragraph, an audio
     * error). Lector then exits, and the position is kept for the next time. */
    if (cfg->in_fd < 0 && c.st.state != PLAYER_STATE_PLAYING)
      break;
    if (!wait_and_handle(&c, &pending))
      break;
  }
  controller_done(&c);
  if (raw)
    tcsetattr(cfg->in_fd, TCSANOW, &saved);
  if (c.searching)
    fputc('\n', out);
  fflush(out);
  return c.quit || signals_quit() == 0 ? 0 : signals_quit();
}
