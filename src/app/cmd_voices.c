/* lector voices: the voice profiles and the installed espeak-ng voices, in readable columns. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app/commands.h"
#include "speech/voice.h"
#include "speech/voice_espeak.h"
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

static void print_espeak_voices(const struct voice_espeak_info *voices, size_t n_voices)
{
  int w_id = 5, w_vname = 4;
  for (size_t i = 0; i < n_voices; i++) {
    if ((int)strlen(voices[i].id) > w_id)
      w_id = (int)strlen(voices[i].id);
    if ((int)strlen(voices[i].name) > w_vname)
      w_vname = (int)strlen(voices[i].name);
  }
  printf("\nespeak-ng voices (lector -v VOICE, or -v LANGUAGE such as en-gb):\n");
  printf("  %-*s  %-*s  %s\n", w_id, "VOICE", w_vname, "NAME", "LANGUAGES");
  for (size_t i = 0; i < n_voices; i++)
    printf("  %-*s  %-*s  %s\n", w_id, voices[i].id, w_vname, voices[i].name,
           voices[i].languages);
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
  print_espeak_voices(voices, n_voices);
  print_variants();

  free(profiles);
  free(voices);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    app_error("cannot write the list to standard output");
    return 1;
  }
  return 0;
}
