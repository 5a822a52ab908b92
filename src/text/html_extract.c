#include "text/html_extract.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "text/html_clean.h"
#include "text/html_hints.h"
#include "text/html_measure.h"
#include "util/grow.h"

struct extract {
  struct html_recs recs;
  int flags;
  xmlNode **cands;          /* owned: elements given a score */
  size_t n_cands, cap_cands;
  bool stripped;            /* prep dropped an element for its class/id alone */
};

static bool in_table_or_code(const xmlNode *n)
{
  int depth = 0;
  for (n = n->parent; n && depth < 3; n = n->parent, depth++)
    if (html_is(n, "table") || html_is(n, "code"))
      return true;
  return false;
}

bool html_unlikely_block(const xmlNode *n)
{
  return !html_is(n, "body") && !html_is(n, "a") && !html_is(n, "html") && html_unlikely(n) &&
         !in_table_or_code(n);
}

/* Removes what is never read (scripts, comments, hidden elements, furniture roles) and, in the
 * strict pass, elements whose class/id say furniture. */
static bool prep_drops(struct extract *x, xmlNode *n)
{
  if (n->type == XML_COMMENT_NODE)
    return true;
  if (n->type != XML_ELEMENT_NODE)
    return false;
  if (html_never_read(n))
    return true;
  bool unlikely = (x->flags & HTML_X_STRIP_UNLIKELY) && html_unlikely_block(n);
  x->stripped |= unlikely;
  return unlikely;
}

static void prep(struct extract *x, xmlNode *body)
{
  for (xmlNode *n = body; n; ) {
    if (n != body && prep_drops(x, n)) {
      xmlNode *next = html_next(n, body, false);
      html_drop(n);
      n = next;
      continue;
    }
    n = html_next(n, body, true);
  }
}

static bool is_block(const xmlNode *n)
{
  static const char *const blocks[] = {
    "address", "article", "aside", "blockquote", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hgroup", "hr", "li", "main", "menu", "nav", "ol", "p", "pre", "section",
    "summary", "table", "ul", NULL};
  return html_is_any(n, blocks);
}

static bool has_words(const xmlNode *first, const xmlNode *end)
{
  for (const xmlNode *n = first; n != end; n = n->next) {
    if (n->type == XML_ELEMENT_NODE)
      return true;
    if (n->content && n->content[strspn((const char *)n->content, " \t\r\n\f")])
      return true;
  }
  return false;
}

/* Gathers the inline run [first, end) of a div that also holds blocks into a new <p>, so that
 * text written straight into a div is weighed like a paragraph. */
static int wrap_run(xmlNode *first, xmlNode *end)
{
  if (!has_words(first, end))
    return 0;
  xmlNode *p = xmlNewDocNode(first->doc, NULL, (const xmlChar *)"p", NULL);
  if (!p)
    return -ENOMEM;
  xmlAddPrevSibling(first, p);
  for (xmlNode *n = first, *next; n != end; n = next) {
    next = n->next;
    xmlUnlinkNode(n);
    xmlAddChild(p, n);    /* may merge text into p's last text node and free n */
  }
  return 0;
}

/* Divs holding only inline content read as paragraphs; in the others, inline runs become
 * paragraphs. <br> ends a run: old pages separate paragraphs with it. */
static int paragraphs_from_divs(struct extract *x, xmlNode *body)
{
  for (xmlNode *n = body; n; n = html_next(n, body, true)) {
    if (!html_is(n, "div"))
      continue;
    struct html_rec *r = html_rec(&x->recs, n);
    if (!r->has_block) {
      r->para = true;
      continue;
    }
    xmlNode *first = NULL;
    for (xmlNode *c = n->children, *next; c; c = next) {
      next = c->next;
      bool inline_node = !is_block(c);
      if (inline_node && !first)
        first = c;
      if (first && (!inline_node || !next)) {
        xmlNode *end = inline_node ? NULL : c;
        if (wrap_run(first, end))
          return -ENOMEM;
        first = NULL;
      }
    }
  }
  return 0;
}

/* The prior of a candidate: its tag, and its class/id hints. */
static double initial_score(const struct extract *x, const xmlNode *n)
{
  static const char *const plus3[] = {"pre", "td", "blockquote", NULL};
  static const char *const minus3[] = {"address", "ol", "ul", "dl", "dd", "dt", "li", "form",
                                       NULL};
  static const char *const minus5[] = {"h1", "h2", "h3", "h4", "h5", "h6", "th", NULL};
  double s = 0;
  if (html_is(n, "div"))
    s = 5;
  else if (html_is_any(n, plus3))
    s = 3;
  else if (html_is_any(n, minus3))
    s = -3;
  else if (html_is_any(n, minus5))
    s = -5;
  if (x->flags & HTML_X_WEIGHT_CLASSES)
    s += html_class_weight(n);
  return s;
}

