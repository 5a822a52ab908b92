#include "text/html_meta.h"

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <jansson.h>

#include "text/html_hints.h"
#include "text/html_title.h"

/* The <meta> values Reader View reads, by their normalised names ("dc:title", "parsely-title"
 * …); the order of its preferences for the title, byline, site name and date. */
enum key {
  K_DC_TITLE, K_DCTERM_TITLE, K_OG_TITLE, K_WEIBO_ARTICLE_TITLE, K_WEIBO_WEBPAGE_TITLE, K_TITLE,
  K_TWITTER_TITLE, K_PARSELY_TITLE, K_DC_CREATOR, K_DCTERM_CREATOR, K_AUTHOR, K_PARSELY_AUTHOR,
  K_ARTICLE_AUTHOR, K_OG_SITE_NAME, K_ARTICLE_PUBLISHED_TIME, K_PARSELY_PUB_DATE, N_KEYS
};
static const char *const key_names[N_KEYS] = {
  "dc:title", "dcterm:title", "og:title", "weibo:article:title", "weibo:webpage:title", "title",
  "twitter:title", "parsely-title", "dc:creator", "dcterm:creator", "author", "parsely-author",
  "article:author", "og:site_name", "article:published_time", "parsely-pub-date"};

/* JSON-LD scripts kept for after the walk (their title is chosen against <title>). */
enum { MAX_LD = 16 };

/* The values found, each owned (malloc'd). */
struct meta {
  char *title_tag;          /* the first <title>, white space collapsed */
  char *values[N_KEYS];     /* <meta> values: a later tag of the same name replaces */
  char *ld_title, *ld_byline, *ld_site, *ld_date;
  bool ld_found;            /* a JSON-LD article was read: later ones are not */
  xmlNode *ld_scripts[MAX_LD];
  size_t n_ld;
};

static void keep(char **slot, const char *value)
{
  if (!*slot)
    *slot = html_collapsed(value);
}

/* The normalised name of a property attribute ("og:title", also the first of a list such as
 * "og:title twitter:title") into out; false when it names nothing read. */
static bool property_key(const char *prop, char *out, size_t cap)
{
  static const char *const prefixes[] = {"article", "dc", "dcterm", "og", "twitter", NULL};
  static const char *const names[] = {"author", "creator", "description", "published_time",
                                      "title", "site_name", NULL};
  for (const char *p = prop; *p; p++)
    for (size_t i = 0; prefixes[i]; i++) {
      size_t l = strlen(prefixes[i]);
      if (strncasecmp(p, prefixes[i], l))
        continue;
      const char *q = p + l;
      q += strspn(q, " \t\r\n\f");
      if (*q++ != ':')
        continue;
      q += strspn(q, " \t\r\n\f");
      for (size_t j = 0; names[j]; j++)
        if (!strncasecmp(q, names[j], strlen(names[j]))) {
          snprintf(out, cap, "%s:%s", prefixes[i], names[j]);
          return true;
        }
    }
  return false;
}

/* The normalised name of a name attribute ("DC.Title" -> "dc:title": lower case, no white
 * space, dots as colons) into out; false when it is not of the form [prefix sep] name. */
static bool name_key(const char *name, char *out, size_t cap)
{
  static const char *const prefixes[] = {"dc", "dcterm", "og", "twitter", "parsely",
                                         "weibo:article", "weibo:webpage", NULL};
  static const char *const names[] = {"author", "creator", "pub-date", "description", "title",
                                      "site_name", NULL};
  size_t w = 0;
  for (const char *p = name; *p && w + 1 < cap; p++)
    if (!strchr(" \t\r\n\f", *p))
      out[w++] = *p == '.' ? ':' : (char)tolower((unsigned char)*p);
  out[w] = '\0';
  const char *rest = out;
  for (size_t i = 0; prefixes[i] && rest == out; i++) {
    size_t l = strlen(prefixes[i]);
    if (!strncmp(out, prefixes[i], l) && (out[l] == '-' || out[l] == ':'))
      rest = out + l + 1;
  }
  for (size_t j = 0; names[j]; j++)
    if (!strcmp(rest, names[j]) || (rest != out && !strcmp(out, names[j])))
      return true;
  return false;
}

