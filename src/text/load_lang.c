/* Languages stated by elements inside a document being loaded (load_lang.h). */
#include "text/load_lang.h"

#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/lang.h"
#include "util/grow.h"

void load_langs_init(struct load_langs *ll, const char *base)
{
  memset(ll, 0, sizeof *ll);
  if (base && lang_tag_valid(base))
    snprintf(ll->base, sizeof ll->base, "%s", base);
}

void load_langs_free(struct load_langs *ll)
{
  free(ll->runs);
  free(ll->stack);
  memset(ll, 0, sizeof *ll);
}

/* Tags are compared as BCP 47 says: case-insensitively, and "_" is read as "-". */
static bool same_tag(const char *a, const char *b)
{
  for (;; a++, b++) {
    int x = *a == '_' ? '-' : tolower((unsigned char)*a);
    int y = *b == '_' ? '-' : tolower((unsigned char)*b);
    if (x != y)
      return false;
    if (!x)
      return true;
  }
}

static const char *current(const struct load_langs *ll)
{
  return ll->n_runs ? ll->runs[ll->n_runs - 1].tag : "";
}

/* From offset on, the text is in tag. Runs that would start at or after offset covered no text
 * (or text the builder has since taken back): they go. */
static int add_run(struct load_langs *ll, size_t offset, const char *tag)
{
  while (ll->n_runs && ll->runs[ll->n_runs - 1].start >= offset)
    ll->n_runs--;
  if (same_tag(current(ll), tag))
    return 0;
  int rc = grow_for((void **)&ll->runs, &ll->cap_runs, ll->n_runs, sizeof *ll->runs, 8);
  if (rc)
    return rc;
  struct load_lang_run *r = &ll->runs[ll->n_runs++];
  r->start = offset;
  snprintf(r->tag, sizeof r->tag, "%s", tag);
  return 0;
}

int load_langs_enter(struct load_langs *ll, const void *node, const char *tag, size_t offset)
{
  if (!tag || !lang_tag_valid(tag) || strlen(tag) >= LOAD_LANG_TAG_MAX)
    return 0;
  int rc = grow_for((void **)&ll->stack, &ll->cap_stack, ll->depth, sizeof *ll->stack, 8);
  if (rc)
    return rc;
  struct load_lang_frame *f = &ll->stack[ll->depth++];
  f->node = node;
  snprintf(f->outer, sizeof f->outer, "%s", current(ll));
  return add_run(ll, offset, same_tag(tag, ll->base) ? "" : tag);
}

int load_langs_leave(struct load_langs *ll, const void *node, size_t offset)
{
  if (!ll->depth || ll->stack[ll->depth - 1].node != node)
    return 0;
  ll->depth--;
  return add_run(ll, offset, ll->stack[ll->depth].outer);
}

static bool is_space(char c)
{
  return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

/* The part of run i inside [start, end), trimmed of white space; false when empty. */
static bool piece_of(const struct load_langs *ll, const char *text, size_t i, size_t start,
                     size_t end, size_t *b, size_t *e)
{
  size_t rs = i ? ll->runs[i - 1].start : 0;   /* run i - 1 of the list is piece i */
  size_t re = i < ll->n_runs ? ll->runs[i].start : (size_t)-1;
  *b = rs > start ? rs : start;
  *e = re < end ? re : end;
  while (*b < *e && is_space(text[*b]))
    (*b)++;
  while (*e > *b && is_space(text[*e - 1]))
    (*e)--;
  return *b < *e;
}

/* Piece i (0: before the first run) is in this tag ("": the base). */
static const char *piece_tag(const struct load_langs *ll, size_t i)
{
  return i ? ll->runs[i - 1].tag : "";
}

/* The language of most of paragraph para's text, among the first few its pieces are in
 * (pieces from *first on). */
static const char *main_tag(const struct load_langs *ll, const char *text,
                            const struct doc_paragraph *para, size_t first)
{
  enum { TAGS = 8 };
  const char *tags[TAGS];
  size_t bytes[TAGS], n_tags = 0, best = 0, b, e;
  for (size_t i = first; i < ll->n_runs + 1 && (i == 0 || ll->runs[i - 1].start < para->end);
       i++) {
    if (!piece_of(ll, text, i, para->start, para->end, &b, &e))
      continue;
    size_t t = 0;
    while (t < n_tags && !same_tag(tags[t], piece_tag(ll, i)))
      t++;
    if (t == n_tags && n_tags == TAGS)
      continue;
    if (t == n_tags) {
      tags[n_tags] = piece_tag(ll, i);
      bytes[n_tags++] = 0;
    }
    bytes[t] += e - b;
    if (bytes[t] > bytes[best])
      best = t;
  }
  return n_tags ? tags[best] : "";
}

/* Paragraph p takes the language of most of its text, stated when not the base; its pieces in
 * another become spans. *first is the first piece that may reach into p (pieces and paragraphs
 * are both in text order). */
static int apply_paragraph(const struct load_langs *ll, struct document *doc, size_t p,
                           size_t *first)
{
  const struct doc_paragraph *para = &doc->paragraphs[p];
  size_t n_pieces = ll->n_runs + 1, b, e;
  while (*first + 1 < n_pieces && ll->runs[*first].start <= para->start)
    (*first)++;
  const char *tag = main_tag(ll, doc->text, para, *first);
  int rc = *tag ? document_set_paragraph_lang(doc, p, tag, true) : 0;
  for (size_t i = *first; !rc && i < n_pieces && (i == 0 || ll->runs[i - 1].start < para->end);
       i++) {
    const char *t = piece_tag(ll, i);
    if (same_tag(t, tag) || !piece_of(ll, doc->text, i, para->start, para->end, &b, &e))
      continue;
    rc = document_add_lang_span(doc, b, e, *t ? t : ll->base);
  }
  return rc;
}

int load_langs_apply(const struct load_langs *ll, struct document *doc)
{
  if (ll->n_runs == 0)
    return 0;
  size_t first = 0;
  int rc = 0;
  for (size_t p = 0; p < doc->n_paragraphs && !rc; p++)
    rc = apply_paragraph(ll, doc, p, &first);
  return rc;
}
