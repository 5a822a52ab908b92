/* Language detection with libexttextcat (Debian libexttextcat-dev): n-gram fingerprints for
 * about 160 languages. Its answer lists every language within a small distance of the best;
 * lector takes the best only when at most one other is that close, so an unsure text stays
 * unknown.
 *
 * The classifier keeps state per handle and is not thread-safe: one handle, made on first use,
 * behind a mutex, and released after each document (its fingerprints take megabytes that a
 * reader would otherwise hold for hours). */
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
static bool tried;

/* "[de--utf8]" -> "de"; "[zh-CN-utf8]" -> "zh-CN". The answer lists the best language first;
 * a second one close to it is common between neighbours ("[ru--utf8][rue--utf8]",
 * "[bg--utf8][mk--utf8]") and still leaves the first the clear choice; three or more mean the
 * text is unclear. Returns 0, or 1 when it is SHORT, UNKNOWN or unclear. */
static int parse_answer(const char *answer, const char *prefer, char *out, size_t out_len)
{
  if (!answer || answer[0] != '[')
    return 1;
  const char *close = strchr(answer, ']');
  if (!close)
    return 1;
  if (close[1] != '\0') {
    const char *second = strchr(close + 1, ']');
    if (close[1] != '[' || !second || second[1] != '\0')
      return 1;
    /* The language the caller already holds wins a near tie ("[sco][en]" in English text). */
    size_t np = prefer ? strcspn(prefer, "-_") : 0;
    if (np && strncasecmp(close + 2, prefer, np) == 0 && close[2 + np] == '-') {
      answer = close + 1;
      close = second;
    }
  }
  size_t n = (size_t)(close - answer - 1);
  const char *name = answer + 1;
  const char *suffix = strstr(name, "-utf8");
  if (suffix && suffix < close)
    n = (size_t)(suffix - name);
  while (n > 0 && name[n - 1] == '-')
    n--;
  if (n == 0 || n >= out_len)
    return 1;
  memcpy(out, name, n);
  out[n] = '\0';
  return 0;
}

int lang_detect(const char *text, size_t len, const char *prefer, char *out, size_t out_len)
{
  if (len > DETECT_MAX_BYTES) {
    len = DETECT_MAX_BYTES;
    while (len > 0 && ((unsigned char)text[len] & 0xC0) == 0x80)
      len--;                   /* never cut a character in two */
  }
  pthread_mutex_lock(&lock);
  if (!tried) {
    tried = true;
    handle = special_textcat_Init(LECTOR_TEXTCAT_DIR "fpdb.conf", LECTOR_TEXTCAT_DIR);
  }
  int rc = -ENOENT;
  if (handle)
    rc = parse_answer(textcat_Classify(handle, text, len), prefer, out, out_len);
  pthread_mutex_unlock(&lock);
  return rc;
}

void lang_detect_release(void)
{
  pthread_mutex_lock(&lock);
  if (handle)
    textcat_Done(handle);
  handle = NULL;
  tried = false;
  pthread_mutex_unlock(&lock);
}
