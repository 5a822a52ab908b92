#include "text/html_hints.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "text/decode.h"

/* Tag names are ASCII, and the names asked about are lower-case literals: only the element's
 * name needs folding. Inline rather than strcasecmp, which the walks over a large page would
 * call millions of times (a tenth of a long table's time, in the locale-aware libc call). */
static bool name_eq(const xmlChar *a, const char *b)
{
  for (; *b; a++, b++) {
    xmlChar c = *a >= 'A' && *a <= 'Z' ? (xmlChar)(*a + ('a' - 'A')) : *a;
    if (c != (xmlChar)*b)
      return false;
  }
  return !*a;
}

bool html_is(const xmlNode *n, const char *name)
{
  return n->type == XML_ELEMENT_NODE && n->name && name_eq(n->name, name);
}

bool html_is_any(const xmlNode *n, const char *const *names)
{
  if (n->type != XML_ELEMENT_NODE || !n->name)
    return false;
  for (size_t i = 0; names[i]; i++)
    if (name_eq(n->name, names[i]))
      return true;
  return false;
}

/* Published hint words (Readability, Boilerpipe): substrings of class and id. "footer" but not
 * "foot": footnotes are part of the text. */
static const char *const negative[] = {
  "-ad-", "hidden", "banner", "combx", "comment", "com-", "contact", "footer", "gdpr",
  "masthead", "media", "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox",
  "sidebar", "skyscraper", "sponsor", "shopping", "tags", "widget", NULL};
static const char *const positive[] = {
  "article", "body", "content", "entry", "hentry", "h-entry", "main", "page", "pagination",
  "post", "text", "blog", "story", NULL};
static const char *const unlikely[] = {
  "-ad-", "ai2html", "banner", "breadcrumbs", "combx", "comment", "community", "cover-wrap",
  "disqus", "extra", "footer", "gdpr", "header", "legends", "menu", "related", "remark",
  "replies", "rss", "shoutbox", "sidebar", "skyscraper", "social", "sponsor", "supplemental",
  "ad-break", "agegate", "pagination", "pager", "popup", "yom-remote", NULL};
static const char *const maybe[] = {
  "and", "article", "body", "column", "content", "main", "shadow", NULL};
static const char *const share[] = {"share", "sharedaddy", "social", NULL};

/* Lower-cased attribute value into out (truncated); false when absent or empty. */
static bool attr_lower(const xmlNode *n, const char *name, char *out, size_t cap)
{
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  size_t w = 0;
  if (v)
    for (const xmlChar *p = v; *p && w + 1 < cap; p++)
      out[w++] = (char)tolower(*p);
  out[w] = '\0';
  xmlFree(v);
  return w > 0;
}

static bool has_any(const char *s, const char *const *words)
{
  for (size_t i = 0; words[i]; i++)
    if (strstr(s, words[i]))
      return true;
  return false;
}

/* The word "hid" alone among the classes ("hid", "x hid"): a hidden block. */
static bool hid_word(const char *s)
{
  for (const char *p = strstr(s, "hid"); p; p = strstr(p + 1, "hid"))
    if ((p == s || p[-1] == ' ') && (p[3] == '\0' || p[3] == ' '))
      return true;
  return false;
}

static bool negative_hint(const char *s)
{
  return has_any(s, negative) || hid_word(s);
}

/* "class id" of n, lower-cased, in out. */
static void class_and_id(const xmlNode *n, char *out, size_t cap)
{
  char id[256];
  attr_lower(n, "class", out, cap / 2);
  if (attr_lower(n, "id", id, sizeof id)) {
    size_t l = strlen(out);
    if (l + 1 < cap) {
      out[l++] = ' ';
      out[l] = '\0';
      strncat(out, id, cap - l - 1);
    }
  }
}

int html_class_weight(const xmlNode *n)
{
  char cls[256], id[256];
  int w = 0;
  if (attr_lower(n, "class", cls, sizeof cls)) {
    w -= negative_hint(cls) ? 25 : 0;
    w += has_any(cls, positive) ? 25 : 0;
  }
  if (attr_lower(n, "id", id, sizeof id)) {
    w -= negative_hint(id) ? 25 : 0;
    w += has_any(id, positive) ? 25 : 0;
  }
  return w;
}

bool html_unlikely(const xmlNode *n)
{
  char s[512];
  class_and_id(n, s, sizeof s);
  return s[0] && has_any(s, unlikely) && !has_any(s, maybe);
}

bool html_share_hint(const xmlNode *n)
{
  char s[512];
  class_and_id(n, s, sizeof s);
  return s[0] && has_any(s, share);
}

bool html_hidden(const xmlNode *n)
{
  if (xmlHasProp(n, (const xmlChar *)"hidden"))
    return true;
  char v[256];
  if (attr_lower(n, "aria-hidden", v, sizeof v) && !strcmp(v, "true")) {
    /* Pages hide decorative icons this way; a figure marked so still shows its caption, but
     * text hidden from assistive technology is hidden from a listener too. */
    return true;
  }
  if (!attr_lower(n, "style", v, sizeof v))
    return false;
  char compact[256];
  size_t w = 0;
  for (const char *p = v; *p; p++)
    if (!isspace((unsigned char)*p))
      compact[w++] = *p;
  compact[w] = '\0';
  return strstr(compact, "display:none") || strstr(compact, "visibility:hidden");
}

bool html_furniture_role(const xmlNode *n)
{
  static const char *const roles[] = {
    "navigation", "banner", "contentinfo", "complementary", "search", "dialog", "alertdialog",
    "menu", "menubar", "alert", "doc-noteref", "doc-backlink", NULL};
  char v[64];
  if (!attr_lower(n, "role", v, sizeof v))
    return false;
  for (size_t i = 0; roles[i]; i++)
    if (!strcmp(v, roles[i]))
      return true;
  return false;
}

bool html_never_text(const xmlNode *n)
{
  static const char *const tags[] = {
    "script", "style", "noscript", "template", "head", "title", "iframe", "object", "embed",
    "svg", "canvas", "video", "audio", "button", "select", "textarea", "input", "dialog",
    "map", "link", "meta", NULL};
  return html_is_any(n, tags);
}

bool html_never_read(const xmlNode *n)
{
  static const char *const never[] = {
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
    "video", "audio", "link", "meta", "map", "dialog", "aside", "nav", NULL};
  return html_is_any(n, never) || html_hidden(n) || html_furniture_role(n);
}

char *html_collapsed(const char *s)
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
