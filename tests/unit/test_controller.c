/* The controller with a fake player: keys lead to player commands, messages and announcements,
 * with no terminal, no thread and no espeak-ng. The fake records what it is sent and said, and its
 * status moves only when the test says so (as the real player's does when its thread gets to it). */
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "player/player.h"
#include "speech/reading_rules.h"
#include "text/document.h"
#include "ui/bookmarks.h"
#include "ui/commands.h"
#include "ui/controller.h"
#include "ui/keys.h"
#include "ui/ui.h"

#define MAX_LOG 32

struct fake_player {
  struct { enum player_command cmd; long arg; } sent[MAX_LOG];
  size_t n_sent;
  char said[MAX_LOG][512];
  size_t n_said;
  uint64_t n_queued;           /* player_sent(): commands and announcements */
  struct player_status st;
  const char *voices[3];
  size_t n_voices, voice;
  bool refuse_voice;           /* the next voice is taken back once applied */
};

static void fake_send(void *self, enum player_command cmd, long arg)
{
  struct fake_player *f = self;
  assert_true(f->n_sent < MAX_LOG);
  f->sent[f->n_sent].cmd = cmd;
  f->sent[f->n_sent++].arg = arg;
  f->n_queued++;
  /* What the real player records at once: where its queued commands lead, clamped. */
  if (cmd == PLAYER_SPEED)
    f->st.wpm = reading_clamp(f->st.wpm + arg, READING_SPEED_MIN, READING_SPEED_MAX);
  else if (cmd == PLAYER_VOLUME)
    f->st.volume = reading_clamp(f->st.volume + arg, READING_VOLUME_MIN, READING_VOLUME_MAX);
  else if (cmd == PLAYER_MUTE)
    f->st.muted = !f->st.muted;
  else if (cmd == PLAYER_NEXT_VOICE) {
    f->voice = (f->voice + 1) % f->n_voices;
    snprintf(f->st.voice, sizeof f->st.voice, "%s", f->voices[f->voice]);
  }
}

static void fake_say(void *self, const char *text)
{
  struct fake_player *f = self;
  assert_true(f->n_said < MAX_LOG);
  snprintf(f->said[f->n_said++], sizeof f->said[0], "%s", text);
  f->n_queued++;
}

static uint64_t fake_sent(void *self)
{
  return ((struct fake_player *)self)->n_queued;
}

static void fake_status(void *self, struct player_status *out)
{
  *out = ((struct fake_player *)self)->st;
}

/* The player's thread catches up with every command queued so far. */
static void fake_apply(struct fake_player *f)
{
  f->st.applied = f->n_queued;
  if (f->refuse_voice) {
    f->voice = 0;
    snprintf(f->st.voice, sizeof f->st.voice, "%s", f->voices[0]);
  }
  f->st.serial++;
}

/* Three paragraphs: two sentences, one, two. */
static struct document *make_doc(void)
{
  static const char *const sentences[] = {"The cat sat.", "It purred.", "A Dog   ran far.",
                                          "Birds sang.", "Then night fell."};
  static const size_t para_of[] = {0, 0, 1, 2, 2};
  char *text = malloc(256);
  size_t pos = 0, starts[5], ends[5];
  for (size_t i = 0; i < 5; i++) {
    starts[i] = pos;
    pos += (size_t)sprintf(text + pos, "%s", sentences[i]);
    ends[i] = pos;
    text[pos++] = i + 1 < 5 && para_of[i + 1] == para_of[i] ? ' ' : '\n';
  }
  text[pos] = '\0';
  struct document *doc = document_new(text, pos);
  assert_non_null(doc);
  assert_int_equal(document_set_string(&doc->title, "A short story"), 0);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, starts[0], ends[1]), 0);
  assert_int_equal(document_add_sentence(doc, starts[0], ends[0]), 0);
  assert_int_equal(document_add_sentence(doc, starts[1], ends[1]), 0);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, starts[2], ends[2]), 0);
  assert_int_equal(document_add_sentence(doc, starts[2], ends[2]), 0);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, starts[3], ends[4]), 0);
  assert_int_equal(document_add_sentence(doc, starts[3], ends[3]), 0);
  assert_int_equal(document_add_sentence(doc, starts[4], ends[4]), 0);
  /* The segmenter counts each paragraph's sentences; here the test does. */
  doc->paragraphs[0].n_sentences = 2;
  doc->paragraphs[1].n_sentences = 1;
  doc->paragraphs[2].n_sentences = 2;
  return doc;
}

