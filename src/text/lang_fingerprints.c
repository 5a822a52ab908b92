/* libexttextcat's fingerprints in groups by script (lang_fingerprints.h). */
#include "text/lang_fingerprints.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include <libexttextcat/constants.h>
#include <libexttextcat/fingerprint.h>
#include <unicode/uscript.h>
#include <utf8proc.h>

#include "util/grow.h"

/* More scripts than this: the rest count as unknown (given to every group). */
#define MAX_GROUPS 48
#define ALL_KEY MAX_GROUPS     /* every language: fpdb.conf itself */

struct entry {
  char *file, *name;           /* as fpdb.conf lists them */
  int script;                  /* UScriptCode; USCRIPT_INVALID_CODE: unknown */
};

struct group {
  int script;
  void *handle;                /* NULL until loaded, or when loading failed */
  candidate_t *cand;
  bool tried;
};

/* The fingerprints of one language, read for fingerprints_score. */
#define MAX_SCORED 4
struct scored {
  char tag[16];                /* its primary subtag; "" when nothing is held */
  void *fps[MAX_SCORED];
  size_t n;
};

struct fingerprints {
  char *dir;
  struct scored scored;
  struct entry *entries;
  size_t n_entries;
  struct group groups[MAX_GROUPS + 1];   /* [ALL_KEY]: every language */
  size_t n_groups;
};

int fingerprints_script_of(int32_t cp)
{
  if (cp < 0x80)
    return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z' ? USCRIPT_LATIN : USCRIPT_COMMON;
  UErrorCode err = U_ZERO_ERROR;
  UScriptCode sc = uscript_getScript(cp, &err);
  if (U_FAILURE(err) || sc == USCRIPT_INHERITED)
    return USCRIPT_COMMON;
  if (sc == USCRIPT_HIRAGANA || sc == USCRIPT_KATAKANA || sc == USCRIPT_HANGUL ||
      sc == USCRIPT_BOPOMOFO)
    return USCRIPT_HAN;        /* East Asian text mixes these within a language */
  return sc;
}

/* The script of the first letter in s[0, n) (USCRIPT_COMMON when there is none); *mixed: a
 * letter of another script follows. Stops at the second script. */
static int scripts_in(const char *s, size_t n, bool *mixed)
{
  int first = USCRIPT_COMMON;
  *mixed = false;
  for (size_t i = 0; i < n;) {
    utf8proc_int32_t cp = (unsigned char)s[i];
    utf8proc_ssize_t k = 1;
    if (cp >= 0x80 &&
        (k = utf8proc_iterate((const utf8proc_uint8_t *)s + i, (utf8proc_ssize_t)(n - i), &cp)) <= 0) {
      i++;
      continue;
    }
    i += (size_t)k;
    int sc = fingerprints_script_of(cp);
    if (sc == USCRIPT_COMMON || sc == first)
      continue;
    if (first != USCRIPT_COMMON) {
      *mixed = true;
      break;
    }
    first = sc;
  }
  return first;
}

/* The script of a fingerprint file: its first lines' letters (each line an n-gram, then its
 * count). USCRIPT_INVALID_CODE when it cannot be read or shows no letter. */
static int file_script(const char *dir, const char *file)
{
  char path[1024], head[512];
  if (snprintf(path, sizeof path, "%s%s", dir, file) >= (int)sizeof path)
    return USCRIPT_INVALID_CODE;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return USCRIPT_INVALID_CODE;
  ssize_t n = read(fd, head, sizeof head);
  close(fd);
  if (n <= 0)
    return USCRIPT_INVALID_CODE;
  bool mixed;
  int sc = scripts_in(head, (size_t)n, &mixed);
  return sc == USCRIPT_COMMON || mixed ? USCRIPT_INVALID_CODE : sc;
}

/* Adds one line of fpdb.conf ("file name", '#' starts a comment); 0 or -ENOMEM. */
static int add_entry(struct fingerprints *fp, char *line, size_t *cap)
{
  line[strcspn(line, "#\n")] = '\0';
  char *save, *file = strtok_r(line, " \t\r", &save), *name = strtok_r(NULL, " \t\r", &save);
  if (!file || !name)
    return 0;
  if (grow_for((void **)&fp->entries, cap, fp->n_entries, sizeof *fp->entries, 256))
    return -ENOMEM;
  struct entry *e = &fp->entries[fp->n_entries];
  e->file = strdup(file);
  e->name = strdup(name);
  fp->n_entries++;
  if (!e->file || !e->name)
    return -ENOMEM;
  e->script = file_script(fp->dir, file);
  size_t g = 0;
  while (g < fp->n_groups && fp->groups[g].script != e->script)
    g++;
  if (e->script != USCRIPT_INVALID_CODE && g == fp->n_groups) {
    if (g < MAX_GROUPS)
      fp->groups[fp->n_groups++].script = e->script;
    else
      e->script = USCRIPT_INVALID_CODE;   /* too many scripts: in every group */
  }
  return 0;
}

struct fingerprints *fingerprints_open(const char *dir)
{
  struct fingerprints *fp = calloc(1, sizeof *fp);
  char conf[1024];
  if (!fp || !(fp->dir = strdup(dir)) ||
      snprintf(conf, sizeof conf, "%sfpdb.conf", dir) >= (int)sizeof conf) {
    fingerprints_close(fp);
    return NULL;
  }
  fp->groups[ALL_KEY].script = USCRIPT_INVALID_CODE;
  FILE *f = fopen(conf, "re");
  char line[1024];
  size_t cap = 0;
  int rc = f ? 0 : -ENOENT;
  while (!rc && fgets(line, sizeof line, f))
    rc = add_entry(fp, line, &cap);
  if (f)
    fclose(f);
  if (rc || fp->n_entries == 0) {
    fingerprints_close(fp);
    return NULL;
  }
  return fp;
}

