/* espeak-ng's answers kept between runs (speech/voice_cache.h) and the voices selected by file
 * with them (voice_espeak_language, voice_espeak_select): a kept answer is the one espeak-ng
 * gives itself, a change to its voice directories or a file cut short is not trusted, and a
 * voice selected by file sounds sample for sample as the one selected by name or language. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <espeak-ng/speak_lib.h>

#include "speech/engine.h"
#include "speech/lang_voices.h"
#include "speech/voice.h"
#include "speech/voice_cache.h"
#include "speech/voice_espeak.h"
#include "speech/voice_select.h"
#include "text/document.h"
#include "text/segmenter.h"
#include "text/speech_text.h"
#include "util/child.h"

#include "audio_collect.h"

/* A new, empty $XDG_CACHE_HOME (and nothing kept in memory). */
static char *fresh_cache_home(void)
{
  const char *base = getenv("LECTOR_TEST_TMP");
  char *dir = NULL;
  assert_true(asprintf(&dir, "%s/voice-cache-XXXXXX", base ? base : "/tmp") > 0);
  assert_non_null(mkdtemp(dir));
  assert_int_equal(setenv("XDG_CACHE_HOME", dir, 1), 0);
  voice_cache_reset();
  return dir;
}

static void make_dir(const char *base, const char *rel)
{
  char path[512];
  assert_true(snprintf(path, sizeof path, "%s/%s", base, rel) < (int)sizeof path);
  assert_int_equal(mkdir(path, 0700), 0);
  /* An old time, so that a change now is seen whatever the clock's granularity. */
  struct timespec old[2] = {{1000000000, 0}, {1000000000, 0}};
  assert_int_equal(utimensat(AT_FDCWD, path, old, 0), 0);
}

static char *cache_file(const char *home)
{
  char *path = NULL;
  assert_true(asprintf(&path, "%s/lector/espeak-voices", home) > 0);
  return path;
}

/* The module alone, on a data directory of its own. */
static void test_kept_until_the_voices_change(void **state)
{
  (void)state;
  char *home = fresh_cache_home();
  char data[512];
  snprintf(data, sizeof data, "%s/data", home);
  assert_int_equal(mkdir(data, 0700), 0);
  make_dir(data, "voices");
  make_dir(data, "lang");
  make_dir(data, "lang/roa");

  assert_true(voice_cache_open(data, "9.9"));
  assert_true(voice_cache_empty());
  assert_null(voice_cache_get("pick", "fr"));
  voice_cache_put("pick", "fr", "roa/fr\tFrench (France)");
  voice_cache_put("pick", "bad\tsubject", "x");   /* not kept: the file has one per line */
  voice_cache_reset();
  assert_true(voice_cache_open(data, "9.9"));
  assert_string_equal(voice_cache_get("pick", "fr"), "roa/fr\tFrench (France)");
  assert_null(voice_cache_get("pick", "bad\tsubject"));
  voice_cache_reset();   /* another espeak-ng version: its answers may differ */
  assert_true(voice_cache_open(data, "9.10"));
  assert_null(voice_cache_get("pick", "fr"));

  /* A voice file added: its directory's time changes, and nothing kept is trusted. */
  voice_cache_reset();
  assert_true(voice_cache_open(data, "9.9"));
  voice_cache_put("pick", "fr", "roa/fr\tFrench (France)");
  char added[600];
  snprintf(added, sizeof added, "%s/lang/roa/fr-be", data);
  int fd = open(added, O_WRONLY | O_CREAT | O_EXCL, 0600);
  assert_true(fd >= 0);
  close(fd);
  voice_cache_reset();
  assert_true(voice_cache_open(data, "9.9"));
  assert_null(voice_cache_get("pick", "fr"));

  /* A file cut short (no "end" line) is not used. */
  voice_cache_put("pick", "fr", "roa/fr\tFrench (France)");
  char *path = cache_file(home);
  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(truncate(path, st.st_size - 4), 0);
  voice_cache_reset();
  assert_true(voice_cache_open(data, "9.9"));
  assert_null(voice_cache_get("pick", "fr"));
  free(path);
  voice_cache_reset();
  free(home);
}

/* What espeak-ng itself selects for a language code: (identifier, name), or rc != EE_OK. */
static espeak_ERROR espeak_pick(const char *lang, char *id, size_t id_len, char *name,
                                size_t name_len)
{
  espeak_VOICE spec;
  memset(&spec, 0, sizeof spec);
  spec.languages = lang;
  voice_select_forget();
  espeak_ERROR rc = espeak_SetVoiceByProperties(&spec);
  espeak_VOICE *cur = espeak_GetCurrentVoice();
  snprintf(id, id_len, "%s", rc == EE_OK ? cur->identifier : "");
  snprintf(name, name_len, "%s", rc == EE_OK && cur->name ? cur->name : "");
  return rc;
}

