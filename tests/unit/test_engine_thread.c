/* The reader's espeak-ng thread (speech/engine_thread.h): the voice questions asked of it give
 * the children's answers, and the player runs on it. Nothing here depends on a clock. */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "audio/sink.h"
#include "player/player.h"
#include "player/synth.h"
#include "speech/engine.h"
#include "speech/engine_thread.h"
#include "speech/lang_voices.h"
#include "speech/voice.h"
#include "speech/voice_espeak.h"
#include "text/document.h"
#include "text/segmenter.h"

static struct document *two_language_doc(void)
{
  const char *text = "An English paragraph.\n\nUn paragraphe en français.\n";
  struct document *doc = document_new(strdup(text), strlen(text));
  assert_non_null(doc);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, 0, 21), 0);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, 23, strlen(text) - 1), 0);
  assert_int_equal(document_set_string(&doc->lang, "en"), 0);
  assert_int_equal(document_set_paragraph_lang(doc, 1, "fr", true), 0);
  assert_int_equal(segment_document(doc), 0);
  return doc;
}

static void resolve(const struct document *doc, struct lang_voices *lv)
{
  struct voice_profile base;
  voice_profile_defaults(&base);
  assert_int_equal(lang_voices_resolve(doc, &base, lv), 0);
  assert_int_equal(lv->n, 2);
}

static pthread_t job_thread;

static void note_thread(void *arg)
{
  (void)arg;
  job_thread = pthread_self();
}

static pthread_t synth_thread;

/* A synthesiser that only notes the thread it is created on, and fails (the player then
 * stops at once). */
static int noting_create(void *user, void **state)
{
  (void)user;
  *state = NULL;
  synth_thread = pthread_self();
  return -EIO;
}

static void noting_free(void *state)
{
  (void)state;
}

static const struct player_synth_ops noting_synth = {.create = noting_create,
                                                     .free = noting_free};

/* Asked before the thread, a child answers; asked while it runs, the thread does (espeak-ng then
 * runs in this process): the same answers. The player runs on it. */
static void test_questions_and_player_on_the_thread(void **state)
{
  (void)state;
  struct voice_espeak_answers child, thread;
  assert_int_equal(voice_espeak_ask("en-us+f3", "fr", &child), 0);
  assert_true(child.name_is_voice || child.name_is_language);
  assert_true(child.lang_is_language);
  struct document *doc = two_language_doc();
  struct lang_voices by_child, by_thread;
  resolve(doc, &by_child);
  assert_false(tts_espeak_started());
  assert_false(engine_thread_running());

  assert_int_equal(engine_thread_start(), 0);
  assert_true(engine_thread_running());
  assert_int_equal(voice_espeak_ask("en-us+f3", "fr", &thread), 0);
  assert_true(tts_espeak_started());
  assert_memory_equal(&child, &thread, sizeof child);
  assert_int_equal(voice_espeak_ask("no-such-voice-xyz", "xx-nolang", &thread), 0);
  assert_false(thread.name_is_voice || thread.name_is_language || thread.lang_is_language);
  resolve(doc, &by_thread);
  assert_string_equal(by_child.v[1].id, by_thread.v[1].id);
  assert_string_equal(by_child.v[1].name, by_thread.v[1].name);
  assert_string_equal(by_child.v[0].name, by_thread.v[0].name);
  assert_true(by_thread.v[1].id[0] != '\0');

  assert_true(engine_thread_call(note_thread, NULL));
  struct voice_profile voice;
  voice_profile_defaults(&voice);
  struct sink *sink;
  struct sink_options so = {.sample_rate = 22050, .untimed = true};
  assert_int_equal(sink_open("null", &so, &sink, NULL, 0), 0);
  struct player_config cfg = {.doc = doc, .voices = &voice, .n_voices = 1, .sink = sink,
                              .synth = &noting_synth};
  struct player *p = NULL;
  assert_int_equal(player_new(&cfg, &p), -EIO);
  assert_true(pthread_equal(synth_thread, job_thread));
  assert_false(pthread_equal(synth_thread, pthread_self()));

  engine_thread_stop();
  assert_false(engine_thread_running());
  assert_false(engine_thread_call(note_thread, NULL));
  sink_close(sink);
  lang_voices_free(&by_child);
  lang_voices_free(&by_thread);
  document_free(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_questions_and_player_on_the_thread),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
