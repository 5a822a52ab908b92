#include "text/load_html.h"

#include <errno.h>
#include <limits.h>
#include <malloc.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "text/decode.h"
#include "text/html_extract.h"
#include "text/html_hints.h"
#include "text/html_measure.h"
#include "text/html_meta.h"
#include "text/html_parse.h"
#include "text/html_prescan.h"
#include "text/html_repair.h"
#include "text/html_spoken.h"
#include "text/load_build.h"
#include "text/load_lang.h"
#include "util/error.h"

struct html_state {
  struct load_builder b;
  bool body_root;           /* reading the whole body: <header> is furniture too */
  struct load_blocks blocks;
  unsigned cells;           /* cells seen in the current table row */
  bool after_br;            /* a <br> came last, with at most white space since */
  const xmlNode *top;       /* the article chosen: read whatever its tag */
  struct load_langs langs;  /* languages elements state inside it */
};


static const char *const skipped_tags[] = {
  "script", "style", "noscript", "template", "nav", "aside", "footer", "head", "title",
  "iframe", "object", "embed", "svg", "canvas", "video", "audio", "button", "select",
  "textarea", "input", "dialog", "map", "link", "meta", NULL};

static const char *const block_tags[] = {
  "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
  "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
  "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav",
  "ol", "p", "pre", "section", "summary", "table", "tbody", "tfoot", "thead", "tr", "ul", NULL};

static const char *const furniture_roles[] = {
  "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
  "doc-noteref", "doc-backlink", NULL};

/* The value of attribute name, compared case-insensitively with value. */
static bool attr_is(const xmlNode *n, const char *name, const char *value)
{
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  bool eq = v && !strcasecmp((const char *)v, value);
  xmlFree(v);
  return eq;
}

