#include "ui/controller.h"

#include <curses.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "speech/reading_rules.h"
#include "speech/voice.h"
#include "text/document.h"
#include "ui/bookmarks.h"
#include "ui/commands.h"
#include "ui/keys.h"
#include "ui/phrases.h"
#include "ui/toc.h"
#include "ui/search.h"
#include "ui/ui.h"
#include "util/error.h"
#include "util/trace.h"

static void real_send(void *self, enum player_command cmd, long arg)
{
  player_send(self, cmd, arg);
}

static void real_say(void *self, const char *text)
{
  player_say(self, text);
}

static uint64_t real_sent(void *self)
{
  return player_sent(self);
}

static void real_status(void *self, struct player_status *out)
{
  player_status(self, out);
}

void controller_player_real(struct player *p, struct controller_player *out)
{
  *out = (struct controller_player){p, real_send, real_say, real_sent, real_status};
}

void controller_init(struct controller *c, const struct ui_config *cfg,
                     const struct controller_player *player, bool plain)
{
  memset(c, 0, sizeof *c);
  c->cfg = cfg;
  c->player = *player;
  c->plain = plain;
  c->help_pages = 1;
  struct voice_profile defaults;
  voice_profile_defaults(&defaults);
  struct reading_pauses pauses =
    reading_pauses_of(cfg->voices && cfg->n_voices ? &cfg->voices[0] : &defaults);
  pauses.wpm = READING_SPEED_NORMAL;   /* as written: timing_at shrinks them for its wpm */
  (void)timing_build(&c->timing, cfg->doc, &pauses);   /* without memory: no times shown */
  if (cfg->message && cfg->message[0]) {
    snprintf(c->message, sizeof c->message, "%s", cfg->message);
    /* Where reading resumes (or why it starts from the top) matters most to a listener who is
     * not looking: said with the first update. */
    controller_announce(c, "%s", cfg->message);
  }
}

void controller_done(struct controller *c)
{
  timing_free(&c->timing);
}

double controller_position_s(const struct controller *c)
{
  const struct document *doc = c->cfg->doc;
  const struct player_status *st = &c->st;
  if (st->state == PLAYER_STATE_FINISHED)
    return timing_at(&c->timing, doc->n_sentences, st->wpm);
  if (st->sentence >= doc->n_sentences)
    return 0;
  double at = timing_at(&c->timing, st->sentence, st->wpm);
  const struct doc_sentence *s = &doc->sentences[st->sentence];
  /* Within the sentence: as far as the word heard is into its text. */
  if (st->word_end > st->word_start && st->word_start > s->start && s->end > s->start) {
    double next = timing_at(&c->timing, st->sentence + 1, st->wpm);
    at += (next - at) * (double)(st->word_start - s->start) / (double)(s->end - s->start);
  }
  return at;
}

void controller_send(struct controller *c, enum player_command cmd, long arg)
{
  c->player.send(c->player.self, cmd, arg);
}

void controller_read_status(struct controller *c)
{
  c->player.status(c->player.self, &c->st);
}

uint64_t controller_sent(struct controller *c)
{
  return c->player.sent(c->player.self);
}

void controller_say(struct controller *c, const char *text)
{
  snprintf(c->say, sizeof c->say, "%s", text);
}

void controller_announce(struct controller *c, const char *fmt, ...)
{
  if (!c->cfg->announce)
    return;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->say, sizeof c->say, fmt, ap);
  va_end(ap);
}

void controller_message(struct controller *c, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(c->message, sizeof c->message, fmt, ap);
  va_end(ap);
}

void controller_flush(struct controller *c)
{
  if (c->say[0])
    c->player.say(c->player.self, c->say);
  c->say[0] = '\0';
}

void controller_where(struct controller *c)
{
  char text[512], left[64];
  phrases_where(c->cfg->doc, c->st.sentence, text, sizeof text);
  toc_where(c->cfg->doc, c->st.sentence, text, sizeof text);
  timing_left_words(&c->timing, controller_position_s(c), c->st.wpm, left, sizeof left);
  size_t n = strlen(text);
  snprintf(text + n, sizeof text - n, ", %s", left);
  controller_say(c, text);
  controller_message(c, "%s", text);
  c->where_pending = false;
}

/* The steps of the sleep timer: minutes, or 0 for the end of the paragraph, then off (-1). */
static const int sleep_minutes[] = {-1, 15, 30, 60, 0};
#define SLEEP_STEPS ((int)(sizeof sleep_minutes / sizeof sleep_minutes[0]))

