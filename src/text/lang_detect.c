/* Language detection with libexttextcat (Debian libexttextcat-dev): n-gram fingerprints for
 * about 160 languages. Its answer lists every language within 3 % of the best; lector takes
 * the best only when it stands clear of the other languages listed (choose()), so an unsure
 * text stays unknown.
 *
 * The classifier keeps state per handle and is not thread-safe: the handles (one per group of
 * languages: lang_fingerprints.h), made on first use or by a thread that lang_detect_preload()
 * starts, are behind a mutex, and released after each document (their fingerprints take
 * megabytes that a reader would otherwise hold for hours). */
#include "text/lang.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "text/lang_fingerprints.h"

#ifndef LECTOR_TEXTCAT_DIR
#define LECTOR_TEXTCAT_DIR "/usr/share/libexttextcat/"
#endif

/* At most this much text is looked at: enough to judge, and bounded time on a book. */
#define DETECT_MAX_BYTES 4096

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

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
 * the next language is clearly behind it (the language the caller holds is weighed after, by
 * holds_up). Returns 0, or 1 when it is unclear. */
static int choose(const candidate_t *cand, int n, char *out, size_t out_len)
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
  return others <= 1 || !close ? 0 : 1;
}

/* A paragraph keeps the language the caller holds (the document's) unless another is clearly
 * closer: textcat lists only languages within 3 % of the best, and a short English paragraph
 * often scores a few percent more Scots than English, where every unrelated language is
 * 15 % or more behind. */
#define KEEP_MARGIN_PERMILLE 100

/* The fingerprints (lang_fingerprints.h), opened on first use or by the preloader. */
static struct fingerprints *fps;

/* Whether the text just classified is near enough to prefer to stay in it, best being the best
 * score of another language. */
static bool holds_up(const char *prefer, int best)
{
  int score;
  return fingerprints_score_last(fps, prefer, &score) == 0 &&
         (long)score * 1000 <= (long)best * (1000 + KEEP_MARGIN_PERMILLE);
}

/* How much of text[0, len) is looked at. */
static size_t detected_len(const char *text, size_t len)
{
  if (len > DETECT_MAX_BYTES) {
    len = DETECT_MAX_BYTES;
    while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
      len--;                   /* never cut a character in two */
  }
  return len;
}

static bool tried;

/* lang_detect_preload()'s thread: it opens the fingerprints while the caller reads and decodes
 * its file, then waits for lang_detect_hint() to say which script's languages to load (parsing
 * them takes as long as loading a 5 MB text). Joined by the first lang_detect or by
 * lang_detect_release, which tell it to stop waiting. */
static struct {
  pthread_t thread;
  bool running;                /* started and not joined yet */
  pthread_mutex_t lock;        /* guards the rest */
  pthread_cond_t wake;
  bool hinted, stop;
  char sample[DETECT_MAX_BYTES];
  size_t len;
  struct fingerprints *opened; /* its result, read after the join */
} pre = {.lock = PTHREAD_MUTEX_INITIALIZER, .wake = PTHREAD_COND_INITIALIZER};

static void *preload_main(void *unused)
{
  (void)unused;
  struct fingerprints *fp = fingerprints_open(LECTOR_TEXTCAT_DIR);
  pthread_mutex_lock(&pre.lock);
  while (!pre.hinted && !pre.stop)
    pthread_cond_wait(&pre.wake, &pre.lock);
  bool hinted = pre.hinted;
  pthread_mutex_unlock(&pre.lock);
  if (fp && hinted)            /* the sample is not written again once hinted */
    (void)fingerprints_prepare(fp, fingerprints_key(fp, pre.sample, pre.len));
  pre.opened = fp;
  return NULL;
}

void lang_detect_preload(void)
{
  pthread_mutex_lock(&lock);
  if (!tried && !pre.running) {
    pthread_mutex_lock(&pre.lock);
    pre.hinted = pre.stop = false;
    pthread_mutex_unlock(&pre.lock);
    pre.running = pthread_create(&pre.thread, NULL, preload_main, NULL) == 0;
  }
  pthread_mutex_unlock(&lock);
}

void lang_detect_hint(const char *text, size_t len)
{
  pthread_mutex_lock(&pre.lock);
  if (!pre.hinted && !pre.stop) {
    pre.len = detected_len(text, len);
    memcpy(pre.sample, text, pre.len);
    pre.hinted = true;
    pthread_cond_signal(&pre.wake);
  }
  pthread_mutex_unlock(&pre.lock);
}

/* Makes fps ready (with lock held): the preloader's, else opened here. */
static void ensure_open(void)
{
  if (pre.running) {
    pthread_mutex_lock(&pre.lock);
    pre.stop = true;           /* a hint that has not come will not be waited for */
    pthread_cond_signal(&pre.wake);
    pthread_mutex_unlock(&pre.lock);
    pthread_join(pre.thread, NULL);
    pre.running = false;
    fps = pre.opened;
    pre.opened = NULL;
    tried = true;
  } else if (!tried) {
    tried = true;
    fps = fingerprints_open(LECTOR_TEXTCAT_DIR);
  }
}

int lang_detect(const char *text, size_t len, const char *prefer, char *out, size_t out_len)
{
  /* libexttextcat reads on past the length it is given (it stops at a NUL, once its cleaned
   * copy is as long as the length): a paragraph of a document would be judged with the text
   * after it. It gets a copy that ends where the text does. */
  char own[DETECT_MAX_BYTES + 1];
  len = detected_len(text, len);
  memcpy(own, text, len);
  own[len] = '\0';
  text = own;
  pthread_mutex_lock(&lock);
  ensure_open();
  int rc = -ENOENT, n;
  const candidate_t *cand;
  if (fps && fingerprints_classify(fps, fingerprints_key(fps, text, len), text, len, &cand,
                                   &n) == 0)
    rc = choose(cand, n, out, out_len);
  if (rc == 0 && prefer && !same_primary(out, prefer) && holds_up(prefer, cand[0].score))
    rc = tag_of(prefer, out, out_len) ? 0 : 1;
  pthread_mutex_unlock(&lock);
  return rc;
}

void lang_detect_release(void)
{
  pthread_mutex_lock(&lock);
  if (pre.running)
    ensure_open();             /* joins a preloader that was never needed */
  fingerprints_close(fps);
  fps = NULL;
  tried = false;
  pthread_mutex_unlock(&lock);
}
