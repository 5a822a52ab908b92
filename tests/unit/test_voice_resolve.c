/* -v NAME naming an espeak-ng voice or language, the document's language, the overrides, a
 * broken default profile; and DESIGN's one-thread rule: resolving never starts espeak-ng in
 * the calling process (the reader's main thread resolves, the player thread owns espeak-ng).
 * Nothing in this file may initialise espeak-ng itself, or the rule could not be checked. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/commands.h"
#include "speech/engine.h"
#include "speech/voice_resolve.h"
#include "util/error.h"

static char config_dir[512];

static int setup(void **state)
{
  (void)state;
  /* A private XDG_CONFIG_HOME so that the user's own profiles do not change the results. */
  const char *tmp = getenv("LECTOR_TEST_TMP");
  snprintf(config_dir, sizeof config_dir, "%s/resolveXXXXXX", tmp ? tmp : "/tmp");
  if (!mkdtemp(config_dir))
    return -1;
  setenv("XDG_CONFIG_HOME", config_dir, 1);
  char dir[600];
  snprintf(dir, sizeof dir, "%s/lector", config_dir);
  mkdir(dir, 0700);
  snprintf(dir, sizeof dir, "%s/lector/voices", config_dir);
  return mkdir(dir, 0700);
}

static int teardown(void **state)
{
  (void)state;
  char cmd[600];
  snprintf(cmd, sizeof cmd, "rm -rf '%s'", config_dir);
  return system(cmd) == 0 ? 0 : -1;
}

/* The user's default profile, or none when text is NULL. */
static void set_default_profile(const char *text)
{
  char path[700];
  snprintf(path, sizeof path, "%s/lector/voices/default.ini", config_dir);
  if (!text) {
    unlink(path);
    return;
  }
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs(text, f);
  fclose(f);
}

static char msg[512];

static int resolve(const char *name, const char *doc_lang, struct voice_profile *v)
{
  struct voice_request req = {name, doc_lang, -1, -1, -1};
  int rc = voice_resolve(&req, v, msg, sizeof msg);
  /* Whatever the answer, this process has not started espeak-ng: a child answered. */
  assert_false(tts_espeak_started());
  return rc;
}

static void test_espeak_names(void **state)
{
  (void)state;
  struct voice_profile v;
  assert_int_equal(resolve("en-us", NULL, &v), 0);
  assert_string_equal(v.espeak_voice, "en-us");
  assert_string_equal(v.name, "en-us");
  assert_int_equal(resolve("en+f3", NULL, &v), 0);
  assert_string_equal(v.espeak_voice, "en");
  assert_string_equal(v.variant, "f3");
  assert_int_equal(v.speed, 175);
  assert_int_equal(resolve("English (America)", NULL, &v), 0);
  /* en-gb is a language code, not a voice name */
  assert_int_equal(resolve("en-gb", NULL, &v), 0);
  assert_string_equal(v.language, "en-gb");
  assert_string_equal(v.espeak_voice, "");
  assert_int_equal(resolve("fr", NULL, &v), 0);
  assert_int_equal(resolve("de-de", NULL, &v), 0);
  assert_string_equal(v.language, "de-de");

  assert_int_equal(resolve("xyz", NULL, &v), LECTOR_EVOICE);
  assert_string_equal(msg, "no voice 'xyz': try 'lector voices'");
  assert_int_equal(resolve("en+nosuchvariant", NULL, &v), LECTOR_EVOICE);
  assert_int_equal(resolve("en++f3", NULL, &v), LECTOR_EVOICE);
  assert_int_equal(resolve("../../etc/passwd", NULL, &v), LECTOR_EVOICE);
  assert_int_equal(resolve("xx-yy", NULL, &v), LECTOR_EVOICE);
  /* a known language ("no") followed by words is not a more specific code of it */
  assert_int_equal(resolve("no-such-voice-xyz", NULL, &v), LECTOR_EVOICE);
  assert_int_equal(resolve("en-whatever", NULL, &v), LECTOR_EVOICE);
  /* -v wins over the document's language */
  assert_int_equal(resolve("en-us", "fr", &v), 0);
  assert_string_equal(v.espeak_voice, "en-us");
  assert_string_equal(v.language, "");
}