void controller_sleep_next(struct controller *c)
{
  controller_read_status(c);
  c->sleep_step = (c->sleep_step + 1) % SLEEP_STEPS;
  int minutes = sleep_minutes[c->sleep_step];
  c->sleep_at = c->st.elapsed + minutes * 60.0;
  c->sleep_paragraph = c->st.paragraph;
  if (minutes > 0) {
    controller_message(c, "Sleep timer: %d minutes", minutes);
    controller_say(c, c->message);
  } else if (minutes == 0) {
    controller_message(c, "Sleep timer: at the end of this paragraph");
    controller_say(c, c->message);
  } else {
    controller_message(c, "Sleep timer off");
    controller_say(c, c->message);
  }
}

/* The sleep timer's text for the status line, and the pause when it runs out. */
static void observe_sleep(struct controller *c)
{
  int minutes = sleep_minutes[c->sleep_step];
  c->sleep_text[0] = '\0';
  if (minutes < 0)
    return;
  const struct player_status *st = &c->st;
  bool due = minutes > 0 ? st->elapsed >= c->sleep_at : st->paragraph != c->sleep_paragraph;
  if (due && st->state == PLAYER_STATE_PLAYING) {
    c->sleep_step = 0;
    controller_send(c, PLAYER_PAUSE, 0);
    controller_message(c, "Sleep timer: paused");
    trace_event(c->cfg->trace, "sleep");
    return;
  }
  if (minutes > 0) {
    char left[32];
    timing_clock(c->sleep_at - st->elapsed, left, sizeof left);
    snprintf(c->sleep_text, sizeof c->sleep_text, "sleep in %s", left);
  } else {
    snprintf(c->sleep_text, sizeof c->sleep_text, "sleep after this paragraph");
  }
}

static void stopped_message(const struct controller *c, int error, char *buf, size_t len)
{
  /* Without a keyboard (plain mode fed by a pipe) nothing can try again: lector exits. */
  snprintf(buf, len, "Reading stopped: %s.%s", lector_strerror(error),
           c->cfg->in_fd >= 0 ? " Space tries again." : "");
}

/* Why reading stopped by itself, shown again after a key's own message for as long as reading
 * stays stopped, and gone once it goes on. */
static void observe_error(struct controller *c)
{
  int error = c->st.error;
  if (error != c->last_error) {
    char old_reason[sizeof c->message];
    stopped_message(c, c->last_error, old_reason, sizeof old_reason);
    if (c->last_error && strcmp(c->message, old_reason) == 0)
      c->message[0] = '\0';
    if (error) {
      stopped_message(c, error, c->message, sizeof c->message);
      controller_announce(c, "%s", c->message);
      controller_flush(c);
    }
    c->last_error = error;
  } else if (error && !c->message[0] && !c->searching) {
    stopped_message(c, error, c->message, sizeof c->message);
  }
}

/* What the status tells without a key: the voice a v key led to, the end of the document, the
 * position a w key waited for, and why reading stopped. */
void controller_update(struct controller *c)
{
  controller_read_status(c);
  const struct player_status *st = &c->st;
  timing_position(&c->timing, controller_position_s(c), st->wpm, c->time_of, sizeof c->time_of,
                  c->time_left, sizeof c->time_left);
  if (c->voice_pending && st->applied >= c->voice_sent) {
    c->voice_pending = false;
    if (strcmp(st->voice, c->voice_target) == 0) {
      controller_announce(c, "voice %s", st->voice);
      controller_flush(c);
    }
  }
  if (c->have_state && c->last_state != PLAYER_STATE_FINISHED &&
      st->state == PLAYER_STATE_FINISHED) {
    /* Plain mode prints "[Finished]" already; the panel says it on the message line too. */
    if (!c->plain)
      controller_message(c, "End of the article");
    controller_announce(c, "end of the article");
    controller_flush(c);
  }
  if (c->where_pending && st->applied >= c->where_after) {
    controller_where(c);
    controller_flush(c);
  }
  observe_error(c);
  observe_sleep(c);
  if (!c->have_state)
    controller_flush(c);   /* the first message (controller_init) */
  c->have_state = true;
  c->last_state = st->state;
}

