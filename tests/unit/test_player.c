/* The player's thread, queue and reading, with a fake synthesiser and a sink whose clock the
 * test drives (see player_fixture.h): no espeak-ng, no sleep, no wall-clock window. Every
 * expectation is exact: the samples heard, the trace, the status. Settings (speed, volume,
 * voice) are in test_player_settings.c; the pure cores in test_player_timeline.c and
 * test_player_navigation.c; one run with espeak-ng in test_player_espeak.c. */
#include <errno.h>

#include "player_fixture.h"

/* Long enough sentences for the 2-second rule: sentence 1 lasts 5 s. */
static const char *const RULE_DOC =
  "Short one.\n\nSecond paragraph is here. This sentence is long enough to be heard for more "
  "than two seconds.\n";

static void test_reads_whole_document_in_order(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){0});
  play_all(f);
  struct player_status s = status_of(f);
  assert_int_equal(s.state, PLAYER_STATE_FINISHED);
  assert_int_equal(s.sentence, 4);
  assert_int_equal(s.paragraph, 2);
  assert_int_equal(s.sentence_in_paragraph, 1);
  assert_true(atomic_load(&f->wakes) > 0);

  struct pcm want = {0};
  expect_sentence(f, &want, 0, 175, SENTENCE_MS);
  expect_sentence(f, &want, 1, 175, PARAGRAPH_MS);
  expect_sentence(f, &want, 2, 175, PARAGRAPH_MS);
  expect_sentence(f, &want, 3, 175, SENTENCE_MS);
  expect_sentence(f, &want, 4, 175, 0);
  assert_true(s.elapsed == (double)want.n / RATE);   /* counted samples, never estimated */
  assert_heard(f, &want);

  char ev[256];
  trace_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.1 1.0 2.0 2.1");
  trace_events(f, "sentence", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.1 1.0 2.0 2.1");
  trace_events(f, "state", ev, sizeof ev);
  assert_string_equal(ev, "playing");
  assert_int_equal(f->fake.n_calls, 5);
  fixture_free(f);
}

/* Commands that do not move the reading (PLAY while playing, a volume change of nothing) land
 * in the middle of every synthesis and abort it; it is synthesised again and what is heard
 * shows nothing of it: no repeated or missing samples. */
static void send_idle_commands(void *user, size_t call, size_t done)
{
  struct fixture *f = user;
  (void)call;
  if (done == 300) {
    player_send(f->player, PLAYER_PLAY, 0);
    player_send(f->player, PLAYER_VOLUME, 0);
  }
}

static void test_idle_commands_leave_audio_intact(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .paused = true });   /* f->player is set before it speaks */
  f->fake.during = send_idle_commands;
  f->fake.during_user = f;
  player_send(f->player, PLAYER_PLAY, 0);
  play_all(f);
  assert_int_equal(status_of(f).state, PLAYER_STATE_FINISHED);
  struct pcm want = {0};
  expect_run(f, &want, 0, 4, 175);
  assert_heard(f, &want);
  /* Each sentence was aborted once, then synthesised to its end. */
  assert_int_equal(f->fake.n_calls, 10);
  for (size_t i = 0; i < 10; i++)
    assert_int_equal(f->fake.calls[i].completed, i % 2 == 1);
  char ev[256];
  trace_events(f, "sentence", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.1 1.0 2.0 2.1");
  f->fake.during = NULL;
  fixture_free(f);
}

/* The pauses come from the voice profile: after a heading, a sentence and a paragraph. */
static void test_pauses_follow_the_profile(void **state)
{
  struct fixture *f = fixture_new_as("# A title\n\nFirst words here. Second words.\n\nLast.\n",
                                     INPUT_MD);
  assert_int_equal(f->doc->paragraphs[0].kind, DOC_HEADING);
  fixture_start(f, (struct start){0});
  play_all(f);
  struct pcm want = {0};
  expect_sentence(f, &want, 0, 175, HEADING_MS);
  expect_sentence(f, &want, 1, 175, SENTENCE_MS);
  expect_sentence(f, &want, 2, 175, PARAGRAPH_MS);
  expect_sentence(f, &want, 3, 175, 0);
  assert_heard(f, &want);
  fixture_free(f);
}

