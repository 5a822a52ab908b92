/* Audio made ahead (player/ahead.h): while a sentence plays, the first samples of the sentences
 * a key would lead to are made, and a key's audio starts with them. With the fake synthesiser
 * and the test sink's clock (player_fixture.h): what was made, what a key finds in the sink
 * before its synthesis starts, and that what is heard is exactly a fresh synthesis. */
#include "player_fixture.h"

#include "player/ahead.h"

#define WORD synth_fake_word_samples(RATE, 175)
#define AHEAD MS(AHEAD_MS)

/* What the sink held when each synthesis (not one made ahead) began: a key's audio made ahead
 * is there already. Written on the player thread, read once it is idle. */
struct probe {
  struct fixture *f;
  size_t queued[SYNTH_FAKE_MAX_CALLS];
};

static void on_during(void *user, size_t call, size_t done)
{
  struct probe *pr = user;
  if (done == 0 && call < SYNTH_FAKE_MAX_CALLS)
    pr->queued[call] = sink_fake_queued(pr->f->sink);
}

static struct fixture *start_probed(const char *doc, struct probe *pr, struct start how)
{
  struct fixture *f = fixture_new(doc);
  *pr = (struct probe){ .f = f };
  f->fake.during = on_during;
  f->fake.during_user = pr;
  fixture_start(f, how);
  return f;
}

/* The last call that synthesised text (made ahead or not), or -1. */
static long last_call(struct fixture *f, const char *text, bool ahead)
{
  long found = -1;
  for (size_t i = 0; i < f->fake.n_calls && i < SYNTH_FAKE_MAX_CALLS; i++)
    if (f->fake.calls[i].ahead == ahead && !strcmp(f->fake.calls[i].text, text))
      found = (long)i;
  return found;
}

static size_t count_ahead(struct fixture *f)
{
  size_t n = 0;
  for (size_t i = 0; i < f->fake.n_calls && i < SYNTH_FAKE_MAX_CALLS; i++)
    n += f->fake.calls[i].ahead;
  return n;
}

/* Next sentence: its first samples were made while the first played, are in the sink before
 * its synthesis starts, and what is heard is exactly a fresh synthesis. Without audio made
 * ahead the sink is empty then (the test can tell). */
static void next_sentence(bool ahead)
{
  struct probe pr;
  struct fixture *f = start_probed(SHORT_DOC, &pr, (struct start){ .ahead = ahead });
  assert_int_equal(advance(f, MS(50)), MS(50));
  long made = last_call(f, "A dog ran.", true);
  assert_true(ahead ? made >= 0 : made < 0);
  assert_true(count_ahead(f) <= 7);   /* a bounded number of targets */
  if (ahead)
    assert_int_equal(f->fake.calls[made].wpm, 175);
  player_send(f->player, PLAYER_NEXT_SENTENCE, 0);
  player_wait_idle(f->player);
  long synth = last_call(f, "A dog ran.", false);
  assert_true(synth > made);
  assert_int_equal(pr.queued[synth], ahead ? AHEAD : 0);
  play_all(f);
  struct pcm want = {0};
  expect_prefix(f, &want, 0, 0, MS(50));
  expect_run(f, &want, 1, 4, 175);
  assert_heard(f, &want);
  char sentences[128], audio[128];
  trace_events(f, "sentence", sentences, sizeof sentences);
  trace_events(f, "audio", audio, sizeof audio);
  assert_string_equal(sentences, "0.0 0.1 1.0 2.0 2.1");
  assert_string_equal(audio, sentences);
  fixture_free(f);
}

static void test_next_sentence_starts_with_audio_made_ahead(void **state)
{
  next_sentence(true);
  next_sentence(false);
}

/* Speed keys: none is made ahead before the first (they would be made again for every word);
 * after one, the rest of the sentence from the word being heard at the next speed up and down
 * is, and the next key starts with it, heard at its speed. */
static void test_speed_key_starts_at_new_speed(void **state)
{
  struct probe pr;
  struct fixture *f = start_probed(LONG_DOC, &pr, (struct start){ .ahead = true,
                                                                  .speed_step = 100 });
  size_t cut = 4 * WORD + WORD / 2;   /* in the fifth word, "long" */
  assert_int_equal(advance(f, cut), cut);
  struct speech_text st = {0};
  assert_int_equal(speech_text_build(f->doc, 0, NULL, &st), 0);
  const char *rest = st.text + st.words[4].speech_start;
  size_t n_rest = st.n_words - 4;
  assert_int_equal(last_call(f, rest, true), -1);

  player_send(f->player, PLAYER_SPEED, 100);   /* 275: synthesised when the key comes */
  player_wait_idle(f->player);
  assert_int_equal(pr.queued[last_call(f, rest, false)], 0);
  long down = last_call(f, rest, true), up = down - 1;   /* the next speed up, then down */
  assert_true(up >= 0);
  assert_true(f->fake.calls[up].ahead);
  assert_string_equal(f->fake.calls[up].text, rest);
  assert_int_equal(f->fake.calls[up].wpm, 375);
  assert_int_equal(f->fake.calls[down].wpm, 175);

  player_send(f->player, PLAYER_SPEED, 100);   /* 375: made ahead */
  player_wait_idle(f->player);
  long synth = last_call(f, rest, false);
  assert_true(synth > down);
  assert_int_equal(f->fake.calls[synth].wpm, 375);
  assert_int_equal(pr.queued[synth], AHEAD);
  play_all(f);
  struct pcm want = {0};
  expect_prefix(f, &want, 0, 0, cut);
  render(&want, rest, n_rest, 375, 100);
  pcm_append(&want, NULL, MS(reading_pause_scaled(PARAGRAPH_MS, 375)));
  expect_run(f, &want, 1, 2, 375);
  assert_heard(f, &want);
  speech_text_free(&st);
  fixture_free(f);
}