/* True when a style attribute hides the element (display:none, visibility:hidden). */
static bool style_hides(const xmlNode *n)
{
  xmlChar *v = xmlGetProp(n, (const xmlChar *)"style");
  if (!v)
    return false;
  char compact[256];
  size_t w = 0;
  for (const xmlChar *p = v; *p && w + 1 < sizeof compact; p++)
    if (*p != ' ' && *p != '\t' && *p != '\n' && *p != '\r')
      compact[w++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
  compact[w] = '\0';
  xmlFree(v);
  return strstr(compact, "display:none") || strstr(compact, "visibility:hidden");
}

static bool is_furniture(const xmlNode *n, bool body_root)
{
  if (html_is_any(n, skipped_tags) || (body_root && html_is(n, "header")) || html_note_ref(n))
    return true;
  if (xmlHasProp(n, (const xmlChar *)"hidden") || attr_is(n, "aria-hidden", "true"))
    return true;
  xmlChar *role = xmlGetProp(n, (const xmlChar *)"role");
  bool furniture = false;
  if (role)
    for (size_t i = 0; furniture_roles[i] && !furniture; i++)
      furniture = !strcasecmp((const char *)role, furniture_roles[i]);
  xmlFree(role);
  return furniture || style_hides(n);
}

static bool is_heading(const xmlNode *n)
{
  static const char *const h[] = {"h1", "h2", "h3", "h4", "h5", "h6", NULL};
  return html_is_any(n, h);
}

static bool is_container(const xmlNode *n)
{
  return html_is(n, "li") || html_is(n, "dt") || html_is(n, "dd") || html_is(n, "blockquote");
}

static bool is_cell(const xmlNode *n)
{
  return html_is(n, "td") || html_is(n, "th");
}

static bool is_list(const xmlNode *n)
{
  return html_is(n, "ol") || html_is(n, "ul") || html_is(n, "menu");
}

/* The integer value of attribute name (HTML's "valid integer", leading white space allowed),
 * bounded to nine digits either way. */
static bool attr_long(const xmlNode *n, const char *name, long *out)
{
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  char *end = NULL;
  long x = v ? strtol((const char *)v, &end, 10) : 0;
  bool ok = v && end != (char *)v;
  xmlFree(v);
  if (ok)
    *out = x > 999999999L ? 999999999L : x < -999999999L ? -999999999L : x;
  return ok;
}

/* <ol start= type= reversed>: numbered from start (1, or the number of items when reversed),
 * in digits or letters (type="a" or "A"; roman types are read as digits). <ul> and <menu> are
 * bulleted. */
static int enter_list(struct html_state *st, const xmlNode *n)
{
  struct load_list list = {.ordered = html_is(n, "ol"), .next = 1, .step = 1, .style = '1',
                           .delim = '.'};
  if (list.ordered) {
    if (xmlHasProp(n, (const xmlChar *)"reversed")) {
      list.step = -1;
      list.next = 0;
      for (const xmlNode *c = n->children; c; c = c->next)
        list.next += html_is(c, "li");
    }
    attr_long(n, "start", &list.next);
    xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
    if (type && (!strcmp((const char *)type, "a") || !strcmp((const char *)type, "A")))
      list.style = (char)type[0];
    xmlFree(type);
  }
  return load_blocks_list_push(&st->blocks, &list);
}

/* <li value=>: its own number, which the items after it continue. */
static int enter_item(struct html_state *st, const xmlNode *n)
{
  long value;
  char marker[32];
  size_t len = load_blocks_item_marker(&st->blocks, attr_long(n, "value", &value) ? &value : NULL,
                                       marker);
  load_builder_marker(&st->b, marker, len);
  return load_blocks_push(&st->blocks, DOC_ITEM);
}

/* The language element n states: lang=, xml:lang= (HTML), or xml:lang in XHTML; NULL when none
 * (or empty). */
static xmlChar *own_lang(const xmlNode *n)
{
  xmlChar *v = xmlGetProp(n, (const xmlChar *)"lang");
  if (!v)
    v = xmlGetProp(n, (const xmlChar *)"xml:lang");
  if (!v)
    v = xmlGetNsProp(n, (const xmlChar *)"lang", XML_XML_NAMESPACE);
  if (v && !*v) {
    xmlFree(v);
    v = NULL;
  }
  return v;
}

/* An element stating a language starts a run of it (load_lang.h). */
static int enter_lang(struct html_state *st, const xmlNode *n)
{
  xmlChar *lang = own_lang(n);
  int rc = lang ? load_langs_enter(&st->langs, n, (const char *)lang, st->b.len) : 0;
  xmlFree(lang);
  return rc;
}

/* The text right after n starts with punctuation that closes ("x = 2, then"): no space goes
 * before it. */
static bool punctuation_follows(const xmlNode *n)
{
  const xmlNode *next = n->next;
  const char *t = next && next->type == XML_TEXT_NODE ? (const char *)next->content : NULL;
  return t && ((t[0] && strchr(",.;:!?)]}\"'", t[0])) || !strncmp(t, "\u2019", 3) ||
               !strncmp(t, "\u201d", 3));
}

/* Says the words standing for an image (its alt text, when that describes it) or a formula,
 * between spaces. */
static int read_replaced(struct html_state *st, xmlNode *n)
{
  char *words = NULL;
  if (html_is(n, "math")) {
    words = html_math_text(n);
    if (!words)
      return -ENOMEM;
  } else {
    words = html_image_text(n);
  }
  enum doc_kind kind = load_blocks_kind(&st->blocks);
  int rc = 0;
  if (words) {
    rc = load_builder_text(&st->b, kind, " ", 1);
    if (!rc)
      rc = load_builder_text(&st->b, kind, words, strlen(words));
    if (!rc && !punctuation_follows(n))
      rc = load_builder_text(&st->b, kind, " ", 1);
  }
  free(words);
  return rc;
}

/* Handles the start of node n; *descend says whether to walk its children (and then to call
 * leave() after them). */
static int enter(struct html_state *st, xmlNode *n, bool *descend)
{
  *descend = false;
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
    if (!n->content)
      return 0;
    const char *t = (const char *)n->content;
    if (t[strspn(t, " \t\n\r\f")])
      st->after_br = false;
    return load_builder_text(&st->b, load_blocks_kind(&st->blocks), t, strlen(t));
  }
  if (n->type != XML_ELEMENT_NODE || (n != st->top && is_furniture(n, st->body_root)))
    return 0;
  if (html_is(n, "br")) {
    if (st->blocks.code)
      return load_builder_text(&st->b, DOC_CODE, "\n", 1);
    /* One <br> is a line break inside a paragraph; two in a row are how old pages end one. */
    if (st->after_br) {
      st->after_br = false;
      return load_builder_close(&st->b);
    }
    st->after_br = true;
    return load_builder_text(&st->b, load_blocks_kind(&st->blocks), " ", 1);
  }
  st->after_br = false;
  if (html_is(n, "img") || html_is(n, "math"))
    return read_replaced(st, n);
  *descend = true;
  int rc = enter_lang(st, n);
  if (rc)
    return rc;
  if (is_cell(n)) {
    if (st->cells++ > 0)
      load_builder_separator(&st->b, ", ");
    return 0;
  }
  if (html_is_any(n, block_tags) || html_is(n, "pre"))
    rc = load_builder_close(&st->b);
  if (rc)
    return rc;
  if (html_is(n, "figure"))
    html_caption_last(n);
  if (is_heading(n) && !st->blocks.heading)
    st->b.heading_level = (unsigned char)(n->name[1] - '0');   /* for the sections */
  if (is_heading(n))
    st->blocks.heading++;
  else if (html_is(n, "pre"))
    st->blocks.code++;
  else if (html_is(n, "tr"))
    st->blocks.row++, st->cells = 0;
  else if (is_list(n))
    rc = enter_list(st, n);
  else if (html_is(n, "li"))
    rc = enter_item(st, n);
  else if (is_container(n))
    rc = load_blocks_push(&st->blocks, html_is(n, "blockquote") ? DOC_QUOTE : DOC_ITEM);
  return rc;
}