struct fixture {
  struct document *doc;
  struct keymap keys;
  struct ui_config cfg;
  struct fake_player fake;
  struct controller c;
  struct bookmarks marks;
};

static int setup(void **state)
{
  struct fixture *fx = calloc(1, sizeof *fx);
  fx->doc = make_doc();
  keymap_default(&fx->keys);
  fx->cfg = (struct ui_config){.doc = fx->doc, .keys = &fx->keys, .in_fd = 0, .wake_fd = -1,
                               .speed_step = 25, .volume_step = 10, .announce = true,
                               .n_voices = 2, .bookmarks = &fx->marks};
  fx->fake.voices[0] = "default";
  fx->fake.voices[1] = "slow";
  fx->fake.n_voices = 2;
  fx->fake.st = (struct player_status){.state = PLAYER_STATE_PLAYING, .wpm = 175, .volume = 100};
  snprintf(fx->fake.st.voice, sizeof fx->fake.st.voice, "default");
  *state = fx;
  return 0;
}

static int teardown(void **state)
{
  struct fixture *fx = *state;
  controller_done(&fx->c);
  document_free(fx->doc);
  free(fx);
  return 0;
}

/* Starts the controller on the fixture, as a front end does, and reads the first status. */
static struct controller *start(struct fixture *fx)
{
  controller_done(&fx->c);
  struct controller_player p = {&fx->fake, fake_send, fake_say, fake_sent, fake_status};
  controller_init(&fx->c, &fx->cfg, &p, false);
  controller_update(&fx->c);
  return &fx->c;
}

/* Keys read together, then what they say, as the front ends' loops do. */
static void press(struct controller *c, const int *keys, size_t n)
{
  for (size_t i = 0; i < n; i++)
    controller_key(c, keys[i]);
  controller_flush(c);
}

static void press1(struct controller *c, int key)
{
  press(c, &key, 1);
}

static void type(struct controller *c, const char *s)
{
  for (; *s; s++)
    controller_key(c, (unsigned char)*s);
}

static void test_keys_send_commands(void **state)
{
  struct fixture *fx = *state;
  struct controller *c = start(fx);
  static const struct {
    int key;
    enum player_command cmd;
    long arg;
  } expect[] = {
    {KEYS_FN(KEY_DOWN), PLAYER_NEXT_PARAGRAPH, 0}, {'n', PLAYER_NEXT_PARAGRAPH, 0},
    {KEYS_FN(KEY_UP), PLAYER_PREV_PARAGRAPH, 0},   {KEYS_FN(KEY_RIGHT), PLAYER_NEXT_SENTENCE, 0},
    {KEYS_FN(KEY_LEFT), PLAYER_PREV_SENTENCE, 0},  {'g', PLAYER_FIRST_PARAGRAPH, 0},
    {KEYS_FN(KEY_END), PLAYER_LAST_PARAGRAPH, 0},  {' ', PLAYER_TOGGLE_PAUSE, 0},
    {'r', PLAYER_REPEAT_SENTENCE, 0},              {'+', PLAYER_SPEED, 25},
    {'-', PLAYER_SPEED, -25},                      {']', PLAYER_VOLUME, 10},
    {'[', PLAYER_VOLUME, -10},                     {'v', PLAYER_NEXT_VOICE, 0},
  };
  for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
    fx->fake.n_sent = 0;
    press1(c, expect[i].key);
    assert_int_equal(fx->fake.n_sent, 1);
    assert_int_equal(fx->fake.sent[0].cmd, expect[i].cmd);
    assert_int_equal(fx->fake.sent[0].arg, expect[i].arg);
  }
  fx->fake.n_sent = 0;
  press1(c, 'x');   /* bound to nothing */
  assert_int_equal(fx->fake.n_sent, 0);
  assert_false(c->quit);
  press1(c, 'q');
  assert_true(c->quit);
  assert_int_equal(fx->fake.n_sent, 0);
}

