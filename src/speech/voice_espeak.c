/* espeak-ng's own voices: whether a name, variant or language code is one it has, and the
 * listings of `lector voices`.
 *
 * Threads: the listings initialise espeak-ng in the calling thread (tts_espeak_init), which
 * becomes the one thread of the process that may use it. voice_espeak_ask answers in a child
 * process instead, so that the caller's process never starts espeak-ng. */
#include "speech/voice_espeak.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <espeak-ng/speak_lib.h>

#include "speech/engine.h"
#include "speech/engine_thread.h"
#include "speech/voice_cache.h"
#include "speech/voice_select.h"
#include "util/child.h"
#include "util/error.h"

static const char *basename_of(const char *id)
{
  const char *slash = strrchr(id, '/');
  return slash ? slash + 1 : id;
}

static bool espeak_has_variant(const char *variant)
{
  espeak_VOICE spec;
  memset(&spec, 0, sizeof spec);
  spec.languages = "variant";
  const espeak_VOICE **v = espeak_ListVoices(&spec);
  for (; v && *v; v++) {
    if (((*v)->identifier && strcasecmp(basename_of((*v)->identifier), variant) == 0) ||
        ((*v)->name && strcasecmp((*v)->name, variant) == 0))
      return true;
  }
  return false;
}

/* espeak_ListVoices(NULL) reads every voice file again at each call (~10 ms): the answers look
 * at one copy of it, made once per process by the thread that uses espeak-ng. NULL-terminated;
 * NULL when it could not be made (out of memory: then espeak-ng's own list, read again). */
static const espeak_VOICE **voices_copy;

static char *copy_languages(const char *languages)
{
  /* (priority byte, NUL-terminated code)*, then a 0 byte */
  const char *p = languages;
  while (p && *p)
    p += strlen(p + 1) + 2;
  size_t len = languages ? (size_t)(p - languages) + 1 : 1;
  char *copy = calloc(1, len);
  if (copy && languages)
    memcpy(copy, languages, len);
  return copy;
}

static const espeak_VOICE **make_voices_copy(void)
{
  const espeak_VOICE **v = espeak_ListVoices(NULL);
  size_t n = 0;
  while (v && v[n])
    n++;
  const espeak_VOICE **list = calloc(n + 1, sizeof *list);
  espeak_VOICE *copies = calloc(n ? n : 1, sizeof *copies);
  if (!list || !copies) {
    free(list);
    free(copies);
    return NULL;
  }
  for (size_t i = 0; i < n; i++) {
    copies[i].name = v[i]->name ? strdup(v[i]->name) : NULL;
    copies[i].identifier = v[i]->identifier ? strdup(v[i]->identifier) : NULL;
    copies[i].languages = copy_languages(v[i]->languages);
    list[i] = &copies[i];   /* kept for the process: a string that failed reads as absent */
  }
  return list;
}

static const espeak_VOICE **all_voices(void)
{
  if (!voices_copy)
    voices_copy = make_voices_copy();
  return voices_copy ? voices_copy : espeak_ListVoices(NULL);
}

void voice_espeak_warm_up(void)
{
  struct tts_engine *engine = NULL;
  if (tts_espeak_init() < 0)
    return;
  voice_select_open_cache();
  /* No answers kept (the first run, or espeak-ng's voices changed): the list every answer
   * needs is read now, while the document loads, rather than when the first answer is due. */
  if (voice_cache_empty())
    all_voices();
  if (tts_engine_new(&engine) == 0)   /* the default voice, with its dictionary */
    tts_engine_free(engine);
}

/* True when name (optionally "+variant") is an espeak-ng voice name or identifier. */
static bool espeak_has_voice(const char *name)
{
  char base[128];
  if (strlen(name) >= sizeof base)
    return false;
  strcpy(base, name);
  char *variant = strchr(base, '+');
  if (variant) {
    *variant++ = '\0';
    if (!*variant || !espeak_has_variant(variant))
      return false;
  }
  const espeak_VOICE **v = all_voices();
  for (; v && *v; v++) {
    const char *id = (*v)->identifier ? (*v)->identifier : "";
    if (((*v)->name && strcasecmp((*v)->name, base) == 0) || strcasecmp(id, base) == 0 ||
        strcasecmp(basename_of(id), base) == 0)
      return true;
  }
  return false;
}

