/* The EPUB container and package document: where the package is, its metadata, manifest and
 * spine; and whether META-INF/encryption.xml encrypts the content (DRM). */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "util/grow.h"
#include "text/load_epub_internal.h"
#include "util/error.h"

/* Parses entry name of the archive as XML into *out. */
static int read_xml(zip_t *za, const char *name, xmlDoc **out)
{
  char *buf;
  size_t len;
  int rc = epub_zip_read(za, name, &buf, &len);
  if (rc)
    return rc;
  *out = epub_xml_parse(buf, len, false);
  free(buf);
  return *out ? 0 : LECTOR_EBADEPUB;
}

/* The first element called name in the subtree at top, or NULL. */
static xmlNode *find(xmlNode *top, const char *name)
{
  for (xmlNode *n = top; n; n = html_next(n, top, true))
    if (epub_xml_is(n, name))
      return n;
  return NULL;
}

/* The package document's path, from META-INF/container.xml's first rootfile. */
static int rootfile(zip_t *za, char out[EPUB_PATH_MAX])
{
  xmlDoc *x;
  int rc = read_xml(za, "META-INF/container.xml", &x);
  if (rc)
    return rc;
  char *full = epub_xml_attr(find(xmlDocGetRootElement(x), "rootfile"), "full-path");
  rc = full ? epub_path_resolve("", full, out, NULL) : LECTOR_EBADEPUB;
  free(full);
  xmlFreeDoc(x);
  return rc;
}

/* Sets *field to the text of the first element called name under meta, when it has one. */
static int metadata_text(xmlNode *meta, const char *name, char **field)
{
  xmlNode *n = meta ? find(meta, name) : NULL;
  if (!n)
    return 0;
  char *t = epub_xml_text(n);
  if (!t)
    return -ENOMEM;
  if (!t[0]) {
    free(t);
    return 0;
  }
  *field = t;
  return 0;
}

static void item_free(struct epub_item *it)
{
  free(it->id), free(it->path), free(it->media_type), free(it->properties);
}

static int add_item(struct epub_package *pkg, const char *opf, xmlNode *n)
{
  char *href = epub_xml_attr(n, "href");
  struct epub_item it = {.id = epub_xml_attr(n, "id"), .media_type = epub_xml_attr(n, "media-type"),
                         .properties = epub_xml_attr(n, "properties"),
                         .path = malloc(EPUB_PATH_MAX)};
  int rc = !it.path ? -ENOMEM : !href || !it.id ? LECTOR_EBADEPUB
                                                 : epub_path_resolve(opf, href, it.path, NULL);
  free(href);
  if (rc == LECTOR_EUNSAFE && (!it.media_type || !strstr(it.media_type, "html"))) {
    rc = 0;                     /* a remote font or image is no matter: it is never read */
    it.path[0] = '\0';
  }
  if (!rc)
    rc = grow_for((void **)&pkg->items, &pkg->cap_items, pkg->n_items, sizeof it, 64);
  if (rc) {
    item_free(&it);
    return rc;
  }
  pkg->items[pkg->n_items++] = it;
  return 0;
}

static size_t item_by_id(const struct epub_package *pkg, const char *id)
{
  for (size_t i = 0; id && i < pkg->n_items; i++)
    if (!strcmp(pkg->items[i].id, id))
      return i;
  return EPUB_NONE;
}

/* A spine item missing from the manifest or the archive is a broken book: refused. */
static int add_spine(struct epub_package *pkg, zip_t *za, xmlNode *n)
{
  char *idref = epub_xml_attr(n, "idref");
  size_t i = item_by_id(pkg, idref);
  free(idref);
  if (i == EPUB_NONE || !pkg->items[i].path[0] || !epub_zip_has(za, pkg->items[i].path))
    return LECTOR_EBADEPUB;
  int rc = grow_for((void **)&pkg->spine, &pkg->cap_spine, pkg->n_spine, sizeof *pkg->spine, 64);
  if (!rc)
    rc = grow_for((void **)&pkg->linear, &pkg->cap_linear, pkg->n_spine, sizeof *pkg->linear, 64);
  if (rc)
    return rc;
  char *linear = epub_xml_attr(n, "linear");
  pkg->linear[pkg->n_spine] = !linear || strcasecmp(linear, "no");
  free(linear);
  pkg->spine[pkg->n_spine++] = i;
  return 0;
}

