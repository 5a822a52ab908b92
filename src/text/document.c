#include "text/document.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/bisect.h"
#include "util/grow.h"
#include "util/error.h"

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
  free(doc->url);
  free(doc->byline);
  free(doc->site);
  free(doc->date);
  free(doc->paragraphs);
  free(doc->sentences);
  for (size_t i = 0; i < doc->n_sections; i++)
    free(doc->sections[i].title);
  free(doc->sections);
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

/* Appends n_more items of size bytes to the array *items of *n (capacity *cap). */
static int append_items(void **items, size_t *n, size_t *cap, const void *more, size_t n_more,
                        size_t size)
{
  if (*n + n_more > *cap && grow_to(items, cap, *n + n_more, size))
    return -ENOMEM;
  if (n_more)
    memcpy((char *)*items + *n * size, more, n_more * size);
  *n += n_more;
  return 0;
}

int document_adopt_paragraphs(struct document *doc, struct document *part)
{
  int rc = append_items((void **)&doc->paragraphs, &doc->n_paragraphs, &doc->cap_paragraphs,
                        part->paragraphs, part->n_paragraphs, sizeof *doc->paragraphs);
  if (rc)
    return rc;
  part->n_paragraphs = 0;
  if (!doc->title) {
    doc->title = part->title;
    part->title = NULL;
  }
  return 0;
}

int document_append_sentences(struct document *doc, const struct doc_sentence *more, size_t n)
{
  return append_items((void **)&doc->sentences, &doc->n_sentences, &doc->cap_sentences, more, n,
                      sizeof *doc->sentences);
}

/* A paragraph and a sentence of text commonly take more bytes than these (the sample: 340 and
 * 100, the German one alike); the room reserved stays under the text's own size. */
#define RESERVE_PARAGRAPH_BYTES 128
#define RESERVE_SENTENCE_BYTES 48

void document_reserve_paragraphs(struct document *doc, size_t text_bytes)
{
  size_t want = text_bytes / RESERVE_PARAGRAPH_BYTES;
  if (text_bytes >= DOCUMENT_RESERVE_MIN_BYTES && want > doc->cap_paragraphs)
    (void)grow_to((void **)&doc->paragraphs, &doc->cap_paragraphs, want,
                  sizeof *doc->paragraphs);
}

void document_reserve_sentences(struct document *doc, size_t text_bytes)
{
  size_t want = text_bytes / RESERVE_SENTENCE_BYTES;
  if (text_bytes >= DOCUMENT_RESERVE_MIN_BYTES && want > doc->cap_sentences)
    (void)grow_to((void **)&doc->sentences, &doc->cap_sentences, want, sizeof *doc->sentences);
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

char *document_collapsed(const char *s)
{
  char *out = malloc(strlen(s) + 1);
  if (!out)
    return NULL;
  size_t w = 0;
  for (const char *p = s; *p; p++) {
    bool space = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r';
    if (space && (w == 0 || out[w - 1] == ' '))
      continue;
    out[w++] = space ? ' ' : *p;
  }
  while (w > 0 && out[w - 1] == ' ')
    w--;
  out[w] = '\0';
  return out;
}

int document_add_section(struct document *doc, unsigned level, const char *title, size_t first)
{
  int rc = reserve_one((void **)&doc->sections, &doc->cap_sections, doc->n_sections,
                       sizeof *doc->sections);
  if (rc)
    return rc;
  char *t = document_collapsed(title ? title : "");
  if (!t)
    return -ENOMEM;
  if (level < 1)
    level = 1;
  if (level > DOC_SECTION_MAX_LEVEL)
    level = DOC_SECTION_MAX_LEVEL;
  doc->sections[doc->n_sections++] =
    (struct doc_section){.level = level, .title = t, .first = first, .last = first};
  return 0;
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

struct span_search {
  const struct document *doc;
  size_t offset;
};

static bool span_ends_by(const void *ctx, size_t i)
{
  const struct span_search *s = ctx;
  return s->doc->lang_spans[i].end <= s->offset;
}

size_t document_lang_span_after(const struct document *doc, size_t offset)
{
  struct span_search s = {doc, offset};
  return bisect(doc->n_lang_spans, span_ends_by, &s);
}

int document_append(struct document *doc, size_t *text_cap, const struct document *part,
                    size_t limit)
{
  if (part->n_paragraphs == 0)
    return 0;
  size_t sep = doc->len ? 2 : 0;
  if (doc->len + sep + part->len + 1 > limit)
    return LECTOR_ETOOBIG;
  int rc = grow_for((void **)&doc->text, text_cap, doc->len + sep + part->len, 1, 65536);
  if (rc)
    return rc;
  memcpy(doc->text + doc->len, "\n\n", sep);
  size_t base = doc->len + sep;
  memcpy(doc->text + base, part->text, part->len);
  doc->len = base + part->len;
  doc->text[doc->len] = '\0';
  rc = grow_for((void **)&doc->paragraphs, &doc->cap_paragraphs,
                doc->n_paragraphs + part->n_paragraphs - 1, sizeof *doc->paragraphs, 16);
  if (rc)
    return rc;
  for (size_t i = 0; i < part->n_paragraphs; i++) {
    struct doc_paragraph p = part->paragraphs[i];
    p.start += base;
    p.end += base;
    p.first_sentence = 0;
    p.n_sentences = 0;
    /* Languages are indices into each document's own list: part's become doc's. A part that
     * states its language (a chapter's xml:lang) states it for each of its paragraphs. */
    const char *tag = p.lang ? document_lang_name(part, p.lang) : part->lang;
    if (tag && *tag) {
      unsigned id = intern_lang(doc, tag);
      if (!id)
        return -ENOMEM;
      p.lang = (unsigned short)id;
      p.lang_stated = p.lang_stated || !part->paragraphs[i].lang;
    }
    doc->paragraphs[doc->n_paragraphs++] = p;
  }
  for (size_t i = 0; i < part->n_lang_spans; i++) {
    const struct doc_lang_span *sp = &part->lang_spans[i];
    rc = document_add_lang_span(doc, sp->start + base, sp->end + base,
                                document_lang_name(part, sp->lang));
    if (rc)
      return rc;
  }
  return 0;
}