/* Handles the end of an element whose children were walked. */
static int leave(struct html_state *st, xmlNode *n)
{
  if (n->type != XML_ELEMENT_NODE)
    return 0;
  int rc = load_langs_leave(&st->langs, n, st->b.len);
  if (rc || is_cell(n))
    return rc;
  if (html_is_any(n, block_tags) || html_is(n, "pre"))
    rc = load_builder_close(&st->b);
  if (is_heading(n) && st->blocks.heading)
    st->blocks.heading--;
  else if (html_is(n, "pre") && st->blocks.code)
    st->blocks.code--;
  else if (html_is(n, "tr") && st->blocks.row)
    st->blocks.row--;
  else if (is_list(n))
    load_blocks_list_pop(&st->blocks);
  else if (is_container(n))
    load_blocks_pop(&st->blocks);
  return rc;
}

/* Reads the subtree at top. Iterative, so that nesting depth costs no stack. */
static int walk(struct html_state *st, xmlNode *top)
{
  bool descend;
  int rc = enter(st, top, &descend);
  xmlNode *n = top;
  while (!rc) {
    if (descend && n->children) {
      n = n->children;
      rc = enter(st, n, &descend);
      continue;
    }
    if (descend)
      rc = leave(st, n);
    /* Climb until a sibling is found, leaving every element walked through. */
    while (!rc && n != top && !n->next) {
      n = n->parent;
      rc = leave(st, n);
    }
    if (rc || n == top)
      break;
    n = n->next;
    rc = enter(st, n, &descend);
  }
  return rc;
}

/* The lang attribute of n or of its nearest ancestor that has one. */
static xmlChar *find_lang(xmlNode *n)
{
  for (; n && n->type == XML_ELEMENT_NODE; n = n->parent) {
    xmlChar *v = own_lang(n);
    if (v)
      return v;
  }
  return NULL;
}

