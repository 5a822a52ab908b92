#include "ui/keys.h"

#include <curses.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <utf8proc.h>

#include "ui/commands.h"
#include "util/error.h"

/* Friendly names of function and special keys, both ways. */
static const struct {
  const char *name;
  int key;
} named_keys[] = {
  {"Space", ' '},
  {"Enter", '\n'},
  {"Return", '\r'},
  {"Tab", '\t'},
  {"Shift-Tab", KEYS_FN(KEY_BTAB)},
  {"Esc", 27},
  {"Escape", 27},
  {"Backspace", KEYS_FN(KEY_BACKSPACE)},
  {"Up", KEYS_FN(KEY_UP)},
  {"Down", KEYS_FN(KEY_DOWN)},
  {"Left", KEYS_FN(KEY_LEFT)},
  {"Right", KEYS_FN(KEY_RIGHT)},
  {"Home", KEYS_FN(KEY_HOME)},
  {"End", KEYS_FN(KEY_END)},
  {"PageUp", KEYS_FN(KEY_PPAGE)},
  {"PageDown", KEYS_FN(KEY_NPAGE)},
  {"Insert", KEYS_FN(KEY_IC)},
  {"Delete", KEYS_FN(KEY_DC)},
  /* The other usual spellings (read only: the first name of a key is the one shown). */
  {"PgUp", KEYS_FN(KEY_PPAGE)},
  {"PgDn", KEYS_FN(KEY_NPAGE)},
  {"PageDn", KEYS_FN(KEY_NPAGE)},
  {"PgDown", KEYS_FN(KEY_NPAGE)},
  {"Ins", KEYS_FN(KEY_IC)},
  {"Del", KEYS_FN(KEY_DC)},
  {"BS", KEYS_FN(KEY_BACKSPACE)},
};

/* A control key in any of its usual spellings: "^X", "Ctrl-X", "Ctrl+X", "C-x" (any case).
 * Returns 0 or LECTOR_EPARSE. */
static int parse_control(const char *name, int *key)
{
  static const char *const prefixes[] = {"^", "Ctrl-", "Ctrl+", "Control-", "C-"};
  for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++) {
    size_t n = strlen(prefixes[i]);
    if (strncasecmp(name, prefixes[i], n) != 0 || !name[n] || name[n + 1])
      continue;
    char c = name[n];
    if (c >= 'a' && c <= 'z')
      c = (char)(c - 'a' + 'A');
    if (c >= '@' && c <= '_') {
      *key = c - '@';
      return 0;
    }
  }
  return LECTOR_EPARSE;
}

/* Decodes the character at the start of s[0, len): its length, or 0 when s does not start with
 * a whole valid UTF-8 character (utf8proc also refuses overlong forms and surrogates). */
static size_t utf8_decode(const char *s, size_t len, int *cp)
{
  utf8proc_int32_t c;
  utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &c);
  if (n <= 0)
    return 0;
  *cp = c;
  return (size_t)n;
}

static void utf8_encode(int cp, char *buf, size_t len)
{
  utf8proc_uint8_t tmp[5] = {0};
  utf8proc_encode_char(cp, tmp);
  snprintf(buf, len, "%s", (const char *)tmp);
}

int keys_parse_name(const char *name, int *key)
{
  int cp;
  size_t n = utf8_decode(name, strlen(name), &cp);
  if (n > 0 && name[n] == '\0' && cp >= 0x20 && cp != 0x7f) {
    *key = cp;
    return 0;
  }
  for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
    if (strcasecmp(named_keys[i].name, name) == 0) {
      *key = named_keys[i].key;
      return 0;
    }
  if (parse_control(name, key) == 0)
    return 0;
  if ((name[0] == 'F' || name[0] == 'f') && name[1] >= '1' && name[1] <= '9') {
    int f = 0;
    const char *p = name + 1;
    for (; *p >= '0' && *p <= '9'; p++)
      if (f < 100) /* "F99999999999" must not overflow */
        f = f * 10 + (*p - '0');
    if (!*p && f >= 1 && f <= 24) {
      *key = KEYS_FN(KEY_F(f));
      return 0;
    }
  }
  if (strncmp(name, "KEY_", 4) == 0)
    for (int k = KEY_MIN; k <= KEY_MAX; k++) {
      const char *kn = keyname(k);
      if (kn && strcmp(kn, name) == 0) {
        *key = KEYS_FN(k);
        return 0;
      }
    }
  return LECTOR_EPARSE;
}

