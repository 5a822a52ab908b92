/* Language detection with libexttextcat (Debian libexttextcat-dev): n-gram fingerprints for
 * about 160 languages. Its answer lists every language within 3 % of the best; lector takes
 * the best only when it stands clear of the other languages listed (choose()), so an unsure
 * text stays unknown.
 *
 * The classifier keeps state per handle and is not thread-safe: one handle, made on first use
 * (or by a thread that lang_detect_preload() starts), behind a mutex, and released after each
 * document (its fingerprints take megabytes that a reader would otherwise hold for hours). */
#include "text/lang.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libexttextcat/textcat.h>

#ifndef LECTOR_TEXTCAT_DIR
#define LECTOR_TEXTCAT_DIR "/usr/share/libexttextcat/"
#endif

/* At most this much text is looked at: enough to judge, and bounded time on a book. */
#define DETECT_MAX_BYTES 4096

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static void *handle;
static candidate_t *candidates;
static bool tried;

/* "de--utf8" -> "de"; "zh-CN-utf8" -> "zh-CN". Returns false when it does not fit out. */
static bool tag_of(const char *name, char *out, size_t out_len)
{
  size_t n = strlen(name);
  const char *suffix = strstr(name, "-utf8");
  if (suffix)
    n = (size_t)(suffix - name);
  while (n > 0 && name[n - 1] == '-')
    n--;
  if (n == 0 || n >= out_len)
    return false;
  memcpy(out, name, n);
  out[n] = '\0';
  return true;
}

static bool same_primary(const char *a, const char *b)
{
  size_t na = strcspn(a, "-_"), nb = strcspn(b, "-_");
  return na == nb && strncasecmp(a, b, na) == 0;
}

/* Two languages closer than this (a score this many thousandths higher) are a tie. */
#define CLEAR_MARGIN_PERMILLE 15

/* The answer from textcat's candidates, best (lowest score) first, all within 3 % of the best.
 * Neighbours are common ("ru rue", "bg ru mk", "zh-CN zh-TW ja"): candidates of the best's own
 * language count as one; the best is taken when at most one other language is listed, or when
 * the next language is clearly behind it. In a close tie the language the caller already holds
 * (prefer) wins, as in an English text that looks a little Scots. Returns 0, or 1 when it is
 * unclear. */
static int choose(const candidate_t *cand, int n, const char *prefer, char *out, size_t out_len)
{
  if (n <= 0 || !tag_of(cand[0].name, out, out_len))
    return 1;
  int others = 0, next = -1;
  char tag[40];
  for (int i = 1; i < n; i++) {
    if (!tag_of(cand[i].name, tag, sizeof tag) || same_primary(tag, out))
      continue;
    if (next < 0)
      next = i;
    others++;
  }
  if (next < 0)
    return 0;
  bool close = (long)cand[next].score * 1000 <
               (long)cand[0].score * (1000 + CLEAR_MARGIN_PERMILLE);
  if (close && prefer && tag_of(cand[next].name, tag, sizeof tag) && same_primary(tag, prefer))
    return tag_of(cand[next].name, out, out_len) ? 0 : 1;
  return others <= 1 || !close ? 0 : 1;
}

/* The fingerprints, loaded by lang_detect_preload()'s thread while the caller reads and decodes
 * its file: special_textcat_Init parses about 160 files, which takes as long as loading a
 * 5 MB text. */
struct loaded {
  void *handle;
  candidate_t *candidates;
};
static pthread_t preloader;
static bool preloading;        /* preloader runs, or ended and waits to be joined */
static struct loaded preloaded;

static struct loaded load(void)
{
  struct loaded l = {special_textcat_Init(LECTOR_TEXTCAT_DIR "fpdb.conf", LECTOR_TEXTCAT_DIR),
                     NULL};
  l.candidates = l.handle ? textcat_GetClassifyFullOutput(l.handle) : NULL;
  return l;
}

static void *preload_main(void *unused)
{
  (void)unused;
  preloaded = load();          /* read by the joiner only, after pthread_join */
  return NULL;
}

void lang_detect_preload(void)
{
  pthread_mutex_lock(&lock);
  if (!tried && !preloading)
    preloading = pthread_create(&preloader, NULL, preload_main, NULL) == 0;
  pthread_mutex_unlock(&lock);
}

/* Makes handle and candidates ready (with lock held): the preloader's, else loaded here. */
static void ensure_loaded(void)
{
  if (tried)
    return;
  tried = true;
  struct loaded l;
  if (preloading) {
    pthread_join(preloader, NULL);
    preloading = false;
    l = preloaded;
  } else {
    l = load();
  }
  handle = l.handle;
  candidates = l.candidates;
}

int lang_detect(const char *text, size_t len, const char *prefer, char *out, size_t out_len)
{
  if (len > DETECT_MAX_BYTES) {
    len = DETECT_MAX_BYTES;
    while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
      len--;                   /* never cut a character in two */
  }
  pthread_mutex_lock(&lock);
  ensure_loaded();
  int rc = -ENOENT;
  if (handle && candidates)
    rc = choose(candidates, textcat_ClassifyFull(handle, text, len, candidates), prefer, out,
                out_len);
  pthread_mutex_unlock(&lock);
  return rc;
}

void lang_detect_release(void)
{
  pthread_mutex_lock(&lock);
  if (preloading)
    ensure_loaded();           /* joins a preloader that was never needed */
  if (handle && candidates)
    textcat_ReleaseClassifyFullOutput(handle, candidates);
  if (handle)
    textcat_Done(handle);
  handle = NULL;
  candidates = NULL;
  tried = false;
  pthread_mutex_unlock(&lock);
}