static void from_meta_tag(struct meta *m, const xmlNode *n)
{
  xmlChar *prop = xmlGetProp(n, (const xmlChar *)"property");
  xmlChar *name = xmlGetProp(n, (const xmlChar *)"name");
  xmlChar *content = xmlGetProp(n, (const xmlChar *)"content");
  char key[64];
  bool found = false;
  if (content && *content) {
    found = prop && property_key((const char *)prop, key, sizeof key);
    if (!found && name)
      found = name_key((const char *)name, key, sizeof key);
  }
  for (size_t i = 0; found && i < N_KEYS; i++)
    if (!strcmp(key, key_names[i])) {
      char *v = html_collapsed((const char *)content);
      if (v) {
        free(m->values[i]);
        m->values[i] = v;
      }
    }
  xmlFree(prop);
  xmlFree(name);
  xmlFree(content);
}

static const char *json_str(json_t *o, const char *key)
{
  return json_string_value(json_object_get(o, key));
}

/* A schema.org type that names an article (Readability's list: Article, NewsArticle,
 * BlogPosting, Report …). */
static bool article_type_name(const char *t)
{
  static const char *const inside[] = {
    "AdvertiserContentArticle", "NewsArticle", "BlogPosting", "DiscussionForumPosting",
    "LiveBlogPosting", "Report", "SatiricalArticle", "ScholarlyArticle", "SocialMediaPosting",
    NULL};
  if (!t)
    return false;
  size_t l = strlen(t);
  if (!strncmp(t, "Article", 7) || (l >= 11 && !strcmp(t + l - 11, "TechArticle")))
    return true;
  for (size_t i = 0; inside[i]; i++)
    if (strstr(t, inside[i]))
      return true;
  return false;
}

static bool is_article_type(json_t *o)
{
  json_t *t = json_object_get(o, "@type");
  if (json_is_string(t))
    return article_type_name(json_string_value(t));
  size_t i;
  json_t *v;
  json_array_foreach(t, i, v)
    if (article_type_name(json_string_value(v)))
      return true;
  return false;
}

static bool schema_org(const char *s)
{
  if (!s)
    return false;
  s += !strncmp(s, "https://", 8) ? 8 : !strncmp(s, "http://", 7) ? 7 : 0;
  return !strcmp(s, "schema.org") || !strcmp(s, "schema.org/");
}

/* Names of the authors (an object with a name, or an array of them), joined with ", ". */
static char *author_names(json_t *a)
{
  if (json_is_object(a))
    return html_collapsed(json_str(a, "name"));
  if (!json_is_array(a) || !json_str(json_array_get(a, 0), "name"))
    return NULL;
  size_t cap = 1, i;
  json_t *v;
  json_array_foreach(a, i, v)
    cap += json_str(v, "name") ? strlen(json_str(v, "name")) + 2 : 0;
  char *out = calloc(1, cap);
  json_array_foreach(a, i, v) {
    const char *s = json_str(v, "name");
    if (out && s) {
      if (*out)
        strcat(out, ", ");
      strcat(out, s);
    }
  }
  char *c = out ? html_collapsed(out) : NULL;
  free(out);
  return c;
}

/* The first article object of a JSON-LD script, as Reader View finds it: in a top-level array,
 * the object itself, or in its @graph; only with schema.org's vocabulary. */
static json_t *ld_article(json_t *root)
{
  json_t *art = root;
  size_t i;
  json_t *v;
  if (json_is_array(root)) {
    art = NULL;
    json_array_foreach(root, i, v)
      if (!art && is_article_type(v))
        art = v;
  }
  json_t *ctx = json_object_get(art, "@context");
  if (!schema_org(json_string_value(ctx)) && !schema_org(json_str(ctx, "@vocab")))
    return NULL;
  json_t *graph = json_object_get(art, "@graph");
  if (!json_object_get(art, "@type") && json_is_array(graph)) {
    art = NULL;
    json_array_foreach(graph, i, v)
      if (!art && is_article_type(v))
        art = v;
  }
  return art && is_article_type(art) ? art : NULL;
}

/* Reads the article of one JSON-LD script, when it has one. Its title is "name", or
 * "headline" when the two differ and only the headline is close to <title> (sites put their
 * own name in "name"). */