/* A change of voice drops what was made in the old one: the next sentence's audio made ahead
 * is made again in the new voice (at its speed), and that is what a key hears. */
static void test_voice_change_drops_audio_made_ahead(void **state)
{
  struct probe pr;
  struct fixture *f = start_probed(SHORT_DOC, &pr, (struct start){ .ahead = true });
  assert_int_equal(advance(f, MS(50)), MS(50));
  long old = last_call(f, "A dog ran.", true);
  assert_true(old >= 0);
  player_send(f->player, PLAYER_NEXT_VOICE, 0);
  player_wait_idle(f->player);
  long made = last_call(f, "A dog ran.", true);
  assert_true(made > old);
  assert_string_equal(f->fake.calls[made].voice, "second");
  assert_int_equal(f->fake.calls[made].wpm, FAST_WPM);

  player_send(f->player, PLAYER_NEXT_SENTENCE, 0);
  player_wait_idle(f->player);
  assert_int_equal(pr.queued[last_call(f, "A dog ran.", false)], AHEAD);
  play_all(f);
  struct pcm got = heard(f), want = {0};
  render(&want, "A dog ran.", 3, FAST_WPM, 100);
  assert_true(got.n >= MS(50) + AHEAD);
  struct pcm head = { .s = got.s + MS(50), .n = AHEAD };
  want.n = AHEAD;
  assert_pcm_equal(&head, &want);
  free(got.s);
  free(want.s);
  fixture_free(f);
}

/* Pause, then play: the sentence starts again from samples kept from its own synthesis (nothing
 * is made ahead for it), and is heard whole. */
static void test_resume_starts_with_kept_samples(void **state)
{
  struct probe pr;
  struct fixture *f = start_probed(SHORT_DOC, &pr, (struct start){ .ahead = true });
  assert_int_equal(advance(f, MS(50)), MS(50));
  player_send(f->player, PLAYER_PAUSE, 0);
  player_wait_idle(f->player);
  assert_int_equal(last_call(f, "The cat sat.", true), -1);
  player_send(f->player, PLAYER_PLAY, 0);
  player_wait_idle(f->player);
  long synth = last_call(f, "The cat sat.", false);
  assert_true(synth > 0);
  assert_int_equal(pr.queued[synth], AHEAD);
  play_all(f);
  struct pcm want = {0};
  expect_prefix(f, &want, 0, 0, MS(50));
  expect_run(f, &want, 0, 4, 175);
  assert_heard(f, &want);
  assert_int_equal(last_call(f, "The cat sat.", true), -1);
  fixture_free(f);
}

/* The store: an entry is found only for its key and its very text; the least recently used
 * goes when it is full. */
static void test_store(void **state)
{
  struct ahead a = {0};
  int16_t pcm[4] = {1, 2, 3, 4};
  struct ahead_key k[AHEAD_ENTRIES + 1];
  for (size_t i = 0; i <= AHEAD_ENTRIES; i++) {
    k[i] = (struct ahead_key){ .sentence = i, .wpm = 175, .volume = 100 };
    if (i == AHEAD_ENTRIES)
      assert_true(ahead_has(&a, &k[0]));   /* 0 is used again: 1 is the oldest */
    assert_int_equal(ahead_store(&a, &k[i], "text", 4, pcm, 4), 0);
  }
  assert_true(ahead_has(&a, &k[0]));
  assert_false(ahead_has(&a, &k[1]));
  assert_true(ahead_has(&a, &k[AHEAD_ENTRIES]));
  assert_null(ahead_find(&a, &k[0], "texts", 5));   /* the text changed */
  const struct ahead_entry *e = ahead_find(&a, &k[0], "text", 4);
  assert_non_null(e);
  assert_int_equal(e->n, 4);
  assert_memory_equal(e->pcm, pcm, sizeof pcm);
  struct ahead_key faster = k[0];
  faster.wpm = 200;
  assert_false(ahead_has(&a, &faster));
  ahead_clear(&a);
  assert_false(ahead_has(&a, &k[0]));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_next_sentence_starts_with_audio_made_ahead),
    cmocka_unit_test(test_speed_key_starts_at_new_speed),
    cmocka_unit_test(test_voice_change_drops_audio_made_ahead),
    cmocka_unit_test(test_resume_starts_with_kept_samples),
    cmocka_unit_test(test_store),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