/* A region subtag such as "de" or "419": what may follow a language espeak-ng knows in a more
 * specific code ("de-de"). Anything longer ("no-such-voice") is not a language code. */
static bool is_region_subtag(const char *s)
{
  size_t n = strlen(s);
  if (n < 2 || n > 3)
    return false;
  for (size_t i = 0; i < n; i++)
    if (!isalnum((unsigned char)s[i]))
      return false;
  return true;
}

/* True when espeak-ng has a voice speaking language code lang (e.g. "en-gb", "fr"). */
static bool espeak_has_language(const char *lang)
{
  const espeak_VOICE **v = all_voices();
  size_t len = strlen(lang);
  for (; v && *v; v++) {
    /* languages: (priority byte, NUL-terminated code)*, then a 0 byte. */
    const char *p = (*v)->languages;
    while (p && *p) {
      const char *code = p + 1;
      /* Either may be the more specific: "fr" finds "fr-fr", "de-de" finds "de" (what
       * espeak_SetVoiceByProperties does too). */
      size_t clen = strlen(code);
      if (strcasecmp(code, lang) == 0 ||
          (strncasecmp(code, lang, len) == 0 && code[len] == '-') ||
          (strncasecmp(code, lang, clen) == 0 && lang[clen] == '-' &&
           is_region_subtag(lang + clen + 1)))
        return true;
      p = code + strlen(code) + 1;
    }
  }
  return false;
}

static int by_id(const void *a, const void *b)
{
  return strcasecmp(((const struct voice_espeak_info *)a)->id,
                    ((const struct voice_espeak_info *)b)->id);
}

int voice_list_espeak(struct voice_espeak_info **out, size_t *n_out)
{
  *out = NULL;
  *n_out = 0;
  if (tts_espeak_init() < 0)
    return LECTOR_ETTS;
  const espeak_VOICE **v = espeak_ListVoices(NULL);
  size_t n = 0;
  while (v && v[n])
    n++;
  struct voice_espeak_info *list = calloc(n ? n : 1, sizeof *list);
  if (!list)
    return -ENOMEM;
  for (size_t i = 0; i < n; i++) {
    struct voice_espeak_info *info = &list[i];
    snprintf(info->id, sizeof info->id, "%s", v[i]->identifier ? basename_of(v[i]->identifier) : "");
    snprintf(info->name, sizeof info->name, "%s", v[i]->name ? v[i]->name : "");
    size_t used = 0;
    for (const char *p = v[i]->languages; p && *p; p += strlen(p + 1) + 2) {
      int w = snprintf(info->languages + used, sizeof info->languages - used, "%s%s",
                       used ? ", " : "", p + 1);
      if (w < 0 || (size_t)w >= sizeof info->languages - used)
        break;
      used += (size_t)w;
    }
  }
  qsort(list, n, sizeof *list, by_id);
  *out = list;
  *n_out = n;
  return 0;
}

int voice_espeak_mute_stderr(void)
{
  fflush(stderr);
  int saved = dup(STDERR_FILENO), null = open("/dev/null", O_WRONLY | O_CLOEXEC);
  if (saved >= 0 && null >= 0)
    dup2(null, STDERR_FILENO);
  if (null >= 0)
    close(null);
  else if (saved >= 0) {
    close(saved);
    saved = -1;
  }
  return saved;
}

void voice_espeak_unmute_stderr(int saved)
{
  if (saved < 0)
    return;
  dup2(saved, STDERR_FILENO);
  close(saved);
}

int voice_espeak_pick(const char *lang, char *id, size_t len)
{
  if (tts_espeak_init() < 0)
    return LECTOR_ETTS;
  espeak_VOICE spec;
  memset(&spec, 0, sizeof spec);
  spec.languages = lang;
  /* Loading a voice, espeak-ng says on stderr when a language's full dictionary is not
   * installed ("Full dictionary is not installed for 'be'"): not the listing's business. */
  int saved = voice_espeak_mute_stderr();
  voice_select_forget();
  espeak_VOICE *cur = NULL;
  bool found = espeak_SetVoiceByProperties(&spec) == EE_OK && (cur = espeak_GetCurrentVoice()) &&
               cur->identifier;
  voice_espeak_unmute_stderr(saved);
  if (!found)
    return LECTOR_EVOICE;
  snprintf(id, len, "%s", basename_of(cur->identifier));
  return 0;
}