static void test_starts_at_start_sentence(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .sentence = 2 });
  play_all(f);
  struct pcm want = {0};
  expect_run(f, &want, 2, 4, 175);
  assert_heard(f, &want);
  char ev[256];
  trace_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "1.0 2.0 2.1");
  fixture_free(f);
}

/* Moving while paused: the status follows, nothing is written, PLAY reads from there. */
static void test_moves_while_paused(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .paused = true });
  assert_int_equal(status_of(f).state, PLAYER_STATE_PAUSED);
  static const struct {
    enum player_command cmd;
    long arg;
    size_t sentence;
  } moves[] = {
    { PLAYER_NEXT_PARAGRAPH, 0, 2 }, { PLAYER_LAST_PARAGRAPH, 0, 3 },
    { PLAYER_FIRST_PARAGRAPH, 0, 0 }, { PLAYER_JUMP_SENTENCE, 4, 4 },
    { PLAYER_JUMP_SENTENCE, 99, 4 },  /* out of range: ignored */
    { PLAYER_NEXT_SENTENCE, 0, 4 },   /* at the last one: nothing */
    { PLAYER_PREV_SENTENCE, 0, 3 },
  };
  for (size_t i = 0; i < sizeof moves / sizeof *moves; i++) {
    player_send(f->player, moves[i].cmd, moves[i].arg);
    player_wait_idle(f->player);
    struct player_status s = status_of(f);
    assert_int_equal(s.sentence, moves[i].sentence);
    assert_int_equal(s.state, PLAYER_STATE_PAUSED);
    assert_int_equal(sink_fake_queued(f->sink), 0);   /* nothing is written while paused */
  }
  assert_int_equal(f->fake.n_calls, 0);
  player_send(f->player, PLAYER_PLAY, 0);
  play_all(f);
  struct pcm want = {0};
  expect_run(f, &want, 3, 4, 175);
  assert_heard(f, &want);
  char ev[256];
  trace_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "2.0 2.1");
  fixture_free(f);
}

/* A skip in the middle of a sentence: what follows the cut is exactly the new sentence, then
 * the rest; nothing of the old sentence follows it. */
static void skip_test(enum player_command cmd)
{
  struct fixture *f = fixture_new(LONG_DOC);
  fixture_start(f, (struct start){0});
  assert_int_equal(advance(f, MS(1000)), MS(1000));
  player_send(f->player, cmd, 0);
  player_wait_idle(f->player);
  struct player_status s = status_of(f);
  assert_int_equal(s.sentence, 1);
  assert_int_equal(s.paragraph, 1);
  play_all(f);
  struct pcm want = {0};
  expect_prefix(f, &want, 0, 0, MS(1000));
  expect_run(f, &want, 1, 2, 175);
  assert_heard(f, &want);
  char ev[256];
  trace_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "0.0 1.0 1.1");
  fixture_free(f);
}

static void test_next_sentence_cuts_at_once(void **state)
{
  skip_test(PLAYER_NEXT_SENTENCE);
}

static void test_next_paragraph_cuts_at_once(void **state)
{
  skip_test(PLAYER_NEXT_PARAGRAPH);
}

