/* EPUB input (see load_epub.h): the spine's content documents in reading order, one document,
 * with the table of contents as chapter marks for the sections. */
#include "text/load_epub.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "text/load_epub_internal.h"
#include "text/load_html.h"
#include "text/loader.h"
#include "text/section.h"
#include "text/segmenter.h"
#include "util/error.h"

/* Where each content document's paragraphs start in the book. */
struct placed {
  const char *path;     /* borrowed from the package */
  size_t first, end;    /* paragraph indices [first, end) */
};

struct book {
  zip_t *za;
  struct epub_package pkg;
  struct epub_toc toc;
  struct document *doc;
  size_t text_cap;
  struct placed *placed;  /* one per spine item, in the order read */
  size_t n_placed;
};

/* Reads spine item s and appends its paragraphs to the book. */
static int read_item(struct book *bk, size_t s)
{
  const struct epub_item *it = &bk->pkg.items[bk->pkg.spine[s]];
  char *src;
  size_t len;
  int rc = epub_zip_read(bk->za, it->path, &src, &len);
  if (rc)
    return rc;
  struct document *part = document_new(NULL, 0);
  rc = part ? epub_content_load(src, len, part) : -ENOMEM;
  free(src);
  struct placed *pl = &bk->placed[bk->n_placed++];
  pl->path = it->path;
  pl->first = bk->doc->n_paragraphs;
  if (!rc)
    rc = document_append(bk->doc, &bk->text_cap, part, LOADER_MAX_INPUT_BYTES);
  pl->end = bk->doc->n_paragraphs;
  if (!rc && !bk->doc->lang && part && part->lang)
    rc = document_set_string(&bk->doc->lang, part->lang);
  document_free(part);
  return rc;
}

/* The linear spine items in order, then those marked linear="no". */
static int read_spine(struct book *bk)
{
  bk->placed = calloc(bk->pkg.n_spine, sizeof *bk->placed);
  if (!bk->placed)
    return -ENOMEM;
  int rc = 0;
  for (int pass = 0; pass < 2 && !rc; pass++)
    for (size_t s = 0; s < bk->pkg.n_spine && !rc; s++)
      if (bk->pkg.linear[s] == (pass == 0))
        rc = read_item(bk, s);
  return rc;
}

/* The heading paragraph in [from, end) whose text is title (case aside), or EPUB_NONE: where a
 * table of contents entry with a fragment points inside a document that holds several. */
static size_t heading_titled(const struct document *doc, size_t from, size_t end,
                             const char *title)
{
  size_t k = strlen(title);
  for (size_t p = from; p < end; p++) {
    const struct doc_paragraph *para = &doc->paragraphs[p];
    if (para->kind == DOC_HEADING && para->end - para->start >= k &&
        !strncasecmp(doc->text + para->start, title, k))
      return p;
  }
  return EPUB_NONE;
}

/* Turns the table of contents into chapter marks: the first entry for a document marks its
 * start; a later entry for the same document marks the heading it names, if found. */
static int mark_chapters(struct book *bk)
{
  for (size_t i = 0; i < bk->toc.n; i++) {
    const struct epub_toc_entry *e = &bk->toc.entries[i];
    const struct placed *pl = NULL;
    for (size_t k = 0; k < bk->n_placed && !pl; k++)
      if (!strcmp(bk->placed[k].path, e->path))
        pl = &bk->placed[k];
    if (!pl || pl->first == pl->end)
      continue;         /* outside the spine, or a document with no text (a cover image) */
    size_t at = pl->first;
    bool seen = false;
    for (size_t j = 0; j < i && !seen; j++)
      seen = !strcmp(bk->toc.entries[j].path, e->path);
    if (seen) {
      size_t from = bk->doc->n_sections ? bk->doc->sections[bk->doc->n_sections - 1].first + 1
                                        : pl->first;
      at = heading_titled(bk->doc, from > pl->first ? from : pl->first, pl->end, e->title);
      if (at == EPUB_NONE)
        continue;
    }
    int rc = document_add_section(bk->doc, e->depth, e->title, at);
    if (rc)
      return rc;
  }
  return 0;
}

static int load_book(struct book *bk, const char *path)
{
  int rc = epub_zip_open(path, &bk->za);
  if (!rc)
    rc = epub_check_drm(bk->za);
  if (!rc)
    rc = epub_package_read(bk->za, &bk->pkg);
  if (!rc)
    rc = epub_toc_read(bk->za, &bk->pkg, &bk->toc);
  if (!rc)
    rc = (bk->doc = document_new(NULL, 0)) ? 0 : -ENOMEM;
  if (!rc)
    rc = read_spine(bk);
  if (!rc && !bk->doc->text)
    rc = (bk->doc->text = calloc(1, 1)) ? 0 : -ENOMEM;
  if (!rc)
    rc = mark_chapters(bk);
  if (!rc && bk->pkg.title)
    rc = document_set_string(&bk->doc->title, bk->pkg.title);
  if (!rc && bk->pkg.language)
    rc = document_set_string(&bk->doc->lang, bk->pkg.language);
  if (!rc && bk->pkg.creator)
    rc = document_set_string(&bk->doc->byline, bk->pkg.creator);
  if (!rc)
    rc = segment_document(bk->doc);
  if (!rc)
    rc = sections_build(bk->doc);
  return rc;
}

int load_epub_file(const char *path, struct document **out)
{
  *out = NULL;
  struct book bk = {0};
  int rc = load_book(&bk, path);
  if (!rc) {
    *out = bk.doc;
    bk.doc = NULL;
  }
  document_free(bk.doc);
  free(bk.placed);
  epub_toc_free(&bk.toc);
  epub_package_free(&bk.pkg);
  if (bk.za)
    zip_discard(bk.za);
  return rc;
}