int voice_list_variants(char *buf, size_t len)
{
  if (len)
    buf[0] = '\0';
  if (tts_espeak_init() < 0)
    return LECTOR_ETTS;
  espeak_VOICE spec;
  memset(&spec, 0, sizeof spec);
  spec.languages = "variant";
  const espeak_VOICE **v = espeak_ListVoices(&spec);
  size_t used = 0;
  for (; v && *v; v++) {
    if (!(*v)->identifier)
      continue;
    int w = snprintf(buf + used, len - used, "%s%s", used ? "\n" : "", basename_of((*v)->identifier));
    if (w < 0 || (size_t)w >= len - used)
      break;
    used += (size_t)w;
  }
  return 0;
}

/* The kept answer to a yes-or-no question: 1, 0, or -1 when none is kept. */
static int kept_yes_no(const char *kind, const char *subject)
{
  const char *kept = voice_cache_get(kind, subject);
  return kept && strcmp(kept, "1") == 0 ? 1 : kept && strcmp(kept, "0") == 0 ? 0 : -1;
}

/* The answer to a yes-or-no question, kept or else asked of espeak-ng (initialised in this
 * thread) and kept. */
static bool yes_no(const char *kind, const char *subject, bool (*ask)(const char *))
{
  int kept = kept_yes_no(kind, subject);
  if (kept >= 0)
    return kept;
  bool yes = ask(subject);
  voice_cache_put(kind, subject, yes ? "1" : "0");
  return yes;
}

static void answer(const char *name, const char *lang, struct voice_espeak_answers *a)
{
  memset(a, 0, sizeof *a);
  a->name_is_voice = name && yes_no("voice", name, espeak_has_voice);
  a->name_is_language = name && !a->name_is_voice && yes_no("language", name, espeak_has_language);
  a->lang_is_language = lang && yes_no("language", lang, espeak_has_language);
}

/* The answers from the cache alone; false when one is not kept. */
static bool answer_kept(const char *name, const char *lang, struct voice_espeak_answers *a)
{
  memset(a, 0, sizeof *a);
  int voice = name ? kept_yes_no("voice", name) : 0;
  int language = name && voice == 0 ? kept_yes_no("language", name) : 0;
  int lang_language = lang ? kept_yes_no("language", lang) : 0;
  if (voice < 0 || language < 0 || lang_language < 0)
    return false;
  *a = (struct voice_espeak_answers){voice == 1, language == 1, lang_language == 1};
  return true;
}

/* In the child of voice_espeak_ask: never returns. */
static void ask_child(int fd, const char *name, const char *lang)
{
  child_quiet_output();
  if (tts_espeak_init() < 0)
    _exit(1);
  voice_select_open_cache();
  struct voice_espeak_answers a;
  answer(name, lang, &a);
  ssize_t w;
  while ((w = write(fd, &a, sizeof a)) < 0 && errno == EINTR)
    ;
  _exit(w == (ssize_t)sizeof a ? 0 : 1);
}

struct ask_job {
  const char *name, *lang;
  struct voice_espeak_answers a;
  bool started;
};

static void ask_on_thread(void *arg)
{
  struct ask_job *job = arg;
  job->started = tts_espeak_init() > 0;
  if (job->started) {
    voice_select_open_cache();
    answer(job->name, job->lang, &job->a);
  }
}

int voice_espeak_ask(const char *name, const char *lang, struct voice_espeak_answers *out)
{
  memset(out, 0, sizeof *out);
  struct ask_job job = {name, lang, {0}, false};
  if (engine_thread_call(ask_on_thread, &job)) {
    if (!job.started)
      return LECTOR_ETTS;
    *out = job.a;
    return 0;
  }
  /* Answers kept from an earlier run spare the child (and its 10 ms). */
  voice_select_open_cache();
  if (answer_kept(name, lang, out))
    return 0;
  int fd;
  pid_t pid = child_fork_pipe(&fd);
  if (pid == 0)
    ask_child(fd, name, lang);
  if (pid < 0)
    return pid;
  struct voice_espeak_answers a;
  /* No answer: espeak-ng would not start (or the child died), which says nothing of the name. */
  if (!child_answer(pid, fd, &a, sizeof a))
    return LECTOR_ETTS;
  *out = a;
  return 0;
}
