/* lector voices: the voice profiles and the installed espeak-ng voices, in readable columns. */
#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "speech/voice.h"
#include "speech/voice_espeak.h"
#include "ui/phrases.h"
#include "util/error.h"

/* "en-gb+f3": what a profile speaks with. */
static void profile_voice(const struct voice_profile *p, char *buf, size_t len)
{
  const char *base = p->espeak_voice[0] ? p->espeak_voice : p->language;
  if (p->variant[0])
    snprintf(buf, len, "%s+%s", base, p->variant);
  else
    snprintf(buf, len, "%s", base);
}

static void print_profiles(const struct voice_profile *profiles, size_t n_profiles)
{
  int w_name = 7, w_voice = 5;
  for (size_t i = 0; i < n_profiles; i++) {
    char v[128];
    profile_voice(&profiles[i], v, sizeof v);
    if ((int)strlen(profiles[i].name) > w_name)
      w_name = (int)strlen(profiles[i].name);
    if ((int)strlen(v) > w_voice)
      w_voice = (int)strlen(v);
  }
  printf("Voice profiles (lector -v PROFILE):\n");
  if (n_profiles == 0)
    printf("  (none found)\n");
  else
    printf("  %-*s  %-*s  %5s  %s\n", w_name, "PROFILE", w_voice, "VOICE", "WPM", "DESCRIPTION");
  for (size_t i = 0; i < n_profiles; i++) {
    char v[128];
    profile_voice(&profiles[i], v, sizeof v);
    printf("  %-*s  %-*s  %5d  %s\n", w_name, profiles[i].name, w_voice, v, profiles[i].speed,
           profiles[i].description);
  }
}

/* A voice listed under a language it speaks: under each primary subtag of its languages. */
struct lang_entry {
  char lang[12];      /* "en" for "en-gb", lower case */
  size_t voice;       /* index into the voices */
};

static int by_lang(const void *a, const void *b)
{
  const struct lang_entry *x = a, *y = b;
  int c = strcmp(x->lang, y->lang);
  return c ? c : x->voice < y->voice ? -1 : x->voice > y->voice;
}

/* Every (primary language, voice) pair, sorted by language; NULL when out of memory. */
static struct lang_entry *voices_by_lang(const struct voice_espeak_info *voices, size_t n,
                                         size_t *n_out)
{
  size_t cap = 0, used = 0;
  for (size_t i = 0; i < n; i++)
    cap += 1 + strlen(voices[i].languages) / 2;
  struct lang_entry *e = calloc(cap ? cap : 1, sizeof *e);
  for (size_t i = 0; e && i < n; i++) {
    size_t first = used;
    for (const char *p = voices[i].languages; *p && used < cap;) {
      size_t len = strcspn(p, ", "), primary = strcspn(p, "-, ");
      char lang[12];
      snprintf(lang, sizeof lang, "%.*s", (int)(primary < 11 ? primary : 11), p);
      for (char *c = lang; *c; c++)
        *c = (char)tolower((unsigned char)*c);
      bool seen = false;
      for (size_t k = first; k < used && !seen; k++)
        seen = strcmp(e[k].lang, lang) == 0;
      if (!seen && lang[0])
        e[used++] = (struct lang_entry){.voice = i};
      if (!seen && lang[0])
        memcpy(e[used - 1].lang, lang, sizeof lang);
      p += len;
      p += strspn(p, ", ");
    }
  }
  if (e)
    qsort(e, used, sizeof *e, by_lang);
  *n_out = used;
  return e;
}

/* The voices grouped by language, the one lector picks for the language marked with '*'. */
static int print_espeak_voices(const struct voice_espeak_info *voices, size_t n_voices)
{
  size_t n;
  struct lang_entry *e = voices_by_lang(voices, n_voices, &n);
  if (!e)
    return -ENOMEM;
  int w_id = 5, w_vname = 4;
  for (size_t i = 0; i < n_voices; i++) {
    if ((int)strlen(voices[i].id) > w_id)
      w_id = (int)strlen(voices[i].id);
    if ((int)strlen(voices[i].name) > w_vname)
      w_vname = (int)strlen(voices[i].name);
  }
  printf("\nespeak-ng voices by language (lector -v VOICE, or -v LANGUAGE such as en-gb);\n"
         "* marks the voice lector picks for a text in that language:\n");
  printf("    %-*s  %-*s  %s\n", w_id, "VOICE", w_vname, "NAME", "LANGUAGES");
  char pick[64] = "";
  for (size_t i = 0; i < n; i++) {
    if (i == 0 || strcmp(e[i].lang, e[i - 1].lang) != 0) {
      char name[64];
      phrases_language(e[i].lang, name, sizeof name);
      printf(strcmp(name, e[i].lang) ? "  %s  %s\n" : "  %s\n", e[i].lang, name);
      if (voice_espeak_pick(e[i].lang, pick, sizeof pick))
        pick[0] = '\0';
    }
    const struct voice_espeak_info *v = &voices[e[i].voice];
    printf("  %s %-*s  %-*s  %s\n", strcmp(v->id, pick) == 0 ? "*" : " ", w_id, v->id, w_vname,
           v->name, v->languages);
  }
  free(e);
  return 0;
}

/* wrapped at 78 columns */
static void print_variants(void)
{
  char variants[4096];
  if (voice_list_variants(variants, sizeof variants) == 0 && variants[0]) {
    printf("\nVariants (lector -v VOICE+VARIANT, e.g. en+f3):\n ");
    int col = 1;
    for (char *tok = strtok(variants, "\n"); tok; tok = strtok(NULL, "\n")) {
      int len = (int)strlen(tok);
      if (col + 1 + len > 78) {
        printf("\n ");
        col = 1;
      }
      printf(" %s", tok);
      col += 1 + len;
    }
    putchar('\n');
  }
}

int cmd_voices(const struct lector_options *opts)
{
  (void)opts;
  struct voice_profile *profiles;
  size_t n_profiles;
  int rc = voice_list_profiles_warn(&profiles, &n_profiles, app_line_warning, NULL);
  app_file_warnings_end();
  if (rc) {
    app_error("cannot list voice profiles: %s", lector_strerror(rc));
    return 1;
  }
  struct voice_espeak_info *voices;
  size_t n_voices;
  rc = voice_list_espeak(&voices, &n_voices);
  if (rc) {
    free(profiles);
    app_error("cannot list espeak-ng voices: %s", lector_strerror(rc));
    return 1;
  }

  print_profiles(profiles, n_profiles);
  rc = print_espeak_voices(voices, n_voices);
  if (!rc)
    print_variants();

  free(profiles);
  free(voices);
  if (rc) {
    app_error("%s", lector_strerror(rc));
    return 1;
  }
  if (fflush(stdout) != 0 || ferror(stdout)) {
    app_error("cannot write the list to standard output");
    return 1;
  }
  return 0;
}
