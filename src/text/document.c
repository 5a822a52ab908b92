#include "text/document.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/grow.h"

struct document *document_new(char *text, size_t len)
{
  struct document *doc = calloc(1, sizeof *doc);
  if (!doc) {
    free(text);
    return NULL;
  }
  doc->text = text;
  doc->len = len;
  return doc;
}

void document_free(struct document *doc)
{
  if (!doc)
    return;
  free(doc->text);
  free(doc->title);
  free(doc->lang);
  free(doc->lang_detected);
  free(doc->warning);
  free(doc->paragraphs);
  free(doc->sentences);
  for (size_t i = 0; i < doc->n_langs; i++)
    free(doc->langs[i]);
  free(doc->langs);
  free(doc->lang_spans);
  free(doc);
}

/* Grows *items (of element size) so that one more fits; amortised doubling. */
static int reserve_one(void **items, size_t *cap, size_t n, size_t size)
{
  return grow_for(items, cap, n, size, 16);
}

static int add_paragraph(struct document *doc, enum doc_kind kind, size_t start, size_t end,
                         size_t marker)
{
  if (end <= start)
    return 0;
  int rc = reserve_one((void **)&doc->paragraphs, &doc->cap_paragraphs, doc->n_paragraphs,
                       sizeof *doc->paragraphs);
  if (rc)
    return rc;
  doc->paragraphs[doc->n_paragraphs++] = (struct doc_paragraph){
    .kind = kind, .start = start, .end = end, .marker = marker < end - start ? marker : 0,
    .first_sentence = doc->n_sentences};
  return 0;
}

int document_add_paragraph(struct document *doc, enum doc_kind kind, size_t start, size_t end)
{
  return add_paragraph(doc, kind, start, end, 0);
}

int document_add_item(struct document *doc, size_t start, size_t end, size_t marker)
{
  return add_paragraph(doc, DOC_ITEM, start, end, marker);
}

int document_add_sentence(struct document *doc, size_t start, size_t end)
{
  int rc = reserve_one((void **)&doc->sentences, &doc->cap_sentences, doc->n_sentences,
                       sizeof *doc->sentences);
  if (rc)
    return rc;
  doc->sentences[doc->n_sentences++] = (struct doc_sentence){.start = start, .end = end};
  return 0;
}

int document_set_string(char **field, const char *s)
{
  char *copy = s ? strdup(s) : NULL;
  if (s && !copy)
    return -ENOMEM;
  free(*field);
  *field = copy;
  return 0;
}

size_t document_paragraph_of(const struct document *doc, size_t sentence)
{
  size_t lo = 0, hi = doc->n_paragraphs;
  while (hi - lo > 1) {
    size_t mid = lo + (hi - lo) / 2;
    if (doc->paragraphs[mid].first_sentence <= sentence)
      lo = mid;
    else
      hi = mid;
  }
  return lo;
}

const char *doc_kind_name(enum doc_kind kind)
{
  switch (kind) {
  case DOC_HEADING: return "heading";
  case DOC_ITEM: return "item";
  case DOC_QUOTE: return "quote";
  case DOC_CODE: return "code";
  case DOC_PARAGRAPH: break;
  }
  return "paragraph";
}

/* 1 + the index of tag in doc->langs, adding a copy when it is new; 0 when out of memory. */
static unsigned intern_lang(struct document *doc, const char *tag)
{
  if (doc->n_langs >= 0xFFFF)
    return 0;
  for (size_t i = 0; i < doc->n_langs; i++)
    if (strcasecmp(doc->langs[i], tag) == 0)
      return (unsigned)i + 1;
  char **langs = realloc(doc->langs, (doc->n_langs + 1) * sizeof *langs);
  if (!langs)
    return 0;
  doc->langs = langs;
  if (!(langs[doc->n_langs] = strdup(tag)))
    return 0;
  return (unsigned)++doc->n_langs;
}

const char *document_lang_name(const struct document *doc, unsigned lang)
{
  return lang > 0 && lang <= doc->n_langs ? doc->langs[lang - 1] : NULL;
}

const char *document_lang(const struct document *doc)
{
  return doc->lang ? doc->lang : doc->lang_detected;
}

const char *document_paragraph_lang(const struct document *doc, size_t p)
{
  const char *tag = p < doc->n_paragraphs ? document_lang_name(doc, doc->paragraphs[p].lang)
                                          : NULL;
  return tag ? tag : document_lang(doc);
}

int document_set_paragraph_lang(struct document *doc, size_t p, const char *tag, bool stated)
{
  if (p >= doc->n_paragraphs || !tag || !*tag)
    return 0;
  unsigned id = intern_lang(doc, tag);
  if (!id)
    return -ENOMEM;
  doc->paragraphs[p].lang = (unsigned short)id;
  doc->paragraphs[p].lang_stated = stated;
  return 0;
}

int document_add_lang_span(struct document *doc, size_t start, size_t end, const char *tag)
{
  if (end <= start || !tag || !*tag)
    return 0;
  unsigned id = intern_lang(doc, tag);
  if (!id)
    return -ENOMEM;
  int rc = reserve_one((void **)&doc->lang_spans, &doc->cap_lang_spans, doc->n_lang_spans,
                       sizeof *doc->lang_spans);
  if (rc)
    return rc;
  doc->lang_spans[doc->n_lang_spans++] = (struct doc_lang_span){start, end, id};
  return 0;
}
