/* What is heard at sink position N (player/timeline.h) and what the commands lead to
 * (player/request.h): bookkeeping on numbers, no thread. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "player/request.h"
#include "player/timeline.h"
#include "speech/reading_rules.h"
#include "speech/voice.h"

/* Three words at 0, 100 and 200 samples, spans 10*k..10*k+5 in the document. */
static struct timeline_word *three_words(void)
{
  struct timeline_word *w = calloc(3, sizeof *w);
  assert_non_null(w);
  for (size_t k = 0; k < 3; k++)
    w[k] = (struct timeline_word){ 10 * k, 10 * k + 5, 100 * k };
  return w;
}

static void push(struct timeline *t, size_t sentence, size_t paragraph, int64_t start,
                 uint64_t len)
{
  struct timeline_piece pc = { .sentence = sentence, .paragraph = paragraph, .start = start,
                               .words = three_words(), .n_words = 3 };
  assert_int_equal(timeline_push(t, &pc), 0);
  timeline_extend(t, len);
}

static void test_sentence_and_word_heard(void **state)
{
  struct timeline t;
  timeline_init(&t);
  struct timeline_heard h = timeline_at(&t, 0, 7);   /* nothing written: the position */
  assert_int_equal(h.sentence, 7);
  assert_null(h.word);
  push(&t, 3, 1, 1000, 300);
  push(&t, 4, 1, 1300, 300);
  assert_int_equal(timeline_end(&t, 0), 1600);
  h = timeline_at(&t, 1150, 3);
  assert_int_equal(h.sentence, 3);
  assert_int_equal(h.word->doc_start, 10);
  assert_int_equal(h.in_sentence, 150);
  assert_int_equal(h.in_paragraph, 150);
  h = timeline_at(&t, 1550, 3);   /* the next sentence of the same paragraph */
  assert_int_equal(h.sentence, 4);
  assert_int_equal(h.word->doc_start, 20);
  assert_int_equal(h.in_sentence, 250);
  assert_int_equal(h.in_paragraph, 550);
  assert_int_equal(t.n, 1);      /* the segment heard before is forgotten */
  timeline_free(&t);
}

/* After an interruption in a paragraph's second sentence, reading that sentence again counts
 * the paragraph from its first sentence; an announcement keeps the reading position. */
static void test_carry_over_an_interruption(void **state)
{
  struct timeline t;
  timeline_init(&t);
  push(&t, 3, 1, 0, 300);
  push(&t, 4, 1, 300, 300);
  struct timeline_heard h = timeline_at(&t, 400, 3);
  timeline_carry_interrupted(&t, &h);
  timeline_clear(&t);
  h = timeline_at(&t, 400, 4);
  assert_int_equal(h.in_paragraph, 300);   /* nothing heard: what was carried */
  struct timeline_piece say = { .sentence = TIMELINE_NONE, .paragraph = TIMELINE_NONE,
                                .start = 400 };
  assert_int_equal(timeline_push(&t, &say), 0);
  h = timeline_at(&t, 450, 4);
  assert_int_equal(h.sentence, 4);
  assert_null(h.segment);
  push(&t, 4, 1, 500, 300);
  h = timeline_at(&t, 520, 4);
  assert_int_equal(h.in_sentence, 20);
  assert_int_equal(h.in_paragraph, 320);
  timeline_carry_moved(&t, &h, 2, false);   /* elsewhere: nothing carried */
  timeline_clear(&t);
  push(&t, 2, 0, 900, 300);
  assert_int_equal(timeline_at(&t, 950, 2).in_paragraph, 50);
  timeline_free(&t);
}

/* A piece restarted from a word counts the sentence from where it would have begun. */
static void test_word_restart(void **state)
{
  struct timeline t;
  timeline_init(&t);
  push(&t, 3, 1, 1000, 300);
  struct timeline_heard h = timeline_at(&t, 1250, 3);
  size_t from;
  uint64_t offset;
  assert_true(timeline_word_restart(&h, &from, &offset));
  assert_int_equal(from, 2);
  assert_int_equal(offset, 200);
  timeline_clear(&t);
  struct timeline_piece rest = { .sentence = 3, .paragraph = 1, .start = 2000,
                                 .sent_offset = offset, .word_base = from };
  assert_int_equal(timeline_push(&t, &rest), 0);
  h = timeline_at(&t, 2010, 3);
  assert_int_equal(h.in_sentence, 210);
  assert_null(h.word);   /* its words are not known yet */
  assert_false(timeline_word_restart(&h, &from, &offset));
  timeline_free(&t);
}

static void test_request_after(void **state)
{
  struct voice_profile v[2];
  voice_profile_defaults(&v[0]);
  voice_profile_defaults(&v[1]);
  v[0].speed = 175;
  v[1].speed = READING_SPEED_MAX + 100;   /* beyond the limit: held at it */
  v[1].volume = 50;
  struct player_config cfg = { .voices = v, .n_voices = 2 };
  struct player_request r = player_request_voice(&cfg, 0);
  assert_int_equal(r.wpm, 175);
  r = player_request_after(&cfg, r, PLAYER_SPEED, -1000);
  assert_int_equal(r.wpm, 80);
  r = player_request_after(&cfg, r, PLAYER_VOLUME, 250);
  assert_int_equal(r.volume, 200);
  r = player_request_after(&cfg, r, PLAYER_NEXT_SENTENCE, 3);
  assert_int_equal(r.volume, 200);
  /* The keys took the speed 95 below the profile's and the volume 100 above: the next voice
   * keeps those offsets (the profile's speed is held at the limit first). */
  r = player_request_after(&cfg, r, PLAYER_NEXT_VOICE, 0);
  assert_int_equal(r.voice_index, 1);
  assert_int_equal(r.wpm, READING_SPEED_MAX - 95);
  assert_int_equal(r.volume, 50 + 100);
  r = player_request_after(&cfg, r, PLAYER_NEXT_VOICE, 0);
  assert_int_equal(r.voice_index, 0);
  assert_int_equal(r.wpm, 80);
  assert_int_equal(r.volume, 200);
  r = player_request_after(&cfg, r, PLAYER_SPEED, 50);
  r = player_request_after(&cfg, r, PLAYER_NEXT_VOICE, 0);
  assert_int_equal(r.wpm, READING_SPEED_MAX - 45);
  /* Muting keeps the volume to come back to, across a voice change too. */
  r = player_request_after(&cfg, r, PLAYER_MUTE, 0);
  assert_true(r.muted);
  r = player_request_after(&cfg, r, PLAYER_NEXT_VOICE, 0);
  assert_true(r.muted);
  r = player_request_after(&cfg, r, PLAYER_MUTE, 0);
  assert_false(r.muted);
  assert_int_equal(r.volume, 200);
  cfg.n_voices = 1;
  assert_int_equal(player_request_after(&cfg, r, PLAYER_NEXT_VOICE, 0).voice_index, r.voice_index);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_sentence_and_word_heard),
    cmocka_unit_test(test_carry_over_an_interruption),
    cmocka_unit_test(test_word_restart),
    cmocka_unit_test(test_request_after),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
