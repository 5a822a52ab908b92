/* Voice profiles: the built-in defaults and parsing an INI profile (with inih). The search path
 * is in voice_path.c, espeak-ng's own voices in voice_espeak.c, -v NAME in voice_resolve.c. */
#include "speech/voice.h"

#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ini.h>

#include "speech/voice_internal.h"

#include "speech/reading_rules.h"
#include "text/decode.h"
#include "util/error.h"

void voice_profile_defaults(struct voice_profile *out)
{
  memset(out, 0, sizeof *out);
  snprintf(out->name, sizeof out->name, "default");
  snprintf(out->description, sizeof out->description, "British English at 175 words a minute");
  snprintf(out->espeak_voice, sizeof out->espeak_voice, "en");
  out->speed = 175;
  out->pitch = 50;
  out->range = 50;
  out->volume = 100;
  out->word_gap = 0;
  out->sentence_pause_ms = 300;
  out->paragraph_pause_ms = 800;
  out->heading_pause_ms = 1000;
}

/* ---- parsing ---- */

struct parse_ctx {
  struct voice_profile *out;
  char why[128];   /* first error, without the line number */
};

struct int_key {
  const char *key;
  size_t offset;
  int min, max;
};

static const struct int_key int_keys[] = {
  {"speed", offsetof(struct voice_profile, speed), READING_SPEED_MIN, READING_SPEED_MAX},
  {"pitch", offsetof(struct voice_profile, pitch), READING_PITCH_MIN, READING_PITCH_MAX},
  {"range", offsetof(struct voice_profile, range), READING_PITCH_MIN, READING_PITCH_MAX},
  {"volume", offsetof(struct voice_profile, volume), READING_VOLUME_MIN, READING_VOLUME_MAX},
  {"word_gap", offsetof(struct voice_profile, word_gap), 0, 100},
  {"sentence_pause_ms", offsetof(struct voice_profile, sentence_pause_ms), 0, 10000},
  {"paragraph_pause_ms", offsetof(struct voice_profile, paragraph_pause_ms), 0, 10000},
  {"heading_pause_ms", offsetof(struct voice_profile, heading_pause_ms), 0, 10000},
};

static bool set_string(char *dst, size_t cap, const char *value)
{
  size_t len = strlen(value);
  if (len >= cap)
    return false;
  memcpy(dst, value, len + 1);
  return true;
}

/* A voice, variant or language name: what espeak-ng names look like, nothing else. */
bool voice_plain_name(const char *s)
{
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (!(c >= 'a' && c <= 'z') && !(c >= 'A' && c <= 'Z') && !(c >= '0' && c <= '9') &&
        c != '-' && c != '_' && c != '/' && c != ' ' && c != '(' && c != ')' && c != ',')
      return false;
  }
  return true;
}

/* A name that may carry one "+variant". */
bool voice_plain_name_or_variant(const char *s)
{
  const char *plus = strchr(s, '+');
  if (!plus)
    return voice_plain_name(s);
  if (strchr(plus + 1, '+'))
    return false;
  char base[64];
  if ((size_t)(plus - s) >= sizeof base)
    return false;
  memcpy(base, s, (size_t)(plus - s));
  base[plus - s] = '\0';
  return voice_plain_name(base) && voice_plain_name(plus + 1);
}

/* A description is only shown (by `lector voices` and the panel): its control characters
 * become spaces, and a long one is cut at a character boundary. */
static void copy_shown_text(char *dst, size_t size, const char *src)
{
  size_t n = strlen(src), i = 0, out = 0;
  while (i < n && out + 1 < size) {
    /* Tab and newline too: decode_control_at lets them through for document text. */
    size_t control = src[i] == '\t' || src[i] == '\n' ? 1 : decode_control_at(src + i, n - i);
    dst[out++] = control ? ' ' : src[i];
    i += control ? control : 1;
  }
  if (i < n)   /* cut: not in the middle of a UTF-8 sequence */
    out = decode_utf8_whole_len(dst, out);
  dst[out] = '\0';
}