static void from_json_ld(struct meta *m, xmlNode *script, xmlNode *root)
{
  xmlChar *t = xmlNodeGetContent(script);
  const char *s = t ? (const char *)t : "";
  s += strspn(s, " \t\r\n\f");
  s += strncmp(s, "<![CDATA[", 9) ? 0 : 9;
  size_t len = strlen(s);
  while (len && strchr(" \t\r\n\f", s[len - 1]))
    len--;
  len -= len >= 3 && !strncmp(s + len - 3, "]]>", 3) ? 3 : 0;
  json_t *parsed = json_loadb(s, len, JSON_DECODE_ANY, NULL);
  xmlFree(t);
  json_t *art = ld_article(parsed);
  if (art) {
    m->ld_found = true;
    const char *name = json_str(art, "name"), *headline = json_str(art, "headline");
    const char *title = name ? name : headline;
    if (name && headline && strcmp(name, headline)) {
      char *cut = html_title_cut(m->title_tag, root);
      const char *tag = cut ? cut : "";
      if (html_title_similarity(headline, tag) > 0.75 && html_title_similarity(name, tag) <= 0.75)
        title = headline;
      free(cut);
    }
    keep(&m->ld_title, title);
    m->ld_byline = author_names(json_object_get(art, "author"));
    keep(&m->ld_site, json_str(json_object_get(art, "publisher"), "name"));
    keep(&m->ld_date, json_str(art, "datePublished"));
  }
  json_decref(parsed);
}

/* Collects what the page states, in one walk of the tree. */
static void collect(struct meta *m, xmlNode *root)
{
  for (xmlNode *n = root; n; ) {
    bool descend = true;
    if (html_is(n, "meta")) {
      from_meta_tag(m, n);
    } else if (html_is(n, "title")) {
      if (!m->title_tag) {
        xmlChar *t = xmlNodeGetContent(n);
        m->title_tag = html_collapsed((const char *)t);
        xmlFree(t);
      }
      descend = false;
    } else if (html_is(n, "script")) {
      xmlChar *type = xmlGetProp(n, (const xmlChar *)"type");
      if (type && !strcmp((const char *)type, "application/ld+json") && m->n_ld < MAX_LD)
        m->ld_scripts[m->n_ld++] = n;
      xmlFree(type);
      descend = false;
    }
    if (descend && n->children && n->type == XML_ELEMENT_NODE) {
      n = n->children;
      continue;
    }
    while (n != root && !n->next)
      n = n->parent;
    n = n == root ? NULL : n->next;
  }
  for (size_t i = 0; i < m->n_ld && !m->ld_found; i++)
    from_json_ld(m, m->ld_scripts[i], root);
}

static void meta_free(struct meta *m)
{
  char **all[] = {&m->title_tag, &m->ld_title, &m->ld_byline, &m->ld_site, &m->ld_date};
  for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
    free(*all[i]);
  for (size_t i = 0; i < N_KEYS; i++)
    free(m->values[i]);
}

/* The first of the values from..to (enum key order) that the page gave. */
static const char *first_value(const struct meta *m, enum key from, enum key to)
{
  for (size_t i = from; i <= to; i++)
    if (m->values[i])
      return m->values[i];
  return NULL;
}

/* An author given as a link to a profile page is no name. */
static const char *not_url(const char *s)
{
  return s && (!strncmp(s, "http://", 7) || !strncmp(s, "https://", 8)) ? NULL : s;
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
  const char *title = m.ld_title ? m.ld_title : first_value(&m, K_DC_TITLE, K_PARSELY_TITLE);
  if (!title) {
    char *cut = html_title_cut(m.title_tag, root);
    title = from_tag = html_collapsed(cut);
    free(cut);
  }
  const char *byline = m.ld_byline ? m.ld_byline : first_value(&m, K_DC_CREATOR, K_PARSELY_AUTHOR);
  const char *date = m.ld_date ? m.ld_date
                               : first_value(&m, K_ARTICLE_PUBLISHED_TIME, K_PARSELY_PUB_DATE);
  int rc = set(&doc->title, title);
  if (!rc)
    rc = set(&doc->byline, byline ? byline : not_url(m.values[K_ARTICLE_AUTHOR]));
  if (!rc)
    rc = set(&doc->site, m.ld_site ? m.ld_site : m.values[K_OG_SITE_NAME]);
  if (!rc)
    rc = set(&doc->date, date);
  xmlChar *lang = xmlGetProp(root, (const xmlChar *)"lang");
  if (!rc && lang && *lang)
    rc = document_set_string(&doc->lang, (const char *)lang);
  xmlFree(lang);
  free(from_tag);
  meta_free(&m);
  return rc;
}
