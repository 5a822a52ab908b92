#include "text/html_spoken.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/html_hints.h"
#include "text/html_measure.h"

static bool blank(const char *s)
{
  return !s || !s[strspn(s, " \t\r\n\f")];
}

/* The value of attribute name when it holds more than white space, else NULL (xmlFree it). */
static xmlChar *nonblank_attr(const xmlNode *n, const char *name)
{
  xmlChar *v = xmlGetProp(n, (const xmlChar *)name);
  if (v && blank((const char *)v)) {
    xmlFree(v);
    v = NULL;
  }
  return v;
}

/* The first annotation below math whose encoding says plain text (tex false) or TeX (tex
 * true); NULL when none. */
static xmlNode *annotation(xmlNode *math, bool tex)
{
  for (xmlNode *n = math; n; n = html_next(n, math, true)) {
    if (!html_is(n, "annotation"))
      continue;
    xmlChar *enc = xmlGetProp(n, (const xmlChar *)"encoding");
    const char *e = enc ? (const char *)enc : "";
    bool is_tex = strstr(e, "tex") || strstr(e, "TeX");
    bool plain = !*e || !strcasecmp(e, "text/plain");
    xmlFree(enc);
    if (tex ? is_tex : plain)
      return n;
  }
  return NULL;
}

/* Invisible operators (function application, invisible times, separator, plus) say nothing. */
static bool invisible(const char *s)
{
  const unsigned char *u = (const unsigned char *)s + strspn(s, " \t\r\n\f");
  while (u[0] == 0xE2 && u[1] == 0x81 && u[2] >= 0xA1 && u[2] <= 0xA4)
    u += 3;
  return blank((const char *)u);
}

/* The tokens of a formula made only of identifiers, numbers, operators and text, joined with
 * spaces ("x = 2"); NULL when it has structure (fractions, powers, roots, tables …) or no
 * token. */
static char *simple_formula(xmlNode *math)
{
  static const char *const layout[] = {"math", "mrow", "semantics", "mstyle", "mpadded",
                                       "mspace", NULL};
  static const char *const tokens[] = {"mi", "mn", "mo", "mtext", "ms", NULL};
  size_t cap = 1;
  for (xmlNode *n = math; n; ) {
    bool token = html_is_any(n, tokens);
    if (n->type == XML_ELEMENT_NODE && !token && !html_is_any(n, layout) &&
        !html_is(n, "annotation") && !html_is(n, "annotation-xml"))
      return NULL;
    if (token) {
      xmlChar *t = xmlNodeGetContent(n);
      cap += t ? strlen((const char *)t) + 1 : 0;
      xmlFree(t);
    }
    bool skip = token || html_is(n, "annotation") || html_is(n, "annotation-xml");
    n = html_next(n, math, !skip);
  }
  char *out = calloc(1, cap);
  for (xmlNode *n = math; n && out; ) {
    bool token = html_is_any(n, tokens);
    if (token) {
      xmlChar *t = xmlNodeGetContent(n);
      if (t && !invisible((const char *)t)) {
        if (*out)
          strcat(out, " ");
        strcat(out, (const char *)t);
      }
      xmlFree(t);
    }
    bool skip = token || html_is(n, "annotation") || html_is(n, "annotation-xml");
    n = html_next(n, math, !skip);
  }
  if (out && blank(out)) {
    free(out);
    return NULL;
  }
  char *c = out ? html_collapsed(out) : NULL;
  free(out);
  return c;
}

char *html_math_text(xmlNode *math)
{
  xmlChar *alt = nonblank_attr(math, "alttext");
  if (alt) {
    char *c = html_collapsed((const char *)alt);
    xmlFree(alt);
    return c;
  }
  xmlNode *plain = annotation(math, false), *tex = annotation(math, true);
  xmlChar *t = plain ? xmlNodeGetContent(plain) : NULL;
  if (t && !blank((const char *)t)) {
    char *c = html_collapsed((const char *)t);
    xmlFree(t);
    return c;
  }
  xmlFree(t);
  char *simple = simple_formula(math);
  if (simple)
    return simple;
  t = tex ? xmlNodeGetContent(tex) : NULL;
  /* A TeX command (\frac, \sqrt) read aloud means nothing; "x + y = 2" reads well. */
  if (t && !blank((const char *)t) && !strchr((const char *)t, '\\')) {
    char *c = html_collapsed((const char *)t);
    xmlFree(t);
    return c;
  }
  xmlFree(t);
  return strdup("formula");
}

