/* Giving a document and its paragraphs their languages (lang.h). */
#include "text/lang.h"

#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/uscript.h>
#include <utf8proc.h>

#include "text/lang_fingerprints.h"
#include "util/bisect.h"

bool lang_tag_valid(const char *s)
{
  if (!s || strlen(s) > 35)
    return false;
  size_t first = 0;
  while (isalpha((unsigned char)s[first]))
    first++;
  if (first < 2 || first > 8)
    return false;
  for (const char *p = s + first; *p;) {
    if (*p != '-' && *p != '_')
      return false;
    size_t n = 0;
    while (isalnum((unsigned char)p[1 + n]))
      n++;
    if (n < 1 || n > 8)
      return false;
    p += 1 + n;
  }
  return true;
}

/* Whether text[start, end) has enough words to judge its language: LANG_DETECT_MIN_WORDS
 * words, or for scripts without spaces, as many bytes as that many words would take. Stops as
 * soon as it knows: a book's long paragraphs are not counted to the end. */
static bool long_enough(const char *t, size_t start, size_t end)
{
  if (end - start >= 12 * LANG_DETECT_MIN_WORDS)
    return true;
  size_t words = 0;
  bool in_word = false;
  for (size_t i = start; i < end && words < LANG_DETECT_MIN_WORDS; i++) {
    bool space = isspace((unsigned char)t[i]) != 0;
    if (!space && !in_word)
      words++;
    in_word = !space;
  }
  return words >= LANG_DETECT_MIN_WORDS;
}

/* The script of the first letter in text[start, end) (at most SCRIPT_SCAN bytes looked at),
 * USCRIPT_COMMON when there is none. Cheap: it tells which paragraphs of a long text are
 * worth giving to the detector. */
#define SCRIPT_SCAN 256
static UScriptCode first_script(const char *t, size_t start, size_t end)
{
  size_t i = start, stop = end - start > SCRIPT_SCAN ? start + SCRIPT_SCAN : end;
  while (i < stop) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)t + i,
                                          (utf8proc_ssize_t)(end - i), &cp);
    if (n <= 0)
      return USCRIPT_COMMON;
    UScriptCode sc = (UScriptCode)fingerprints_script_of(cp);
    if (sc != USCRIPT_COMMON)
      return sc;
    i += (size_t)n;
  }
  return USCRIPT_COMMON;
}

/* Two tags name the same language when their primary subtags are equal. */
static bool same_language(const char *a, const char *b)
{
  size_t na = strcspn(a, "-_"), nb = strcspn(b, "-_");
  return na == nb && strncasecmp(a, b, na) == 0;
}

static int force_all(struct document *doc, const char *forced)
{
  int rc = document_set_string(&doc->lang, forced);
  doc->lang_stated = true;
  for (size_t p = 0; p < doc->n_paragraphs && !rc; p++) {
    doc->paragraphs[p].lang = 0;
    doc->paragraphs[p].lang_stated = true;
  }
  doc->n_lang_spans = 0;       /* the user's word stands for the whole text */
  return rc;
}


/* Up to LANG_SAMPLE_BYTES of text[0, len) for the document's language: all of a short text,
 * else LANG_SAMPLE_PIECES slices spread over it (the start of a book is often its front
 * matter). Returns the sample's length; out[length] is a NUL, as libexttextcat reads on past
 * the length it is given (to the next NUL, collapsing white space) and would otherwise read
 * whatever the stack held. */
#define LANG_SAMPLE_BYTES 4096
#define LANG_SAMPLE_PIECES 4
static size_t text_sample(const char *text, size_t len, char *out)
{
  if (len <= LANG_SAMPLE_BYTES) {
    memcpy(out, text, len);
    out[len] = '\0';
    return len;
  }
  size_t piece = LANG_SAMPLE_BYTES / LANG_SAMPLE_PIECES, n = 0;
  for (size_t k = 0; k < LANG_SAMPLE_PIECES; k++) {
    size_t b = len / LANG_SAMPLE_PIECES * k, e = b + piece;
    while (b < e && ((unsigned char)text[b] & 0xC0) == 0x80)
      b++;                     /* whole characters only */
    while (e > b && ((unsigned char)text[e] & 0xC0) == 0x80)
      e--;
    memcpy(out + n, text + b, e - b);
    n += e - b;
    out[n++] = '\n';
  }
  out[n] = '\0';
  return n;
}

void lang_hint_document(const char *text, size_t len)
{
  char sample[LANG_SAMPLE_BYTES + LANG_SAMPLE_PIECES + 1];
  lang_detect_hint(sample, text_sample(text, len, sample));
}

/* Which paragraphs the detector has seen, and where the next may be. */
struct detect_budget {
  UScriptCode doc_script;      /* the script the document begins in */
  size_t next_due;             /* index from which the next paragraph in that script may be */
  size_t other_scripts;        /* paragraphs in other scripts detected so far */
};

/* Whether paragraph p is given to the detector. A paragraph in another script than the
 * document's is (a Greek quotation in an English book), up to 8 x LANG_DETECT_MAX_PARAGRAPHS;
 * of the rest, at most LANG_DETECT_MAX_PARAGRAPHS, spread evenly: each call costs about half a
 * millisecond, and a book has thousands of paragraphs. In a file that states its language
 * (HTML lang=, front matter lang:) only paragraphs in another script are: the file's word
 * stands for the rest, and a page is spared loading the detector's data. */