/* Pause drops what is queued and stops; play starts the sentence again from its beginning. */
static void test_pause_and_resume(void **state)
{
  struct fixture *f = fixture_new(LONG_DOC);
  fixture_start(f, (struct start){0});
  advance(f, MS(1500));
  player_send(f->player, PLAYER_TOGGLE_PAUSE, 0);
  player_wait_idle(f->player);
  struct player_status s = status_of(f);
  assert_int_equal(s.state, PLAYER_STATE_PAUSED);
  assert_int_equal(s.sentence, 0);
  assert_int_equal(s.word_start, s.word_end);   /* no word is being heard */
  assert_int_equal(sink_fake_queued(f->sink), 0);
  assert_int_equal(advance(f, MS(300)), 0);      /* silence: nothing more is played */

  player_send(f->player, PLAYER_TOGGLE_PAUSE, 0);
  play_all(f);
  struct pcm want = {0};
  expect_prefix(f, &want, 0, 0, MS(1500));
  expect_run(f, &want, 0, 2, 175);
  assert_heard(f, &want);
  char ev[256];
  trace_events(f, "state", ev, sizeof ev);
  assert_string_equal(ev, "playing paused playing");
  trace_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.0 1.0 1.1");
  fixture_free(f);
}

/* Started at `from`, ms heard, then cmd: what is heard next is sentence `then` onwards. */
static void rule_test(enum player_command cmd, size_t from, int ms, size_t then)
{
  struct fixture *f = fixture_new(RULE_DOC);
  fixture_start(f, (struct start){ .sentence = from });
  assert_int_equal(advance(f, MS(ms)), MS(ms));
  player_send(f->player, cmd, 0);
  player_wait_idle(f->player);
  assert_int_equal(status_of(f).sentence, then);
  play_all(f);
  struct pcm want = {0};
  expect_prefix(f, &want, from, 2, MS(ms));
  expect_run(f, &want, then, 2, 175);
  assert_heard(f, &want);
  fixture_free(f);
}

/* PREV_SENTENCE: 1.9 s into a sentence goes to the one before, 2.1 s into it restarts it. */
static void test_prev_sentence_two_second_rule(void **state)
{
  rule_test(PLAYER_PREV_SENTENCE, 2, 1900, 1);
  rule_test(PLAYER_PREV_SENTENCE, 2, 2100, 2);
}

/* PREV_PARAGRAPH counts the whole paragraph: 1.9 s into it (in its second sentence) goes to the
 * paragraph before, 2.1 s restarts this one, from its first sentence. */
static void test_prev_paragraph_two_second_rule(void **state)
{
  rule_test(PLAYER_PREV_PARAGRAPH, 1, 1900, 0);
  rule_test(PLAYER_PREV_PARAGRAPH, 1, 2100, 1);
  /* The same 1.9 s, a sentence back: still in the paragraph's second sentence, early. */
  rule_test(PLAYER_PREV_SENTENCE, 1, 1900, 1);
}

/* REPEAT_SENTENCE restarts the sentence heard, however early. */
static void test_repeat_sentence(void **state)
{
  rule_test(PLAYER_REPEAT_SENTENCE, 2, 100, 2);
}

/* An announcement while paused is heard at once; reading stays paused and then resumes. */
static void test_say_while_paused(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .paused = true, .sentence = 3 });
  player_say(f->player, ANNOUNCE);
  play_all(f);
  struct player_status s = status_of(f);
  assert_int_equal(s.state, PLAYER_STATE_PAUSED);
  assert_int_equal(s.sentence, 3);
  struct pcm want = {0};
  expect_announcement(&want);
  struct pcm got = heard(f);
  assert_pcm_equal(&got, &want);
  free(got.s);
  player_send(f->player, PLAYER_PLAY, 0);
  play_all(f);
  expect_run(f, &want, 3, 4, 175);
  assert_heard(f, &want);
  char ev[256];
  trace_events(f, "announce", ev, sizeof ev);
  assert_string_equal(ev, ANNOUNCE);
  fixture_free(f);
}