static void test_announce_only_when_on(void **state)
{
  struct fixture *fx = *state;
  fx->cfg.announce = false;
  struct controller *c = start(fx);
  int keys[] = {'+', ']', 'v'};
  press(c, keys, 3);
  fake_apply(&fx->fake);
  controller_update(c);
  assert_int_equal(fx->fake.n_sent, 3);
  assert_int_equal(fx->fake.n_said, 0);
  /* Asked for explicitly: spoken either way. */
  press1(c, 't');
  assert_int_equal(fx->fake.n_said, 1);
  assert_string_equal(fx->fake.said[0], "A short story");
  assert_string_equal(c->message, "A short story");
}

/* The first message (where reading resumes) is said with announce on, shown either way. */
static void test_first_message_said(void **state)
{
  struct fixture *fx = *state;
  fx->cfg.message = "Resumed at paragraph 2 of 3, 40 percent";
  struct controller *c = start(fx);
  assert_string_equal(c->message, "Resumed at paragraph 2 of 3, 40 percent");
  assert_int_equal(fx->fake.n_said, 1);
  assert_string_equal(fx->fake.said[0], "Resumed at paragraph 2 of 3, 40 percent");
  controller_update(c);
  assert_int_equal(fx->fake.n_said, 1);   /* once */
  fx->fake.n_said = 0;
  fx->cfg.announce = false;
  c = start(fx);
  assert_string_equal(c->message, "Resumed at paragraph 2 of 3, 40 percent");
  assert_int_equal(fx->fake.n_said, 0);
}

static void test_burst_says_final_speed_once(void **state)
{
  struct fixture *fx = *state;
  struct controller *c = start(fx);
  int keys[] = {'+', '+', '+'};
  press(c, keys, 3);
  assert_int_equal(fx->fake.n_sent, 3);
  assert_int_equal(fx->fake.n_said, 1);
  assert_string_equal(fx->fake.said[0], "faster, 250 words a minute");
  press1(c, ']');
  assert_string_equal(fx->fake.said[1], "volume 110 percent");
  /* A later key of the same batch drops what an earlier one was about to say. */
  int skip[] = {'-', 'n'};
  press(c, skip, 2);
  assert_int_equal(fx->fake.n_said, 2);
}

static void test_speed_limits(void **state)
{
  struct fixture *fx = *state;
  fx->fake.st.wpm = READING_SPEED_MAX - 10;
  struct controller *c = start(fx);
  press1(c, '+');
  assert_int_equal(fx->fake.st.wpm, READING_SPEED_MAX);
  assert_string_equal(fx->fake.said[0], "faster, 900 words a minute");
  press1(c, '+');
  assert_string_equal(fx->fake.said[1], "fastest, 900 words a minute");
  fx->fake.st.wpm = READING_SPEED_MIN;
  press1(c, '-');
  assert_string_equal(fx->fake.said[2], "slowest, 80 words a minute");
}

/* + from espeak-ng's own top speed reaches 900 in 9 presses (the step doubles at sonic speeds),
 * and - retraces the same speeds down to 450, then goes on in the normal step. */