/* Without -v, the default profile speaks the document's language when espeak-ng has it,
 * keeping its pace and variant. */
static void test_document_language(void **state)
{
  (void)state;
  set_default_profile("[voice]\nespeak = en+f3\nspeed = 130\n");
  struct voice_profile v;
  assert_int_equal(resolve(NULL, "fr", &v), 0);
  assert_string_equal(v.language, "fr");
  assert_string_equal(v.espeak_voice, "");
  assert_string_equal(v.variant, "f3");
  assert_int_equal(v.speed, 130);
  assert_string_equal(msg, "");
  assert_int_equal(resolve(NULL, "en-US", &v), 0);
  assert_string_equal(v.language, "en-US");
  const char *unknown[] = {"zz-nope", "", "en+f3", "fr fr", "../fr"};
  for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
    assert_int_equal(resolve(NULL, unknown[i], &v), 0);
    assert_string_equal(v.espeak_voice, "en");   /* the profile's own voice */
    assert_string_equal(v.language, "");
  }
  set_default_profile(NULL);
}

/* A broken default profile is a warning, and the built-in voice reads; the same profile
 * named with -v is an error. */
static void test_broken_default(void **state)
{
  (void)state;
  /* A bad line is skipped and the rest of the profile used, by name or not. */
  set_default_profile("[voice]\nspeed = 2000\npitch = 60\n");
  struct voice_profile v;
  assert_int_equal(resolve(NULL, "de", &v), 0);
  assert_string_equal(msg, "");
  assert_int_equal(v.speed, 175);
  assert_int_equal(v.pitch, 60);
  assert_string_equal(v.language, "de");
  assert_int_equal(resolve("default", NULL, &v), 0);
  assert_int_equal(v.pitch, 60);
  /* A default profile that is none at all (over 64 KiB) gives way to the built-in voice; asked
   * for by name, it is an error. */
  static char big[70 * 1024];
  memset(big, '#', sizeof big - 1);
  set_default_profile(big);
  assert_int_equal(resolve(NULL, "de", &v), 0);
  assert_non_null(strstr(msg, "default.ini"));
  assert_non_null(strstr(msg, "; using the built-in voice"));
  assert_int_equal(v.speed, 175);
  assert_int_equal(v.pitch, 50);
  assert_string_equal(v.language, "de");
  assert_int_not_equal(resolve("default", NULL, &v), 0);
  assert_non_null(strstr(msg, "default.ini"));
  assert_null(strstr(msg, "built-in"));
  set_default_profile(NULL);
}

/* The app's helper: -v, then --speed/--pitch/--volume over it; the document language only
 * without -v. */
static void test_app_resolve_voice(void **state)
{
  (void)state;
  struct lector_options o;
  memset(&o, 0, sizeof o);
  o.speed = o.pitch = o.volume = -1;
  struct voice_profile v;
  assert_int_equal(app_resolve_voice(&o, "de", &v), 0);
  assert_string_equal(v.language, "de");
  assert_int_equal(v.speed, 175);
  o.voice = "fast";
  o.pitch = 20;
  assert_int_equal(app_resolve_voice(&o, "de", &v), 0);
  assert_string_equal(v.espeak_voice, "en");
  assert_int_equal(v.speed, 450);
  assert_int_equal(v.pitch, 20);
  o.speed = 200;
  o.volume = 150;
  assert_int_equal(app_resolve_voice(&o, NULL, &v), 0);
  assert_int_equal(v.speed, 200);
  assert_int_equal(v.volume, 150);
  o.voice = "no-such-voice-xyz";
  assert_int_equal(app_resolve_voice(&o, NULL, &v), 1);
  assert_false(tts_espeak_started());
}

/* The flag the tests above rely on does tell: starting espeak-ng here sets it. */
static void test_flag_tells(void **state)
{
  (void)state;
  assert_false(tts_espeak_started());
  assert_true(tts_espeak_init() > 0);
  assert_true(tts_espeak_started());
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_espeak_names),
    cmocka_unit_test(test_document_language),
    cmocka_unit_test(test_broken_default),
    cmocka_unit_test(test_app_resolve_voice),
    cmocka_unit_test(test_flag_tells),   /* last: it starts espeak-ng in this process */
  };
  return cmocka_run_group_tests(tests, setup, teardown);
}
