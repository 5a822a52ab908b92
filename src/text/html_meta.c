#include "text/html_meta.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "text/decode.h"
#include "text/html_hints.h"

/* The values found, each owned (xmlChar or malloc'd as noted). */
struct meta {
  char *title_tag;          /* <title>, white space collapsed */
  char *og_title, *tw_title, *dc_title, *name_title;
  char *author, *dc_creator, *og_site, *published;
  char *ld_title, *ld_byline, *ld_site, *ld_date;
  unsigned n_h1;
  char *h1;                 /* the first <h1> (used when <title> is odd) */
};

/* A copy of s with white space collapsed and trimmed; NULL when empty (or out of memory). */
static char *collapsed(const char *s)
{
  if (!s)
    return NULL;
  char *out = malloc(strlen(s) + 1);
  if (!out)
    return NULL;
  size_t w = 0, n = strlen(s);
  for (const char *p = s; *p; p++) {
    size_t control = decode_control_at(p, n - (size_t)(p - s));   /* from &#27; and the like */
    if (control || strchr(" \t\r\n\f", *p)) {
      p += control ? control - 1 : 0;
      if (w && out[w - 1] != ' ')
        out[w++] = ' ';
      continue;
    }
    out[w++] = *p;
  }
  while (w && out[w - 1] == ' ')
    w--;
  out[w] = '\0';
  if (!w) {
    free(out);
    return NULL;
  }
  return out;
}

static void keep(char **slot, const char *value)
{
  if (!*slot)
    *slot = collapsed(value);
}

static void from_meta_tag(struct meta *m, const xmlNode *n)
{
  xmlChar *prop = xmlGetProp(n, (const xmlChar *)"property");
  xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
  xmlChar *content = xmlGetProp(n, (const xmlChar *)"content");
  const char *key = prop ? (const char *)prop : name ? (const char *)name : "";
  const char *v = (const char *)content;
  static const struct { const char *key; size_t off; } keys[] = {
    {"og:title", offsetof(struct meta, og_title)},
    {"twitter:title", offsetof(struct meta, tw_title)},
    {"dc:title", offsetof(struct meta, dc_title)},
    {"dcterm:title", offsetof(struct meta, dc_title)},
    {"title", offsetof(struct meta, name_title)},
    {"author", offsetof(struct meta, author)},
    {"dc:creator", offsetof(struct meta, dc_creator)},
    {"dcterm:creator", offsetof(struct meta, dc_creator)},
    {"og:site_name", offsetof(struct meta, og_site)},
    {"article:published_time", offsetof(struct meta, published)},
  };
  for (size_t i = 0; v && i < sizeof keys / sizeof keys[0]; i++)
    if (!strcasecmp(key, keys[i].key) ||
        (prop && name && !strcasecmp((const char *)name, keys[i].key)))
      keep((char **)((char *)m + keys[i].off), v);
  xmlFree(prop);
  xmlFree(name);
  xmlFree(content);
}

static const char *json_str(json_t *o, const char *key)
{
  return json_string_value(json_object_get(o, key));
}

static bool is_article_type(json_t *o)
{
  const char *t = json_str(o, "@type");
  if (!t) {
    json_t *a = json_object_get(o, "@type");
    t = json_is_array(a) ? json_string_value(json_array_get(a, 0)) : NULL;
  }
  return t && (strstr(t, "Article") || strstr(t, "Posting") || strstr(t, "Report"));
}

/* Names of author (an object, a string or an array of either), joined with ", ". */
static char *author_names(json_t *a)
{
  if (json_is_string(a))
    return collapsed(json_string_value(a));
  if (json_is_object(a))
    return collapsed(json_str(a, "name"));
  if (!json_is_array(a))
    return NULL;
  size_t cap = 1, i;
  json_t *v;
  json_array_foreach(a, i, v) {
    const char *s = json_is_object(v) ? json_str(v, "name") : json_string_value(v);
    cap += s ? strlen(s) + 2 : 0;
  }
  char *out = calloc(1, cap);
  json_array_foreach(a, i, v) {
    const char *s = json_is_object(v) ? json_str(v, "name") : json_string_value(v);
    if (out && s) {
      if (*out)
        strcat(out, ", ");
      strcat(out, s);
    }
  }
  char *c = out ? collapsed(out) : NULL;
  free(out);
  return c;
}

