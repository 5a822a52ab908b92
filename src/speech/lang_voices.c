/* The voice of each language of a document (lang_voices.h): resolved from the answers kept by
 * earlier runs, else in a child process, then used run by run when a sentence is spoken. */
#include "speech/lang_voices.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <espeak-ng/speak_lib.h>

#include "speech/engine_thread.h"
#include "speech/voice.h"
#include "speech/voice_espeak.h"
#include "speech/voice_select.h"
#include "text/document.h"
#include "text/speech_text.h"
#include "util/child.h"
#include "util/error.h"

/* Two tags name the same language when their primary subtags are equal ("en-GB", "en_us"). */
static bool same_language(const char *a, const char *b)
{
  size_t na = strcspn(a, "-_"), nb = strcspn(b, "-_");
  return na > 0 && na == nb && strncasecmp(a, b, na) == 0;
}

/* The language of the voice selected now ("en-gb"), into out. */
static void current_language(char *out, size_t len)
{
  espeak_VOICE *cur = espeak_GetCurrentVoice();
  snprintf(out, len, "%s", cur && cur->languages && cur->languages[0] ? cur->languages + 1 : "");
}

/* v[1..n) from their tags, v[0] being the document's voice, which speaks base_lang; pick is
 * voice_select_language or voice_select_kept_language. False when pick had no answer. */
static bool resolve_others(struct lang_voice *v, size_t n, const char *base_lang,
                           int (*pick)(const char *, char *, size_t, char *, size_t))
{
  for (size_t i = 1; i < n; i++) {
    /* A language the document's voice speaks already keeps it (a British quotation in an
     * American text is read by the voice the reader chose for English). */
    if (!v[i].tag[0] || same_language(v[i].tag, v[0].tag) || same_language(v[i].tag, base_lang))
      continue;
    int rc = pick(v[i].tag, v[i].id, sizeof v[i].id, v[i].name, sizeof v[i].name);
    if (rc == -ENOENT)
      return false;
    v[i].missing = rc != 0;
  }
  return true;
}

/* v[0..n) from the answers kept by earlier runs alone (voice_select.h), without starting
 * espeak-ng; false when one is not kept (v may then be half done). */
static bool resolve_kept(struct lang_voice *v, size_t n, const struct voice_profile *base)
{
  char base_lang[64];
  return voice_select_kept_voice(base, v[0].name, sizeof v[0].name, base_lang,
                                 sizeof base_lang) == 0 &&
         resolve_others(v, n, base_lang, voice_select_kept_language);
}

/* v[0..n) from their tags and base; false when espeak-ng would not start or base is no voice
 * (v may then be half done). */
static bool resolve_here(struct lang_voice *v, size_t n, const struct voice_profile *base)
{
  struct tts_engine *engine = NULL;
  if (tts_engine_new(&engine) || tts_engine_set_voice(engine, base)) {
    tts_engine_free(engine);
    return false;
  }
  snprintf(v[0].name, sizeof v[0].name, "%s", tts_engine_voice_name(engine));
  char base_lang[64];
  current_language(base_lang, sizeof base_lang);
  resolve_others(v, n, base_lang, voice_select_language);
  tts_engine_free(engine);
  return true;
}

/* The child of lang_voices_resolve: never returns. */
static void child_main(int fd, struct lang_voice *v, size_t n, const struct voice_profile *base)
{
  child_quiet_output();
  if (!resolve_here(v, n, base))
    _exit(1);
  size_t len = n * sizeof *v, done = 0;
  while (done < len) {
    ssize_t w = write(fd, (char *)v + done, len - done);
    if (w < 0 && errno == EINTR)
      continue;
    if (w <= 0)
      _exit(1);
    done += (size_t)w;
  }
  _exit(0);
}

struct resolve_job {
  struct lang_voice *v;
  size_t n;
  const struct voice_profile *base;
};

/* On the reader's espeak-ng thread, while the main thread waits for it (no other thread runs
 * yet): espeak-ng's notes on stderr (a dictionary not fully installed) stay off the terminal,
 * as the child's do. */
static void resolve_on_thread(void *arg)
{
  struct resolve_job *job = arg;
  struct lang_voice *copy = malloc(job->n * sizeof *copy);
  if (!copy)
    return;
  memcpy(copy, job->v, job->n * sizeof *copy);
  int saved = voice_espeak_mute_stderr();
  if (resolve_here(copy, job->n, job->base))
    memcpy(job->v, copy, job->n * sizeof *copy);
  voice_espeak_unmute_stderr(saved);
  free(copy);
}

/* resolve_kept, all or nothing: v is untouched unless every answer was kept. */
static bool resolve_all_kept(struct lang_voice *v, size_t n, const struct voice_profile *base)
{
  struct lang_voice *copy = malloc(n * sizeof *copy);
  if (!copy)
    return false;
  memcpy(copy, v, n * sizeof *copy);
  bool kept = resolve_kept(copy, n, base);
  if (kept)
    memcpy(v, copy, n * sizeof *copy);
  free(copy);
  return kept;
}

