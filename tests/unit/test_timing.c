/* Where reading is in time (ui/timing.h): word counts and pauses, at a speed, and the status
 * line that shows it. Pure numbers: no player, no clock. */
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
#include "text/loader.h"
#include "ui/panel.h"
#include "ui/timing.h"

/* 60 words in 3 sentences (10, 20, 30), two paragraphs. */
static struct document *make_doc(void)
{
  static char text[1024];
  size_t pos = 0;
  static const int words[] = {10, 20, 30};
  for (int s = 0; s < 3; s++) {
    for (int w = 0; w < words[s]; w++)
      pos += (size_t)sprintf(text + pos, "%s", w == 0 ? "Word " : w + 1 < words[s] ? "word "
                                                                                 : "word.");
    pos += (size_t)sprintf(text + pos, "%s", s == 1 ? "\n\n" : " ");
  }
  struct document *doc;
  assert_int_equal(document_load_buffer(text, pos, INPUT_TXT, "t", &doc), 0);
  assert_int_equal(doc->n_sentences, 3);
  return doc;
}

static void test_times_from_word_counts(void **state)
{
  (void)state;
  struct document *doc = make_doc();
  struct reading_pauses pauses = {.sentence_ms = 500, .paragraph_ms = 1000, .heading_ms = 2000};
  struct timing t;
  assert_int_equal(timing_build(&t, doc, &pauses), 0);
  /* 60 wpm: a word a second, plus 0.5 s after a sentence and 1 s after a paragraph. */
  assert_true(timing_at(&t, 0, 60) == 0.0);
  assert_true(timing_at(&t, 1, 60) == 10.5);
  assert_true(timing_at(&t, 2, 60) == 31.5);
  assert_true(timing_at(&t, 3, 60) == 61.5);   /* nothing after the last */
  assert_true(timing_at(&t, 3, 120) == 31.5);  /* twice as fast: the words take half */
  assert_int_equal(timing_sentence_at(&t, 0, 60), 0);
  assert_int_equal(timing_sentence_at(&t, 10.4, 60), 0);
  assert_int_equal(timing_sentence_at(&t, 10.5, 60), 1);
  assert_int_equal(timing_sentence_at(&t, 45, 60), 2);
  assert_int_equal(timing_sentence_at(&t, 1e9, 60), 2);

  char of[32], left[32], words[64];
  timing_position(&t, 31.5, 60, of, sizeof of, left, sizeof left);
  assert_string_equal(of, "0:32 of 1:02");
  assert_string_equal(left, "0:30 left");
  timing_clock(3723, of, sizeof of);
  assert_string_equal(of, "1:02:03");
  timing_left_words(&t, 0, 20, words, sizeof words);   /* 181.5 s */
  assert_string_equal(words, "3 minutes left");
  timing_left_words(&t, 31.5, 60, words, sizeof words);
  assert_string_equal(words, "less than a minute left");
  timing_free(&t);
  document_free(doc);
}

/* The status line: position and length in time and what is left, muted and the sleep timer. */
static void test_status_text(void **state)
{
  (void)state;
  struct document *doc = make_doc();
  struct player_status st = {.state = PLAYER_STATE_PLAYING, .paragraph = 1, .sentence = 2,
                             .sentence_in_paragraph = 0, .wpm = 175, .volume = 90,
                             .muted = true};
  snprintf(st.voice, sizeof st.voice, "slow");
  struct panel_status_extra extra = {"12:40 of 31:05", "18:25 left", "sleep in 14:59"};
  char buf[256];
  panel_status_text(doc, &st, &extra, buf, sizeof buf);
  assert_string_equal(buf, "Playing, paragraph 2 of 2, sentence 1 of 1, 12:40 of 31:05, "
                           "18:25 left, 175 wpm, volume 90, muted, voice slow, sleep in 14:59");
  st.muted = false;
  panel_status_text(doc, &st, NULL, buf, sizeof buf);
  assert_string_equal(buf, "Playing, paragraph 2 of 2, sentence 1 of 1, 175 wpm, volume 90, "
                           "voice slow");
  document_free(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_times_from_word_counts),
    cmocka_unit_test(test_status_text),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
