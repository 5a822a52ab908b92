/* The player's real thread with espeak-ng and the null sink (untimed): one run to the end,
 * a command on the way. Waits poll the status with a generous deadline; nothing asserts how
 * long anything took. Everything else about the player is tested without espeak-ng
 * (test_player.c, test_player_settings.c). */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>
#include <jansson.h>

#include "audio/sink.h"
#include "player/player.h"
#include "speech/engine.h"
#include "speech/voice.h"
#include "text/document.h"
#include "text/loader.h"
#include "util/trace.h"

#define DEADLINE_S 30.0

static const char *const DOC =
  "The cat sat. A dog ran.\n\nBirds sing loudly in the trees.\n\nRain fell. It stopped.\n";

static double now_s(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* Polls until the player has handled every command sent and is in state; fails after
 * DEADLINE_S. */
static struct player_status wait_state(struct player *p, enum player_state state)
{
  double end = now_s() + DEADLINE_S;
  struct player_status s;
  for (;;) {
    player_status(p, &s);
    if (s.state == state && s.applied == player_sent(p))
      return s;
    if (now_s() > end)
      fail_msg("the player never reached state %d (it is in %d)", state, s.state);
    struct timespec ts = { .tv_nsec = 1000000L };
    nanosleep(&ts, NULL);
  }
}

static void test_reads_with_espeak(void **state)
{
  struct document *doc;
  assert_int_equal(document_load_buffer(DOC, strlen(DOC), INPUT_TXT, "t", &doc), 0);
  struct voice_profile voice;
  voice_profile_defaults(&voice);
  snprintf(voice.name, sizeof voice.name, "default");
  char path[4200];
  const char *base = getenv("LECTOR_TEST_TMP");
  snprintf(path, sizeof path, "%s/player-espeak-%ld.jsonl", base && *base ? base : "/tmp",
           (long)getpid());
  struct trace *trace;
  assert_int_equal(trace_open(path, &trace), 0);
  int rate = tts_espeak_init();
  assert_true(rate > 0);
  struct sink *sink;
  struct sink_options so = { .sample_rate = rate, .untimed = true };
  assert_int_equal(sink_open("null", &so, &sink, NULL, 0), 0);
  struct player_config cfg = { .doc = doc, .voices = &voice, .n_voices = 1, .sink = sink,
                               .trace = trace, .start_paused = true };
  struct player *p;
  assert_int_equal(player_new(&cfg, &p), 0);
  player_send(p, PLAYER_NEXT_PARAGRAPH, 0);
  player_send(p, PLAYER_PLAY, 0);
  struct player_status s = wait_state(p, PLAYER_STATE_FINISHED);
  assert_int_equal(s.sentence, 4);
  assert_int_equal(s.error, 0);
  assert_true(s.elapsed > 0.5);   /* three sentences of real speech were heard */
  player_free(p);
  sink_close(sink);
  trace_close(trace);

  FILE *in = fopen(path, "r");
  assert_non_null(in);
  char line[512], audio[256] = "";
  while (fgets(line, sizeof line, in)) {
    json_t *o = json_loads(line, 0, NULL);
    assert_non_null(o);
    if (!strcmp(json_string_value(json_object_get(o, "event")), "audio"))
      snprintf(audio + strlen(audio), sizeof audio - strlen(audio), "%s%lld.%lld",
               audio[0] ? " " : "", (long long)json_integer_value(json_object_get(o, "paragraph")),
               (long long)json_integer_value(json_object_get(o, "sentence")));
    json_decref(o);
  }
  fclose(in);
  unlink(path);
  assert_string_equal(audio, "1.0 2.0 2.1");
  document_free(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_reads_with_espeak),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
