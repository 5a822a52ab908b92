/* The player's speed, volume and voice: what the status shows as soon as a command is queued,
 * what the synthesiser is asked for, and what is heard from the word being heard on. With the
 * fake synthesiser and the test sink's clock (player_fixture.h): exact, without espeak-ng. */
#include "player_fixture.h"

/* Samples per word at 175 wpm with the fake synthesiser. */
#define WORD synth_fake_word_samples(RATE, 175)

/* The speech text of sentence i from its word `from` on. */
static void speech_from(struct fixture *f, size_t i, size_t from, char *out, size_t len,
                        size_t *n_words)
{
  struct speech_text st = {0};
  assert_int_equal(speech_text_build(f->doc, i, NULL, &st), 0);
  assert_true(from < st.n_words);
  snprintf(out, len, "%s", st.text + st.words[from].speech_start);
  *n_words = st.n_words - from;
  speech_text_free(&st);
}

/* cmd while the fifth word ("long") is heard: the rest of the sentence is synthesised again
 * from that word with the new setting, and what follows keeps it. */
static void from_current_word(enum player_command cmd, long arg, int wpm, int volume,
                              const char *voice)
{
  struct fixture *f = fixture_new(LONG_DOC);
  fixture_start(f, (struct start){0});
  struct player_status s = status_of(f);
  assert_int_equal(s.wpm, 175);
  size_t cut = 4 * WORD + WORD / 2;
  assert_int_equal(advance(f, cut), cut);
  size_t long_at = (size_t)(strstr(f->doc->text, "long") - f->doc->text);
  assert_int_equal(status_of(f).word_start, long_at);
  player_send(f->player, cmd, arg);
  s = status_of(f);   /* shown at once, before the player has handled it */
  assert_int_equal(s.wpm, wpm);
  assert_int_equal(s.volume, volume);
  assert_string_equal(s.voice, voice);
  player_wait_idle(f->player);
  assert_int_equal(status_of(f).word_start, long_at);   /* the same word, said again */

  char rest[200];
  size_t n_rest;
  speech_from(f, 0, 4, rest, sizeof rest, &n_rest);
  assert_true(!strncmp(rest, "long", 4));
  const struct synth_fake_call *c = &f->fake.calls[1];
  assert_string_equal(c->text, rest);
  assert_int_equal(c->wpm, wpm);
  assert_int_equal(c->volume, volume);
  assert_string_equal(c->voice, voice);

  play_all(f);
  struct pcm want = {0};
  expect_prefix(f, &want, 0, 0, cut);
  render(&want, rest, n_rest, wpm, volume);
  pcm_append(&want, NULL, MS(reading_pause_scaled(PARAGRAPH_MS, wpm)));   /* shrunk at speed */
  struct pcm tail = {0};
  expect_run(f, &tail, 1, 2, wpm);
  for (size_t i = 0; i < tail.n; i++)
    tail.s[i] = (int16_t)(tail.s[i] * volume / 100);
  pcm_append(&want, tail.s, tail.n);
  free(tail.s);
  assert_heard(f, &want);
  char ev[256];
  trace_events(f, "sentence", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.0 1.0 1.1");
  trace_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.0 1.0 1.1");
  fixture_free(f);
}

static void test_speed_applies_from_current_word(void **state)
{
  from_current_word(PLAYER_SPEED, FAST_WPM - 175, FAST_WPM, 100, "first");
}

static void test_volume_applies_from_current_word(void **state)
{
  from_current_word(PLAYER_VOLUME, -50, 175, 50, "first");
}

static void test_next_voice_applies_from_current_word(void **state)
{
  from_current_word(PLAYER_NEXT_VOICE, 0, FAST_WPM, 100, "second");
}

/* The status shows what the queued commands lead to, within the reading limits, at once; once
 * handled it still does. */
static void test_settings_within_limits(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .paused = true });
  static const struct {
    enum player_command cmd;
    long arg;
    int wpm, volume;
    const char *voice;
  } steps[] = {
    { PLAYER_VOLUME, -30, 175, 70, "first" },   { PLAYER_VOLUME, 500, 175, 200, "first" },
    { PLAYER_VOLUME, -500, 175, 0, "first" },   { PLAYER_SPEED, 1000, READING_SPEED_MAX, 0, "first" },
    { PLAYER_SPEED, -1000, 80, 0, "first" },
    /* The profile's own speed and volume plus what the keys changed (-95 wpm, -100). */
    { PLAYER_NEXT_VOICE, 0, FAST_WPM - 95, 0, "second" },
    { PLAYER_NEXT_VOICE, 0, 80, 0, "first" },
    { PLAYER_VOLUME, 60, 80, 60, "first" },
    { PLAYER_NEXT_VOICE, 0, FAST_WPM - 95, 60, "second" },
    { PLAYER_NEXT_VOICE, 0, 80, 60, "first" },
  };
  struct player_status s = status_of(f);
  assert_int_equal(s.volume, 100);
  assert_string_equal(s.voice, "first");
  for (size_t i = 0; i < sizeof steps / sizeof *steps; i++) {
    player_send(f->player, steps[i].cmd, steps[i].arg);
    for (int handled = 0; handled < 2; handled++) {
      s = status_of(f);
      assert_int_equal(s.wpm, steps[i].wpm);
      assert_int_equal(s.volume, steps[i].volume);
      assert_string_equal(s.voice, steps[i].voice);
      player_wait_idle(f->player);
    }
  }
  assert_int_equal(s.state, PLAYER_STATE_PAUSED);
  player_send(f->player, PLAYER_PLAY, 0);
  player_wait_idle(f->player);
  const struct synth_fake_call *c = &f->fake.calls[0];
  assert_int_equal(c->wpm, 80);
  assert_int_equal(c->volume, 60);
  assert_string_equal(c->voice, "first");
  fixture_free(f);
}