static int make_candidate(struct extract *x, xmlNode *n)
{
  struct html_rec *r = html_rec(&x->recs, n);
  if (r->scored)
    return 0;
  if (grow_for((void **)&x->cands, &x->cap_cands, x->n_cands, sizeof *x->cands, 64))
    return -ENOMEM;
  x->cands[x->n_cands++] = n;
  r = html_rec(&x->recs, n);
  r->scored = true;
  r->score = initial_score(x, n);
  return 0;
}

static bool scored_tag(const xmlNode *n, const struct html_rec *r)
{
  static const char *const tags[] = {"p", "pre", "td", "section", "h2", "h3", "h4", "h5", "h6",
                                     NULL};
  return r->para || html_is_any(n, tags);
}

/* Each paragraph gives its parent its score, its grandparent half, further ancestors less. */
static int score_paragraphs(struct extract *x, xmlNode *body)
{
  for (xmlNode *n = body; n; n = html_next(n, body, true)) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    const struct html_rec *r = html_rec(&x->recs, n);
    if (!scored_tag(n, r) || r->text < 25)
      continue;
    /* One for the paragraph, one per piece between commas, one per 100 characters up to 3. */
    double s = 2.0 + (double)r->commas + (double)(r->text / 100 < 3 ? r->text / 100 : 3);
    int level = 0;
    for (xmlNode *a = n->parent; a && a->type == XML_ELEMENT_NODE && level < 5;
         a = a->parent, level++) {
      if (!a->parent || a->parent->type != XML_ELEMENT_NODE)
        break;
      if (make_candidate(x, a))
        return -ENOMEM;
      double divider = level == 0 ? 1 : level == 1 ? 2 : level * 3;
      html_rec(&x->recs, a)->score += s / divider;
    }
  }
  for (size_t i = 0; i < x->n_cands; i++) {
    struct html_rec *r = html_rec(&x->recs, x->cands[i]);
    r->score *= 1.0 - html_link_density(r);
  }
  return 0;
}


static double score_of(struct extract *x, xmlNode *n)
{
  const struct html_rec *r = html_rec(&x->recs, n);
  return r->scored ? r->score : 0;
}

static bool is_ancestor(const xmlNode *a, const xmlNode *n)
{
  for (; n; n = n->parent)
    if (n == a)
      return true;
  return false;
}

/* When several near-best candidates sit in one container (an article split into parts by
 * ads), that container is the article. */
static xmlNode *common_container(struct extract *x, xmlNode *top, xmlNode *body)
{
  enum { ALTERNATIVES = 4, NEEDED = 3 };
  xmlNode *alt[ALTERNATIVES];
  size_t n_alt = 0;
  double best = score_of(x, top);
  for (size_t i = 0; i < x->n_cands; i++) {
    xmlNode *c = x->cands[i];
    if (c == top || score_of(x, c) < 0.75 * best)
      continue;
    size_t k;
    if (n_alt < ALTERNATIVES)
      k = n_alt++;
    else if (score_of(x, alt[ALTERNATIVES - 1]) < score_of(x, c))
      k = ALTERNATIVES - 1;
    else
      continue;
    alt[k] = c;
    for (; k > 0 && score_of(x, alt[k - 1]) < score_of(x, alt[k]); k--) {
      xmlNode *t = alt[k - 1];
      alt[k - 1] = alt[k];
      alt[k] = t;
    }
  }
  if (n_alt < NEEDED)
    return top;
  for (xmlNode *a = top->parent; a && a != body; a = a->parent) {
    size_t holding = 0;
    for (size_t i = 0; i < n_alt; i++)
      holding += a != alt[i] && is_ancestor(a, alt[i]);
    if (holding >= NEEDED)
      return a;
  }
  return top;
}

/* Climbs from top to an ancestor that scores higher (the article around a strong part), and
 * past wrappers that hold nothing else. */
static int climb(struct extract *x, xmlNode **top, xmlNode *body)
{
  double last = score_of(x, *top), threshold = last / 3;
  for (xmlNode *a = (*top)->parent; a && a != body && a->type == XML_ELEMENT_NODE;
       a = a->parent) {
    if (!html_rec(&x->recs, a)->scored)
      continue;
    double s = score_of(x, a);
    if (s < threshold)
      break;
    if (s > last) {
      *top = a;
      break;
    }
    last = s;
  }
  for (xmlNode *p = (*top)->parent; p && p != body && p->type == XML_ELEMENT_NODE;
       p = p->parent) {
    size_t elements = 0;
    for (xmlNode *c = p->children; c; c = c->next)
      elements += c->type == XML_ELEMENT_NODE;
    if (elements != 1)
      break;
    *top = p;
  }
  return make_candidate(x, *top);
}

