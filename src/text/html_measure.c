#include "text/html_measure.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/html_hints.h"

struct html_rec *html_rec(struct html_recs *recs, xmlNode *n)
{
  static struct html_rec dummy;
  uintptr_t i = (uintptr_t)n->_private;
  if (i && i <= recs->n)
    return &recs->v[i - 1];
  if (recs->n == recs->cap) {
    size_t cap = recs->cap ? 2 * recs->cap : 256;
    struct html_rec *v = realloc(recs->v, cap * sizeof *v);
    if (!v) {
      recs->oom = true;
      memset(&dummy, 0, sizeof dummy);
      return &dummy;
    }
    recs->v = v;
    recs->cap = cap;
  }
  memset(&recs->v[recs->n], 0, sizeof recs->v[0]);
  n->_private = (void *)(uintptr_t)++recs->n;
  return &recs->v[recs->n - 1];
}

void html_recs_free(struct html_recs *recs)
{
  free(recs->v);
  *recs = (struct html_recs){0};
}

double html_link_density(const struct html_rec *rec)
{
  return rec->text ? (double)rec->link / (double)rec->text : 0.0;
}

xmlNode *html_next(xmlNode *n, const xmlNode *top, bool descend)
{
  if (descend && n->children)
    return n->children;
  while (n != top) {
    if (n->next)
      return n->next;
    n = n->parent;
  }
  return NULL;
}

void html_drop(xmlNode *n)
{
  xmlUnlinkNode(n);
  xmlFreeNode(n);
}

static bool is_comma(const unsigned char *p)
{
  /* , and the Arabic (U+060C), small (U+FE50), vertical (U+FE10, U+FE11), reversed and raised
   * (U+2E41, U+2E34, U+2E32), fullwidth (U+FF0C) and ideographic (U+3001) ones. */
  if (p[0] == ',')
    return true;
  return (p[0] == 0xD8 && p[1] == 0x8C) ||
         (p[0] == 0xEF && ((p[1] == 0xBC && p[2] == 0x8C) || (p[1] == 0xB9 && p[2] == 0x90) ||
                           (p[1] == 0xB8 && (p[2] == 0x90 || p[2] == 0x91)))) ||
         (p[0] == 0xE2 && ((p[1] == 0xB9 && p[2] == 0x81) ||
                           (p[1] == 0xB8 && (p[2] == 0xB4 || p[2] == 0xB2)))) ||
         (p[0] == 0xE3 && p[1] == 0x80 && p[2] == 0x81);
}

/* Adds a text node's characters and commas to rec. */
static void count_text(struct html_rec *rec, const unsigned char *s)
{
  bool space = false;
  for (const unsigned char *p = s; *p; p++) {
    bool ws = *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f';
    if (ws) {
      if (!space)
        rec->text++;
      space = true;
      continue;
    }
    space = false;
    if ((*p & 0xC0) != 0x80)
      rec->text++;
    if (is_comma(p))
      rec->commas++;
  }
}

static const char *const block_kinds[] = {
  "blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul", "section", "article",
  "figure", "h1", "h2", "h3", "h4", "h5", "h6", NULL};
static const char *const heading_tags[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
static const char *const input_tags[] = {"input", "textarea", "select", "button", NULL};
static const char *const embed_tags[] = {"object", "embed", "iframe", "video", NULL};

/* n's own contribution once its children are summed into rec. */
static void finish_element(xmlNode *n, struct html_rec *rec)
{
  if (html_is(n, "a")) {
    xmlChar *href = xmlGetProp(n, (const xmlChar *)"href");
    rec->link = href && href[0] == '#' && href[1] ? rec->text * 3 / 10 : rec->text;
    xmlFree(href);
  } else if (html_is_any(n, heading_tags)) {
    rec->heading = rec->text;
  }
  rec->p += html_is(n, "p") || rec->para;
  rec->img += html_is(n, "img");
  rec->li += html_is(n, "li");
  rec->input += html_is_any(n, input_tags);
  rec->embed += html_is_any(n, embed_tags);
}

static void add_into(struct html_rec *to, const struct html_rec *from, const xmlNode *child)
{
  to->text += from->text;
  to->link += from->link;
  to->heading += from->heading;
  to->commas += from->commas;
  to->p += from->p;
  to->img += from->img;
  to->li += from->li;
  to->input += from->input;
  to->embed += from->embed;
  to->has_block |= from->has_block || html_is_any(child, block_kinds);
}

static void reset(struct html_rec *r)
{
  r->text = r->link = r->heading = r->commas = 0;
  r->p = r->img = r->li = r->input = r->embed = 0;
  r->has_block = false;
}

/* Finishes n (children done): text or element figures go into the parent unless dropped. */
static void finish(struct html_recs *recs, xmlNode *n, xmlNode *top, html_drop_fn drop,
                   void *ctx)
{
  xmlNode *parent = n->parent;
  bool inside = n != top && parent && parent->type == XML_ELEMENT_NODE;
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    if (inside && n->content)
      count_text(html_rec(recs, parent), n->content);
    return;
  }
  if (n->type != XML_ELEMENT_NODE)
    return;
  struct html_rec *rec = html_rec(recs, n);
  finish_element(n, rec);
  if (n == top)
    return;
  if (drop && drop(ctx, n, rec)) {
    html_drop(n);
    return;
  }
  if (inside) {
    struct html_rec copy = *rec;   /* html_rec() may move the table */
    add_into(html_rec(recs, parent), &copy, n);
  }
}

size_t html_text_length(xmlNode *top)
{
  size_t chars = 0, pending_space = 0;
  for (xmlNode *n = top; n; n = html_next(n, top, !html_never_text(n))) {
    if ((n->type != XML_TEXT_NODE && n->type != XML_CDATA_SECTION_NODE) || !n->content)
      continue;
    for (const unsigned char *p = n->content; *p; p++) {
      if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' || *p == '\f') {
        pending_space = chars > 0;
        continue;
      }
      if ((*p & 0xC0) == 0x80)
        continue;
      chars += pending_space + 1 + ((*p & 0xF8) == 0xF0);   /* as UTF-16 counts */
      pending_space = 0;
    }
  }
  return chars;
}

void html_measure(struct html_recs *recs, xmlNode *top, html_drop_fn drop, void *ctx)
{
  xmlNode *n = top;
  if (n->type == XML_ELEMENT_NODE)
    reset(html_rec(recs, n));
  for (;;) {
    if (n->type == XML_ELEMENT_NODE && n->children && !html_never_text(n)) {
      n = n->children;
      if (n->type == XML_ELEMENT_NODE)
        reset(html_rec(recs, n));
      continue;
    }
    for (;;) {
      xmlNode *next = n->next, *parent = n->parent;
      bool at_top = n == top;
      finish(recs, n, top, drop, ctx);
      if (at_top)
        return;
      if (next) {
        n = next;
        if (n->type == XML_ELEMENT_NODE)
          reset(html_rec(recs, n));
        break;
      }
      n = parent;
    }
  }
}
