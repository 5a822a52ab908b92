/* One EPUB content document: the notes put out of the way, then the HTML loader's walk over the
 * whole body (load_html_tree). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include "text/load_epub_internal.h"
#include "text/load_html.h"
#include "util/error.h"

static bool is_noteref(const xmlNode *n)
{
  return epub_xml_attr_has(n, "epub:type", "noteref") ||
         epub_xml_attr_has(n, "role", "doc-noteref");
}

static bool is_footnote(const xmlNode *n)
{
  return epub_xml_attr_has(n, "epub:type", "footnote") ||
         epub_xml_attr_has(n, "epub:type", "rearnote") ||
         epub_xml_attr_has(n, "role", "doc-footnote");
}

/* Where a footnote goes: the end of the outermost article or main around it, else of the body,
 * so that the HTML loader (which reads the largest article) still reads it. */
static xmlNode *notes_home(xmlNode *n)
{
  xmlNode *home = NULL;
  for (xmlNode *p = n->parent; p && p->type == XML_ELEMENT_NODE; p = p->parent)
    if (epub_xml_is(p, "article") || epub_xml_is(p, "main") || (!home && epub_xml_is(p, "body")))
      home = p;
  return home;
}

/* Note references are removed ("a word1" would be read "a word one"); footnotes move to the end
 * of the text as ordinary blocks (an <aside> would be left out as site furniture). */
static void move_notes(xmlNode *root)
{
  for (xmlNode *n = root; n;) {
    if (n->type == XML_ELEMENT_NODE && (is_noteref(n) || is_footnote(n))) {
      xmlNode *next = html_next(n, root, false);
      xmlNode *home = is_footnote(n) ? notes_home(n) : NULL;
      xmlUnlinkNode(n);
      if (home) {
        xmlNodeSetName(n, (const xmlChar *)"div");
        xmlUnsetProp(n, (const xmlChar *)"hidden");
        xmlAddChild(home, n);   /* walked again at the end: no longer a footnote by name, but
                                   still by epub:type, so drop the attribute */
        xmlUnsetProp(n, (const xmlChar *)"epub:type");
        xmlUnsetProp(n, (const xmlChar *)"role");
      } else {
        xmlFreeNode(n);
      }
      n = next;
      continue;
    }
    n = html_next(n, root, true);
  }
}

int epub_content_load(char *src, size_t len, struct document *part)
{
  xmlDoc *x = epub_xml_parse(src, len, true);
  if (!x)
    return load_html(src, len, part);
  xmlNode *root = xmlDocGetRootElement(x);
  if (root)
    move_notes(root);
  /* Read from this tree: no second parse, no serialised copy, and no web-page extraction (a
   * chapter is all text; Reader View's scoring could pick the footnotes over the chapter). */
  int rc = load_html_tree(x, 2 * len + 4096, part);
  xmlFreeDoc(x);
  return rc;
}