/* An announcement while reading interrupts; reading resumes at the start of that sentence. */
static void test_say_interrupts_and_resumes(void **state)
{
  struct fixture *f = fixture_new(LONG_DOC);
  fixture_start(f, (struct start){0});
  advance(f, MS(700));
  player_say(f->player, ANNOUNCE);
  player_wait_idle(f->player);
  struct player_status s = status_of(f);
  assert_int_equal(s.state, PLAYER_STATE_PLAYING);
  assert_int_equal(s.sentence, 0);
  play_all(f);
  struct pcm want = {0};
  expect_prefix(f, &want, 0, 0, MS(700));
  expect_announcement(&want);
  expect_run(f, &want, 0, 2, 175);
  assert_heard(f, &want);
  char ev[256];
  trace_events(f, "audio", ev, sizeof ev);
  assert_string_equal(ev, "0.0 0.0 1.0 1.1");
  trace_events(f, "announce", ev, sizeof ev);
  assert_string_equal(ev, ANNOUNCE);
  fixture_free(f);
}

/* stop_after_paragraph: reading pauses at the end of each paragraph (no pause after it: the
 * listener's Space decides); PLAY reads the next. */
static void test_stop_after_paragraph(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .stop_after_paragraph = true });
  play_all(f);
  struct player_status s = status_of(f);
  assert_int_equal(s.state, PLAYER_STATE_PAUSED);
  assert_int_equal(s.sentence, 2);
  assert_int_equal(s.paragraph, 1);
  struct pcm want = {0};
  expect_sentence(f, &want, 0, 175, SENTENCE_MS);
  expect_sentence(f, &want, 1, 175, 0);
  assert_int_equal(sink_position(f->sink), want.n);

  player_send(f->player, PLAYER_PLAY, 0);
  play_all(f);
  assert_int_equal(status_of(f).sentence, 3);
  assert_int_equal(status_of(f).state, PLAYER_STATE_PAUSED);
  player_send(f->player, PLAYER_TOGGLE_PAUSE, 0);
  play_all(f);
  assert_int_equal(status_of(f).state, PLAYER_STATE_FINISHED);
  expect_sentence(f, &want, 2, 175, 0);
  expect_sentence(f, &want, 3, 175, SENTENCE_MS);
  expect_sentence(f, &want, 4, 175, 0);
  assert_heard(f, &want);
  char ev[256];
  trace_events(f, "state", ev, sizeof ev);
  assert_string_equal(ev, "playing paused playing paused playing");
  fixture_free(f);
}

/* r after a stop-after-paragraph pause (the position already on the next paragraph) reads again
 * the sentence last heard, though paused; and r while paused mid-paragraph too. */
static void test_repeat_what_was_heard_when_paused(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){ .stop_after_paragraph = true });
  play_all(f);
  struct player_status s = status_of(f);
  assert_int_equal(s.state, PLAYER_STATE_PAUSED);
  assert_int_equal(s.sentence, 2);
  assert_int_equal(s.heard_sentence, 1);
  assert_true(s.heard_word_end > s.heard_word_start);
  player_send(f->player, PLAYER_REPEAT_SENTENCE, 0);
  play_all(f);
  s = status_of(f);
  assert_int_equal(s.state, PLAYER_STATE_PAUSED);   /* the end of that paragraph again */
  assert_int_equal(s.sentence, 2);
  struct pcm want = {0};
  expect_sentence(f, &want, 0, 175, SENTENCE_MS);
  expect_sentence(f, &want, 1, 175, 0);
  expect_sentence(f, &want, 1, 175, 0);
  assert_heard(f, &want);

  /* Paused by Space in the middle of sentence 2: r reads it again. */
  player_send(f->player, PLAYER_PLAY, 0);
  advance(f, MS(300));
  player_send(f->player, PLAYER_PAUSE, 0);
  player_wait_idle(f->player);
  assert_int_equal(status_of(f).heard_sentence, 2);
  player_send(f->player, PLAYER_REPEAT_SENTENCE, 0);
  player_wait_idle(f->player);
  assert_int_equal(status_of(f).state, PLAYER_STATE_PLAYING);
  assert_int_equal(status_of(f).sentence, 2);
  fixture_free(f);
}

/* The sink fails while reading (the disk is full): reading pauses with the reason; Space reads
 * again from the sentence that was heard and clears it. */
