#include "ui/settings.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ini.h>

#include "speech/reading_rules.h"
#include "text/normalise.h"
#include "ui/commands.h"
#include "util/error.h"
#include "util/xdg.h"
#include "util/file.h"

void settings_defaults(struct settings *s)
{
  memset(s, 0, sizeof *s);
  s->speed = -1;
  s->colour = true;
  s->urls = s->punctuation = -1;
  keymap_default(&s->keys);
}

/* inih reads through this, so that the handler knows the line it is given. */
struct reader {
  const char *p, *end;
  unsigned line;
};

struct parse {
  struct reader rd;
  struct settings *s;
  const char *source;
  settings_warn_fn warn;
  void *user;
  unsigned last_warned;
};

static void warn(struct parse *ps, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* inih gives one line at a time into its 200-byte buffer and would read the rest of a longer
 * line as a line of its own, with the wrong number. A line that does not fit is consumed whole
 * here instead: a long comment is just skipped, anything else is reported and skipped. */
static char *read_line(char *str, int num, void *stream)
{
  struct parse *ps = stream;
  struct reader *rd = &ps->rd;
  if (rd->p >= rd->end || num < 2)
    return NULL;
  rd->line++;
  const char *nl = memchr(rd->p, '\n', (size_t)(rd->end - rd->p));
  size_t n = nl ? (size_t)(nl - rd->p) + 1 : (size_t)(rd->end - rd->p);
  const char *l = rd->p;
  rd->p += n;
  if (n <= (size_t)num - 1) {
    memcpy(str, l, n);
    str[n] = '\0';
    return str;
  }
  size_t k = 0;
  while (k < n && (l[k] == ' ' || l[k] == '\t'))
    k++;
  if (k < n && l[k] != ';' && l[k] != '#' && l[k] != '\n')
    warn(ps, "line longer than %d characters", num - 2);
  str[0] = '\n';
  str[1] = '\0';
  return str;
}

static void warn(struct parse *ps, const char *fmt, ...)
{
  char why[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(why, sizeof why, fmt, ap);
  va_end(ap);
  ps->last_warned = ps->rd.line;
  if (ps->warn)
    ps->warn(ps->user, ps->source, ps->rd.line, why);
}

static int parse_bool(const char *v, bool *out)
{
  static const char *yes[] = {"yes", "true", "on", "1"};
  static const char *no[] = {"no", "false", "off", "0"};
  for (size_t i = 0; i < 4; i++) {
    if (strcasecmp(v, yes[i]) == 0) {
      *out = true;
      return 0;
    }
    if (strcasecmp(v, no[i]) == 0) {
      *out = false;
      return 0;
    }
  }
  return LECTOR_EPARSE;
}

/* A whole decimal number in [lo, hi] into *out; LECTOR_EPARSE (and *out untouched) otherwise. */
static int parse_int(const char *v, int lo, int hi, int *out)
{
  char *end;
  long n = strtol(v, &end, 10);
  if (!v[0] || *end || n < lo || n > hi)
    return LECTOR_EPARSE;
  *out = (int)n;
  return 0;
}

/* urls and punctuation: the names --urls and --punctuation take (text/normalise.h). True when
 * name was one of them (handled, or warned about). */
static bool speech_setting(struct parse *ps, const char *name, const char *value)
{
  bool urls = strcmp(name, "urls") == 0;
  if (!urls && strcmp(name, "punctuation") != 0)
    return false;
  int v = urls ? normalise_urls_parse(value) : normalise_punct_parse(value);
  if (v < 0)
    warn(ps, urls ? "urls must be site, full or silent, not '%s'"
                  : "punctuation must be none, some, most or all, not '%s'", value);
  else if (urls)
    ps->s->urls = v;
  else
    ps->s->punctuation = v;
  return true;
}

static void reader_setting(struct parse *ps, const char *name, const char *value)
{
  struct settings *s = ps->s;
  bool b;
  if (speech_setting(ps, name, value))
    return;
  if (strcmp(name, "voice") == 0) {
    if (!value[0] || strlen(value) >= sizeof s->voice)
      warn(ps, "voice must be a name of 1 to %zu characters", sizeof s->voice - 1);
    else {
      snprintf(s->voice, sizeof s->voice, "%s", value);
      s->voice_line = ps->rd.line;
    }
  } else if (strcmp(name, "speed") == 0) {
    if (parse_int(value, READING_SPEED_MIN, READING_SPEED_MAX, &s->speed) != 0)
      warn(ps, "speed must be %d to %d words a minute, not '%s'", READING_SPEED_MIN,
           READING_SPEED_MAX, value);
  } else if (strcmp(name, "stop-after-paragraph") == 0) {
    if (parse_bool(value, &b) != 0)
      warn(ps, "stop-after-paragraph must be yes or no, not '%s'", value);
    else
      s->stop_after_paragraph = b;
  } else if (strcmp(name, "announce") == 0) {
    if (parse_bool(value, &b) != 0)
      warn(ps, "announce must be yes or no, not '%s'", value);
    else
      s->announce = b;
  } else if (strcmp(name, "max-width") == 0) {
    if (parse_int(value, SETTINGS_MAX_WIDTH_MIN, SETTINGS_MAX_WIDTH_MAX, &s->max_width) != 0)
      warn(ps, "max-width must be %d to %d columns, not '%s'", SETTINGS_MAX_WIDTH_MIN,
           SETTINGS_MAX_WIDTH_MAX, value);
  } else if (strcmp(name, "colour") == 0 || strcmp(name, "color") == 0) {
    if (parse_bool(value, &b) != 0)
      warn(ps, "%s must be yes or no, not '%s'", name, value);
    else
      s->colour = b;
  } else {
    warn(ps, "unknown setting '%s'", name);
  }
}

static bool quit_has_key(const struct keymap *map)
{
  for (int j = 0; j < KEYS_PER_COMMAND; j++)
    if (map->keys[UI_QUIT][j])
      return true;
  return false;
}

static void key_setting(struct parse *ps, const char *name, const char *value)
{
  int cmd = commands_by_name(name);
  char err[128];
  int rc;
  bool could_quit = quit_has_key(&ps->s->keys);
  if (cmd < 0)
    warn(ps, "unknown command '%s' (the help screen, ?, lists them)", name);
  else if ((rc = keymap_bind(&ps->s->keys, (enum ui_command)cmd, value, err, sizeof err)) < 0)
    warn(ps, "%s: %s", name, err);
  else if (could_quit && !quit_has_key(&ps->s->keys))
    /* Applied (the listener may mean it), but said: only a signal ends the reader now. */
    warn(ps, "%sno key quits now (%s); Ctrl-C still ends lector and keeps the position",
         SETTINGS_NOTE, rc > 0 ? err : "quit has no key");
  else if (rc > 0)
    warn(ps, "%s%s", SETTINGS_NOTE, err);   /* applied, but the key did something else */
}

static int on_entry(void *user, const char *section, const char *name, const char *value)
{
  struct parse *ps = user;
  if (strcmp(section, "keys") == 0) {
    key_setting(ps, name, value);
  } else if (section[0] == '\0' || strcmp(section, "reader") == 0) {
    reader_setting(ps, name, value);
  } else {
    warn(ps, "unknown section [%s]", section);
  }
  return 1;   /* go on: every bad line is reported, not only the first */
}

int settings_parse(const char *text, size_t len, const char *source, struct settings *s,
                   settings_warn_fn warn_fn, void *user)
{
  struct parse ps = {
    .rd = {.p = text, .end = text + len, .line = 0},
    .s = s,
    .source = source,
    .warn = warn_fn,
    .user = user,
  };
  int rc = ini_parse_stream(read_line, &ps, on_entry, &ps);
  if (rc == -2)
    return -ENOMEM;
  if (rc > 0 && (unsigned)rc != ps.last_warned && warn_fn)
    warn_fn(user, source, (unsigned)rc, "not 'name = value' nor a [section]");
  return 0;
}

int settings_load(const char *path, struct settings *s, settings_warn_fn warn_fn, void *user)
{
  char *data;
  size_t len;
  /* A settings file is a few lines. */
  int rc = file_read_small(path, 1u << 20, &data, &len);
  if (rc)
    return rc;
  rc = settings_parse(data, len, path, s, warn_fn, user);
  free(data);
  return rc;
}

char *settings_default_path(void)
{
  char *dir = xdg_config_dir();
  if (!dir)
    return NULL;
  char *path = NULL;
  if (asprintf(&path, "%s/config", dir) < 0)
    path = NULL;
  free(dir);
  return path;
}