/* A copy of s with white space (and control characters) collapsed and trimmed; NULL when nothing is left or out of
 * memory (*oom says which). */
static char *collapse(const char *s, bool *oom)
{
  size_t n = strlen(s);
  char *out = malloc(n + 1);
  *oom = !out;
  if (!out)
    return NULL;
  size_t w = 0;
  bool space = false;
  for (size_t i = 0; i < n; i++) {
    char c = s[i];
    size_t control = decode_control_at(s + i, n - i);   /* from &#27; and the like */
    if (c == ' ' || c == '\t' || c == '\n' || control) {
      space = w > 0;
      i += control ? control - 1 : 0;
      continue;
    }
    if (space)
      out[w++] = ' ';
    space = false;
    out[w++] = c;
  }
  out[w] = '\0';
  if (w == 0) {
    free(out);
    return NULL;
  }
  return out;
}

/* Below this many characters an extraction pass is taken to have missed the article and a less
 * strict one is tried (Readability's threshold). */
enum { ENOUGH_TEXT = 500 };

/* One extraction pass on a tree of its own: *html is the tree (NULL when libxml2 made none; the
 * caller frees it, also after an error), pick what the pass found in it. The page's metadata
 * goes to meta when not NULL, read before extraction removes the scripts holding JSON-LD. */
static int run_pass(const char *src, size_t len, int flags, struct document *meta,
                    htmlDocPtr *html, struct html_pick *pick)
{
  *pick = (struct html_pick){0};
  *html = html_parse(src, len, flags);
  if (!*html)
    return 0;
  html_repair_head(*html);
  int rc = meta ? html_meta(*html, meta) : 0;
  if (!rc && xmlDocGetRootElement(*html))
    rc = html_extract(*html, flags, pick);
  return rc;
}

/* The article of the page: the strict pass first; while it found too little and its rules left
 * text out, passes with fewer rules (keep unlikely-looking elements, ignore class hints, skip
 * the cleaning). The pass finding the most wins. Passes modify their tree, so each parses its
 * own; only one tree is alive at a time (a page costs one tree, not four): when the winner is
 * not the last pass tried, it is parsed and run again, which gives the same result. *html is
 * the tree that *top belongs to. */
static int extract(const char *src, size_t len, struct document *out, htmlDocPtr *html,
                   xmlNode **top)
{
  static const int passes[] = {HTML_X_ALL, HTML_X_ALL & ~HTML_X_STRIP_UNLIKELY,
                               HTML_X_CLEAN, 0};
  enum { N_PASSES = sizeof passes / sizeof passes[0] };
  struct html_pick pick = {0};
  size_t best = 0, best_chars = 0, last = 0;
  int rc = 0;
  *html = NULL;
  for (size_t i = 0; i < N_PASSES && !rc; i++) {
    if (*html)
      xmlFreeDoc(*html);
    last = i;
    rc = run_pass(src, len, passes[i], i == 0 ? out : NULL, html, &pick);
    if (rc || !*html)
      break;
    if (i == 0 || pick.chars > best_chars) {
      best = i;
      best_chars = pick.chars;
    }
    if (pick.chars >= ENOUGH_TEXT || !pick.lost)
      break;
  }
  if (!rc && *html && best != last) {
    xmlFreeDoc(*html);
    rc = run_pass(src, len, passes[best], NULL, html, &pick);
  }
  *top = pick.top;
  return rc;
}

static xmlNode *find_title(xmlNode *root)
{
  for (xmlNode *n = root; n; n = html_next(n, root, !html_is(n, "body")))
    if (html_is(n, "title"))
      return n;
  return NULL;
}

/* Walks top: the language in force there is the document's (doc->lang), and the elements
 * inside that state another are remembered in st->langs. */