static void from_json_ld(struct meta *m, const char *text)
{
  json_t *root = json_loads(text, JSON_DECODE_ANY, NULL);
  json_t *art = NULL;
  json_t *list = json_is_array(root) ? root : json_object_get(root, "@graph");
  /* Only schema.org's vocabulary is understood (as Reader View does): without its @context,
   * "headline" means nothing known. */
  const char *ctx = json_str(root, "@context");
  if (!ctx || !strstr(ctx, "schema.org")) {
    json_decref(root);
    return;
  }
  if (json_is_object(root) && is_article_type(root))
    art = root;
  size_t i;
  json_t *v;
  if (!art && json_is_array(list))
    json_array_foreach(list, i, v)
      if (!art && json_is_object(v) && is_article_type(v))
        art = v;
  if (art && !m->ld_title) {
    const char *h = json_str(art, "headline"), *nm = json_str(art, "name");
    keep(&m->ld_title, h ? h : nm);
    m->ld_byline = author_names(json_object_get(art, "author"));
    keep(&m->ld_site, json_str(json_object_get(art, "publisher"), "name"));
    keep(&m->ld_date, json_str(art, "datePublished"));
  }
  json_decref(root);
}

/* Collects what the page states, in one walk of the tree. */
static void collect(struct meta *m, xmlNode *root)
{
  for (xmlNode *n = root; n; ) {
    bool descend = true;
    if (html_is(n, "meta")) {
      from_meta_tag(m, n);
    } else if (html_is(n, "title") && !m->title_tag) {
      xmlChar *t = xmlNodeGetContent(n);
      m->title_tag = collapsed((const char *)t);
      xmlFree(t);
      descend = false;
    } else if (html_is(n, "script")) {
      xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
      if (type && !strcasecmp((const char *)type, "application/ld+json")) {
        xmlChar *t = xmlNodeGetContent(n);
        if (t)
          from_json_ld(m, (const char *)t);
        xmlFree(t);
      }
      xmlFree(type);
      descend = false;
    } else if (html_is(n, "h1")) {
      if (!m->n_h1++) {
        xmlChar *t = xmlNodeGetContent(n);
        m->h1 = collapsed((const char *)t);
        xmlFree(t);
      }
    }
    if (descend && n->children && n->type == XML_ELEMENT_NODE) {
      n = n->children;
      continue;
    }
    while (n != root && !n->next)
      n = n->parent;
    n = n == root ? NULL : n->next;
  }
}


static size_t words(const char *s, size_t n)
{
  size_t w = 0;
  bool in = false;
  for (size_t i = 0; i < n; i++) {
    bool sp = strchr(" \t\r\n", s[i]) != NULL;
    w += !sp && !in;
    in = !sp;
  }
  return w;
}

/* A separator between a title and the site's name: " | ", " - ", " – ", " — ", " / ", " » "…,
 * at s; its length (0 when none). *hier says whether it marks a hierarchy (/ \ > »). */
static size_t separator_at(const char *s, bool *hier)
{
  static const char *const seps[] = {"|", "-", "\u2013", "\u2014", "\\", "/", ">", "\u00bb",
                                     NULL};
  if (s[0] != ' ')
    return 0;
  for (size_t i = 0; seps[i]; i++) {
    size_t l = strlen(seps[i]);
    if (!strncmp(s + 1, seps[i], l) && s[1 + l] == ' ') {
      *hier = i >= 4;
      return l + 2;
    }
  }
  return 0;
}

