/* The reading rules' speed rules: the limits, the speed keys' step and how pauses shrink with
 * the speed (one table for the reader, export and the time estimates). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "speech/reading_rules.h"
#include "speech/voice.h"
#include "text/document.h"
#include "text/loader.h"

static void test_limits(void **state)
{
  (void)state;
  assert_int_equal(READING_SPEED_MIN, 80);
  assert_int_equal(READING_SPEED_MAX, 900);
  assert_int_equal(reading_clamp(1000, READING_SPEED_MIN, READING_SPEED_MAX), 900);
  assert_string_equal(READING_STR(READING_SPEED_MAX), "900");
}

static void test_speed_step(void **state)
{
  (void)state;
  assert_int_equal(reading_speed_step(175, +1, 25), 25);
  assert_int_equal(reading_speed_step(425, +1, 25), 25);
  assert_int_equal(reading_speed_step(450, +1, 25), 50);
  assert_int_equal(reading_speed_step(450, -1, 25), 25);
  assert_int_equal(reading_speed_step(500, -1, 25), 50);
  assert_int_equal(reading_speed_step(470, -1, 25), 20);   /* lands on 450 */
  assert_int_equal(reading_speed_step(850, +1, 25), 50);
}

static void test_pauses_shrink_with_speed(void **state)
{
  (void)state;
  /* As written up to the normal pace; in proportion above it. */
  assert_int_equal(reading_pause_scaled(300, 80), 300);
  assert_int_equal(reading_pause_scaled(300, 175), 300);
  assert_int_equal(reading_pause_scaled(800, 350), 400);
  assert_int_equal(reading_pause_scaled(700, 900), 136);   /* not 700 ms at 900 wpm */
  assert_int_equal(reading_pause_scaled(0, 900), 0);
  assert_int_equal(reading_pause_scaled(-5, 175), 0);
  assert_true(reading_pause_factor(175) == 1.0);
  assert_true(reading_pause_factor(350) == 0.5);

  struct voice_profile v;
  voice_profile_defaults(&v);
  v.speed = 700;
  struct reading_pauses p = reading_pauses_of(&v);
  assert_int_equal(p.wpm, 700);
  struct document *doc = NULL;
  const char *text = "One. Two.\n\nThree.\n";
  assert_int_equal(document_load_buffer(text, strlen(text), INPUT_TXT, "t", &doc), 0);
  assert_int_equal(doc->n_sentences, 3);
  assert_int_equal(reading_pause_ms(&p, doc, 0, false), 75);    /* 300 * 175 / 700 */
  assert_int_equal(reading_pause_ms(&p, doc, 1, false), 200);   /* 800 * 175 / 700 */
  assert_int_equal(reading_pause_ms(&p, doc, 2, false), 0);     /* the end */
  p.wpm = 175;
  assert_int_equal(reading_pause_ms(&p, doc, 1, false), 800);
  document_free(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_limits),
    cmocka_unit_test(test_speed_step),
    cmocka_unit_test(test_pauses_shrink_with_speed),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
