/* Where a navigation key leads (player/navigation.h): numbers in, a sentence out. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "player/navigation.h"
#include "text/document.h"
#include "text/loader.h"

/* Paragraphs: 0 = {0, 1}, 1 = {2}, 2 = {3, 4}. */
static const char *const DOC =
  "The cat sat. A dog ran.\n\nBirds sing.\n\nRain fell. It stopped.\n";

static struct document *load(void)
{
  struct document *doc;
  assert_int_equal(document_load_buffer(DOC, strlen(DOC), INPUT_TXT, "t", &doc), 0);
  assert_int_equal(doc->n_sentences, 5);
  assert_int_equal(doc->n_paragraphs, 3);
  return doc;
}

static size_t go(const struct document *doc, enum player_command cmd, long arg, size_t at,
                 double in_sentence, double in_paragraph)
{
  return navigation_target(doc, cmd, arg, (struct navigation_at){ at, in_sentence,
                                                                   in_paragraph });
}

/* The 2-second rule: 1.9 s into a sentence goes back, 2.1 s restarts it. */
static void test_prev_sentence_two_seconds(void **state)
{
  struct document *doc = load();
  assert_int_equal(go(doc, PLAYER_PREV_SENTENCE, 0, 4, 1.9, 5.0), 3);
  assert_int_equal(go(doc, PLAYER_PREV_SENTENCE, 0, 4, 2.1, 5.0), 4);
  assert_int_equal(go(doc, PLAYER_PREV_SENTENCE, 0, 3, 1.9, 1.9), 2);   /* across paragraphs */
  assert_int_equal(go(doc, PLAYER_PREV_SENTENCE, 0, 0, 0.5, 0.5), 0);   /* none before */
  document_free(doc);
}

/* The same for a paragraph, measured over the whole paragraph, not the sentence. */
static void test_prev_paragraph_two_seconds(void **state)
{
  struct document *doc = load();
  assert_int_equal(go(doc, PLAYER_PREV_PARAGRAPH, 0, 4, 0.5, 1.9), 2);
  assert_int_equal(go(doc, PLAYER_PREV_PARAGRAPH, 0, 4, 0.5, 2.1), 3);
  assert_int_equal(go(doc, PLAYER_PREV_PARAGRAPH, 0, 2, 1.9, 1.9), 0);
  assert_int_equal(go(doc, PLAYER_PREV_PARAGRAPH, 0, 1, 0.1, 0.2), 0);   /* none before */
  document_free(doc);
}

static void test_forward_and_ends(void **state)
{
  struct document *doc = load();
  assert_int_equal(go(doc, PLAYER_NEXT_SENTENCE, 0, 1, 0, 0), 2);
  assert_int_equal(go(doc, PLAYER_NEXT_SENTENCE, 0, 4, 0, 0), NAVIGATION_STAY);
  assert_int_equal(go(doc, PLAYER_NEXT_PARAGRAPH, 0, 0, 0, 0), 2);
  assert_int_equal(go(doc, PLAYER_NEXT_PARAGRAPH, 0, 2, 0, 0), 3);
  assert_int_equal(go(doc, PLAYER_NEXT_PARAGRAPH, 0, 3, 0, 0), NAVIGATION_STAY);
  assert_int_equal(go(doc, PLAYER_FIRST_PARAGRAPH, 0, 4, 9, 9), 0);
  assert_int_equal(go(doc, PLAYER_LAST_PARAGRAPH, 0, 0, 0, 0), 3);
  assert_int_equal(go(doc, PLAYER_REPEAT_SENTENCE, 0, 3, 0.1, 0.1), 3);
  assert_int_equal(go(doc, PLAYER_JUMP_SENTENCE, 4, 0, 0, 0), 4);
  assert_int_equal(go(doc, PLAYER_JUMP_SENTENCE, 5, 0, 0, 0), NAVIGATION_STAY);
  assert_int_equal(go(doc, PLAYER_JUMP_SENTENCE, -1, 0, 0, 0), NAVIGATION_STAY);
  assert_int_equal(go(doc, PLAYER_NEXT_SENTENCE, 0, 99, 0, 0), NAVIGATION_STAY);   /* clamped */
  document_free(doc);
}

static void test_not_a_move(void **state)
{
  struct document *doc = load();
  static const enum player_command others[] = {
    PLAYER_TOGGLE_PAUSE, PLAYER_PLAY, PLAYER_PAUSE, PLAYER_SPEED, PLAYER_VOLUME,
    PLAYER_NEXT_VOICE, PLAYER_QUIT,
  };
  for (size_t i = 0; i < sizeof others / sizeof *others; i++) {
    assert_false(navigation_is_move(others[i]));
    assert_int_equal(go(doc, others[i], 0, 2, 0, 0), NAVIGATION_STAY);
  }
  assert_true(navigation_is_move(PLAYER_PREV_PARAGRAPH));
  document_free(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_prev_sentence_two_seconds),
    cmocka_unit_test(test_prev_paragraph_two_seconds),
    cmocka_unit_test(test_forward_and_ends),
    cmocka_unit_test(test_not_a_move),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
