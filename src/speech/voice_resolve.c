#include "speech/voice_resolve.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "speech/voice_espeak.h"
#include "speech/voice_internal.h"
#include "util/error.h"

/* A document's language that could name an espeak-ng language (e.g. "fr", "en-US"). */
static bool language_code_ok(const char *lang, size_t cap)
{
  return lang && *lang && strlen(lang) < cap && !strchr(lang, '+') && voice_plain_name(lang) &&
         !strchr(lang, ' ') && !strchr(lang, '/');
}

/* name as espeak-ng knows it: a voice (with its variant) or a language code. */
static int espeak_voice_named(const char *name, struct voice_profile *out, char *msg,
                              size_t msg_len)
{
  struct voice_espeak_answers a;
  int rc = voice_espeak_ask(name, NULL, &a);
  if (rc) {
    snprintf(msg, msg_len, "cannot start espeak-ng");
    return rc;
  }
  voice_profile_defaults(out);
  snprintf(out->name, sizeof out->name, "%s", name);
  out->description[0] = '\0';
  if (a.name_is_voice) {
    const char *plus = strchr(name, '+');
    size_t base_len = plus ? (size_t)(plus - name) : strlen(name);
    if (base_len >= sizeof out->espeak_voice || (plus && strlen(plus + 1) >= sizeof out->variant))
      return LECTOR_EVOICE;
    memcpy(out->espeak_voice, name, base_len);
    out->espeak_voice[base_len] = '\0';
    if (plus)
      snprintf(out->variant, sizeof out->variant, "%s", plus + 1);
    return 0;
  }
  if (a.name_is_language && !strchr(name, '+') && strlen(name) < sizeof out->language) {
    out->espeak_voice[0] = '\0';
    snprintf(out->language, sizeof out->language, "%s", name);
    return 0;
  }
  return LECTOR_EVOICE;
}

/* -v NAME alone: a profile on the search path, else an espeak-ng voice or language. */
static int resolve_name(const char *name, voice_warn_fn warn, void *user,
                        struct voice_profile *out, char *msg, size_t msg_len)
{
  bool found;
  int rc = voice_find_profile(name ? name : "default", out, &found, msg, msg_len, warn, user);
  if (found)
    return rc;
  if (!name) {
    voice_profile_defaults(out);
    return 0;
  }
  rc = LECTOR_EVOICE;
  if (strlen(name) < sizeof out->name && voice_plain_name_or_variant(name))
    rc = espeak_voice_named(name, out, msg, msg_len);
  if (rc == LECTOR_EVOICE)
    snprintf(msg, msg_len, "no voice '%.*s': try 'lector voices'", 60, name);
  return rc;
}

int voice_resolve(const struct voice_request *req, struct voice_profile *out, char *msg,
                  size_t msg_len)
{
  return voice_resolve_warn(req, NULL, NULL, out, msg, msg_len);
}

int voice_resolve_warn(const struct voice_request *req, voice_warn_fn warn, void *user,
                       struct voice_profile *out, char *msg, size_t msg_len)
{
  char why[512] = "";
  const char *name = req->name && *req->name ? req->name : NULL;
  int rc = resolve_name(name, warn, user, out, why, sizeof why);
  if (rc && name) {
    snprintf(msg, msg_len, "%s", why);
    return rc;
  }
  if (rc) {
    snprintf(msg, msg_len, "%s; using the built-in voice", why);
    voice_profile_defaults(out);
  } else if (msg_len) {
    msg[0] = '\0';
  }
  /* An unknown language (or espeak-ng not starting) keeps the profile's own voice. */
  struct voice_espeak_answers a;
  if (!name && language_code_ok(req->doc_lang, sizeof out->language) &&
      voice_espeak_ask(NULL, req->doc_lang, &a) == 0 && a.lang_is_language) {
    out->espeak_voice[0] = '\0';
    snprintf(out->language, sizeof out->language, "%s", req->doc_lang);
  }
  if (req->speed >= 0)
    out->speed = req->speed;
  if (req->pitch >= 0)
    out->pitch = req->pitch;
  if (req->volume >= 0)
    out->volume = req->volume;
  return 0;
}