static bool worth_detecting(const struct document *doc, size_t p, struct detect_budget *b)
{
  const struct doc_paragraph *para = &doc->paragraphs[p];
  if (para->lang_stated || para->kind == DOC_CODE ||
      !long_enough(doc->text, para->start, para->end))
    return false;
  if (b->doc_script != USCRIPT_COMMON && b->other_scripts < 8 * LANG_DETECT_MAX_PARAGRAPHS &&
      first_script(doc->text, para->start, para->end) != b->doc_script) {
    b->other_scripts++;
    return true;
  }
  if (doc->lang || p < b->next_due)
    return false;
  size_t most = LANG_DETECT_MAX_PARAGRAPHS;
  size_t stride = (doc->n_paragraphs + most - 1) / most;
  b->next_due = p + (stride ? stride : 1);
  return true;
}

/* The paragraphs to detect, and what the detector said of each: filled by detect_all, on a
 * thread of its own while the caller segments the text. The spans are copied, as segmentation
 * moves the paragraphs (it drops empty ones). */
struct lang_job {
  const char *text;
  char prefer[32];             /* the document's language; "" when unknown */
  size_t n;
  size_t *start, *end;
  char (*tag)[32];
  bool *found;
  int rc;                      /* a negative code from the detector, else 0 */
  pthread_t thread;
  bool threaded;
};

static void *detect_all(void *arg)
{
  struct lang_job *job = arg;
  for (size_t i = 0; i < job->n; i++) {
    int d = lang_detect(job->text + job->start[i], job->end[i] - job->start[i],
                        job->prefer[0] ? job->prefer : NULL, job->tag[i], sizeof job->tag[i]);
    if (d < 0 && d != -ENOENT) {
      job->rc = d;
      break;
    }
    job->found[i] = d == 0 && (!job->prefer[0] || !same_language(job->tag[i], job->prefer));
  }
  return NULL;
}

static void job_free(struct lang_job *job)
{
  if (!job)
    return;
  free(job->start);
  free(job->end);
  free(job->tag);
  free(job->found);
  free(job);
}

/* The job of the paragraphs worth detecting, with the document's language known; NULL with *rc
 * 0 when there are none. */
static struct lang_job *job_new(const struct document *doc, int *rc)
{
  struct lang_job *job = calloc(1, sizeof *job);
  size_t cap = doc->n_paragraphs ? doc->n_paragraphs : 1;
  if (!job || !(job->start = malloc(cap * sizeof *job->start)) ||
      !(job->end = malloc(cap * sizeof *job->end))) {
    job_free(job);
    *rc = -ENOMEM;
    return NULL;
  }
  job->text = doc->text;
  const char *doc_lang = document_lang(doc);
  if (doc_lang)
    snprintf(job->prefer, sizeof job->prefer, "%s", doc_lang);
  struct detect_budget budget = {.doc_script = first_script(doc->text, 0, doc->len)};
  for (size_t p = 0; p < doc->n_paragraphs; p++)
    if (worth_detecting(doc, p, &budget)) {
      job->start[job->n] = doc->paragraphs[p].start;
      job->end[job->n++] = doc->paragraphs[p].end;
    }
  if (job->n && (!(job->tag = calloc(job->n, sizeof *job->tag)) ||
                 !(job->found = calloc(job->n, sizeof *job->found)))) {
    *rc = -ENOMEM;
  } else if (job->n) {
    return job;
  }
  job_free(job);
  return NULL;
}

int lang_assign_begin(struct document *doc, const char *forced, struct lang_job **out)
{
  *out = NULL;
  if (forced && *forced)
    return force_all(doc, forced);
  char tag[32];
  int rc = 0;
  if (!doc->lang && doc->len > 0) {
    char sample[LANG_SAMPLE_BYTES + LANG_SAMPLE_PIECES + 1];
    size_t n = text_sample(doc->text, doc->len, sample);
    if (lang_detect(sample, n, NULL, tag, sizeof tag) == 0)
      rc = document_set_string(&doc->lang_detected, tag);
  }
  struct lang_job *job = rc ? NULL : job_new(doc, &rc);
  if (!job) {
    lang_detect_release();
    return rc;
  }
  /* On a thread, the caller segments meanwhile; without one, here and now. */
  job->threaded = pthread_create(&job->thread, NULL, detect_all, job) == 0;
  if (!job->threaded)
    detect_all(job);
  *out = job;
  return 0;
}

struct paragraph_search {
  const struct document *doc;
  size_t start;
};

static bool begins_before(const void *ctx, size_t i)
{
  const struct paragraph_search *ps = ctx;
  return ps->doc->paragraphs[i].start < ps->start;
}

/* The paragraph that begins at byte start (paragraphs are in text order), or SIZE_MAX. */
static size_t paragraph_at(const struct document *doc, size_t start)
{
  struct paragraph_search ps = {doc, start};
  size_t p = bisect(doc->n_paragraphs, begins_before, &ps);
  return p < doc->n_paragraphs && doc->paragraphs[p].start == start ? p : SIZE_MAX;
}

int lang_assign_finish(struct document *doc, struct lang_job *job, bool *changed)
{
  *changed = false;
  if (!job)
    return 0;
  if (job->threaded)
    pthread_join(job->thread, NULL);
  int rc = job->rc;
  for (size_t i = 0; i < job->n && !rc; i++) {
    size_t p = job->found[i] ? paragraph_at(doc, job->start[i]) : SIZE_MAX;
    if (p == SIZE_MAX)
      continue;
    rc = document_set_paragraph_lang(doc, p, job->tag[i], false);
    *changed = true;
  }
  job_free(job);
  lang_detect_release();
  return rc;
}

int lang_assign(struct document *doc, const char *forced)
{
  struct lang_job *job;
  bool changed;
  int rc = lang_assign_begin(doc, forced, &job);
  int done = lang_assign_finish(doc, job, &changed);
  return rc ? rc : done;
}
