#include "text/html_clean.h"

#include "text/html_extract.h"
#include "text/html_hints.h"
#include "text/html_measure.h"

struct clean {
  xmlNode *article;
  int flags;
};

/* A table of data (headers, a caption, or a real grid), not one used for layout. */
static bool data_table(const xmlNode *t)
{
  if (xmlHasProp(t, (const xmlChar *)"summary"))
    return true;
  unsigned rows = 0, cells = 0;
  for (const xmlNode *n = t->children; n; ) {
    if (html_is(n, "caption") || html_is(n, "thead") || html_is(n, "th"))
      return true;
    if (html_is(n, "table"))
      return false;         /* nested tables: layout */
    rows += html_is(n, "tr");
    cells += html_is(n, "td");
    if (n->type == XML_ELEMENT_NODE && n->children) {
      n = n->children;
      continue;
    }
    while (n != t && !n->next)
      n = n->parent;
    if (n == t)
      break;
    n = n->next;
  }
  return rows >= 10 || (rows > 0 && cells / rows > 4);
}

/* What an element of the article is inside, as html_rec.within bits: the code and data-table
 * ancestors below the article, figures anywhere above. */
enum { IN_CODE = 1, IN_DATA_TABLE = 2, IN_FIGURE = 4 };

static unsigned own_bits(const xmlNode *n)
{
  if (html_is(n, "code") || html_is(n, "pre"))
    return IN_CODE;
  if (html_is(n, "figure"))
    return IN_FIGURE;
  return html_is(n, "table") && data_table(n) ? IN_DATA_TABLE : 0;
}

/* Sets within for every element below article in one walk down the tree: a check per element
 * that climbed to the root made deep nesting quadratic. What an element passes to its children
 * (below) is found once, when it is reached: found again for each child, a table without
 * <tbody> was walked whole for each of its rows (20,000 rows: 45 s). */
static void mark_within(struct html_recs *recs, xmlNode *article)
{
  unsigned top = html_is(article, "figure") ? IN_FIGURE : 0;
  for (const xmlNode *a = article->parent; a && !top; a = a->parent)
    top = html_is(a, "figure") ? IN_FIGURE : 0;
  struct html_rec *r = html_rec(recs, article);
  r->within = r->below = (unsigned char)top;
  for (xmlNode *n = html_next(article, article, true); n; n = html_next(n, article, true)) {
    if (n->type != XML_ELEMENT_NODE)
      continue;
    unsigned char within = html_rec(recs, n->parent)->below;
    r = html_rec(recs, n);    /* after the parent's: html_rec() may move the table */
    r->within = within;
    r->below = (unsigned char)(within | own_bits(n));
  }
}

/* The block reads as furniture rather than prose (the published Readability tests). */
static bool conditional(const struct clean *c, xmlNode *n, const struct html_rec *r)
{
  static const char *const judged[] = {"div", "ul", "table", "form",
                                       "fieldset", NULL};
  if (!html_is_any(n, judged) || r->para)
    return false;
  if ((r->within & (IN_DATA_TABLE | IN_CODE)) || (html_is(n, "table") && data_table(n)))
    return false;
  int weight = c->flags & HTML_X_WEIGHT_CLASSES ? html_class_weight(n) : 0;
  if (weight < 0)
    return true;
  if (r->commas >= 10)
    return false;
  bool list = html_is(n, "ul") || html_is(n, "ol");
  bool figure = html_is(n, "figure") || (r->within & IN_FIGURE);
  double ld = html_link_density(r);
  double hd = r->text ? (double)r->heading / (double)r->text : 0;
  if (r->img > 1 && (double)r->p / r->img < 0.5 && !figure)
    return true;
  if (!list && r->li > r->p + 100)
    return true;
  if (r->input > r->p / 3)
    return true;
  if (!list && hd < 0.9 && r->text < 25 && (r->img == 0 || r->img > 2) && !figure)
    return true;
  if (!list && weight < 25 && ld > 0.2)
    return true;
  if (weight >= 25 && ld > 0.5)
    return true;
  return (r->embed == 1 && r->text < 75) || r->embed > 1;
}

static bool drop_fn(void *ctx, xmlNode *n, const struct html_rec *r)
{
  static const char *const gone[] = {"object", "embed", "footer", "link", "aside", "iframe",
                                     "input", "textarea", "select", "button", NULL};
  const struct clean *c = ctx;
  if (html_is_any(n, gone))
    return true;
  if (html_share_hint(n) && r->text < 500)
    return true;
  if ((html_is(n, "h1") || html_is(n, "h2")) && (c->flags & HTML_X_WEIGHT_CLASSES) &&
      html_class_weight(n) < 0)
    return true;
  return (c->flags & HTML_X_CLEAN) && conditional(c, n, r);
}

void html_clean(struct html_recs *recs, xmlNode *article, int flags)
{
  struct clean c = {.article = article, .flags = flags};
  mark_within(recs, article);
  html_measure(recs, article, drop_fn, &c);
}