static int handler(void *user, const char *section, const char *key, const char *value)
{
  struct parse_ctx *ctx = user;
  struct voice_profile *v = ctx->out;
  if (strcmp(section, "voice") != 0) {
    snprintf(ctx->why, sizeof ctx->why, "keys belong in the [voice] section");
    return 0;
  }
  for (size_t i = 0; i < sizeof int_keys / sizeof int_keys[0]; i++) {
    const struct int_key *k = &int_keys[i];
    if (strcmp(key, k->key) != 0)
      continue;
    char *end;
    errno = 0;
    long n = strtol(value, &end, 10);
    if (errno || end == value || *end || n < k->min || n > k->max) {
      snprintf(ctx->why, sizeof ctx->why, "%s must be a number from %d to %d", k->key, k->min,
               k->max);
      return 0;
    }
    *(int *)((char *)v + k->offset) = (int)n;
    return 1;
  }
  if (strcmp(key, "description") == 0) {
    copy_shown_text(v->description, sizeof v->description, value);
    return 1;
  }
  if (strcmp(key, "espeak") == 0 || strcmp(key, "language") == 0 || strcmp(key, "variant") == 0) {
    bool ok = *value && voice_plain_name_or_variant(value);
    const char *plus = strchr(value, '+');
    if (plus && key[0] != 'e')
      ok = false;
    if (key[0] == 'e') {
      /* "en+f3" is the voice and its variant */
      size_t base = plus ? (size_t)(plus - value) : strlen(value);
      ok = ok && base > 0 && base < sizeof v->espeak_voice;
      if (ok) {
        memcpy(v->espeak_voice, value, base);
        v->espeak_voice[base] = '\0';
        v->language[0] = '\0';
        if (plus)
          ok = set_string(v->variant, sizeof v->variant, plus + 1);
      }
    } else if (key[0] == 'l') {
      ok = ok && set_string(v->language, sizeof v->language, value);
      if (ok)
        v->espeak_voice[0] = '\0';
    } else {
      ok = ok && set_string(v->variant, sizeof v->variant, value);
    }
    if (!ok) {
      snprintf(ctx->why, sizeof ctx->why, "bad %s name", key);
      return 0;
    }
    return 1;
  }
  snprintf(ctx->why, sizeof ctx->why, "unknown key '%.40s'", key);
  return 0;
}

/* inih reads lines into a 200-byte buffer and splits longer ones, which would shift the line
 * numbers and parse the rest of a line as a line of its own. Lines are fitted first, keeping
 * their count: a long comment becomes empty, a long description is cut (it is cut for showing
 * anyway), any other long line is refused here with its number. */
#define VOICE_MAX_LINE 180

static bool is_description_line(const char *s, size_t len)
{
  size_t i = 0;
  while (i < len && (s[i] == ' ' || s[i] == '\t'))
    i++;
  if (len - i < 11 || memcmp(s + i, "description", 11) != 0)
    return false;
  i += 11;
  while (i < len && (s[i] == ' ' || s[i] == '\t'))
    i++;
  return i < len && (s[i] == '=' || s[i] == ':');
}

/* Writes ini[0, len) into copy (len + 1 bytes) with every line fitted; returns 0 or the 1-based
 * number of a line that cannot be. */
static int fit_lines(const char *ini, size_t len, char *copy)
{
  size_t out = 0;
  int line = 0;
  for (size_t i = 0; i < len || (i == len && line == 0);) {
    line++;
    const char *nl = memchr(ini + i, '\n', len - i);
    size_t end = nl ? (size_t)(nl - ini) : len;
    size_t n = end - i;
    const char *l = ini + i;
    if (n > VOICE_MAX_LINE) {
      size_t k = 0;
      while (k < n && (l[k] == ' ' || l[k] == '\t'))
        k++;
      if (k < n && (l[k] == ';' || l[k] == '#')) {
        n = 0;
      } else if (is_description_line(l, n)) {
        n = VOICE_MAX_LINE;
        while (n > 0 && ((unsigned char)l[n] & 0xC0) == 0x80)
          n--; /* not inside a UTF-8 sequence */
      } else {
        return line;
      }
    }
    memcpy(copy + out, l, n);
    out += n;
    if (nl)
      copy[out++] = '\n';
    i = nl ? end + 1 : len + 1;
  }
  copy[out] = '\0';
  return 0;
}

int voice_parse(const char *ini, size_t len, struct voice_profile *out, int *bad_line,
                char *why, size_t why_len)
{
  *bad_line = 0;
  const char *nul = memchr(ini, '\0', len);
  if (len > VOICE_MAX_FILE || nul) {
    *bad_line = 1;
    for (const char *p = ini; nul && p < nul; p++)
      *bad_line += *p == '\n';
    if (why)
      snprintf(why, why_len, "not a voice profile");
    return LECTOR_EPARSE;
  }
  char *copy = malloc(len + 1);
  if (!copy)
    return -ENOMEM;
  int long_line = fit_lines(ini, len, copy);
  if (long_line) {
    free(copy);
    *bad_line = long_line;
    if (why)
      snprintf(why, why_len, "line too long");
    return LECTOR_EPARSE;
  }
  struct voice_profile tmp = *out;
  struct parse_ctx ctx = {.out = &tmp};
  int line = ini_parse_string(copy, handler, &ctx);
  free(copy);
  if (line != 0) {
    *bad_line = line > 0 ? line : 1;
    if (why)
      snprintf(why, why_len, "%s", ctx.why[0] ? ctx.why : "not an INI line");
    return LECTOR_EPARSE;
  }
  *out = tmp;
  return 0;
}

int voice_profile_parse(const char *ini, size_t len, struct voice_profile *out, int *bad_line)
{
  return voice_parse(ini, len, out, bad_line, NULL, 0);
}