static void test_speed_step_at_sonic_speeds(void **state)
{
  struct fixture *fx = *state;
  fx->fake.st.wpm = READING_SPEED_SONIC;
  struct controller *c = start(fx);
  for (int i = 1; i <= 9; i++) {
    press1(c, '+');
    assert_int_equal(fx->fake.st.wpm, READING_SPEED_SONIC + 50 * i);
  }
  assert_int_equal(fx->fake.st.wpm, 900);
  assert_string_equal(fx->fake.said[fx->fake.n_said - 1], "faster, 900 words a minute");
  for (int i = 1; i <= 9; i++)
    press1(c, '-');
  assert_int_equal(fx->fake.st.wpm, READING_SPEED_SONIC);
  press1(c, '-');
  assert_int_equal(fx->fake.st.wpm, READING_SPEED_SONIC - 25);
  press1(c, '+');
  assert_int_equal(fx->fake.st.wpm, READING_SPEED_SONIC);
  /* Off the grid (a profile at 470): down lands on 450, not below it. */
  fx->fake.st.wpm = 470;
  press1(c, '-');
  assert_int_equal(fx->fake.st.wpm, READING_SPEED_SONIC);
}

static void test_voice_named_once_applied(void **state)
{
  struct fixture *fx = *state;
  struct controller *c = start(fx);
  press1(c, 'v');
  assert_int_equal(fx->fake.n_said, 0);
  controller_update(c);   /* the player has not tried it yet */
  assert_int_equal(fx->fake.n_said, 0);
  fake_apply(&fx->fake);
  controller_update(c);
  assert_int_equal(fx->fake.n_said, 1);
  assert_string_equal(fx->fake.said[0], "voice slow");
  controller_update(c);   /* said once */
  assert_int_equal(fx->fake.n_said, 1);

  /* A voice espeak-ng refuses is taken back by the player: never named. */
  fx->fake.voice = 1;
  fx->fake.refuse_voice = true;
  fx->fake.voices[2] = "broken";
  fx->fake.n_voices = 3;
  press1(c, 'v');
  assert_string_equal(fx->fake.st.voice, "broken");
  fake_apply(&fx->fake);
  controller_update(c);
  assert_int_equal(fx->fake.n_said, 1);
}

static void test_only_voice(void **state)
{
  struct fixture *fx = *state;
  fx->cfg.n_voices = 1;
  fx->fake.n_voices = 1;
  struct controller *c = start(fx);
  press1(c, 'v');
  assert_int_equal(fx->fake.n_said, 1);
  assert_string_equal(fx->fake.said[0], "voice default, the only one");
}

static void test_where_waits_for_applied(void **state)
{
  struct fixture *fx = *state;
  struct controller *c = start(fx);
  int keys[] = {'n', 'w'};
  press(c, keys, 2);
  assert_int_equal(fx->fake.n_said, 0);
  assert_string_equal(c->message, "");
  controller_update(c);
  assert_int_equal(fx->fake.n_said, 0);
  /* The player handles n: the status is at the second paragraph. */
  fx->fake.st.sentence = 2;
  fx->fake.st.paragraph = 1;
  fake_apply(&fx->fake);
  controller_update(c);
  assert_int_equal(fx->fake.n_said, 1);
  assert_string_equal(fx->fake.said[0],
                      "paragraph 2 of 3, sentence 1 of 1, 40 percent, less than a minute left");
  assert_string_equal(c->message, fx->fake.said[0]);
  /* Nothing in flight (the player has handled the announcement too): w answers at once. */
  fx->fake.st.sentence = 4;
  fake_apply(&fx->fake);
  controller_update(c);
  press1(c, 'w');
  assert_string_equal(fx->fake.said[1],
                      "paragraph 3 of 3, sentence 2 of 2, 80 percent, less than a minute left");
}

