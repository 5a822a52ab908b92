/* Voice profiles: the built-in defaults and parsing an INI profile (with inih). The search path
 * is in voice_path.c, espeak-ng's own voices in voice_espeak.c, -v NAME in voice_resolve.c. */
#include "speech/voice.h"

#include <errno.h>
#include <stdarg.h>
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

/* inih reads through read_line (below), so that the handler knows the line it is given. Every
 * bad line is reported through warn and skipped; the good ones apply. */
struct parse_ctx {
  const char *p, *end;          /* what is left to give inih */
  unsigned line;                /* the line inih was given last */
  struct voice_profile *out;
  voice_warn_fn warn;
  void *user;
  const char *source;
  unsigned first_bad;           /* 0: none yet */
};

static void bad_line(struct parse_ctx *ctx, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

static void bad_line(struct parse_ctx *ctx, const char *fmt, ...)
{
  char why[160];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  if (!ctx->first_bad)
    ctx->first_bad = ctx->line;
  if (ctx->warn)
    ctx->warn(ctx->user, ctx->source, ctx->line, why);
}

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

/* espeak, language or variant = value into *v; false when value is not such a name. */
static bool set_voice_name(struct voice_profile *v, const char *key, const char *value)
{
  bool ok = *value && voice_plain_name_or_variant(value);
  const char *plus = strchr(value, '+');
  if (!ok || (plus && key[0] != 'e'))
    return false;
  if (key[0] == 'e') {
    /* "en+f3" is the voice and its variant */
    size_t base = plus ? (size_t)(plus - value) : strlen(value);
    if (base == 0 || base >= sizeof v->espeak_voice)
      return false;
    memcpy(v->espeak_voice, value, base);
    v->espeak_voice[base] = '\0';
    v->language[0] = '\0';
    return !plus || set_string(v->variant, sizeof v->variant, plus + 1);
  }
  if (key[0] == 'l') {
    if (!set_string(v->language, sizeof v->language, value))
      return false;
    v->espeak_voice[0] = '\0';
    return true;
  }
  return set_string(v->variant, sizeof v->variant, value);
}

/* Applies one key to *v; on a bad one says why (in why) and leaves *v as it was. */
static bool apply_key(struct voice_profile *v, const char *key, const char *value, char *why,
                      size_t why_len)
{
  for (size_t i = 0; i < sizeof int_keys / sizeof int_keys[0]; i++) {
    const struct int_key *k = &int_keys[i];
    if (strcmp(key, k->key) != 0)
      continue;
    char *end;
    errno = 0;
    long n = strtol(value, &end, 10);
    if (errno || end == value || *end || n < k->min || n > k->max) {
      snprintf(why, why_len, "%s must be a number from %d to %d", k->key, k->min, k->max);
      return false;
    }
    *(int *)((char *)v + k->offset) = (int)n;
    return true;
  }
  if (strcmp(key, "description") == 0) {
    copy_shown_text(v->description, sizeof v->description, value);
    return true;
  }
  if (strcmp(key, "espeak") == 0 || strcmp(key, "language") == 0 || strcmp(key, "variant") == 0) {
    struct voice_profile before = *v;
    if (set_voice_name(v, key, value))
      return true;
    *v = before;
    snprintf(why, why_len, "bad %s name", key);
    return false;
  }
  snprintf(why, why_len, "unknown key '%.40s'", key);
  return false;
}

static int handler(void *user, const char *section, const char *key, const char *value)
{
  struct parse_ctx *ctx = user;
  char why[128];
  if (strcmp(section, "voice") != 0)
    bad_line(ctx, "keys belong in the [voice] section");
  else if (!apply_key(ctx->out, key, value, why, sizeof why))
    bad_line(ctx, "%s", why);
  return 1;   /* go on: every bad line is reported and skipped, the rest applies */
}

/* inih reads lines into a 200-byte buffer and splits longer ones, which would shift the line
 * numbers and parse the rest of a line as a line of its own. A line that does not fit is
 * consumed whole here: a long comment is dropped, a long description cut (it is cut for showing
 * anyway), any other long line reported and skipped. */
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

/* A line inih would refuse for sure (it only remembers the first such line): one not indented
 * (an indented line may continue a value) with neither a key nor a whole [section]. */
static bool surely_not_ini(const char *l, size_t n, bool first)
{
  if (first && n >= 3 && memcmp(l, "\xEF\xBB\xBF", 3) == 0) {
    l += 3;
    n -= 3;
  }
  while (n > 0 && (l[n - 1] == '\n' || l[n - 1] == '\r' || l[n - 1] == ' ' || l[n - 1] == '\t'))
    n--;
  if (n == 0 || l[0] == ' ' || l[0] == '\t' || l[0] == ';' || l[0] == '#')
    return false;
  if (l[0] == '[')
    return !memchr(l, ']', n);
  return !memchr(l, '=', n) && !memchr(l, ':', n);
}

static char *read_line(char *str, int num, void *stream)
{
  struct parse_ctx *ctx = stream;
  if (ctx->p >= ctx->end || num < 4)
    return NULL;
  ctx->line++;
  const char *l = ctx->p;
  const char *nl = memchr(l, '\n', (size_t)(ctx->end - l));
  size_t n = nl ? (size_t)(nl - l) + 1 : (size_t)(ctx->end - l);
  ctx->p += n;
  size_t k = 0;
  while (k < n && (l[k] == ' ' || l[k] == '\t'))
    k++;
  bool comment = k < n && (l[k] == ';' || l[k] == '#');
  if (n > (size_t)num - 1 && is_description_line(l, n)) {
    size_t cut = (size_t)num - 2;
    while (cut > 0 && ((unsigned char)l[cut] & 0xC0) == 0x80)
      cut--;   /* not inside a UTF-8 sequence */
    memcpy(str, l, cut);
    memcpy(str + cut, "\n", 2);
    return str;
  }
  if (n > (size_t)num - 1 && !comment)
    bad_line(ctx, "line too long");
  else if (surely_not_ini(l, n, ctx->line == 1))
    bad_line(ctx, "not 'key = value' nor a [section]");
  else if (n <= (size_t)num - 1) {
    memcpy(str, l, n);
    str[n] = '\0';
    return str;
  }
  memcpy(str, "\n", 2);   /* skipped, and the line count stays right */
  return str;
}

int voice_profile_parse_warn(const char *ini, size_t len, const char *source,
                             struct voice_profile *out, voice_warn_fn warn, void *user,
                             int *first_bad)
{
  *first_bad = 0;
  const char *nul = memchr(ini, '\0', len);
  if (len > VOICE_MAX_FILE || nul) {
    *first_bad = 1;
    for (const char *p = ini; nul && p < nul; p++)
      *first_bad += *p == '\n';
    return LECTOR_EPARSE;
  }
  struct voice_profile tmp = *out;
  struct parse_ctx ctx = {
    .p = ini, .end = ini + len, .out = &tmp, .warn = warn, .user = user, .source = source,
  };
  int line = ini_parse_stream(read_line, &ctx, handler, &ctx);
  if (line == -2)
    return -ENOMEM;
  if (line > 0) {   /* a line inih refused that surely_not_ini let through */
    ctx.line = (unsigned)line;
    bad_line(&ctx, "not 'key = value' nor a [section]");
    if ((unsigned)line < ctx.first_bad)
      ctx.first_bad = (unsigned)line;
  }
  *first_bad = (int)ctx.first_bad;
  *out = tmp;
  return 0;
}

int voice_profile_parse(const char *ini, size_t len, struct voice_profile *out, int *bad_line)
{
  return voice_profile_parse_warn(ini, len, "profile", out, NULL, NULL, bad_line);
}