static int read_lists(struct epub_package *pkg, zip_t *za, const char *opf, xmlNode *root)
{
  int rc = 0;
  xmlNode *manifest = find(root, "manifest"), *spine = find(root, "spine");
  if (!manifest || !spine)
    return LECTOR_EBADEPUB;
  for (xmlNode *n = manifest->children; n && !rc; n = n->next)
    if (epub_xml_is(n, "item"))
      rc = add_item(pkg, opf, n);
  for (xmlNode *n = spine->children; n && !rc; n = n->next)
    if (epub_xml_is(n, "itemref"))
      rc = add_spine(pkg, za, n);
  if (!rc && pkg->n_spine == 0)
    rc = LECTOR_EBADEPUB;
  for (size_t i = 0; i < pkg->n_items && pkg->nav == EPUB_NONE; i++)
    if (pkg->items[i].properties && strstr(pkg->items[i].properties, "nav"))
      pkg->nav = i;
  char *toc = epub_xml_attr(spine, "toc");
  pkg->ncx = item_by_id(pkg, toc);
  free(toc);
  for (size_t i = 0; i < pkg->n_items && pkg->ncx == EPUB_NONE; i++)
    if (pkg->items[i].media_type && !strcmp(pkg->items[i].media_type, "application/x-dtbncx+xml"))
      pkg->ncx = i;
  return rc;
}

int epub_package_read(zip_t *za, struct epub_package *pkg)
{
  *pkg = (struct epub_package){.nav = EPUB_NONE, .ncx = EPUB_NONE};
  char opf[EPUB_PATH_MAX];
  int rc = rootfile(za, opf);
  xmlDoc *x = NULL;
  if (!rc)
    rc = read_xml(za, opf, &x);
  if (rc)
    return rc;
  xmlNode *root = xmlDocGetRootElement(x);
  xmlNode *meta = find(root, "metadata");
  rc = metadata_text(meta, "title", &pkg->title);
  if (!rc)
    rc = metadata_text(meta, "creator", &pkg->creator);
  if (!rc)
    rc = metadata_text(meta, "language", &pkg->language);
  if (!rc)
    rc = read_lists(pkg, za, opf, root);
  xmlFreeDoc(x);
  return rc;
}

void epub_package_free(struct epub_package *pkg)
{
  for (size_t i = 0; i < pkg->n_items; i++)
    item_free(&pkg->items[i]);
  free(pkg->items);
  free(pkg->spine);
  free(pkg->linear);
  free(pkg->title), free(pkg->creator), free(pkg->language);
  *pkg = (struct epub_package){0};
}

/* Font obfuscation (IDPF, Adobe) only scrambles the first bytes of a font: not DRM. */
static bool is_obfuscation(const char *algorithm)
{
  return algorithm && (!strcmp(algorithm, "http://www.idpf.org/2008/embedding") ||
                       !strcmp(algorithm, "http://ns.adobe.com/pdf/enc#RC"));
}

int epub_check_drm(zip_t *za)
{
  if (!epub_zip_has(za, "META-INF/encryption.xml"))
    return 0;
  xmlDoc *x;
  int rc = read_xml(za, "META-INF/encryption.xml", &x);
  if (rc)
    return rc == LECTOR_EBADEPUB ? LECTOR_EDRM : rc;   /* unreadable: assume the worst */
  xmlNode *root = xmlDocGetRootElement(x);
  for (xmlNode *n = root; n && !rc; n = html_next(n, root, true)) {
    if (!epub_xml_is(n, "EncryptedData"))
      continue;
    char *alg = epub_xml_attr(find(n, "EncryptionMethod"), "Algorithm");
    if (!is_obfuscation(alg))
      rc = LECTOR_EDRM;
    free(alg);
  }
  xmlFreeDoc(x);
  return rc;
}
