/* The search path of voice profiles: finding the profile a name stands for, and listing them
 * all (first occurrence winning). Only files: never espeak-ng. */
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "speech/voice.h"
#include "speech/voice_internal.h"
#include "text/decode.h"
#include "util/error.h"
#include "util/file.h"
#include "util/xdg.h"

#define SEARCH_DIRS 5

/* Fills dirs with malloc'd directory names in search order; returns how many. */
static size_t search_dirs(char *dirs[SEARCH_DIRS])
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
  /* Next to the binary: an install moved elsewhere (<exe>/../share/lector/voices, as
   * scripts/install lays it out) or the source tree of a build (build/lector: <exe>/../../voices). */
  char exe[PATH_MAX];
  ssize_t len = readlink("/proc/self/exe", exe, sizeof exe - 1);
  if (len > 0) {
    exe[len] = '\0';
    for (int up = 0; up < 2; up++) {
      char *slash = strrchr(exe, '/');
      if (slash)
        *slash = '\0';
    }
    if (exe[0] && asprintf(&dirs[n], "%s/share/lector/voices", exe) >= 0)
      n++;
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
                        char *msg, size_t msg_len, voice_warn_fn warn, void *user)
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
  rc = voice_profile_parse_warn(data, len, path, out, warn, user, &line);
  free(data);
  if (rc) {
    if (msg && rc == LECTOR_EPARSE)
      snprintf(msg, msg_len, "%s: not a voice profile", path);
    else if (msg)
      snprintf(msg, msg_len, "cannot read voice profile '%s': %s", path, lector_strerror(rc));
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

int voice_find_profile(const char *name, struct voice_profile *out, bool *found, char *msg,
                       size_t msg_len, voice_warn_fn warn, void *user)
{
  *found = false;
  if (!profile_name_ok(name))
    return 0;
  char *dirs[SEARCH_DIRS];
  size_t n = search_dirs(dirs);
  int rc = 0;
  for (size_t i = 0; i < n; i++) {
    if (!*found) {
      char *path = NULL;
      struct stat st;
      if (asprintf(&path, "%s/%s.ini", dirs[i], name) >= 0) {
        /* lstat: a symbolic link that loops or leads nowhere is there, and reported as such,
         * not taken for "no such voice" */
        if (lstat(path, &st) == 0) {
          *found = true;
          rc = load_profile(path, name, out, msg, msg_len, warn, user);
        }
        free(path);
      }
    }
    free(dirs[i]);
  }
  return rc;
}

static int by_name(const void *a, const void *b)
{
  return strcmp(((const struct voice_profile *)a)->name, ((const struct voice_profile *)b)->name);
}

int voice_list_profiles(struct voice_profile **out, size_t *n_out)
{
  return voice_list_profiles_warn(out, n_out, NULL, NULL);
}

int voice_list_profiles_warn(struct voice_profile **out, size_t *n_out, voice_warn_fn warn,
                             void *user)
{
  *out = NULL;
  *n_out = 0;
  struct voice_profile *list = NULL;
  size_t n = 0, cap = 0;
  char *dirs[SEARCH_DIRS];
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
      char why[512];
      int lrc = load_profile(path, name, &v, why, sizeof why, warn, user);
      if (lrc && warn)
        warn(user, path, 0, why);
      free(path);
      if (lrc)
        continue;
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