static bool same_class(const xmlNode *a, const xmlNode *b)
{
  xmlChar *ca = xmlGetProp(a, (const xmlChar *)"class");
  xmlChar *cb = xmlGetProp(b, (const xmlChar *)"class");
  bool same = ca && cb && *ca && !strcmp((const char *)ca, (const char *)cb);
  xmlFree(ca);
  xmlFree(cb);
  return same;
}

/* A sibling paragraph that reads as prose: long with few links, or short, linkless and
 * ending a sentence. */
static bool prose_sibling(struct extract *x, xmlNode *s)
{
  const struct html_rec *r = html_rec(&x->recs, s);
  if (!html_is(s, "p") && !r->para)
    return false;
  double ld = html_link_density(r);
  if (r->text > 80)
    return ld < 0.25;
  if (r->text == 0 || ld > 0)
    return false;
  xmlChar *t = xmlNodeGetContent(s);
  const char *c = t ? (const char *)t : "";
  size_t l = strlen(c);
  while (l && strchr(" \t\r\n", c[l - 1]))
    l--;
  bool sentence = strstr(c, ". ") || (l && c[l - 1] == '.');
  xmlFree(t);
  return sentence;
}

/* The top candidate with those of its siblings that belong to the article, gathered under a
 * new <div> in their place when there are any. */
static int gather_siblings(struct extract *x, xmlNode **top)
{
  xmlNode *parent = (*top)->parent;
  if (!parent || parent->type != XML_ELEMENT_NODE)
    return 0;
  double best = score_of(x, *top);
  double threshold = best * 0.2 > 10 ? best * 0.2 : 10;
  xmlNode *box = NULL;
  for (xmlNode *s = parent->children, *next; s; s = next) {
    next = s->next;
    if (s->type != XML_ELEMENT_NODE)
      continue;
    bool take = s == *top;
    if (!take) {
      double bonus = same_class(s, *top) ? best * 0.2 : 0;
      take = (html_rec(&x->recs, s)->scored && score_of(x, s) + bonus >= threshold) ||
             prose_sibling(x, s);
    }
    if (!take)
      continue;
    if (!box) {
      box = xmlNewDocNode(s->doc, NULL, (const xmlChar *)"div", NULL);
      if (!box)
        return -ENOMEM;
      xmlAddPrevSibling(s, box);
    }
    xmlUnlinkNode(s);
    xmlAddChild(box, s);
  }
  size_t taken = 0;
  for (xmlNode *c = box ? box->children : NULL; c; c = c->next)
    taken += c->type == XML_ELEMENT_NODE;
  if (taken > 1)
    *top = box;
  else if (box) {        /* the top candidate alone: put it back as it was */
    xmlNode *only = box->children;
    xmlUnlinkNode(only);
    xmlAddPrevSibling(box, only);
    html_drop(box);
  }
  return 0;
}

/* The article: the best candidate, moved to the container of its near rivals or to a better
 * scoring ancestor, with its qualifying siblings. The body when nothing scored. */
static int pick_article(struct extract *x, xmlNode *body, xmlNode **top)
{
  xmlNode *best = NULL;
  for (size_t i = 0; i < x->n_cands; i++)
    if (!best || score_of(x, x->cands[i]) > score_of(x, best))
      best = x->cands[i];
  if (!best || best == body) {
    *top = body;
    return 0;
  }
  best = common_container(x, best, body);
  int rc = climb(x, &best, body);
  if (!rc && best != body)
    rc = gather_siblings(x, &best);
  *top = best;
  return rc;
}

int html_extract(xmlDoc *doc, int flags, struct html_pick *out)
{
  struct extract x = {.flags = flags};
  xmlNode *root = xmlDocGetRootElement(doc), *body = NULL;
  for (xmlNode *n = root; n && !body; n = html_next(n, root, true))
    if (html_is(n, "body"))
      body = n;
  if (!body)
    body = root;
  *out = (struct html_pick){.top = body};
  if (!body)
    return 0;
  prep(&x, body);
  html_measure(&x.recs, body, NULL, NULL);
  size_t readable = html_text_length(body);
  int rc = paragraphs_from_divs(&x, body);
  if (!rc) {
    html_measure(&x.recs, body, NULL, NULL);
    rc = score_paragraphs(&x, body);
  }
  if (!rc)
    rc = pick_article(&x, body, &out->top);
  if (!rc) {
    html_clean(&x.recs, out->top, flags);
    out->chars = html_text_length(out->top);
    out->lost = x.stripped || out->chars < readable;
  }
  if (!rc && x.recs.oom)
    rc = -ENOMEM;
  /* The records are gone with this call: nothing may read _private afterwards. */
  for (xmlNode *n = root; n; n = html_next(n, root, true))
    n->_private = NULL;
  html_recs_free(&x.recs);
  free(x.cands);
  return rc;
}
