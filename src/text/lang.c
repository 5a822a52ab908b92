/* Giving a document and its paragraphs their languages (lang.h). */
#include "text/lang.h"

#include <ctype.h>
#include <errno.h>
#include <string.h>
#include <strings.h>

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
 * words, or for scripts without spaces, as many bytes as that many words would take. */
static bool long_enough(const char *t, size_t start, size_t end)
{
  size_t words = 0;
  bool in_word = false;
  for (size_t i = start; i < end; i++) {
    bool space = isspace((unsigned char)t[i]) != 0;
    if (!space && !in_word)
      words++;
    in_word = !space;
  }
  return words >= LANG_DETECT_MIN_WORDS || end - start >= 12 * LANG_DETECT_MIN_WORDS;
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

static int assign_detected(struct document *doc);

int lang_assign(struct document *doc, const char *forced)
{
  if (forced && *forced)
    return force_all(doc, forced);
  int rc = assign_detected(doc);
  lang_detect_release();
  return rc;
}

static int assign_detected(struct document *doc)
{
  char tag[32];
  int rc = 0;
  const char *doc_lang;
  if (!doc->lang && doc->len > 0 && lang_detect(doc->text, doc->len, NULL, tag, sizeof tag) == 0)
    rc = document_set_string(&doc->lang_detected, tag);
  for (size_t p = 0; p < doc->n_paragraphs && !rc; p++) {
    struct doc_paragraph *para = &doc->paragraphs[p];
    if (para->lang_stated || para->kind == DOC_CODE ||
        !long_enough(doc->text, para->start, para->end))
      continue;
    int d = lang_detect(doc->text + para->start, para->end - para->start, document_lang(doc), tag,
                        sizeof tag);
    if (d < 0 && d != -ENOENT)
      return d;
    if (d == 0 && (!(doc_lang = document_lang(doc)) || !same_language(tag, doc_lang)))
      rc = document_set_paragraph_lang(doc, p, tag, false);
  }
  return rc;
}