static void test_search(void **state)
{
  struct fixture *fx = *state;
  struct controller *c = start(fx);
  press1(c, '/');
  assert_true(c->searching);
  type(c, "DOG RAN");   /* case and whitespace runs do not matter */
  assert_string_equal(c->query, "DOG RAN");
  assert_int_equal(fx->fake.n_sent, 0);
  press1(c, '\n');
  assert_false(c->searching);
  assert_int_equal(fx->fake.n_sent, 1);
  assert_int_equal(fx->fake.sent[0].cmd, PLAYER_JUMP_SENTENCE);
  assert_int_equal(fx->fake.sent[0].arg, 2);
  assert_string_equal(c->message, "Found \"DOG RAN\" in paragraph 2 of 3");

  /* Enter alone: the next match of the same search, searched from the last match even while
   * the status (still at sentence 0 here) has not got there. */
  press1(c, '/');
  type(c, "the");
  press1(c, '\n');
  assert_int_equal(fx->fake.sent[1].arg, 4);   /* after sentence 0 (the status): "Then" */
  press1(c, '/');
  press1(c, '\n');
  assert_int_equal(fx->fake.sent[2].arg, 0);   /* wraps round to "The cat" */

  press1(c, '/');
  type(c, "zebra");
  press1(c, '\n');
  assert_int_equal(fx->fake.n_sent, 3);
  assert_string_equal(c->message, "No match for zebra");
  assert_string_equal(fx->fake.said[fx->fake.n_said - 1], "no match for zebra");

  /* Esc closes the prompt and does nothing. */
  press1(c, '/');
  type(c, "cat");
  press1(c, 27);
  assert_false(c->searching);
  assert_int_equal(fx->fake.n_sent, 3);
}

static void test_rebinding_changes_dispatch_and_help(void **state)
{
  struct fixture *fx = *state;
  char err[80];
  int cmd = commands_by_name("next-paragraph");
  assert_int_equal(cmd, UI_NEXT_PARAGRAPH);
  assert_int_equal(keymap_bind(&fx->keys, (enum ui_command)cmd, "j", err, sizeof err), 0);
  struct controller *c = start(fx);
  press1(c, 'n');
  assert_int_equal(fx->fake.n_sent, 0);
  assert_string_equal(c->message,
                      "n is not bound now: next-paragraph is j (settings file, [keys])");
  press1(c, 'j');
  assert_int_equal(fx->fake.n_sent, 1);
  assert_int_equal(fx->fake.sent[0].cmd, PLAYER_NEXT_PARAGRAPH);
  char line[128];
  keys_help_line(&fx->keys, UI_NEXT_PARAGRAPH, 6, line, sizeof line);
  assert_string_equal(line, "j      next paragraph (next-paragraph)");
  /* A key taken from another command leaves that one. */
  assert_int_equal(keymap_bind(&fx->keys, UI_QUIT, "Space", err, sizeof err), 1);
  assert_string_equal(err, "Space was play-pause; now quit");
  press1(c, ' ');
  assert_true(c->quit);
  assert_int_equal(fx->fake.n_sent, 1);
}

static void test_help_overlay_key_only_closes(void **state)
{
  struct fixture *fx = *state;
  struct controller *c = start(fx);
  press1(c, '?');
  assert_true(c->help);
  c->help_pages = 2;   /* as the panel drew it */
  press1(c, ' ');
  assert_int_equal(c->help_page, 1);
  assert_true(c->help);
  press1(c, 'q');
  assert_false(c->help);
  assert_false(c->quit);
  assert_int_equal(fx->fake.n_sent, 0);
}

static void test_spell(void **state)
{
  struct fixture *fx = *state;
  struct controller *c = start(fx);
  /* No word being heard: the sentence's first word. */
  press1(c, 's');
  assert_string_equal(fx->fake.said[0], "T, H, E");
  fx->fake.st.sentence = 2;
  fx->fake.st.word_start = fx->doc->sentences[2].start + 2;   /* "Dog" */
  fx->fake.st.word_end = fx->fake.st.word_start + 3;
  controller_update(c);
  press1(c, 's');
  assert_string_equal(fx->fake.said[1], "D, O, G");
  assert_string_equal(c->message, "D, O, G");
}

/* After a stop-after-paragraph pause the position has moved to the next paragraph: s spells the
 * word last heard, not one not yet heard. */
