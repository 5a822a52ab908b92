/* Voice profiles: INI files read with inih, and resolution of -v NAME. */
#include "speech/voice.h"

#include <dirent.h>
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <espeak-ng/speak_lib.h>
#include <ini.h>

#include "speech/engine.h"
#include "speech/reading_rules.h"
#include "text/decode.h"
#include "util/error.h"
#include "util/xdg.h"
#include "util/file.h"

/* Profiles larger than this are not profiles. */
#define VOICE_MAX_FILE (64 * 1024)

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
static bool plain_name(const char *s)
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
static bool plain_name_or_variant(const char *s)
{
  const char *plus = strchr(s, '+');
  if (!plus)
    return plain_name(s);
  if (strchr(plus + 1, '+'))
    return false;
  char base[64];
  if ((size_t)(plus - s) >= sizeof base)
    return false;
  memcpy(base, s, (size_t)(plus - s));
  base[plus - s] = '\0';
  return plain_name(base) && plain_name(plus + 1);
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
    bool ok = *value && plain_name_or_variant(value);
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

static int parse(const char *ini, size_t len, struct voice_profile *out, int *bad_line,
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
  return parse(ini, len, out, bad_line, NULL, 0);
}

/* ---- the search path ---- */

/* Fills dirs with malloc'd directory names in search order; returns how many. */
static size_t search_dirs(char *dirs[4])
{
  size_t n = 0;
  char *cfg = xdg_config_dir();
  if (cfg) {
    if (asprintf(&dirs[n], "%s/voices", cfg) >= 0)
      n++;
    free(cfg);
  }
  dirs[n] = strdup(LECTOR_INSTALLED_VOICES_DIR);
  if (dirs[n])
    n++;
  /* voices/ next to the build or install tree the binary runs from: <exe>/../../voices. */
  char exe[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len > 0) {
    exe[len] = '\0';
    for (int up = 0; up < 2; up++) {
      char *slash = strrchr(exe, '/');
      if (slash)
        *slash = '\0';
    }
    if (exe[0] && asprintf(&dirs[n], "%s/voices", exe) >= 0)
      n++;
  }
  dirs[n] = strdup(LECTOR_SOURCE_VOICES_DIR);
  if (dirs[n])
    n++;
  return n;
}

/* Loads the profile file path over the defaults, naming it name. */
static int load_profile(const char *path, const char *name, struct voice_profile *out,
                        char *msg, size_t msg_len)
{
  char *data = NULL;
  size_t len = 0;
  int rc = file_read_small(path, VOICE_MAX_FILE, &data, &len);
  if (rc) {
    if (msg)
      snprintf(msg, msg_len, "cannot read voice profile '%s': %s", path, lector_strerror(rc));
    return rc;
  }
  voice_profile_defaults(out);
  out->description[0] = '\0';
  int line;
  char why[128];
  rc = parse(data, len, out, &line, why, sizeof why);
  free(data);
  if (rc) {
    if (msg)
      snprintf(msg, msg_len, "%s:%d: %s", path, line, why);
    return rc;
  }
  snprintf(out->name, sizeof out->name, "%s", name);
  return 0;
}

/* A file name is a profile name only if it can be printed and typed: no control characters,
 * which would reach the terminal through `lector voices` and the panel. */
static bool profile_name_ok(const char *name)
{
  size_t len = strlen(name);
  if (len == 0 || len >= 60 || name[0] == '.' || strchr(name, '/'))
    return false;
  for (size_t i = 0; i < len; i++)
    if (name[i] == '\t' || name[i] == '\n' || decode_control_at(name + i, len - i))
      return false;
  return true;
}

/* 0 and *found set when a profile file exists for name; errors only from reading/parsing. */
static int find_profile(const char *name, struct voice_profile *out, bool *found, char *msg,
                        size_t msg_len)
{
  *found = false;
  if (!profile_name_ok(name))
    return 0;
  char *dirs[4];
  size_t n = search_dirs(dirs);
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    if (!*found) {
      char *path = NULL;
      if (asprintf(&path, "%s/%s.ini", dirs[i], name) >= 0) {
        if (access(path, F_OK) == 0) {
          *found = true;
          rc = load_profile(path, name, out, msg, msg_len);
        }
        free(path);
      }
    }
    free(dirs[i]);
  }
  return rc;
}

/* ---- espeak-ng voices ---- */

static const char *basename_of(const char *id)
{
  const char *slash = strrchr(id, '/');
  return slash ? slash + 1 : id;
}

