#include "ui/commands.h"

#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "player/navigation.h"
#include "player/player.h"
#include "speech/reading_rules.h"
#include "text/document.h"
#include "text/normalise.h"
#include "ui/bookmarks.h"
#include "ui/controller.h"
#include "ui/layout.h"
#include "ui/phrases.h"
#include "ui/toc.h"
#include "ui/ui.h"

#define SEEK_SECONDS 10

/* A handler, with the row's arg: a player command, or +1/-1 for a step up or down. */
typedef void command_fn(struct controller *c, long arg);

static command_fn send_command, change_speed, change_volume, next_voice, open_search, where,
  say_title, spell, seek, mute, sleep_timer, open_help, quit;
static command_fn heading, contents, bookmark, bookmark_list;
static command_fn cycle_punctuation;

struct command_row {
  const char *name;
  const char *default_keys;
  const char *help;
  command_fn *run;
  long arg;
};

/* The order here is the order of the help overlay. */
static const struct command_row commands[UI_N_COMMANDS] = {
  [UI_PLAY_PAUSE] = {"play-pause", "Space", "play / pause", send_command, PLAYER_TOGGLE_PAUSE},
  [UI_NEXT_PARAGRAPH] = {"next-paragraph", "Down, n", "next paragraph", send_command,
                         PLAYER_NEXT_PARAGRAPH},
  [UI_PREV_PARAGRAPH] = {"previous-paragraph", "Up, p", "previous paragraph (or restart this one)",
                         send_command, PLAYER_PREV_PARAGRAPH},
  [UI_NEXT_SENTENCE] = {"next-sentence", "Right", "next sentence", send_command,
                        PLAYER_NEXT_SENTENCE},
  [UI_PREV_SENTENCE] = {"previous-sentence", "Left", "previous sentence (or restart this one)",
                        send_command, PLAYER_PREV_SENTENCE},
  [UI_FIRST_PARAGRAPH] = {"first-paragraph", "Home, g", "first paragraph", send_command,
                          PLAYER_FIRST_PARAGRAPH},
  [UI_LAST_PARAGRAPH] = {"last-paragraph", "End, G", "last paragraph", send_command,
                         PLAYER_LAST_PARAGRAPH},
  [UI_FASTER] = {"faster", "+, =", "faster", change_speed, +1},
  [UI_SLOWER] = {"slower", "-", "slower", change_speed, -1},
  [UI_LOUDER] = {"louder", "]", "volume up", change_volume, +1},
  [UI_QUIETER] = {"quieter", "[", "volume down", change_volume, -1},
  [UI_NEXT_VOICE] = {"next-voice", "v", "next voice profile", next_voice, 0},
  [UI_SEARCH] = {"search", "/", "search, ignoring case, accents and quote and dash styles (Enter alone: next match)",
                 open_search, 0},
  [UI_WHERE] = {"where", "w", "say where I am", where, 0},
  [UI_TITLE] = {"title", "t", "say the title and byline", say_title, 0},
  [UI_REPEAT] = {"repeat", "r", "repeat the sentence last heard (also when paused)", send_command, PLAYER_REPEAT_SENTENCE},
  [UI_SPELL] = {"spell", "s", "spell the word last heard", spell, 0},
  [UI_BACK] = {"back", ",", "back 10 seconds", seek, -SEEK_SECONDS},
  [UI_FORWARD] = {"forward", ".", "forward 10 seconds", seek, +SEEK_SECONDS},
  [UI_MUTE] = {"mute", "m", "mute / unmute", mute, 0},
  [UI_SLEEP] = {"sleep-timer", "z", "sleep timer: 15, 30, 60 minutes, end of paragraph, off",
                sleep_timer, 0},
  [UI_HELP] = {"help", "?", "show / hide these keys", open_help, 0},
  [UI_QUIT] = {"quit", "q", "quit, remembering the position", quit, 0},
  [UI_NEXT_HEADING] = {"next-heading", "h", "next heading (any level)", heading, +1},
  [UI_PREV_HEADING] = {"previous-heading", "H", "previous heading (any level)", heading, -1},
  [UI_NEXT_SECTION] = {"next-section", "Tab", "next heading of this level or higher (chapter)",
                       heading, +2},
  [UI_PREV_SECTION] = {"previous-section", "Shift-Tab",
                       "previous heading of this level or higher (chapter)", heading, -2},
  [UI_CONTENTS] = {"contents", "c", "table of contents: arrows, Enter reads, Escape closes",
                   contents, 0},
  [UI_PUNCTUATION] = {"punctuation", "P", "punctuation spoken: none, some, most, all",
                      cycle_punctuation, 0},
  [UI_BOOKMARK] = {"bookmark", "b", "bookmark this sentence (again: remove the bookmark)",
                   bookmark, 0},
  [UI_BOOKMARKS] = {"bookmarks", "B",
                    "bookmarks: arrows, Enter reads, Delete removes, Escape closes",
                    bookmark_list, 0},
};