static void test_spell_what_was_heard(void **state)
{
  struct fixture *fx = *state;
  struct controller *c = start(fx);
  fx->fake.st.state = PLAYER_STATE_PAUSED;
  fx->fake.st.sentence = 2;
  fx->fake.st.paragraph = 1;
  fx->fake.st.heard_sentence = 1;
  fx->fake.st.heard_word_start = fx->doc->sentences[1].start + 3;   /* "purred" */
  fx->fake.st.heard_word_end = fx->fake.st.heard_word_start + 6;
  controller_update(c);
  press1(c, 's');
  assert_string_equal(fx->fake.said[0], "P, U, R, R, E, D");
  /* Only the sentence known: its first word. */
  fx->fake.st.heard_word_start = fx->fake.st.heard_word_end = 0;
  controller_update(c);
  press1(c, 's');
  assert_string_equal(fx->fake.said[1], "I, T");
}

/* After "quit = x", q is no longer quit: it says where quit went instead of doing nothing. */
static void test_hint_for_rebound_key(void **state)
{
  struct fixture *fx = *state;
  char err[80];
  assert_int_equal(keymap_bind(&fx->keys, UI_QUIT, "x", err, sizeof err), 0);
  struct controller *c = start(fx);
  press1(c, 'q');
  assert_false(c->quit);
  assert_string_equal(c->message, "q is not bound now: quit is x (settings file, [keys])");
  press1(c, 'x');
  assert_true(c->quit);
  fx->c.quit = false;
  press1(c, 'Z');   /* never bound: nothing */
  assert_string_equal(c->message, "");
}

/* m mutes and unmutes, shown; , and . move by about 10 seconds of the text at the current
 * speed (word counts), . at least a sentence. */
static void test_mute_and_seek(void **state)
{
  struct fixture *fx = *state;
  struct controller *c = start(fx);
  press1(c, 'm');
  assert_int_equal(fx->fake.sent[0].cmd, PLAYER_MUTE);
  assert_string_equal(c->message, "Muted");
  press1(c, 'm');
  assert_string_equal(c->message, "Sound on");
  fx->fake.n_sent = 0;
  /* 12 words in all: at 80 wpm a word lasts 0.75 s, so 10 s is most of the document. */
  fx->fake.st.wpm = 80;
  press1(c, '.');
  assert_int_equal(fx->fake.n_sent, 1);
  assert_int_equal(fx->fake.sent[0].cmd, PLAYER_JUMP_SENTENCE);
  assert_true(fx->fake.sent[0].arg >= 3);
  fx->fake.st.sentence = 4;
  fx->fake.st.paragraph = 2;
  press1(c, ',');
  assert_int_equal(fx->fake.sent[1].cmd, PLAYER_JUMP_SENTENCE);
  assert_true(fx->fake.sent[1].arg <= 1);
  /* At 450 wpm a sentence is about a second: . still moves on by one at least. */
  fx->fake.st.wpm = 450;
  fx->fake.st.sentence = 0;
  fx->fake.st.paragraph = 0;
  press1(c, '.');
  assert_true(fx->fake.sent[2].arg >= 1);
  fx->fake.st.sentence = 4;   /* the last: nowhere to go */
  press1(c, '.');
  assert_int_equal(fx->fake.n_sent, 3);
}

/* z: 15 minutes of listening, then reading pauses; the end-of-paragraph setting pauses when the
 * paragraph changes. Said, and shown in the status. */