static bool espeak_has_variant(const char *variant)
{
  espeak_VOICE spec;
  memset(&spec, 0, sizeof spec);
  spec.languages = "variant";
  const espeak_VOICE **v = espeak_ListVoices(&spec);
  for (; v && *v; v++) {
    if (((*v)->identifier && strcasecmp(basename_of((*v)->identifier), variant) == 0) ||
        ((*v)->name && strcasecmp((*v)->name, variant) == 0))
      return true;
  }
  return false;
}

/* True when name (optionally "+variant") is an espeak-ng voice name or identifier. */
static bool espeak_has_voice(const char *name)
{
  char base[128];
  if (strlen(name) >= sizeof base)
    return false;
  strcpy(base, name);
  char *variant = strchr(base, '+');
  if (variant) {
    *variant++ = '\0';
    if (!*variant || !espeak_has_variant(variant))
      return false;
  }
  const espeak_VOICE **v = espeak_ListVoices(NULL);
  for (; v && *v; v++) {
    const char *id = (*v)->identifier ? (*v)->identifier : "";
    if (((*v)->name && strcasecmp((*v)->name, base) == 0) || strcasecmp(id, base) == 0 ||
        strcasecmp(basename_of(id), base) == 0)
      return true;
  }
  return false;
}

/* A region subtag such as "de" or "419": what may follow a language espeak-ng knows in a more
 * specific code ("de-de"). Anything longer ("no-such-voice") is not a language code. */
static bool is_region_subtag(const char *s)
{
  size_t n = strlen(s);
  if (n < 2 || n > 3)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!isalnum((unsigned char)s[i]))
      return false;
  return true;
}

/* True when espeak-ng has a voice speaking language code lang (e.g. "en-gb", "fr"). */
static bool espeak_has_language(const char *lang)
{
  const espeak_VOICE **v = espeak_ListVoices(NULL);
  size_t len = strlen(lang);
  for (; v && *v; v++) {
    /* languages: (priority byte, NUL-terminated code)*, then a 0 byte. */
    const char *p = (*v)->languages;
    while (p && *p) {
      const char *code = p + 1;
      /* Either may be the more specific: "fr" finds "fr-fr", "de-de" finds "de" (what
       * espeak_SetVoiceByProperties does too). */
      size_t clen = strlen(code);
      if (strcasecmp(code, lang) == 0 ||
          (strncasecmp(code, lang, len) == 0 && code[len] == '-') ||
          (strncasecmp(code, lang, clen) == 0 && lang[clen] == '-' &&
           is_region_subtag(lang + clen + 1)))
        return true;
      p = code + strlen(code) + 1;
    }
  }
  return false;
}

int voice_resolve_msg(const char *name, struct voice_profile *out, char *msg, size_t msg_len)
{
  if (msg && msg_len)
    msg[0] = '\0';
  bool found;
  const char *lookup = (name && *name) ? name : "default";
  int rc = find_profile(lookup, out, &found, msg, msg_len);
  if (found)
    return rc;
  if (!name || !*name) {
    voice_profile_defaults(out);
    return 0;
  }
  if (strlen(name) >= sizeof out->name || !plain_name_or_variant(name))
    goto unknown;
  if (tts_espeak_init() < 0) {
    if (msg)
      snprintf(msg, msg_len, "cannot start espeak-ng");
    return LECTOR_ETTS;
  }
  if (espeak_has_voice(name)) {
    voice_profile_defaults(out);
    snprintf(out->name, sizeof out->name, "%s", name);
    out->description[0] = '\0';
    char *plus = strchr(out->name, '+');
    size_t base_len = plus ? (size_t)(plus - out->name) : strlen(out->name);
    if (base_len >= sizeof out->espeak_voice || (plus && strlen(plus + 1) >= sizeof out->variant))
      goto unknown;
    memcpy(out->espeak_voice, out->name, base_len);
    out->espeak_voice[base_len] = '\0';
    if (plus)
      snprintf(out->variant, sizeof out->variant, "%s", plus + 1);
    return 0;
  }
  if (!strchr(name, '+') && strlen(name) < sizeof out->language && espeak_has_language(name)) {
    voice_profile_defaults(out);
    snprintf(out->name, sizeof out->name, "%s", name);
    out->description[0] = '\0';
    out->espeak_voice[0] = '\0';
    snprintf(out->language, sizeof out->language, "%s", name);
    return 0;
  }
unknown:
  if (msg)
    snprintf(msg, msg_len, "no voice '%.*s': try 'lector voices'", 60, name);
  return LECTOR_EVOICE;
}

int voice_apply_language(struct voice_profile *v, const char *lang)
{
  if (!lang || !*lang || strlen(lang) >= sizeof v->language || strchr(lang, '+') ||
      !plain_name(lang) || strchr(lang, ' ') || strchr(lang, '/'))
    return LECTOR_EVOICE;
  if (tts_espeak_init() < 0)
    return LECTOR_ETTS;
  if (!espeak_has_language(lang))
    return LECTOR_EVOICE;
  v->espeak_voice[0] = '\0';
  snprintf(v->language, sizeof v->language, "%s", lang);
  return 0;
}

