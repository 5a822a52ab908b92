/* Language detection with libexttextcat (Debian libexttextcat-dev): n-gram fingerprints for
 * about 160 languages. Its answer lists every language within a small distance of the best;
 * lector takes the answer only when it names exactly one, so an unsure text stays unknown.
 *
 * The classifier keeps state per handle and is not thread-safe: one handle, made on first use,
 * behind a mutex. */
#include "text/lang.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include <libexttextcat/textcat.h>

#ifndef LECTOR_TEXTCAT_DIR
#define LECTOR_TEXTCAT_DIR "/usr/share/libexttextcat/"
#endif

/* At most this much text is looked at: enough to judge, and bounded time on a book. */
#define DETECT_MAX_BYTES 4096

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static void *handle;
static bool tried;

/* "[de--utf8]" -> "de"; "[zh-CN-utf8]" -> "zh-CN". Returns 0, or 1 when the answer is not
 * exactly one language. */
static int parse_answer(const char *answer, char *out, size_t out_len)
{
  if (!answer || answer[0] != '[')
    return 1;
  const char *close = strchr(answer, ']');
  if (!close || close[1] != '\0')
    return 1;                  /* SHORT, UNKNOWN, or several candidates */
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

int lang_detect(const char *text, size_t len, char *out, size_t out_len)
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
    rc = parse_answer(textcat_Classify(handle, text, len), out, out_len);
  pthread_mutex_unlock(&lock);
  return rc;
}
