/* espeak-ng's answers about its voices, kept between runs: see voice_cache.h.
 *
 * The file: a first line naming the format, a line "sig SIGNATURE", one line per answer
 * ("KIND\tSUBJECT\tVALUE"; VALUE may hold tabs), and a last line "end" (a file cut short is
 * not used). */
#include "speech/voice_cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/file.h"
#include "util/grow.h"
#include "util/temp_name.h"
#include "util/xdg.h"

#define CACHE_FORMAT "lector espeak-voices 1"
#define CACHE_NAME "espeak-voices"
#define CACHE_MAX_BYTES (256 * 1024)
/* Bounds on the walk of the voice directories (a link loop must not hang it). */
#define WALK_MAX_DEPTH 6
#define WALK_MAX_DIRS 512

struct answer {
  char *key;     /* "KIND\tSUBJECT" */
  char *value;
};

static struct {
  bool opened, usable;
  char *dir;         /* where the file goes */
  char *signature;
  struct answer *a;
  size_t n, cap;
} vc;

/* ---- the signature: every directory of voices and its modification time ---- */

struct dir_times {
  char **lines;      /* "RELATIVE-PATH\tSECONDS.NANOSECONDS" */
  size_t n, cap;
};

static int add_dir(struct dir_times *t, const char *rel, int fd)
{
  struct stat st;
  if (fstat(fd, &st) != 0 || t->n >= WALK_MAX_DIRS ||
      grow_for((void **)&t->lines, &t->cap, t->n, sizeof *t->lines, 64))
    return -1;
  if (asprintf(&t->lines[t->n], "%s\t%lld.%09ld", rel, (long long)st.st_mtim.tv_sec,
               st.st_mtim.tv_nsec) < 0)
    return -1;
  t->n++;
  return 0;
}

/* Adds fd (a directory, closed here) and the directories below it, as espeak-ng's walk of its
 * voices follows them (links included). */