int voice_resolve(const char *name, struct voice_profile *out)
{
  return voice_resolve_msg(name, out, NULL, 0);
}

/* ---- listing ---- */

static int by_name(const void *a, const void *b)
{
  return strcmp(((const struct voice_profile *)a)->name, ((const struct voice_profile *)b)->name);
}

int voice_list_profiles(struct voice_profile **out, size_t *n_out)
{
  *out = NULL;
  *n_out = 0;
  struct voice_profile *list = NULL;
  size_t n = 0, cap = 0;
  char *dirs[4];
  size_t n_dirs = search_dirs(dirs);
  int rc = 0;
  for (size_t d = 0; d < n_dirs; d++) {
    DIR *dir = rc ? NULL : opendir(dirs[d]);
    struct dirent *de;
    while (dir && (de = readdir(dir))) {
      size_t len = strlen(de->d_name);
      if (len < 5 || strcmp(de->d_name + len - 4, ".ini") != 0 || len - 4 >= 60)
        continue;
      char name[64];
      snprintf(name, sizeof name, "%.*s", (int)(len - 4), de->d_name);
      if (!profile_name_ok(name))
        continue;
      bool seen = false;
      for (size_t i = 0; i < n && !seen; i++)
        seen = strcmp(list[i].name, name) == 0;
      if (seen)
        continue;
      char *path = NULL;
      if (asprintf(&path, "%s/%s", dirs[d], de->d_name) < 0) {
        rc = -ENOMEM;
        break;
      }
      struct voice_profile v;
      int lrc = load_profile(path, name, &v, NULL, 0);
      free(path);
      if (lrc)
        continue; /* a broken profile is reported when it is used, not listed */
      if (n == cap) {
        size_t ncap = cap ? cap * 2 : 16;
        struct voice_profile *nl = realloc(list, ncap * sizeof *nl);
        if (!nl) {
          rc = -ENOMEM;
          break;
        }
        list = nl;
        cap = ncap;
      }
      list[n++] = v;
    }
    if (dir)
      closedir(dir);
    free(dirs[d]);
  }
  if (rc) {
    free(list);
    return rc;
  }
  if (n > 1)
    qsort(list, n, sizeof *list, by_name);
  *out = list;
  *n_out = n;
  return 0;
}

static int by_id(const void *a, const void *b)
{
  return strcasecmp(((const struct voice_espeak_info *)a)->id,
                    ((const struct voice_espeak_info *)b)->id);
}

int voice_list_espeak(struct voice_espeak_info **out, size_t *n_out)
{
  *out = NULL;
  *n_out = 0;
  if (tts_espeak_init() < 0)
    return LECTOR_ETTS;
  const espeak_VOICE **v = espeak_ListVoices(NULL);
  size_t n = 0;
  while (v && v[n])
    n++;
  struct voice_espeak_info *list = calloc(n ? n : 1, sizeof *list);
  if (!list)
    return -ENOMEM;
  for (size_t i = 0; i < n; i++) {
    struct voice_espeak_info *info = &list[i];
    snprintf(info->id, sizeof info->id, "%s", v[i]->identifier ? basename_of(v[i]->identifier) : "");
    snprintf(info->name, sizeof info->name, "%s", v[i]->name ? v[i]->name : "");
    size_t used = 0;
    for (const char *p = v[i]->languages; p && *p; p += strlen(p + 1) + 2) {
      int w = snprintf(info->languages + used, sizeof info->languages - used, "%s%s",
                       used ? ", " : "", p + 1);
      if (w < 0 || (size_t)w >= sizeof info->languages - used)
        break;
      used += (size_t)w;
    }
  }
  qsort(list, n, sizeof *list, by_id);
  *out = list;
  *n_out = n;
  return 0;
}

int voice_list_variants(char *buf, size_t len)
{
  if (len)
    buf[0] = '\0';
  if (tts_espeak_init() < 0)
    return LECTOR_ETTS;
  espeak_VOICE spec;
  memset(&spec, 0, sizeof spec);
  spec.languages = "variant";
  const espeak_VOICE **v = espeak_ListVoices(&spec);
  size_t used = 0;
  for (; v && *v; v++) {
    if (!(*v)->identifier)
      continue;
    int w = snprintf(buf + used, len - used, "%s%s", used ? "\n" : "", basename_of((*v)->identifier));
    if (w < 0 || (size_t)w >= len - used)
      break;
    used += (size_t)w;
  }
  return 0;
}