static void test_sleep_timer(void **state)
{
  struct fixture *fx = *state;
  struct controller *c = start(fx);
  press1(c, 'z');
  assert_string_equal(fx->fake.said[0], "Sleep timer: 15 minutes");
  controller_update(c);
  assert_string_equal(c->sleep_text, "sleep in 15:00");
  fx->fake.st.elapsed = 14 * 60;
  controller_update(c);
  assert_string_equal(c->sleep_text, "sleep in 1:00");
  assert_int_equal(fx->fake.n_sent, 0);
  fx->fake.st.elapsed = 15 * 60;
  controller_update(c);
  assert_int_equal(fx->fake.n_sent, 1);
  assert_int_equal(fx->fake.sent[0].cmd, PLAYER_PAUSE);
  assert_string_equal(c->message, "Sleep timer: paused");
  assert_string_equal(c->sleep_text, "");
  /* z four times: 15, 30, 60, the end of the paragraph. */
  int keys[] = {'z', 'z', 'z', 'z'};
  press(c, keys, 4);
  assert_string_equal(c->message, "Sleep timer: at the end of this paragraph");
  controller_update(c);
  assert_string_equal(c->sleep_text, "sleep after this paragraph");
  fx->fake.st.sentence = 1;
  controller_update(c);
  assert_int_equal(fx->fake.n_sent, 1);
  fx->fake.st.sentence = 2;
  fx->fake.st.paragraph = 1;
  controller_update(c);
  assert_int_equal(fx->fake.n_sent, 2);
  assert_int_equal(fx->fake.sent[1].cmd, PLAYER_PAUSE);
  press1(c, 'z');
  press1(c, 'z');
  press1(c, 'z');
  press1(c, 'z');
  press1(c, 'z');
  assert_string_equal(c->message, "Sleep timer off");
}

static void test_end_and_error(void **state)
{
  struct fixture *fx = *state;
  struct controller *c = start(fx);
  fx->fake.st.state = PLAYER_STATE_FINISHED;
  controller_update(c);
  assert_string_equal(c->message, "End of the article");
  assert_string_equal(fx->fake.said[0], "end of the article");
  controller_update(c);
  assert_int_equal(fx->fake.n_said, 1);

  fx->fake.st.error = -5;
  controller_update(c);
  assert_non_null(strstr(c->message, "Reading stopped: "));
  assert_int_equal(fx->fake.n_said, 2);   /* why, said as well as shown */
  assert_string_equal(fx->fake.said[1], c->message);
  assert_non_null(strstr(c->message, "Space tries again."));
  press1(c, ' ');   /* a command clears the message line; the reason comes back */
  assert_string_equal(c->message, "");
  controller_update(c);
  assert_non_null(strstr(c->message, "Reading stopped: "));
  fx->fake.st.error = 0;
  controller_update(c);
  assert_string_equal(c->message, "");
}

/* b marks the sentence being read and, pressed again there, unmarks it, said and shown with the
 * bookmark's number in reading order; B lists them: arrows move, Enter reads from the chosen one,
 * Delete removes, Escape closes; an empty list is said. */
static void test_bookmarks(void **state)
{
  struct fixture *fx = *state;
  struct controller *c = start(fx);
  press1(c, 'B');
  assert_false(c->marks);
  assert_string_equal(fx->fake.said[fx->fake.n_said - 1], "no bookmarks");
  fx->fake.st.sentence = 3;
  fx->fake.st.paragraph = 2;
  press1(c, 'b');
  assert_string_equal(c->message, "Bookmark 1 added");
  assert_string_equal(fx->fake.said[fx->fake.n_said - 1], "Bookmark 1 added");
  fx->fake.st.sentence = 2;
  fx->fake.st.paragraph = 1;
  press1(c, 'b');
  assert_string_equal(c->message, "Bookmark 1 added");   /* before the other: now first */
  assert_int_equal(fx->marks.n, 2);
  assert_int_equal(fx->marks.at[0], 2);
  assert_int_equal(fx->marks.at[1], 3);
  press1(c, 'b');                                       /* again here: removed */
  assert_string_equal(c->message, "Bookmark 1 removed");
  assert_int_equal(fx->marks.n, 1);
  press1(c, 'b');
  fx->fake.st.sentence = 0;
  fx->fake.st.paragraph = 0;
  press1(c, 'b');
  assert_int_equal(fx->marks.n, 3);

  char line[256];
  bookmarks_line(fx->doc, &fx->marks, 1, line, sizeof line);
  assert_string_equal(line, "2. paragraph 2, sentence 1: A Dog ran far.");

  fx->fake.n_sent = 0;
  press1(c, 'B');                                       /* opens on the one at sentence 0 */
  assert_true(c->marks);
  assert_int_equal(c->marks_sel, 0);
  press1(c, 'n');                                       /* not a command while open */
  assert_int_equal(fx->fake.n_sent, 0);
  press1(c, KEYS_FN(KEY_DOWN));
  press1(c, KEYS_FN(KEY_DOWN));
  assert_int_equal(c->marks_sel, 2);
  press1(c, KEYS_FN(KEY_DC));                           /* removes the third (sentence 3) */
  assert_string_equal(c->message, "Bookmark 3 removed");
  assert_int_equal(fx->marks.n, 2);
  assert_int_equal(c->marks_sel, 1);
  press1(c, '\r');
  assert_false(c->marks);
  assert_int_equal(fx->fake.n_sent, 1);
  assert_int_equal(fx->fake.sent[0].cmd, PLAYER_JUMP_SENTENCE);
  assert_int_equal(fx->fake.sent[0].arg, 2);

  /* Plain mode's way: a number, then Enter; a number out of range is said. */
  press1(c, 'B');
  type(c, "9\r");
  assert_true(c->marks);
  assert_string_equal(c->message, "No bookmark 9: 1 to 2");
  type(c, "1\r");
  assert_int_equal(fx->fake.sent[1].arg, 0);
  press1(c, 'B');
  press1(c, 27);
  assert_false(c->marks);
  assert_int_equal(fx->fake.n_sent, 2);
}