void keys_display_name(int key, char *buf, size_t len)
{
  for (size_t i = 0; i < sizeof named_keys / sizeof named_keys[0]; i++)
    if (named_keys[i].key == key) {
      snprintf(buf, len, "%s", named_keys[i].name);
      return;
    }
  if (KEYS_IS_FN(key)) {
    int k = key - KEYS_FN_BASE;
    if (k >= KEY_F(1) && k <= KEY_F(24)) {
      snprintf(buf, len, "F%d", k - KEY_F0);
      return;
    }
    const char *kn = keyname(k);
    snprintf(buf, len, "%s", kn ? kn : "?");
  } else if (key < 0x20 || key == 0x7f) {
    snprintf(buf, len, "^%c", key == 0x7f ? '?' : key + '@');
  } else {
    utf8_encode(key, buf, len);
  }
}

void keys_trace_name(int key, char *buf, size_t len)
{
  if (key == ' ') {
    snprintf(buf, len, "SPACE");
  } else if (KEYS_IS_FN(key)) {
    const char *kn = keyname(key - KEYS_FN_BASE);
    snprintf(buf, len, "%s", kn ? kn : "UNKNOWN");
  } else if (key < 0x80) {
    const char *kn = keyname(key);
    snprintf(buf, len, "%s", kn ? kn : "?");
  } else {
    utf8_encode(key, buf, len);
  }
}

void keymap_default(struct keymap *map)
{
  memset(map, 0, sizeof *map);
  for (int i = 0; i < UI_N_COMMANDS; i++) {
    char err[80];
    /* The defaults are ours and valid; a failure here is a bug caught by the unit test. */
    enum ui_command cmd = (enum ui_command)i;
    (void)keymap_bind(map, cmd, commands_default_keys(cmd), err, sizeof err);
  }
}

int keymap_lookup(const struct keymap *map, int key)
{
  if (key == 0)
    return -1;
  for (int i = 0; i < UI_N_COMMANDS; i++)
    for (int j = 0; j < KEYS_PER_COMMAND; j++)
      if (map->keys[i][j] == key)
        return i;
  return -1;
}

int keymap_bind(struct keymap *map, enum ui_command cmd, const char *spec, char *err,
                size_t err_len)
{
  int keys[KEYS_PER_COMMAND] = {0};
  int n = 0;
  const char *p = spec;
  while (*p) {
    while (*p == ' ' || *p == '\t')
      p++;
    /* A key name ends at a comma, except that "," alone is the comma key. */
    const char *end = p;
    if (*end == ',')
      end++;
    while (*end && *end != ',')
      end++;
    const char *stop = end;
    while (stop > p && (stop[-1] == ' ' || stop[-1] == '\t'))
      stop--;
    size_t name_len = (size_t)(stop - p);
    if (name_len > 0) {
      char name[32];
      if (name_len >= sizeof name) {
        snprintf(err, err_len, "unknown key '%.*s'", (int)name_len, p);
        return LECTOR_EPARSE;
      }
      memcpy(name, p, name_len);
      name[name_len] = '\0';
      int key;
      if (keys_parse_name(name, &key) != 0) {
        snprintf(err, err_len, "unknown key '%s'", name);
        return LECTOR_EPARSE;
      }
      if (n == KEYS_PER_COMMAND) {
        snprintf(err, err_len, "at most %d keys per command", KEYS_PER_COMMAND);
        return LECTOR_EPARSE;
      }
      keys[n++] = key;
    }
    p = *end ? end + 1 : end;
  }
  /* A key another command had is taken from it, and said so (the caller warns). */
  int rc = 0;
  if (err_len)
    err[0] = '\0';
  for (int k = 0; k < n; k++)
    for (int i = 0; i < UI_N_COMMANDS; i++)
      for (int j = 0; j < KEYS_PER_COMMAND; j++)
        if (map->keys[i][j] == keys[k]) {
          map->keys[i][j] = 0;
          if (i != (int)cmd && rc == 0) {
            char kn[32];
            keys_display_name(keys[k], kn, sizeof kn);
            snprintf(err, err_len, "%s was %s; now %s", kn, commands_name((enum ui_command)i),
                     commands_name(cmd));
            rc = 1;
          }
        }
  memcpy(map->keys[cmd], keys, sizeof keys);
  return rc;
}

