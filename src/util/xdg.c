#include "util/xdg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *lector_dir(const char *env_name, const char *home_suffix)
{
  const char *base = getenv(env_name);
  char *path = NULL;
  int n;
  /* The spec says a relative value is invalid and must be ignored. */
  if (base && base[0] == '/') {
    n = asprintf(&path, "%s/lector", base);
  } else {
    const char *home = getenv("HOME");
    if (!home || !home[0])
      return NULL;
    n = asprintf(&path, "%s/%s/lector", home, home_suffix);
  }
  return n < 0 ? NULL : path;
}

char *xdg_config_dir(void)
{
  return lector_dir("XDG_CONFIG_HOME", ".config");
}

char *xdg_state_dir(void)
{
  return lector_dir("XDG_STATE_HOME", ".local/state");
}

char *xdg_cache_dir(void)
{
  return lector_dir("XDG_CACHE_HOME", ".cache");
}

int xdg_mkdir_p(const char *dir)
{
  char *path = strdup(dir);
  if (!path)
    return -ENOMEM;
  int rc = 0;
  for (char *p = path + 1;; p++) {
    if (*p == '/' || *p == '\0') {
      char saved = *p;
      *p = '\0';
      if (mkdir(path, 0700) != 0 && errno != EEXIST) {
        rc = -errno;
        break;
      }
      *p = saved;
      if (!saved)
        break;
    }
  }
  free(path);
  return rc;
}