static void run_search(struct controller *c)
{
  const struct document *doc = c->cfg->doc;
  size_t from = c->st.sentence;
  if (!c->query[0]) {   /* Enter alone: the next match of the last search */
    if (!c->last_query[0])
      return;
    snprintf(c->query, sizeof c->query, "%s", c->last_query);
    if (c->have_match && c->st.applied < c->match_sent)
      from = c->match;   /* the jump to the last match is not in the status yet */
  }
  snprintf(c->last_query, sizeof c->last_query, "%s", c->query);
  c->have_match = false;
  long s = search_next(doc, from, c->query);
  if (s < 0) {
    controller_message(c, "No match for %s", c->query);
    controller_announce(c, "no match for %s", c->query);
    return;
  }
  controller_send(c, PLAYER_JUMP_SENTENCE, s);
  c->have_match = true;
  c->match = (size_t)s;
  c->match_sent = controller_sent(c);
  size_t para = document_paragraph_of(doc, (size_t)s);
  controller_message(c, "Found \"%s\" in paragraph %zu of %zu", c->query, para + 1,
                     doc->n_paragraphs);
  controller_announce(c, "found in paragraph %zu of %zu", para + 1, doc->n_paragraphs);
}

/* The search prompt's line editor. */
static void prompt_key(struct controller *c, int key)
{
  size_t len = strlen(c->query);
  if (key == '\n' || key == '\r' || key == KEYS_FN(KEY_ENTER)) {
    c->searching = false;
    run_search(c);
  } else if (key == 27 || key == 7 /* ^G */) {
    c->searching = false;
    c->message[0] = '\0';
  } else if (key == KEYS_FN(KEY_BACKSPACE) || key == 127 || key == 8) {
    /* Remove one whole UTF-8 character. */
    while (len > 0 && ((unsigned char)c->query[len - 1] & 0xc0) == 0x80)
      len--;
    if (len > 0)
      len--;
    c->query[len] = '\0';
  } else if (key == 21 /* ^U */) {
    c->query[0] = '\0';
  } else if (!KEYS_IS_FN(key) && key >= 0x20 && key != 0x7f) {
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t n = utf8proc_encode_char(key, enc);
    if (n > 0 && len + (size_t)n < sizeof c->query) {
      memcpy(c->query + len, enc, (size_t)n);
      c->query[len + (size_t)n] = '\0';
    }
  }
}

/* Space, Down and PageDown turn to the next page of an overlay too long for the terminal, Up and
 * PageUp back; any other key (or those past the end) closes it and does nothing else: a key
 * pressed to close it must not also skip or quit. */
static void help_key(struct controller *c, int key)
{
  if ((key == ' ' || key == KEYS_FN(KEY_DOWN) || key == KEYS_FN(KEY_NPAGE)) &&
      c->help_page + 1 < c->help_pages) {
    c->help_page++;
  } else if ((key == KEYS_FN(KEY_UP) || key == KEYS_FN(KEY_PPAGE)) && c->help_page > 0 &&
             c->help_pages > 1) {
    c->help_page--;
  } else {
    c->help = false;
  }
}

/* A key that did something by default but was rebound away ("quit = x" in the settings file):
 * the listener's fingers remember it, so say where that command went. */
static void unbound_hint(struct controller *c, int key)
{
  struct keymap defaults;
  keymap_default(&defaults);
  int was = keymap_lookup(&defaults, key);
  if (was < 0)
    return;
  char name[32], now[96];
  keys_display_name(key, name, sizeof name);
  keys_binding_text(c->cfg->keys, (enum ui_command)was, now, sizeof now);
  controller_message(c, "%s is not bound now: %s is %s (settings file, [keys])", name,
                     commands_name((enum ui_command)was), now);
  controller_announce(c, "%s is not bound now", name);
}

void controller_key(struct controller *c, int key)
{
  char name[64];
  keys_trace_name(key, name, sizeof name);
  trace_key(c->cfg->trace, name);
  /* Any key interrupts what an earlier key was about to say. */
  c->say[0] = '\0';
  c->voice_pending = false;
  if (c->searching) {
    prompt_key(c, key);
    return;
  }
  if (c->help) {
    help_key(c, key);
    return;
  }
  if (c->toc) {
    toc_key(c, key);
    return;
  }
  if (c->marks) {
    bookmarks_key(c, key);
    return;
  }
  int cmd = keymap_lookup(c->cfg->keys, key);
  if (cmd < 0) {
    unbound_hint(c, key);
    return;
  }
  c->message[0] = '\0';
  commands_run(c, (enum ui_command)cmd);
}