static bool ends_with_any(const char *s, size_t n, const char *const *ends)
{
  for (size_t i = 0; ends[i]; i++) {
    size_t l = strlen(ends[i]);
    if (n >= l && !strncasecmp(s + n - l, ends[i], l))
      return true;
  }
  return false;
}

bool html_alt_describes(const char *alt)
{
  static const char *const image_ext[] = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".svg",
                                          ".bmp", ".tif", ".tiff", ".avif", ".heic", NULL};
  static const char *const camera[] = {"img_", "img-", "dsc", "dscn", "pxl_", "screenshot",
                                       NULL};
  static const char *const placeholders[] = {"image", "img", "photo", "picture", "graphic",
                                             "placeholder", "spacer", "thumbnail", NULL};
  if (blank(alt))
    return false;
  const char *s = alt + strspn(alt, " \t\r\n\f");
  size_t n = strlen(s);
  while (n && strchr(" \t\r\n\f", s[n - 1]))
    n--;
  size_t word = strcspn(s, " \t\r\n\f");
  if (word >= n) {          /* one word: a file name, an address, a camera's name */
    size_t q = strcspn(s, "?#");
    if (ends_with_any(s, q < n ? q : n, image_ext) || strstr(s, "://") ||
        !strncasecmp(s, "www.", 4))
      return false;
    for (size_t i = 0; camera[i]; i++) {
      size_t l = strlen(camera[i]);
      if (!strncasecmp(s, camera[i], l) && s[l] >= '0' && s[l] <= '9')
        return false;
    }
  }
  for (size_t i = 0; placeholders[i]; i++)
    if (strlen(placeholders[i]) == n && !strncasecmp(s, placeholders[i], n))
      return false;
  return true;
}

/* The figure that img illustrates has a caption with words: the caption describes it. */
static bool captioned(const xmlNode *img)
{
  const xmlNode *fig = img->parent;
  for (int depth = 0; fig && depth < 4 && !html_is(fig, "figure"); depth++)
    fig = fig->parent;
  if (!fig || !html_is(fig, "figure"))
    return false;
  for (const xmlNode *c = fig->children; c; c = c->next)
    if (html_is(c, "figcaption")) {
      xmlChar *t = xmlNodeGetContent(c);
      bool words = !blank((const char *)t);
      xmlFree(t);
      if (words)
        return true;
    }
  return false;
}

char *html_image_text(const xmlNode *img)
{
  xmlChar *role = xmlGetProp(img, (const xmlChar *)"role");
  bool decorative = role && (!strcasecmp((const char *)role, "presentation") ||
                             !strcasecmp((const char *)role, "none"));
  xmlFree(role);
  xmlChar *alt = decorative ? NULL : xmlGetProp(img, (const xmlChar *)"alt");
  char *words = alt && html_alt_describes((const char *)alt) && !captioned(img)
                  ? html_collapsed((const char *)alt) : NULL;
  xmlFree(alt);
  return words;
}

static bool local_link(const xmlNode *a)
{
  xmlChar *href = xmlGetProp(a, (const xmlChar *)"href");
  bool local = href && href[0] == '#';
  xmlFree(href);
  return local;
}

/* The only element child of n, when n holds nothing else but white space; NULL otherwise. */
static const xmlNode *only_child(const xmlNode *n)
{
  const xmlNode *only = NULL;
  for (const xmlNode *c = n->children; c; c = c->next) {
    if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
        blank((const char *)c->content))
      continue;
    if (only || c->type != XML_ELEMENT_NODE)
      return NULL;
    only = c;
  }
  return only;
}

bool html_note_ref(const xmlNode *n)
{
  if (n->type != XML_ELEMENT_NODE)
    return false;
  xmlChar *type = xmlGetProp(n, (const xmlChar *)"epub:type");
  bool noteref = type && strstr((const char *)type, "noteref");
  xmlFree(type);
  if (noteref)
    return true;
  const xmlNode *c = only_child(n);
  if (html_is(n, "sup"))
    return c && html_is(c, "a") && local_link(c);
  return html_is(n, "a") && c && html_is(c, "sup") && local_link(n);
}

void html_caption_last(xmlNode *figure)
{
  xmlNode *last = figure->last;
  for (xmlNode *c = figure->children, *next; c && c != last; c = next) {
    next = c->next;
    if (html_is(c, "figcaption")) {
      xmlUnlinkNode(c);
      xmlAddChild(figure, c);   /* an element: never merged into a text node */
    }
  }
}