static size_t words_without_separators(const char *s)
{
  size_t w = 0;
  bool in = false;
  for (const char *p = s; *p; p++) {
    bool hier;
    size_t l = separator_at(p, &hier);
    if (l) {
      p += l - 2;   /* the space after is a word break anyway */
      in = false;
      continue;
    }
    bool sp = strchr(" \t\r\n", *p) != NULL;
    w += !sp && !in;
    in = !sp;
  }
  return w;
}

/* The <title> without the site's name, as Reader View cuts it: before the last separator, or
 * after the first when that leaves too few words; after a colon unless a heading repeats the
 * whole title; the single <h1> when the title is very long or short; the whole title when the
 * cut leaves four words or fewer of a title that had more. */
static char *title_from_tag(const struct meta *m)
{
  const char *orig = m->title_tag;
  if (!orig)
    return NULL;
  size_t len = strlen(orig), start = 0, end = len, last = 0, first = 0;
  bool hier = false, any = false;
  for (size_t i = 0; i < len; i++) {
    bool h;
    size_t l = separator_at(orig + i, &h);
    if (l) {
      if (!any)
        first = i + l;
      last = i;
      hier = h;
      any = true;
    }
  }
  const char *colon = strstr(orig, ": ");
  if (any) {
    end = last;
    if (words(orig, end) < 3) {
      start = first;
      end = len;
    }
  } else if (colon) {
    if (!(m->h1 && !strcmp(m->h1, orig))) {
      const char *lc = strrchr(orig, ':');
      start = (size_t)(lc - orig) + 1;
      if (words(orig + start, len - start) < 3)
        start = (size_t)(colon - orig) + 1;
      else if (words(orig, (size_t)(colon - orig)) > 5)
        start = 0;
    }
  } else if ((len > 150 || len < 15) && m->n_h1 == 1 && m->h1) {
    return collapsed(m->h1);
  }
  char *cut = strndup(orig + start, end - start);
  char *cur = cut ? collapsed(cut) : NULL;
  free(cut);
  size_t w = cur ? words(cur, strlen(cur)) : 0;
  if (w <= 4 && (!hier || w != words_without_separators(orig) - 1)) {
    free(cur);
    cur = collapsed(orig);
  }
  return cur;
}

static void meta_free(struct meta *m)
{
  char **all[] = {&m->title_tag, &m->og_title, &m->tw_title, &m->dc_title, &m->name_title,
                  &m->author, &m->dc_creator, &m->og_site, &m->published, &m->ld_title,
                  &m->ld_byline, &m->ld_site, &m->ld_date, &m->h1};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    free(*all[i]);
}

static const char *first_of(const char *a, const char *b, const char *c, const char *d)
{
  return a ? a : b ? b : c ? c : d;
}

static int set(char **field, const char *value)
{
  return value ? document_set_string(field, value) : 0;
}

int html_meta(xmlDoc *doc_html, struct document *doc)
{
  xmlNode *root = xmlDocGetRootElement(doc_html);
  if (!root)
    return 0;
  struct meta m = {0};
  collect(&m, root);
  char *from_tag = NULL;
  const char *title = first_of(m.ld_title, m.dc_title, m.og_title,
                               m.name_title ? m.name_title : m.tw_title);
  if (!title)
    title = from_tag = title_from_tag(&m);
  int rc = set(&doc->title, title);
  if (!rc)
    rc = set(&doc->byline, first_of(m.ld_byline, m.dc_creator, m.author, NULL));
  if (!rc)
    rc = set(&doc->site, first_of(m.ld_site, m.og_site, NULL, NULL));
  if (!rc)
    rc = set(&doc->date, first_of(m.ld_date, m.published, NULL, NULL));
  xmlChar *lang = xmlGetProp(root, (const xmlChar *)"lang");
  if (!rc && lang && *lang)
    rc = document_set_string(&doc->lang, (const char *)lang);
  xmlFree(lang);
  free(from_tag);
  meta_free(&m);
  return rc;
}