static void test_sink_failure_pauses_with_reason(void **state)
{
  struct fixture *f = fixture_new(LONG_DOC);
  fixture_start(f, (struct start){0});
  advance(f, MS(500));
  sink_fake_fail(f->sink, -ENOSPC);
  advance(f, MS(500));
  struct player_status s = status_of(f);
  assert_int_equal(s.state, PLAYER_STATE_PAUSED);
  assert_int_equal(s.error, -ENOSPC);
  assert_int_equal(s.sentence, 0);
  sink_fake_fail(f->sink, 0);
  player_send(f->player, PLAYER_TOGGLE_PAUSE, 0);
  player_wait_idle(f->player);
  s = status_of(f);
  assert_int_equal(s.state, PLAYER_STATE_PLAYING);
  assert_int_equal(s.error, 0);
  fixture_free(f);
}

/* The sink fails after the end of the document (an announcement there finds the disk full):
 * reading stops with the reason, and starting again clears it, as it does after a pause. */
static void test_failure_after_the_end_clears_on_play(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  fixture_start(f, (struct start){0});
  play_all(f);
  assert_int_equal(status_of(f).state, PLAYER_STATE_FINISHED);
  sink_fake_fail(f->sink, -EFBIG);
  player_say(f->player, ANNOUNCE);
  player_wait_idle(f->player);
  struct player_status s = status_of(f);
  assert_int_equal(s.error, -EFBIG);
  assert_int_equal(s.state, PLAYER_STATE_FINISHED);
  sink_fake_fail(f->sink, 0);
  player_send(f->player, PLAYER_PLAY, 0);   /* Space after the end: from the top */
  advance(f, MS(100));
  s = status_of(f);
  assert_int_equal(s.error, 0);
  assert_int_equal(s.state, PLAYER_STATE_PLAYING);
  assert_int_equal(s.sentence, 0);
  assert_true(s.word_end > s.word_start);
  fixture_free(f);
}

static void test_rejects_bad_config(void **state)
{
  struct player *p = NULL;
  struct player_config cfg = {0};
  assert_int_equal(player_new(&cfg, &p), -EINVAL);
  assert_null(p);
  player_free(NULL);
}

/* A synthesiser at another rate than the sink's is refused before anything is read. */
static void test_rejects_rate_mismatch(void **state)
{
  struct fixture *f = fixture_new(SHORT_DOC);
  assert_int_equal(sink_fake_open(RATE * 2, 0, &f->sink), 0);
  struct player_config cfg = { .doc = f->doc, .voices = f->voices, .n_voices = 1,
                               .sink = f->sink, .synth = &synth_fake_ops,
                               .synth_user = &f->fake };
  assert_int_equal(player_new(&cfg, &f->player), -EINVAL);
  assert_null(f->player);
  fixture_free(f);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_reads_whole_document_in_order),
    cmocka_unit_test(test_idle_commands_leave_audio_intact),
    cmocka_unit_test(test_pauses_follow_the_profile),
    cmocka_unit_test(test_starts_at_start_sentence),
    cmocka_unit_test(test_moves_while_paused),
    cmocka_unit_test(test_next_sentence_cuts_at_once),
    cmocka_unit_test(test_next_paragraph_cuts_at_once),
    cmocka_unit_test(test_pause_and_resume),
    cmocka_unit_test(test_prev_sentence_two_second_rule),
    cmocka_unit_test(test_prev_paragraph_two_second_rule),
    cmocka_unit_test(test_repeat_sentence),
    cmocka_unit_test(test_say_while_paused),
    cmocka_unit_test(test_say_interrupts_and_resumes),
    cmocka_unit_test(test_stop_after_paragraph),
    cmocka_unit_test(test_repeat_what_was_heard_when_paused),
    cmocka_unit_test(test_sink_failure_pauses_with_reason),
    cmocka_unit_test(test_failure_after_the_end_clears_on_play),
    cmocka_unit_test(test_rejects_bad_config),
    cmocka_unit_test(test_rejects_rate_mismatch),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