/* The list kept sorted and bounded; a loaded list is cleaned of repeats and lost sentences. */
static void test_bookmarks_list(void **state)
{
  (void)state;
  static struct bookmarks b;
  b.n = 0;
  for (size_t i = 0; i < BOOKMARKS_MAX; i++)
    assert_int_equal(bookmarks_toggle(&b, BOOKMARKS_MAX - i), 1);
  assert_int_equal(bookmarks_toggle(&b, 0), 0);        /* full */
  assert_int_equal(b.n, BOOKMARKS_MAX);
  assert_int_equal(bookmarks_toggle(&b, 5), -5);
  b.n = 4;
  b.at[0] = 9;
  b.at[1] = 3;
  b.at[2] = 9;
  b.at[3] = 40;
  bookmarks_clean(&b, 10);
  assert_int_equal(b.n, 2);
  assert_int_equal(b.at[0], 3);
  assert_int_equal(b.at[1], 9);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_keys_send_commands, setup, teardown),
    cmocka_unit_test_setup_teardown(test_announce_only_when_on, setup, teardown),
    cmocka_unit_test_setup_teardown(test_first_message_said, setup, teardown),
    cmocka_unit_test_setup_teardown(test_burst_says_final_speed_once, setup, teardown),
    cmocka_unit_test_setup_teardown(test_speed_limits, setup, teardown),
    cmocka_unit_test_setup_teardown(test_speed_step_at_sonic_speeds, setup, teardown),
    cmocka_unit_test_setup_teardown(test_voice_named_once_applied, setup, teardown),
    cmocka_unit_test_setup_teardown(test_only_voice, setup, teardown),
    cmocka_unit_test_setup_teardown(test_where_waits_for_applied, setup, teardown),
    cmocka_unit_test_setup_teardown(test_search, setup, teardown),
    cmocka_unit_test_setup_teardown(test_rebinding_changes_dispatch_and_help, setup, teardown),
    cmocka_unit_test_setup_teardown(test_help_overlay_key_only_closes, setup, teardown),
    cmocka_unit_test_setup_teardown(test_spell, setup, teardown),
    cmocka_unit_test_setup_teardown(test_spell_what_was_heard, setup, teardown),
    cmocka_unit_test_setup_teardown(test_hint_for_rebound_key, setup, teardown),
    cmocka_unit_test_setup_teardown(test_mute_and_seek, setup, teardown),
    cmocka_unit_test_setup_teardown(test_sleep_timer, setup, teardown),
    cmocka_unit_test_setup_teardown(test_end_and_error, setup, teardown),
    cmocka_unit_test_setup_teardown(test_bookmarks, setup, teardown),
    cmocka_unit_test_setup_teardown(test_bookmarks_list, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