const char *commands_name(enum ui_command cmd)
{
  return (unsigned)cmd < UI_N_COMMANDS ? commands[cmd].name : "?";
}

const char *commands_help(enum ui_command cmd)
{
  return (unsigned)cmd < UI_N_COMMANDS ? commands[cmd].help : "?";
}

const char *commands_default_keys(enum ui_command cmd)
{
  return (unsigned)cmd < UI_N_COMMANDS ? commands[cmd].default_keys : "";
}

int commands_by_name(const char *name)
{
  for (int i = 0; i < UI_N_COMMANDS; i++)
    if (strcmp(commands[i].name, name) == 0)
      return i;
  return -1;
}

void commands_run(struct controller *c, enum ui_command cmd)
{
  if ((unsigned)cmd < UI_N_COMMANDS)
    commands[cmd].run(c, commands[cmd].arg);
}

static void send_command(struct controller *c, long cmd)
{
  controller_send(c, (enum player_command)cmd, 0);
}

/* The status shows the speed the commands sent so far lead to, clamped by the player: an
 * unchanged speed is the limit. The step doubles at espeak-ng's sonic speeds (the reading
 * rules' reading_speed_step): + from 450 reaches 900 in 9 presses. */
static void change_speed(struct controller *c, long sign)
{
  controller_read_status(c);
  int old = c->st.wpm;
  controller_send(c, PLAYER_SPEED,
                  sign * reading_speed_step(old, (int)sign, c->cfg->speed_step));
  controller_read_status(c);
  int wpm = c->st.wpm;
  if (wpm == old)
    controller_announce(c, "%s, %d words a minute", sign > 0 ? "fastest" : "slowest", wpm);
  else
    controller_announce(c, "%s, %d words a minute", sign > 0 ? "faster" : "slower", wpm);
}

static void change_volume(struct controller *c, long sign)
{
  controller_send(c, PLAYER_VOLUME, sign * c->cfg->volume_step);
  controller_read_status(c);
  controller_announce(c, "volume %d percent", c->st.volume);
}

/* The voice is named once the player has tried it (controller_update): espeak-ng may refuse it. */
static void next_voice(struct controller *c, long unused)
{
  (void)unused;
  controller_send(c, PLAYER_NEXT_VOICE, 0);
  controller_read_status(c);
  if (c->cfg->n_voices < 2) {
    controller_announce(c, "voice %s, the only one", c->st.voice);
    return;
  }
  if (c->cfg->announce) {
    c->voice_pending = true;
    c->voice_sent = controller_sent(c);
    snprintf(c->voice_target, sizeof c->voice_target, "%s", c->st.voice);
  }
}

static void open_search(struct controller *c, long unused)
{
  (void)unused;
  c->searching = true;
  c->query[0] = '\0';
}

/* After keys that move (n n n w), the position is the one they lead to: the status is awaited
 * until the player has handled them (controller_update). */
static void where(struct controller *c, long unused)
{
  (void)unused;
  c->where_after = controller_sent(c);
  if (c->st.applied >= c->where_after)
    controller_where(c);
  else
    c->where_pending = true;
}

/* What the title line shows, so that ear and eye get the same, then who wrote it when the
 * document says ("The Keeper, by Ann Lee"; a byline that already says "By ..." keeps its own). */
static void say_title(struct controller *c, long unused)
{
  (void)unused;
  const struct document *doc = c->cfg->doc;
  const char *title = doc->title && doc->title[0] ? doc->title : "lector";
  const char *byline = doc->byline && doc->byline[0] ? doc->byline : NULL;
  char text[512];
  if (!byline)
    snprintf(text, sizeof text, "%s", title);
  else
    snprintf(text, sizeof text, "%s, %s%s", title, strncasecmp(byline, "by ", 3) ? "by " : "",
             byline);
  controller_say(c, text);
  controller_message(c, "%s", text);
}