static const char *const LANGUAGES[] = {
  "en", "en-gb", "en-us", "en-GB", "fr", "fr-be", "de", "de-de", "es", "es-419", "pt", "pt-br",
  "zh", "cmn", "ja", "ru", "el", "ar", "hi", "sv", "nl", "no", "nb", "fi", "xx", "qqq-zz",
};

/* The voice of each language, asked afresh, then kept, then read back from the file: always
 * espeak-ng's own choice. */
static void test_languages_as_espeak_picks_them(void **state)
{
  (void)state;
  assert_true(tts_espeak_init() > 0);
  char *home = fresh_cache_home();
  for (int round = 0; round < 2; round++) {
    for (size_t i = 0; i < sizeof LANGUAGES / sizeof *LANGUAGES; i++) {
      char want_id[128], want_name[128], id[128] = "", name[128] = "";
      espeak_ERROR want = espeak_pick(LANGUAGES[i], want_id, sizeof want_id, want_name,
                                      sizeof want_name);
      int rc = voice_select_language(LANGUAGES[i], id, sizeof id, name, sizeof name);
      assert_int_equal(rc == 0, want == EE_OK);
      if (rc == 0) {
        assert_string_equal(id, want_id);
        assert_string_equal(name, want_name);
      }
    }
    voice_cache_reset();   /* the second round reads them from the file */
  }
  char *path = cache_file(home);
  char *text = NULL;
  FILE *f = fopen(path, "r");
  assert_non_null(f);
  size_t cap = 0;
  assert_true(getdelim(&text, &cap, '\0', f) > 0);
  fclose(f);
  assert_non_null(strstr(text, "pick\tfr\troa/fr\t"));
  assert_non_null(strstr(text, "pick\txx\t-\n"));
  free(text);
  free(path);
  free(home);
}

static const char *const NAMES[] = {"en", "en-us", "fr", "de", "en+f3", "gmw/en", "roa/fr+m2",
                                    "English (Great Britain)", "no-such-voice", "en-gb"};

/* Voices by name: selected by file once kept, the same voice espeak-ng selects by name. */
static void test_names_as_espeak_selects_them(void **state)
{
  (void)state;
  assert_true(tts_espeak_init() > 0);
  char *home = fresh_cache_home();
  for (int round = 0; round < 2; round++) {
    for (size_t i = 0; i < sizeof NAMES / sizeof *NAMES; i++) {
      voice_select_forget();
      espeak_ERROR want = espeak_SetVoiceByName(NAMES[i]);
      espeak_VOICE *cur = espeak_GetCurrentVoice();
      char want_id[128], want_name[128];
      snprintf(want_id, sizeof want_id, "%s", cur->identifier);
      snprintf(want_name, sizeof want_name, "%s", cur->name ? cur->name : "");
      /* From another voice, so that selecting it is not skipped. */
      assert_int_equal(voice_select_language("de", NULL, 0, NULL, 0), 0);
      espeak_SetVoiceByName("roa/it");
      voice_select_forget();
      char selected[160];
      int rc = voice_select_by_name(NAMES[i], selected, sizeof selected);
      assert_int_equal(rc == 0, want == EE_OK);
      if (rc == 0) {
        cur = espeak_GetCurrentVoice();
        assert_string_equal(cur->identifier, want_id);
        assert_string_equal(cur->name, want_name);
      }
    }
    voice_cache_reset();
  }
  free(home);
}

/* The audio of one sentence in voice v from a new engine, set_times times with v. */
static struct audio say(const struct voice_profile *v, int set_times)
{
  const char *text = "The quick brown fox jumps over the lazy dog, twice.";
  struct tts_engine *e = NULL;
  assert_int_equal(tts_engine_new(&e), 0);
  for (int i = 0; i < set_times; i++)
    assert_int_equal(tts_engine_set_voice(e, v), 0);
  struct document *doc = document_new(strdup(text), strlen(text));
  assert_non_null(doc);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, 0, strlen(text)), 0);
  assert_int_equal(segment_document(doc), 0);
  struct speech_text st = {0};
  assert_int_equal(speech_text_build(doc, 0, NULL, &st), 0);
  document_free(doc);
  struct audio a = {0};
  assert_int_equal(tts_engine_speak(e, &st, collect, &a, NULL, NULL), 0);
  assert_true(a.n > 1000);
  speech_text_free(&st);
  tts_engine_free(e);
  return a;
}

/* The length and a digest of the audio say(v, set_times) gives in a child process, as a new
 * process of lector would: espeak-ng keeps state across voices that no API resets, so each is
 * measured from the same start. */
struct heard {
  size_t n;
  uint64_t digest;
};

