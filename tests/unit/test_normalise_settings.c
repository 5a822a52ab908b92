/* The reading choices from outside the rules: the settings file's urls and punctuation keys
 * (bad values warned about, the default kept) and the panel key that cycles the punctuation
 * level, says it, and is heard from the next sentence built. */
#include <curses.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "player/player.h"
#include "text/document.h"
#include "text/normalise.h"
#include "text/segmenter.h"
#include "text/speech_text.h"
#include "ui/commands.h"
#include "ui/controller.h"
#include "ui/keys.h"
#include "ui/settings.h"
#include "ui/ui.h"

struct warnings {
  char why[8][256];
  unsigned line[8];
  int n;
};

static void collect(void *user, const char *source, unsigned line, const char *why)
{
  struct warnings *w = user;
  (void)source;
  if (w->n < 8) {
    w->line[w->n] = line;
    snprintf(w->why[w->n++], sizeof w->why[0], "%s", why);
  }
}

static void parse(const char *text, struct settings *s, struct warnings *w)
{
  memset(w, 0, sizeof *w);
  settings_defaults(s);
  assert_int_equal(settings_parse(text, strlen(text), "config", s, collect, w), 0);
}

static void test_settings_keys(void **state)
{
  (void)state;
  struct settings s;
  struct warnings w;
  parse("", &s, &w);
  assert_int_equal(s.urls, -1); /* not set: the command line's or the default stands */
  assert_int_equal(s.punctuation, -1);
  parse("[reader]\nurls = full\npunctuation = all\n", &s, &w);
  assert_int_equal(w.n, 0);
  assert_int_equal(s.urls, NORMALISE_URLS_FULL);
  assert_int_equal(s.punctuation, NORMALISE_PUNCT_ALL);
  parse("urls = silent\npunctuation = none\n", &s, &w); /* no section: [reader] */
  assert_int_equal(s.urls, NORMALISE_URLS_SILENT);
  assert_int_equal(s.punctuation, NORMALISE_PUNCT_NONE);
}

static void test_settings_bad_values(void **state)
{
  (void)state;
  struct settings s;
  struct warnings w;
  parse("[reader]\npunctuation = all\nurls = everything\npunctuation = loud\n", &s, &w);
  assert_int_equal(w.n, 2);
  assert_int_equal(w.line[0], 3);
  assert_string_equal(w.why[0], "urls must be site, full or silent, not 'everything'");
  assert_int_equal(w.line[1], 4);
  assert_string_equal(w.why[1], "punctuation must be none, some, most or all, not 'loud'");
  assert_int_equal(s.urls, -1);                          /* the bad line changed nothing */
  assert_int_equal(s.punctuation, NORMALISE_PUNCT_ALL); /* the good one stands */
}

/* A player that only records what it is told to say. */
struct fake {
  char said[8][128];
  int n_said;
  uint64_t n;
};

static void fake_send(void *self, enum player_command cmd, long arg)
{
  (void)cmd;
  (void)arg;
  ((struct fake *)self)->n++;
}

static void fake_say(void *self, const char *text)
{
  struct fake *f = self;
  if (f->n_said < 8)
    snprintf(f->said[f->n_said++], sizeof f->said[0], "%s", text);
  f->n++;
}

static uint64_t fake_sent(void *self)
{
  return ((struct fake *)self)->n;
}

static void fake_status(void *self, struct player_status *out)
{
  memset(out, 0, sizeof *out);
  out->state = PLAYER_STATE_PLAYING;
  out->applied = ((struct fake *)self)->n;
}

static struct document *make_doc(const char *text)
{
  struct document *doc = document_new(strdup(text), strlen(text));
  assert_non_null(doc);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, 0, strlen(text)), 0);
  assert_int_equal(segment_document(doc), 0);
  return doc;
}

static void test_key_cycles_level(void **state)
{
  (void)state;
  normalise_configure(-1, NORMALISE_PUNCT_SOME, "en");
  struct document *doc = make_doc("Tom & Jerry (2 + 2).");
  struct keymap keys;
  keymap_default(&keys);
  /* announce off: the level is still said, being asked for */
  struct ui_config cfg = {.doc = doc, .keys = &keys, .in_fd = 0, .wake_fd = -1,
                          .speed_step = 25, .volume_step = 10, .announce = false, .n_voices = 1};
  struct fake f = {0};
  struct controller_player p = {&f, fake_send, fake_say, fake_sent, fake_status};
  struct controller c;
  controller_init(&c, &cfg, &p, false);
  controller_update(&c);
  struct speech_text st = {0};
  static const char *const levels[] = {"most", "all", "none", "some"};
  static const char *const heard[] = {
    "Tom and Jerry (2 plus 2).",
    "Tom and Jerry open paren 2 plus 2 close paren dot",
    "Tom & Jerry (2 + 2).",
    "Tom and Jerry (2 + 2).",
  };
  for (int k = 0; k < 4; k++) {
    controller_key(&c, 'P');
    controller_flush(&c);
    char want[64];
    snprintf(want, sizeof want, "punctuation %s", levels[k]);
    assert_int_equal(f.n_said, k + 1);
    assert_string_equal(f.said[k], want);
    assert_string_equal(c.message, want);
    assert_int_equal(normalise_punct_choice(), normalise_punct_parse(levels[k]));
    /* the player builds each sentence's speech text as it starts it: the next one hears it */
    assert_int_equal(speech_text_build(doc, 0, NULL, &st), 0);
    assert_string_equal(st.text, heard[k]);
  }
  assert_int_equal(commands_by_name("punctuation"), UI_PUNCTUATION);
  controller_done(&c);
  speech_text_free(&st);
  document_free(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_settings_keys),
    cmocka_unit_test(test_settings_bad_values),
    cmocka_unit_test(test_key_cycles_level),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
