/* XML helpers of the EPUB loader: parsing with the network and external entities off, and the
 * few questions asked of elements. */
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>

#include "text/load_epub_internal.h"

xmlDoc *epub_xml_parse(const char *buf, size_t len, bool html)
{
  if (len > INT_MAX)
    return NULL;
  /* No NOENT or DTDLOAD: entities are never expanded from a DTD, nothing is fetched (NONET), and
   * without HUGE libxml2 keeps its limits on entity amplification and depth. */
  if (html)
    return htmlReadMemory(buf, (int)len, NULL, NULL,
                          HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                          HTML_PARSE_RECOVER | HTML_PARSE_COMPACT);
  return xmlReadMemory(buf, (int)len, NULL, NULL,
                       XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
                       XML_PARSE_RECOVER | XML_PARSE_COMPACT);
}

/* The local part of a possibly prefixed name ("epub:type" -> "type"). */
static const char *local(const char *name)
{
  const char *colon = strchr(name, ':');
  return colon ? colon + 1 : name;
}

bool epub_xml_is(const xmlNode *n, const char *name)
{
  return n && n->type == XML_ELEMENT_NODE && n->name &&
         !strcasecmp(local((const char *)n->name), name);
}

char *epub_xml_attr(const xmlNode *n, const char *name)
{
  if (!n || n->type != XML_ELEMENT_NODE)
    return NULL;
  /* In XML the prefix is a namespace and the name is local; the HTML parser keeps "epub:type"
   * whole. Either way, compare the local parts. */
  for (const xmlAttr *a = n->properties; a; a = a->next) {
    if (!a->name || strcasecmp(local((const char *)a->name), local(name)))
      continue;
    bool prefixed = strchr(name, ':') != NULL;
    bool has_prefix = (a->ns && a->ns->prefix) || strchr((const char *)a->name, ':');
    if (prefixed != has_prefix)
      continue;
    xmlChar *v = xmlNodeGetContent((const xmlNode *)a);
    if (!v)
      return NULL;
    char *copy = strdup((const char *)v);
    xmlFree(v);
    return copy;
  }
  return NULL;
}

bool epub_xml_attr_has(const xmlNode *n, const char *name, const char *token)
{
  char *v = epub_xml_attr(n, name);
  if (!v)
    return false;
  bool found = false;
  size_t k = strlen(token);
  for (char *p = v; *p && !found;) {
    p += strspn(p, " \t\r\n");
    size_t w = strcspn(p, " \t\r\n");
    /* "footnote" matches "footnote" and a prefixed "z3998:footnote" alike */
    const char *colon = memchr(p, ':', w);
    const char *t = colon ? colon + 1 : p;
    size_t tw = w - (size_t)(t - p);
    found = tw == k && !strncasecmp(t, token, k);
    p += w;
  }
  free(v);
  return found;
}

char *epub_xml_text(const xmlNode *n)
{
  xmlChar *v = xmlNodeGetContent(n);
  char *out = document_collapsed(v ? (const char *)v : "");
  xmlFree(v);
  return out;
}
