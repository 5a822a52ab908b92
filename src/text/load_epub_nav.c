/* The table of contents of an EPUB: the EPUB 3 navigation document's toc nav, else the EPUB 2
 * NCX. Its entries name the chapters; an entry that leads out of the book is left out. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"
#include "text/load_epub_internal.h"
#include "util/error.h"

/* Adds an entry for href (relative to the document base) titled by the text under label. */
static int add_entry(struct epub_toc *toc, const char *base, const char *href,
                     const xmlNode *label, unsigned depth)
{
  struct epub_toc_entry e = {.depth = depth ? depth : 1};
  const char *fragment;
  char path[EPUB_PATH_MAX];
  if (!href || epub_path_resolve(base, href, path, &fragment))
    return 0;
  e.title = epub_xml_text(label);
  e.fragment = strdup(fragment);
  e.path = strdup(path);
  int rc = e.title && e.fragment && e.path ? 0 : -ENOMEM;
  if (!rc && !e.title[0])
    rc = 1;                     /* an entry with no words cannot be announced */
  if (!rc)
    rc = grow_for((void **)&toc->entries, &toc->cap, toc->n, sizeof e, 64);
  if (rc) {
    free(e.title), free(e.fragment), free(e.path);
    return rc > 0 ? 0 : rc;
  }
  toc->entries[toc->n++] = e;
  return 0;
}

/* How many ancestors of n up to top are called name. */
static unsigned depth_in(const xmlNode *n, const xmlNode *top, const char *name)
{
  unsigned d = 0;
  for (; n && n != top; n = n->parent)
    d += epub_xml_is(n, name);
  return d;
}

static int read_nav(const char *base, xmlNode *root, struct epub_toc *toc)
{
  xmlNode *nav = NULL;
  for (xmlNode *n = root; n; n = html_next(n, root, true))
    if (epub_xml_is(n, "nav")) {
      if (epub_xml_attr_has(n, "epub:type", "toc")) {
        nav = n;
        break;
      }
      if (!nav)
        nav = n;
    }
  int rc = 0;
  for (xmlNode *n = nav; n && !rc; n = html_next(n, nav, true)) {
    if (!epub_xml_is(n, "a") || !epub_xml_is(n->parent, "li"))
      continue;
    char *href = epub_xml_attr(n, "href");
    rc = add_entry(toc, base, href, n, depth_in(n, nav, "ol"));
    free(href);
  }
  return rc;
}

static int read_ncx(const char *base, xmlNode *root, struct epub_toc *toc)
{
  int rc = 0;
  for (xmlNode *n = root; n && !rc; n = html_next(n, root, true)) {
    if (!epub_xml_is(n, "navPoint"))
      continue;
    xmlNode *label = NULL, *content = NULL;
    for (xmlNode *c = n->children; c; c = c->next) {
      if (epub_xml_is(c, "navLabel"))
        label = c;
      else if (epub_xml_is(c, "content"))
        content = c;
    }
    char *src = epub_xml_attr(content, "src");
    if (label && src)
      rc = add_entry(toc, base, src, label, depth_in(n, root, "navPoint"));
    free(src);
  }
  return rc;
}

/* Reads the table of contents from manifest item i with the given reader. */
static int read_from(zip_t *za, const struct epub_package *pkg, size_t i, bool html,
                     int (*reader)(const char *, xmlNode *, struct epub_toc *),
                     struct epub_toc *toc)
{
  if (i == EPUB_NONE || !pkg->items[i].path[0])
    return 0;
  char *buf;
  size_t len;
  int rc = epub_zip_read(za, pkg->items[i].path, &buf, &len);
  if (rc)
    return rc == -ENOMEM ? rc : 0;   /* no table of contents: the headings still count */
  xmlDoc *x = epub_xml_parse(buf, len, html);
  free(buf);
  if (x)
    rc = reader(pkg->items[i].path, xmlDocGetRootElement(x), toc);
  xmlFreeDoc(x);
  return rc;
}

int epub_toc_read(zip_t *za, const struct epub_package *pkg, struct epub_toc *toc)
{
  *toc = (struct epub_toc){0};
  int rc = read_from(za, pkg, pkg->nav, true, read_nav, toc);
  if (!rc && toc->n == 0)
    rc = read_from(za, pkg, pkg->ncx, false, read_ncx, toc);
  return rc;
}

void epub_toc_free(struct epub_toc *toc)
{
  for (size_t i = 0; i < toc->n; i++)
    free(toc->entries[i].title), free(toc->entries[i].fragment), free(toc->entries[i].path);
  free(toc->entries);
  *toc = (struct epub_toc){0};
}
