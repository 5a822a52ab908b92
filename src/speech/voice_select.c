/* Selecting espeak-ng's voices by file, with the answers kept between runs: see
 * voice_select.h. */
#include "speech/voice_select.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <espeak-ng/espeak_ng.h>
#include <espeak-ng/speak_lib.h>

#include "speech/engine.h"
#include "speech/voice.h"
#include "speech/voice_cache.h"
#include "util/error.h"

void voice_select_open_cache(void)
{
  if (voice_cache_opened())
    return;   /* once per process: every selection calls this */
  /* Without espeak-ng started here (export's parent), only its data directory is looked up:
   * nothing read, nothing started. */
  if (!tts_espeak_started())
    espeak_ng_InitializePath(NULL);
  const char *data_dir = NULL;
  const char *version = espeak_Info(&data_dir);
  voice_cache_open(data_dir, version);
}

/* A kept pick ("ID\tNAME", or "-" for none) into id and name. */
static int split_pick(const char *kept, char *id, size_t id_len, char *name, size_t name_len)
{
  const char *tab = strchr(kept, '\t');
  if (!tab || tab == kept)
    return LECTOR_EVOICE;
  if (id)
    snprintf(id, id_len, "%.*s", (int)(tab - kept), kept);
  if (name)
    snprintf(name, name_len, "%s", tab + 1);
  return 0;
}

int voice_select_kept_language(const char *lang, char *id, size_t id_len, char *name,
                               size_t name_len)
{
  voice_select_open_cache();
  const char *kept = voice_cache_get("pick", lang);
  return kept ? split_pick(kept, id, id_len, name, name_len) : -ENOENT;
}

int voice_select_language(const char *lang, char *id, size_t id_len, char *name, size_t name_len)
{
  int rc = voice_select_kept_language(lang, id, id_len, name, name_len);
  if (rc != -ENOENT)
    return rc;
  voice_select_forget();
  espeak_VOICE spec;
  memset(&spec, 0, sizeof spec);
  spec.languages = lang;
  espeak_VOICE *cur = NULL;
  char picked[256] = "-";
  if (espeak_SetVoiceByProperties(&spec) == EE_OK && (cur = espeak_GetCurrentVoice()) &&
      cur->identifier)
    snprintf(picked, sizeof picked, "%s\t%s", cur->identifier,
             cur->name ? cur->name : cur->identifier);
  voice_cache_put("pick", lang, picked);
  return split_pick(picked, id, id_len, name, name_len);
}

/* The voice espeak-ng has selected, by file ("gmw/en+f3"), when voice_select_by_name selected
 * it and nothing has changed espeak-ng's voice since; "" otherwise. Selecting it again would
 * only read the same files into the same state (1-2 ms each time: the reader's espeak-ng thread
 * selected the document's voice four times before its first word). */
static char selected_now[256];

void voice_select_forget(void)
{
  selected_now[0] = '\0';
}

bool voice_select_is_selected(const char *by_file)
{
  return selected_now[0] && strcmp(by_file, selected_now) == 0;
}

/* Keeps, once, what lang_voices needs to know of the voice selected now by by_file without
 * selecting it: its name and its first language. */
static void keep_about(const char *by_file)
{
  if (voice_cache_get("about", by_file))
    return;
  espeak_VOICE *cur = espeak_GetCurrentVoice();
  char about[256];
  snprintf(about, sizeof about, "%.63s\t%.63s", cur && cur->name ? cur->name : by_file,
           cur && cur->languages && cur->languages[0] ? cur->languages + 1 : "");
  voice_cache_put("about", by_file, about);
}

/* espeak_SetVoiceByName(by_file), unless it is the voice selected now. */
static bool select_by_file(const char *by_file)
{
  if (voice_select_is_selected(by_file))
    return true;
  voice_select_forget();
  if (espeak_SetVoiceByName(by_file) != EE_OK)
    return false;
  snprintf(selected_now, sizeof selected_now, "%s", by_file);
  keep_about(by_file);
  return true;
}

int voice_select_by_name(const char *name, char *selected, size_t len)
{
  voice_select_open_cache();
  char base[128];
  const char *plus = strchr(name, '+');
  size_t base_len = plus ? (size_t)(plus - name) : strlen(name);
  if (base_len >= sizeof base)
    return LECTOR_EVOICE;
  memcpy(base, name, base_len);
  base[base_len] = '\0';
  char by_file[256];
  const char *kept = voice_cache_get("named", base);
  if (kept && !*kept)
    return LECTOR_EVOICE;
  if (kept) {
    snprintf(by_file, sizeof by_file, "%s%s", kept, plus ? plus : "");
    if (select_by_file(by_file)) {
      snprintf(selected, len, "%s", by_file);
      return 0;
    }
  }
  /* Not kept (or its file gone): espeak-ng finds the name in its list of voices. */
  voice_select_forget();
  espeak_VOICE *cur = NULL;
  bool found = espeak_SetVoiceByName(name) == EE_OK && (cur = espeak_GetCurrentVoice()) &&
               cur->identifier;
  char file[128] = "";
  if (found) {
    snprintf(file, sizeof file, "%s", cur->identifier);
    file[strcspn(file, "+")] = '\0';   /* the variant is the name's */
  }
  voice_cache_put("named", base, file);
  if (!found)
    return LECTOR_EVOICE;
  snprintf(selected, len, "%s%s", file, plus ? plus : "");
  keep_about(selected);
  return 0;
}

/* What select_voice (engine.c) selects for voice, by file, from kept answers alone. */
static bool kept_by_file(const struct voice_profile *voice, char *by_file, size_t len)
{
  const char *lang = voice->language[0] ? voice->language : "en-gb";
  const char *plus = voice->variant[0] ? "+" : "";
  if (voice->espeak_voice[0]) {
    const char *named = voice_cache_get("named", voice->espeak_voice);
    if (!named)
      return false;
    if (*named) {
      snprintf(by_file, len, "%s%s%s", named, plus, voice->variant);
      return true;
    }
    lang = voice->espeak_voice;   /* a language code (en-gb), as select_voice finds it */
  }
  char id[128];
  if (voice_select_kept_language(lang, id, sizeof id, NULL, 0))
    return false;
  id[strcspn(id, "+")] = '\0';
  const char *named = voice_cache_get("named", id);
  if (!named || !*named)
    return false;
  snprintf(by_file, len, "%s%s%s", named, plus, voice->variant);
  return true;
}

int voice_select_kept_voice(const struct voice_profile *voice, char *name, size_t name_len,
                            char *lang, size_t lang_len)
{
  voice_select_open_cache();
  char by_file[256];
  const char *about = kept_by_file(voice, by_file, sizeof by_file)
                        ? voice_cache_get("about", by_file) : NULL;
  const char *tab = about ? strchr(about, '\t') : NULL;
  if (!tab)
    return -ENOENT;
  snprintf(name, name_len, "%.*s", (int)(tab - about), about);
  snprintf(lang, lang_len, "%s", tab + 1);
  return 0;
}

