/* The parts of the EPUB loader (load_epub.h): the archive with its limits, the package
 * document, the table of contents and the content documents. Shared by load_epub*.c only. */
#ifndef LECTOR_TEXT_LOAD_EPUB_INTERNAL_H
#define LECTOR_TEXT_LOAD_EPUB_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

#include <libxml/tree.h>
#include <zip.h>

#include "text/document.h"
#include "text/html_measure.h"   /* html_next: the depth-first walk the EPUB files use too */

#define EPUB_PATH_MAX 1024
#define EPUB_NONE ((size_t)-1)

/* --- load_epub_zip.c: the archive --- */

/* Opens path and checks every entry against the limits of load_epub.h. Returns 0, -errno,
 * LECTOR_EBADEPUB (not a zip), LECTOR_EUNSAFE or -ENOMEM; *out is NULL on failure. */
int epub_zip_open(const char *path, zip_t **out);
/* Reads entry name whole (NUL-terminated, malloc'd) within the limits. A missing entry is
 * LECTOR_EBADEPUB, a zip-encrypted one LECTOR_EDRM. */
int epub_zip_read(zip_t *za, const char *name, char **out, size_t *len);
bool epub_zip_has(zip_t *za, const char *name);

/* The archive path that href (relative to the entry base; fragment and query dropped,
 * percent-escapes decoded) names, in out[EPUB_PATH_MAX]. A remote, absolute or escaping href is
 * LECTOR_EUNSAFE. *fragment, when not NULL, gets href's fragment (borrowed, "" when none). */
int epub_path_resolve(const char *base, const char *href, char *out, const char **fragment);

/* --- load_epub_xml.c: parsing, with the network and external entities off --- */

/* An XML document (package, container, NCX, encryption) or, with html, an XHTML one read by the
 * forgiving HTML parser (content documents often use HTML entities such as &nbsp;). NULL when
 * nothing could be parsed. */
xmlDoc *epub_xml_parse(const char *buf, size_t len, bool html);
/* Whether n is an element whose local name is name (case-insensitive). */
bool epub_xml_is(const xmlNode *n, const char *name);
/* The value of the attribute with local name name (any namespace prefix, "epub:type" is
 * "type" in XML and "epub:type" in HTML: give the full one), malloc'd, or NULL. */
char *epub_xml_attr(const xmlNode *n, const char *name);
/* Whether the space-separated list attribute name of n holds token. */
bool epub_xml_attr_has(const xmlNode *n, const char *name, const char *token);
/* The text under n, white space collapsed; malloc'd, NULL when out of memory. */
char *epub_xml_text(const xmlNode *n);

/* --- load_epub_opf.c: container and package document --- */

struct epub_item {
  char *id, *path, *media_type, *properties;  /* owned; path resolved in the archive */
};

struct epub_package {
  char *title, *creator, *language;           /* owned, may be NULL */
  struct epub_item *items;                    /* the manifest */
  size_t n_items, cap_items;
  size_t *spine;                              /* manifest indices, reading order */
  bool *linear;
  size_t n_spine, cap_spine, cap_linear;
  size_t nav, ncx;                            /* manifest indices or EPUB_NONE */
};

/* Reads META-INF/container.xml and the package document it names. Returns 0, LECTOR_EBADEPUB,
 * LECTOR_EUNSAFE, -ENOMEM. */
int epub_package_read(zip_t *za, struct epub_package *pkg);
void epub_package_free(struct epub_package *pkg);

/* LECTOR_EDRM when META-INF/encryption.xml encrypts anything but fonts by the IDPF or Adobe
 * obfuscation; 0 otherwise (no file is fine). */
int epub_check_drm(zip_t *za);

/* --- load_epub_nav.c: the table of contents --- */

struct epub_toc_entry {
  char *path;                 /* owned: the content document (a copy, not EPUB_PATH_MAX bytes
                                 per entry: a book has hundreds) */
  char *fragment;             /* owned, may be "" */
  char *title;                /* owned */
  unsigned depth;             /* 1 for the top level */
};

struct epub_toc {
  struct epub_toc_entry *entries;
  size_t n, cap;
};

/* The navigation document's toc nav, else the NCX; an absent or unreadable one leaves toc
 * empty (the book is still read, with its headings). Returns 0 or -ENOMEM. */
int epub_toc_read(zip_t *za, const struct epub_package *pkg, struct epub_toc *toc);
void epub_toc_free(struct epub_toc *toc);

/* --- load_epub_content.c: one content document --- */

/* Loads the XHTML src[0, len) into part (an empty document) through load_html_tree (the whole
 * body, no article extraction), footnotes moved after the text and note references
 * removed. src is scratch afterwards (load_html, for a chapter that is not XML, rewrites it in
 * place). Returns 0, -ENOMEM, LECTOR_EPARSE, LECTOR_ETOOBIG. */
int epub_content_load(char *src, size_t len, struct document *part);

#endif