/* The word being heard or, with none (paused), the word last heard; failing that, the first word
 * of the sentence last heard. Never a word not yet heard: after a stop-after-paragraph pause the
 * position has moved on, but what the listener asks about is what they heard. */
static void spell(struct controller *c, long unused)
{
  (void)unused;
  const struct document *doc = c->cfg->doc;
  size_t ws = c->st.word_start, we = c->st.word_end;
  if (we <= ws) {
    ws = c->st.heard_word_start;
    we = c->st.heard_word_end;
  }
  size_t s = c->st.heard_sentence;
  if (we <= ws && s < doc->n_sentences) {
    ws = doc->sentences[s].start;
    we = ws;
    while (we < doc->sentences[s].end && !layout_is_space(doc->text + we, doc->len - we))
      we++;
  }
  if (we <= ws || we > doc->len)
    return;
  char text[512];
  phrases_spell(doc->text + ws, we - ws, text, sizeof text);
  if (text[0]) {
    controller_say(c, text);
    controller_message(c, "%s", text);
  }
}

/* By time, estimated from word counts (timing.h): to the sentence being heard that many seconds
 * away at the current speed; forward always moves at least to the next sentence. */
static void seek(struct controller *c, long seconds)
{
  controller_read_status(c);
  const struct document *doc = c->cfg->doc;
  if (!doc->n_sentences)
    return;
  double at = controller_position_s(c) + (double)seconds;
  size_t target = timing_sentence_at(&c->timing, at > 0 ? at : 0, c->st.wpm);
  if (seconds > 0 && target <= c->st.sentence)
    target = c->st.sentence + 1;
  if (target >= doc->n_sentences)
    return;
  controller_send(c, PLAYER_JUMP_SENTENCE, (long)target);
}

static void mute(struct controller *c, long unused)
{
  (void)unused;
  controller_send(c, PLAYER_MUTE, 0);
  controller_read_status(c);
  controller_message(c, "%s", c->st.muted ? "Muted" : "Sound on");
}

static void sleep_timer(struct controller *c, long unused)
{
  (void)unused;
  controller_sleep_next(c);
}

static void open_help(struct controller *c, long unused)
{
  (void)unused;
  c->help = true;
  c->help_page = 0;
}

static void quit(struct controller *c, long unused)
{
  (void)unused;
  c->quit = true;
}

/* h/H (arg +1/-1: any level) and Tab/Shift-Tab (+2/-2: this level or higher): reading goes on
 * from the heading, which is heard first; the level is said, the title shown. */
static void heading(struct controller *c, long arg)
{
  const struct document *doc = c->cfg->doc;
  controller_read_status(c);
  int dir = arg > 0 ? 1 : -1;
  size_t section, from = c->st.sentence;
  if (c->heading_sent && c->st.applied < c->heading_sent)
    from = c->heading_target;   /* h h: the first jump is not in the status yet */
  size_t target = navigation_heading(doc, from, dir, arg == 2 || arg == -2, &section);
  if (target == NAVIGATION_STAY) {
    const char *what = dir > 0 ? "no next heading" : "no previous heading";
    controller_say(c, what);
    controller_message(c, "%s", what);
    return;
  }
  controller_send(c, PLAYER_JUMP_SENTENCE, (long)target);
  c->heading_target = target;
  c->heading_sent = controller_sent(c);
  const struct doc_section *sec = &doc->sections[section];
  controller_announce(c, "heading level %u", sec->level);
  controller_message(c, "Heading %zu of %zu, level %u: %s", section + 1, doc->n_sections,
                     sec->level, sec->title);
}

static void contents(struct controller *c, long unused)
{
  (void)unused;
  toc_open(c);
}

/* The next punctuation level, from the next sentence on: the player builds each sentence's
 * speech text when it starts it, reading the level then (normalise_configure stores it
 * atomically). Always said, not only with announce: unlike a speed, a level is not heard until
 * a symbol comes. */
static void cycle_punctuation(struct controller *c, long unused)
{
  (void)unused;
  int level = (normalise_punct_choice() + 1) % (NORMALISE_PUNCT_ALL + 1);
  normalise_configure(-1, level, NULL);
  char text[64];
  snprintf(text, sizeof text, "punctuation %s", normalise_punct_name(level));
  controller_say(c, text);
  controller_message(c, "%s", text);
}

static void bookmark(struct controller *c, long unused)
{
  (void)unused;
  bookmarks_mark(c);
}

static void bookmark_list(struct controller *c, long unused)
{
  (void)unused;
  bookmarks_open(c);
}