int fingerprints_key(const struct fingerprints *fp, const char *text, size_t len)
{
  bool mixed;
  int sc = scripts_in(text, len, &mixed);
  for (size_t g = 0; !mixed && sc != USCRIPT_COMMON && g < fp->n_groups; g++)
    if (fp->groups[g].script == sc)
      return (int)g;
  return ALL_KEY;
}

/* A handle for the languages of group g's script (and those of unknown script), from a
 * configuration written to a memory file: textcat reads its configuration from a path. */
static void *load_group(const struct fingerprints *fp, size_t g)
{
  int fd = memfd_create("lector-fpdb", MFD_CLOEXEC);
  if (fd < 0)
    return NULL;
  FILE *f = fdopen(fd, "w");
  if (!f) {
    close(fd);
    return NULL;
  }
  for (size_t i = 0; i < fp->n_entries; i++) {
    const struct entry *e = &fp->entries[i];
    if (e->script == fp->groups[g].script || e->script == USCRIPT_INVALID_CODE)
      fprintf(f, "%s %s\n", e->file, e->name);
  }
  void *handle = NULL;
  char path[64];
  if (fflush(f) == 0) {
    snprintf(path, sizeof path, "/proc/self/fd/%d", fd);
    handle = special_textcat_Init(path, fp->dir);
  }
  fclose(f);
  return handle;
}

int fingerprints_prepare(struct fingerprints *fp, int key)
{
  struct group *g = &fp->groups[key];
  if (!g->tried) {
    g->tried = true;
    if (key != ALL_KEY)
      g->handle = load_group(fp, (size_t)key);
    if (!g->handle) {          /* the whole set, also when a group could not be written */
      char conf[1024];
      snprintf(conf, sizeof conf, "%sfpdb.conf", fp->dir);
      g->handle = special_textcat_Init(conf, fp->dir);
    }
    g->cand = g->handle ? textcat_GetClassifyFullOutput(g->handle) : NULL;
  }
  return g->handle && g->cand ? 0 : -ENOENT;
}

int fingerprints_classify(struct fingerprints *fp, int key, const char *text, size_t len,
                          const candidate_t **cand, int *n)
{
  int rc = fingerprints_prepare(fp, key);
  if (rc)
    return rc;
  *cand = fp->groups[key].cand;
  *n = textcat_ClassifyFull(fp->groups[key].handle, text, len, fp->groups[key].cand);
  return 0;
}

static bool primary_is(const char *name, const char *tag, size_t n)
{
  return strncasecmp(name, tag, n) == 0 && (name[n] == '-' || name[n] == '_' || !name[n]);
}

static void scored_clear(struct scored *sc)
{
  for (size_t i = 0; i < sc->n; i++)
    fp_Done(sc->fps[i]);
  sc->n = 0;
  sc->tag[0] = '\0';
}

/* Makes fp->scored hold tag's fingerprints; false when it has none. */
static bool scored_load(struct fingerprints *fp, const char *tag)
{
  size_t n = strcspn(tag, "-_");
  struct scored *sc = &fp->scored;
  if (n == 0 || n >= sizeof sc->tag)
    return false;
  if (strlen(sc->tag) == n && strncasecmp(sc->tag, tag, n) == 0)
    return sc->n > 0;
  scored_clear(sc);
  memcpy(sc->tag, tag, n);
  sc->tag[n] = '\0';
  for (size_t i = 0; i < fp->n_entries && sc->n < MAX_SCORED; i++) {
    char path[1024];
    if (!primary_is(fp->entries[i].name, tag, n) ||
        snprintf(path, sizeof path, "%s%s", fp->dir, fp->entries[i].file) >= (int)sizeof path)
      continue;
    void *one = fp_Init(fp->entries[i].name);
    if (one && fp_Read(one, path, MAXNGRAMS))
      sc->fps[sc->n++] = one;
    else if (one)
      fp_Done(one);
  }
  return sc->n > 0;
}

int fingerprints_score(struct fingerprints *fp, const char *tag, const char *text, size_t len,
                       int *score)
{
  if (!scored_load(fp, tag))
    return -ENOENT;
  void *unknown = fp_Init("text");
  if (!unknown)
    return -ENOENT;
  int rc = -ENOENT;
  if (fp_Create(unknown, text, (uint4)len, MAXNGRAMS)) {
    rc = 0;
    *score = INT32_MAX;
    for (size_t i = 0; i < fp->scored.n; i++) {
      int s = fp_Compare(fp->scored.fps[i], unknown, INT32_MAX);
      if (s < *score)
        *score = s;
    }
  }
  fp_Done(unknown);
  return rc;
}

void fingerprints_close(struct fingerprints *fp)
{
  if (!fp)
    return;
  scored_clear(&fp->scored);
  for (size_t g = 0; g <= MAX_GROUPS; g++) {
    if (fp->groups[g].handle && fp->groups[g].cand)
      textcat_ReleaseClassifyFullOutput(fp->groups[g].handle, fp->groups[g].cand);
    if (fp->groups[g].handle)
      textcat_Done(fp->groups[g].handle);
  }
  for (size_t i = 0; i < fp->n_entries; i++) {
    free(fp->entries[i].file);
    free(fp->entries[i].name);
  }
  free(fp->entries);
  free(fp->dir);
  free(fp);
}