/* Sent from inside the first synthesis (the player thread is held there, so none of them is
 * handled yet): what the status shows then. */
static struct player_status queued_status;

static void send_settings(void *user, size_t call, size_t done)
{
  struct fixture *f = user;
  if (call != 0 || done != 0)
    return;
  player_send(f->player, PLAYER_SPEED, 50);
  player_send(f->player, PLAYER_VOLUME, -20);
  player_send(f->player, PLAYER_NEXT_VOICE, 0);
  player_send(f->player, PLAYER_VOLUME, -1);
  player_status(f->player, &queued_status);
}

/* A profile the synthesiser refuses is skipped over: the status shows it while it is queued,
 * then takes it back; the voice in use stays, at the speed and volume the listener had set,
 * and later commands count from there. */
static void test_refused_voice_keeps_settings(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  snprintf(f->voices[1].espeak_voice, sizeof f->voices[1].espeak_voice, "zz-no-such-voice");
  fixture_start(f, (struct start){ .paused = true });
  f->fake.during = send_settings;
  f->fake.during_user = f;
  player_send(f->player, PLAYER_PLAY, 0);
  player_wait_idle(f->player);
  f->fake.during = NULL;
  assert_string_equal(queued_status.voice, "second");   /* what the queue leads to, so far */
  assert_int_equal(queued_status.wpm, FAST_WPM + 50);   /* with the +50 the listener chose */
  assert_int_equal(queued_status.volume, 79);
  assert_true(queued_status.applied < player_sent(f->player));
  struct player_status s = status_of(f);
  assert_string_equal(s.voice, "first");
  assert_int_equal(s.wpm, 225);
  assert_int_equal(s.volume, 79);
  assert_int_equal(s.applied, player_sent(f->player));
  assert_int_equal(s.state, PLAYER_STATE_PLAYING);
  const struct synth_fake_call *c = &f->fake.calls[f->fake.n_calls - 1];
  assert_true(c->completed);
  assert_int_equal(c->wpm, 225);
  assert_int_equal(c->volume, 79);
  assert_string_equal(c->voice, "first");
  fixture_free(f);
}

/* A change of volume while a sentence without words is heard (a code block, whose marker is
 * spoken but maps to no word of the text) starts that sentence again, not the one reading
 * began at. */
static void test_volume_during_code_block(void **state)
{
  struct fixture *f = fixture_new_as("First words here.\n\n```\nint x;\n```\n\nLast words.\n",
                                     INPUT_MD);
  assert_int_equal(f->doc->n_sentences, 3);
  fixture_start(f, (struct start){0});
  size_t into_code = sentence_samples(f, 0) + MS(PARAGRAPH_MS) + 100;
  advance(f, into_code);
  struct player_status s = status_of(f);
  assert_int_equal(s.sentence, 1);
  assert_int_equal(s.word_start, s.word_end);   /* no word of the text */
  player_send(f->player, PLAYER_VOLUME, -10);
  play_all(f);
  char ev[256];
  trace_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "0.0 1.0 1.0 2.0");
  fixture_free(f);
}

/* The word being heard follows the audio, word by word, as the document's spans. */
static void test_word_follows_audio(void **state)
{
  struct fixture *f = fixture_new(LONG_DOC);
  fixture_start(f, (struct start){0});
  struct speech_text st = {0};
  assert_int_equal(speech_text_build(f->doc, 0, NULL, &st), 0);
  advance(f, WORD / 2);
  for (size_t k = 0; k < 6; k++) {
    struct player_status s = status_of(f);
    assert_int_equal(s.sentence, 0);
    assert_int_equal(s.word_start, st.words[k].doc_start);
    assert_int_equal(s.word_end, st.words[k].doc_end);
    assert_int_equal(advance(f, WORD), WORD);
  }
  speech_text_free(&st);
  fixture_free(f);
}

/* serial moves when, and only when, something shown changes; applied reaches sent. */
static void test_status_serial_and_applied(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .paused = true });
  struct player_status before = status_of(f);
  int wakes = atomic_load(&f->wakes);
  player_wait_idle(f->player);
  assert_int_equal(status_of(f).serial, before.serial);   /* nothing changed */
  player_send(f->player, PLAYER_NEXT_SENTENCE, 0);
  player_send(f->player, PLAYER_VOLUME, -10);
  player_wait_idle(f->player);
  struct player_status after = status_of(f);
  assert_int_equal(after.applied, player_sent(f->player));
  assert_int_equal(after.applied, before.applied + 2);
  assert_true(after.serial > before.serial);
  assert_int_equal(after.sentence, 1);
  assert_true(atomic_load(&f->wakes) > wakes);
  player_wait_idle(f->player);
  assert_int_equal(status_of(f).serial, after.serial);
  fixture_free(f);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_speed_applies_from_current_word),
    cmocka_unit_test(test_volume_applies_from_current_word),
    cmocka_unit_test(test_next_voice_applies_from_current_word),
    cmocka_unit_test(test_settings_within_limits),
    cmocka_unit_test(test_refused_voice_keeps_settings),
    cmocka_unit_test(test_volume_during_code_block),
    cmocka_unit_test(test_word_follows_audio),
    cmocka_unit_test(test_status_serial_and_applied),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