void keys_binding_text(const struct keymap *map, enum ui_command cmd, char *buf, size_t len)
{
  size_t used = 0;
  if (len == 0)
    return;
  buf[0] = '\0';
  for (int j = 0; j < KEYS_PER_COMMAND; j++) {
    int key = map->keys[cmd][j];
    if (!key)
      continue;
    char name[32];
    keys_display_name(key, name, sizeof name);
    int n = snprintf(buf + used, len - used, "%s%s", used ? ", " : "", name);
    if (n < 0 || (size_t)n >= len - used)
      break;
    used += (size_t)n;
  }
  if (!used)
    snprintf(buf, len, "(none)");
}

void keys_help_line(const struct keymap *map, enum ui_command cmd, int key_width, char *buf,
                    size_t len)
{
  char keys[96];
  keys_binding_text(map, cmd, keys, sizeof keys);
  /* Padded to columns on screen, not bytes: a binding such as "é" is one column, two bytes. */
  int columns = 0;
  size_t i = 0, n = strlen(keys);
  while (i < n) {
    int cp;
    size_t used = utf8_decode(keys + i, n - i, &cp);
    if (used == 0) {
      i++;
      columns++;
      continue;
    }
    i += used;
    int w = utf8proc_charwidth(cp);
    columns += w > 0 ? w : 0;
  }
  int pad = key_width > columns ? key_width - columns : 0;
  snprintf(buf, len, "%s%*s %s (%s)", keys, pad, "", commands_help(cmd), commands_name(cmd));
}

size_t keys_decode(const char *buf, size_t len, int *key)
{
  static const struct {
    const char *seq;
    int key;
  } sequences[] = {
    {"\033[A", KEYS_FN(KEY_UP)},    {"\033[B", KEYS_FN(KEY_DOWN)},
    {"\033[C", KEYS_FN(KEY_RIGHT)}, {"\033[D", KEYS_FN(KEY_LEFT)},
    {"\033OA", KEYS_FN(KEY_UP)},    {"\033OB", KEYS_FN(KEY_DOWN)},
    {"\033OC", KEYS_FN(KEY_RIGHT)}, {"\033OD", KEYS_FN(KEY_LEFT)},
    {"\033[H", KEYS_FN(KEY_HOME)},  {"\033OH", KEYS_FN(KEY_HOME)},
    {"\033[1~", KEYS_FN(KEY_HOME)}, {"\033[7~", KEYS_FN(KEY_HOME)},
    {"\033[F", KEYS_FN(KEY_END)},   {"\033OF", KEYS_FN(KEY_END)},
    {"\033[4~", KEYS_FN(KEY_END)},  {"\033[8~", KEYS_FN(KEY_END)},
    {"\033[5~", KEYS_FN(KEY_PPAGE)}, {"\033[6~", KEYS_FN(KEY_NPAGE)},
    {"\033[3~", KEYS_FN(KEY_DC)},
  };
  if (len == 0)
    return 0;
  if (buf[0] == '\033') {
    bool partial = false;
    for (size_t i = 0; i < sizeof sequences / sizeof sequences[0]; i++) {
      size_t n = strlen(sequences[i].seq);
      if (len >= n && memcmp(buf, sequences[i].seq, n) == 0) {
        *key = sequences[i].key;
        return n;
      }
      if (len < n && memcmp(buf, sequences[i].seq, len) == 0)
        partial = true;
    }
    if (partial)
      return 0;
    /* An unknown sequence: skip it whole (ESC [ params final), so that its bytes are not taken
     * for keys. A lone ESC is the Escape key. */
    if (len >= 2 && (buf[1] == '[' || buf[1] == 'O')) {
      size_t i = 2;
      while (i < len && (unsigned char)buf[i] >= 0x20 && (unsigned char)buf[i] < 0x40)
        i++;
      if (i == len)
        return 0;
      *key = 0;
      return i + 1;
    }
    *key = 27;
    return 1;
  }
  if (buf[0] == '\r') {
    *key = '\n';
    return 1;
  }
  /* The length its first byte announces (0 for a byte that cannot start one): fewer bytes than
   * that are the start of a character still arriving. */
  size_t need = (size_t)utf8proc_utf8class[(unsigned char)buf[0]];
  if (len < need)
    return 0;
  int cp;
  size_t n = utf8_decode(buf, len, &cp);
  if (n == 0) {
    *key = 0;   /* not UTF-8: ignored */
    return 1;
  }
  *key = cp;
  return n;
}