static int walk_in_lang(struct html_state *st, struct document *doc, xmlNode *top)
{
  xmlChar *lang = find_lang(top);
  load_langs_init(&st->langs, (const char *)lang);
  int rc = walk(st, top);
  if (!rc && lang)
    rc = document_set_string(&doc->lang, (const char *)lang);
  xmlFree(lang);
  return rc;
}

/* The text is done: into doc, with the languages the elements stated, and the first heading
 * as the title when heading_title and doc has none. Frees st. */
static int finish(struct html_state *st, struct document *doc, int rc, bool heading_title)
{
  if (!rc)
    rc = load_builder_finish(&st->b);
  if (!rc)
    rc = load_langs_apply(&st->langs, doc);
  if (!rc && heading_title && !doc->title && st->b.first_heading) {
    doc->title = st->b.first_heading;
    st->b.first_heading = NULL;
  }
  load_builder_discard(&st->b);
  load_blocks_free(&st->blocks);
  load_langs_free(&st->langs);
  return rc;
}

/* Reads the article top of tree html (the root when NULL) into st, and the page's language and
 * <title> (when no metadata gave one) into doc. */
static int read_tree(struct html_state *st, struct document *doc, htmlDocPtr html, xmlNode *top)
{
  xmlNode *root = xmlDocGetRootElement(html);
  if (!top)
    top = root;
  st->body_root = html_is(top, "body") || top == root;
  st->top = top;
  int rc = walk_in_lang(st, doc, top);
  xmlNode *title_node = rc || doc->title ? NULL : find_title(root);
  if (title_node) {
    xmlChar *t = xmlNodeGetContent(title_node);
    bool oom = false;
    char *title = t ? collapse((const char *)t, &oom) : NULL;
    xmlFree(t);
    if (oom)
      rc = -ENOMEM;
    else if (title) {
      free(doc->title);
      doc->title = title;
    }
  }
  return rc;
}

int load_html(char *src, size_t len, struct document *doc)
{
  if (len > INT_MAX)
    return LECTOR_ETOOBIG;
  htmlDocPtr html = NULL;
  xmlNode *top = NULL;
  len = html_prescan(src, len);
  int rc = len ? extract(src, len, doc, &html, &top) : 0;
  struct html_state st = {0};
  load_builder_init(&st.b, doc, 2 * len + 4096);
  st.b.collapse = true;
  if (!rc && html && xmlDocGetRootElement(html))
    rc = read_tree(&st, doc, html, top);
  else if (!rc && !html && len > 0)
    /* libxml2 gives no document only when it could not start (out of memory, or input it
     * cannot read at all). Empty input is simply an empty document. */
    rc = LECTOR_EPARSE;
  /* The tree costs several times the page: gone before the text is finished and segmented,
   * and its pages handed back, so that what comes next does not stack on a heap grown for it
   * (measured with --lang: as many page faults either way, so what follows does not reuse the
   * freed heap, and a peak 0.4-0.7 MB higher without, on 60-300 kB pages). What it costs is
   * the language detector's data touching those pages anew: 7 % of a page's CPU time here,
   * where a page fault costs 20 us. */
  if (html) {
    xmlFreeDoc(html);
    malloc_trim(0);
  }
  return finish(&st, doc, rc, true);
}

/* A book's content document is all text: no article to find, no furniture but what the walk
 * leaves out anyway. Read from the tree the caller parsed (load_epub_content.c), so that a
 * chapter is parsed once and never serialised again. */
int load_html_tree(xmlDoc *html, size_t limit, struct document *doc)
{
  xmlNode *root = html ? xmlDocGetRootElement(html) : NULL;
  xmlNode *top = root;
  for (xmlNode *n = root ? root->children : NULL; n; n = n->next)
    if (html_is(n, "body"))
      top = n;
  struct html_state st = {0};
  load_builder_init(&st.b, doc, limit);
  st.b.collapse = true;
  st.top = top;     /* body_root stays false: a chapter's <header> holds its title */
  int rc = top ? walk_in_lang(&st, doc, top) : 0;
  return finish(&st, doc, rc, false);
}