/* Asks a child for the voices; false when it gave no answer (v untouched then). */
static bool ask_child(struct lang_voice *v, size_t n, const struct voice_profile *base)
{
  int fd;
  pid_t pid = child_fork_pipe(&fd);
  if (pid == 0)
    child_main(fd, v, n, base);
  if (pid < 0)
    return false;
  struct lang_voice *answer = malloc(n * sizeof *answer);
  size_t len = n * sizeof *answer;
  /* Out of memory, nothing is read: the child's write fails and it ends. */
  bool ok = child_answer(pid, fd, answer, answer ? len : 0) && answer;
  if (ok)
    memcpy(v, answer, len);
  free(answer);
  return ok;
}

int lang_voices_resolve(const struct document *doc, const struct voice_profile *base,
                        struct lang_voices *out)
{
  out->n = doc->n_langs + 1;
  out->v = calloc(out->n, sizeof *out->v);
  if (!out->v) {
    out->n = 0;
    return -ENOMEM;
  }
  const char *doc_lang = document_lang(doc);
  snprintf(out->v[0].tag, sizeof out->v[0].tag, "%s", doc_lang ? doc_lang : "");
  for (size_t i = 1; i < out->n; i++)
    snprintf(out->v[i].tag, sizeof out->v[i].tag, "%s", doc->langs[i - 1]);
  /* Also for one language: the document's voice is named in the timings. */
  struct resolve_job job = {out->v, out->n, base};
  /* Without the reader's espeak-ng thread (export), the answers kept by earlier runs spare the
   * child and its 10 ms. */
  if (!engine_thread_call(resolve_on_thread, &job) && !resolve_all_kept(out->v, out->n, base))
    ask_child(out->v, out->n, base);
  return 0;
}

void lang_voices_free(struct lang_voices *lv)
{
  free(lv->v);
  lv->v = NULL;
  lv->n = 0;
}

const struct lang_voice *lang_voices_for(const struct lang_voices *lv, unsigned lang)
{
  if (!lv || lv->n == 0)
    return NULL;
  if (lang < lv->n && lv->v[lang].id[0])
    return &lv->v[lang];
  return &lv->v[0];
}

/* The voice id word w is spoken with ("" for the document's). */
static const char *word_voice(const struct lang_voices *lv, const struct speech_word *w)
{
  const struct lang_voice *v = lang_voices_for(lv, w->lang);
  return v ? v->id : "";
}

/* The words [first, end) of st, and the text from where the first begins (0 for the first
 * word) to where word end begins (the end of the text for the last), as a speech text of its
 * own in part (whose buffers are reused). */
static int cut_run(const struct speech_text *st, size_t first, size_t end, struct speech_text *part)
{
  size_t from = first ? st->words[first].speech_start : 0;
  size_t to = end < st->n_words ? st->words[end].speech_start : st->len;
  char *text = realloc(part->text, to - from + 1);
  if (!text)
    return -ENOMEM;
  part->text = text;
  struct speech_word *words = realloc(part->words, (end - first) * sizeof *words);
  if (!words)
    return -ENOMEM;
  part->words = words;
  memcpy(text, st->text + from, to - from);
  text[to - from] = '\0';
  part->len = to - from;
  part->n_words = end - first;
  for (size_t i = first; i < end; i++) {
    words[i - first] = st->words[i];
    words[i - first].speech_start -= from;
    words[i - first].speech_end -= from;
  }
  return 0;
}

/* Selects voice; one espeak-ng will not load after all is read with the document's. */
static int use_voice(struct tts_engine *engine, const char *voice)
{
  int rc = tts_engine_use_voice(engine, voice);
  return rc == LECTOR_EVOICE && *voice ? tts_engine_use_voice(engine, NULL) : rc;
}

int lang_voices_speak(struct tts_engine *engine, const struct lang_voices *lv,
                      const struct speech_text *st, tts_audio_fn fn, void *user,
                      struct tts_word_time *times, uint64_t *n_samples)
{
  size_t n = st->n_words, first = 0;
  const char *voice = n ? word_voice(lv, &st->words[0]) : "";
  while (first < n && strcmp(word_voice(lv, &st->words[first]), voice) == 0)
    first++;
  int rc = use_voice(engine, voice);
  if (rc || first == n)   /* one voice for the whole sentence: the usual case */
    return rc ? rc : tts_engine_speak(engine, st, fn, user, times, n_samples);
  struct speech_text part = {0};
  uint64_t total = 0;
  for (size_t start = 0; start < n && !rc;) {
    voice = word_voice(lv, &st->words[start]);
    size_t end = start + 1;
    while (end < n && strcmp(word_voice(lv, &st->words[end]), voice) == 0)
      end++;
    uint64_t got = 0;
    rc = cut_run(st, start, end, &part);
    if (!rc)
      rc = use_voice(engine, voice);
    if (!rc)
      rc = tts_engine_speak(engine, &part, fn, user, times ? times + start : NULL, &got);
    for (size_t i = start; !rc && times && i < end; i++) {
      times[i].start += total;
      times[i].end += total;
    }
    total += got;
    start = end;
  }
  speech_text_free(&part);
  if (n_samples)
    *n_samples = total;
  return rc;
}