static int walk(struct dir_times *t, const char *rel, int fd, int depth)
{
  if (add_dir(t, rel, fd) || depth >= WALK_MAX_DEPTH) {
    close(fd);
    return -1;
  }
  DIR *d = fdopendir(fd);
  if (!d) {
    close(fd);
    return -1;
  }
  int rc = 0;
  struct dirent *ent;
  while (rc == 0 && (ent = readdir(d))) {
    if (ent->d_name[0] == '.' || (ent->d_type != DT_DIR && ent->d_type != DT_LNK &&
                                  ent->d_type != DT_UNKNOWN))
      continue;
    struct stat st;   /* a link or an unknown type: followed when it leads to a directory */
    if (ent->d_type != DT_DIR &&
        (fstatat(dirfd(d), ent->d_name, &st, 0) != 0 || !S_ISDIR(st.st_mode)))
      continue;
    int sub = openat(dirfd(d), ent->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    char *sub_rel = NULL;
    if (sub < 0 || asprintf(&sub_rel, "%s/%s", rel, ent->d_name) < 0) {
      if (sub >= 0)
        close(sub);
      rc = -1;
      break;
    }
    rc = walk(t, sub_rel, sub, depth + 1);
    free(sub_rel);
  }
  closedir(d);
  return rc;
}

static int by_text(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

/* FNV-1a, 64 bits: a short name for a long list. */
static uint64_t fnv1a(uint64_t h, const char *s)
{
  for (; *s; s++)
    h = (h ^ (unsigned char)*s) * 0x100000001b3ULL;
  return (h ^ '\n') * 0x100000001b3ULL;
}

/* The signature of the voices in data_dir, malloc'd; NULL when they cannot be read. */
static char *signature_of(const char *data_dir, const char *version)
{
  struct dir_times t = {0};
  int rc = 0;
  static const char *const tops[] = {"voices", "lang"};
  for (size_t i = 0; i < 2 && rc == 0; i++) {
    char *path = NULL;
    if (asprintf(&path, "%s/%s", data_dir, tops[i]) < 0)
      rc = -1;
    int fd = rc ? -1 : open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0)
      rc = walk(&t, tops[i], fd, 0);
    else if (errno != ENOENT)
      rc = -1;
    free(path);
  }
  char *sig = NULL;
  if (rc == 0) {
    qsort(t.lines, t.n, sizeof *t.lines, by_text);
    uint64_t h = 0xcbf29ce484222325ULL;
    for (size_t i = 0; i < t.n; i++)
      h = fnv1a(h, t.lines[i]);
    if (asprintf(&sig, "%s %zu %016" PRIx64 " %s", version, t.n, h, data_dir) < 0)
      sig = NULL;
  }
  for (size_t i = 0; i < t.n; i++)
    free(t.lines[i]);
  free(t.lines);
  return sig;
}

/* ---- the answers ---- */

static char *key_of(const char *kind, const char *subject)
{
  char *key = NULL;
  return asprintf(&key, "%s\t%s", kind, subject) < 0 ? NULL : key;
}

static struct answer *find(const char *key)
{
  for (size_t i = 0; i < vc.n; i++)
    if (strcmp(vc.a[i].key, key) == 0)
      return &vc.a[i];
  return NULL;
}

/* Takes key and value (malloc'd) into the table, over an answer kept for key unless !replace;
 * frees them when they are not taken. */
static void keep(char *key, char *value, bool replace)
{
  struct answer *old = key && value ? find(key) : NULL;
  if (old && !replace) {
    free(key);
    free(value);
  } else if (old) {
    free(old->value);
    old->value = value;
    free(key);
  } else if (key && value &&
             grow_for((void **)&vc.a, &vc.cap, vc.n, sizeof *vc.a, 32) == 0) {
    vc.a[vc.n++] = (struct answer){key, value};
  } else {
    free(key);
    free(value);
  }
}

/* The answers of text (the file's content) when it is a cache for this signature, added to
 * those in memory (which stay). */
static void parse(char *text)
{
  char *save = NULL;
  char *line = strtok_r(text, "\n", &save);
  if (!line || strcmp(line, CACHE_FORMAT) != 0)
    return;
  line = strtok_r(NULL, "\n", &save);
  if (!line || strncmp(line, "sig ", 4) != 0 || strcmp(line + 4, vc.signature) != 0)
    return;
  size_t first = vc.n;
  while ((line = strtok_r(NULL, "\n", &save))) {
    if (strcmp(line, "end") == 0)
      return;
    char *tab = strchr(line, '\t');
    char *tab2 = tab ? strchr(tab + 1, '\t') : NULL;
    if (!tab2)
      break;
    *tab2 = '\0';
    keep(strdup(line), strdup(tab2 + 1), false);
  }
  /* No "end": written in part (answers in memory that it repeated went with it: asked again). */
  for (size_t i = first; i < vc.n; i++) {
    free(vc.a[i].key);
    free(vc.a[i].value);
  }
  vc.n = first;
}

/* The file's answers into memory. */
static void load(void)
{
  char *path = NULL, *text = NULL;
  size_t len;
  if (asprintf(&path, "%s/%s", vc.dir, CACHE_NAME) >= 0 &&
      file_read_small(path, CACHE_MAX_BYTES, &text, &len) == 0)
    parse(text);
  free(text);
  free(path);
}

bool voice_cache_open(const char *data_dir, const char *version)
{
  if (vc.opened)
    return vc.usable;
  vc.opened = true;
  if (!data_dir || !*data_dir || !version || strchr(data_dir, '\n') || strchr(version, '\n'))
    return false;
  vc.dir = xdg_cache_dir();
  vc.signature = vc.dir ? signature_of(data_dir, version) : NULL;
  if (!vc.signature)
    return false;
  vc.usable = true;
  load();
  return true;
}

bool voice_cache_opened(void)
{
  return vc.opened;
}

const char *voice_cache_get(const char *kind, const char *subject)
{
  if (!vc.usable)
    return NULL;
  char *key = key_of(kind, subject);
  struct answer *a = key ? find(key) : NULL;
  free(key);
  return a ? a->value : NULL;
}

/* The whole table into the file, through a temporary file beside it, with what other
 * processes (export's children, another lector) wrote there since it was read. */
static void save(void)
{
  load();
  if (xdg_mkdir_p(vc.dir) != 0)
    return;
  int dir_fd = open(vc.dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd < 0)
    return;
  char temp[TEMP_NAME_SIZE];
  int fd = temp_name_create(dir_fd, CACHE_NAME, temp);
  FILE *f = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!f) {
    if (fd >= 0) {
      close(fd);
      unlinkat(dir_fd, temp, 0);
    }
    close(dir_fd);
    return;
  }
  fprintf(f, "%s\nsig %s\n", CACHE_FORMAT, vc.signature);
  for (size_t i = 0; i < vc.n; i++)
    fprintf(f, "%s\t%s\n", vc.a[i].key, vc.a[i].value);
  fputs("end\n", f);
  bool written = fflush(f) == 0 && !ferror(f);
  if (fclose(f) != 0 || !written || renameat(dir_fd, temp, dir_fd, CACHE_NAME) != 0)
    unlinkat(dir_fd, temp, 0);
  close(dir_fd);
}

void voice_cache_put(const char *kind, const char *subject, const char *value)
{
  if (!vc.usable || strpbrk(kind, "\t\n") || strpbrk(subject, "\t\n") || strchr(value, '\n'))
    return;
  keep(key_of(kind, subject), strdup(value), true);
  save();
}

bool voice_cache_empty(void)
{
  return vc.n == 0;
}

void voice_cache_reset(void)
{
  for (size_t i = 0; i < vc.n; i++) {
    free(vc.a[i].key);
    free(vc.a[i].value);
  }
  free(vc.a);
  free(vc.dir);
  free(vc.signature);
  memset(&vc, 0, sizeof vc);
}
