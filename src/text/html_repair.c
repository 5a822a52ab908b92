#include "text/html_repair.h"

#include <stdbool.h>
#include <string.h>

#include "text/html_hints.h"

/* What HTML5 keeps in the head: comments, white space, and these elements. */
static bool head_content(const xmlNode *n)
{
  static const char *const tags[] = {"base", "basefont", "bgsound", "link", "meta", "noscript",
                                     "script", "style", "template", "title", NULL};
  if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
    return !n->content || !n->content[strspn((const char *)n->content, " \t\n\r\f")];
  return n->type != XML_ELEMENT_NODE || html_is_any(n, tags);
}

static xmlNode *child_named(xmlNode *parent, const char *name)
{
  for (xmlNode *c = parent->children; c; c = c->next)
    if (html_is(c, name))
      return c;
  return NULL;
}

void html_repair_head(xmlDoc *doc)
{
  xmlNode *root = xmlDocGetRootElement(doc);
  xmlNode *head = root ? child_named(root, "head") : NULL;
  xmlNode *first = head ? head->children : NULL;
  while (first && head_content(first))
    first = first->next;
  if (!first)
    return;
  xmlNode *body = child_named(root, "body");
  if (!body) {
    body = xmlNewDocNode(doc, NULL, (const xmlChar *)"body", NULL);
    if (!body)
      return;         /* out of memory: the page reads as libxml2 left it */
    xmlAddNextSibling(head, body);
  }
  /* In order, before what the body holds already. Adding may merge a text node into its
   * neighbour and free it: next is taken first. */
  xmlNode *before = body->children;
  for (xmlNode *n = first, *next; n; n = next) {
    next = n->next;
    xmlUnlinkNode(n);
    if (before)
      xmlAddPrevSibling(before, n);
    else
      xmlAddChild(body, n);
  }
}