static struct heard say_in_child(const struct voice_profile *v, int set_times)
{
  int fd;
  pid_t pid = child_fork_pipe(&fd);
  assert_true(pid >= 0);
  if (pid == 0) {
    struct audio a = say(v, set_times);
    struct heard h = {a.n, 0xcbf29ce484222325ULL};
    for (size_t i = 0; i < a.n; i++)
      h.digest = (h.digest ^ (uint16_t)a.s[i]) * 0x100000001b3ULL;
    _exit(write(fd, &h, sizeof h) == (ssize_t)sizeof h ? 0 : 1);
  }
  struct heard h = {0};
  assert_true(child_answer(pid, fd, &h, sizeof h));
  return h;
}

/* Sample for sample: a voice reached by name or language through espeak-ng's list (nothing
 * kept yet), by file (kept), and selected once or again (skipped). */
static void test_same_audio_by_file(void **state)
{
  (void)state;
  struct voice_profile by_name, by_language;
  voice_profile_defaults(&by_name);
  snprintf(by_name.espeak_voice, sizeof by_name.espeak_voice, "en-us");
  snprintf(by_name.variant, sizeof by_name.variant, "f3");
  voice_profile_defaults(&by_language);
  by_language.espeak_voice[0] = '\0';
  snprintf(by_language.language, sizeof by_language.language, "fr");
  const struct voice_profile *voices[] = {&by_name, &by_language};
  for (size_t i = 0; i < 2; i++) {
    char *home = fresh_cache_home();
    struct heard asked = say_in_child(voices[i], 1);
    char *path = cache_file(home);
    assert_int_equal(access(path, R_OK), 0);   /* the answers are kept now */
    free(path);
    struct heard kept = say_in_child(voices[i], 1);
    struct heard again = say_in_child(voices[i], 3);
    assert_true(asked.n > 1000);
    assert_int_equal(asked.n, kept.n);
    assert_int_equal(asked.digest, kept.digest);
    assert_int_equal(asked.n, again.n);
    assert_int_equal(asked.digest, again.digest);
    free(home);
  }
  voice_cache_reset();
}

/* The voice of each language of a document: from the kept answers alone (no espeak-ng), as a
 * child asking espeak-ng found them. */
static void test_language_voices_kept(void **state)
{
  (void)state;
  const char *text = "An English paragraph.\n\nUn paragraphe.\n\nEin Absatz.\n\nZzz zzz.\n";
  struct document *doc = document_new(strdup(text), strlen(text));
  assert_non_null(doc);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, 0, 21), 0);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, 23, 37), 0);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, 39, 50), 0);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, 52, 60), 0);
  assert_int_equal(document_set_string(&doc->lang, "en"), 0);
  assert_int_equal(document_set_paragraph_lang(doc, 1, "fr", true), 0);
  assert_int_equal(document_set_paragraph_lang(doc, 2, "de-DE", true), 0);
  assert_int_equal(document_set_paragraph_lang(doc, 3, "zz", true), 0);
  assert_int_equal(segment_document(doc), 0);
  struct voice_profile bases[3];
  voice_profile_defaults(&bases[0]);
  voice_profile_defaults(&bases[1]);
  snprintf(bases[1].espeak_voice, sizeof bases[1].espeak_voice, "en-us");
  snprintf(bases[1].variant, sizeof bases[1].variant, "m2");
  voice_profile_defaults(&bases[2]);
  bases[2].espeak_voice[0] = '\0';
  snprintf(bases[2].language, sizeof bases[2].language, "fr");
  for (size_t b = 0; b < 3; b++) {
    char *home = fresh_cache_home();
    struct lang_voices asked, kept;
    assert_int_equal(lang_voices_resolve(doc, &bases[b], &asked), 0);
    voice_cache_reset();
    assert_int_equal(lang_voices_resolve(doc, &bases[b], &kept), 0);
    assert_int_equal(asked.n, 4);
    assert_int_equal(kept.n, asked.n);
    assert_true(asked.v[0].name[0] && asked.v[3].missing);
    for (size_t i = 0; i < asked.n; i++) {
      assert_string_equal(kept.v[i].tag, asked.v[i].tag);
      assert_string_equal(kept.v[i].id, asked.v[i].id);
      assert_string_equal(kept.v[i].name, asked.v[i].name);
      assert_int_equal(kept.v[i].missing, asked.v[i].missing);
    }
    lang_voices_free(&asked);
    lang_voices_free(&kept);
    free(home);
  }
  voice_cache_reset();
  document_free(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_kept_until_the_voices_change),
    /* Before espeak-ng starts in this process: its children start it. */
    cmocka_unit_test(test_same_audio_by_file),
    cmocka_unit_test(test_language_voices_kept),
    cmocka_unit_test(test_languages_as_espeak_picks_them),
    cmocka_unit_test(test_names_as_espeak_selects_them),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
