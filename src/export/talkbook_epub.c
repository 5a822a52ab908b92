/* A talking book as EPUB 3 with media overlays (see talkbook.h): per part an XHTML content
 * document, a SMIL overlay and an MP3; a navigation document from the sections; the package
 * document with the overlays' durations and the accessibility metadata catalogues read.
 *
 * The zip is built in memory by libzip and then written to the file: `mimetype` first, stored,
 * without extra fields, as EPUB's Open Container Format requires. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zip.h>

#include "export/chapter_mp3.h"
#include "export/sidecar.h"
#include "export/talkbook.h"
#include "text/document.h"
#include "text/section.h"
#include "util/error.h"

#define ACTIVE_CLASS "lector-active"

static const char CONTAINER[] =
  "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
  "<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n"
  "<rootfiles><rootfile full-path=\"EPUB/package.opf\" "
  "media-type=\"application/oebps-package+xml\"/></rootfiles>\n</container>\n";

/* The sentence being heard is highlighted (media:active-class); numbered items carry their
 * number in the text. */
static const char STYLE[] =
  "." ACTIVE_CLASS " { background-color: #ffe066; color: #000000; }\n"
  "li.numbered { list-style: none; }\n"
  "body { line-height: 1.5; }\n";

static const char A11Y[] =
  "<meta property=\"schema:accessMode\">textual</meta>\n"
  "<meta property=\"schema:accessMode\">auditory</meta>\n"
  "<meta property=\"schema:accessModeSufficient\">textual</meta>\n"
  "<meta property=\"schema:accessModeSufficient\">auditory</meta>\n"
  "<meta property=\"schema:accessModeSufficient\">textual,auditory</meta>\n"
  "<meta property=\"schema:accessibilityFeature\">synchronizedAudioText</meta>\n"
  "<meta property=\"schema:accessibilityFeature\">structuralNavigation</meta>\n"
  "<meta property=\"schema:accessibilityFeature\">tableOfContents</meta>\n"
  "<meta property=\"schema:accessibilityHazard\">none</meta>\n"
  "<meta property=\"schema:accessibilitySummary\">The full text with synthesised speech of all "
  "of it; each sentence is highlighted as it is read. Navigation by headings and a table of "
  "contents.</meta>\n";

/* ---- documents ---- */

static void xhtml_head(struct xml_buf *x, const struct talkbook *tb, const char *title)
{
  xml_raw(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!DOCTYPE html>\n"
             "<html xmlns=\"http://www.w3.org/1999/xhtml\" "
             "xmlns:epub=\"http://www.idpf.org/2007/ops\" lang=\"");
  xml_str(x, tb->lang);
  xml_raw(x, "\" xml:lang=\"");
  xml_str(x, tb->lang);
  xml_raw(x, "\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>");
  xml_str(x, title);
  xml_raw(x, "</title>\n<link rel=\"stylesheet\" type=\"text/css\" href=\"style.css\"/>\n"
             "</head>\n<body>\n");
}

static void content_doc(struct xml_buf *x, const struct talkbook *tb, size_t part)
{
  xhtml_head(x, tb, tb->parts[part].title);
  talkbook_blocks(x, tb, part, tb->word_sync);
  xml_raw(x, "</body>\n</html>\n");
}

static void clip(struct xml_buf *x, const struct talkbook *tb, size_t part, const char *text_id,
                 uint64_t begin, uint64_t end)
{
  char b[32], e[32];
  talkbook_clock(b, sizeof b, talkbook_ms(tb, begin));
  talkbook_clock(e, sizeof e, talkbook_ms(tb, end));
  xml_printf(x, "<par><text src=\"c%zu.xhtml#%s\"/><audio src=\"audio/c%zu.mp3\" "
                "clipBegin=\"%s\" clipEnd=\"%s\"/></par>\n", part + 1, text_id, part + 1, b, e);
}

/* The words of sentence s as pars inside a seq, each clip running to the next word's start so
 * that nothing between the words is skipped. Returns the number of pars. */
static size_t word_pars(struct xml_buf *x, const struct talkbook *tb, size_t part, size_t s,
                        uint64_t begin, uint64_t end)
{
  const struct sidecar_sentence *ss = &tb->sc->sentences[s];
  uint64_t base = tb->parts[part].start;
  size_t at = 0, pending = SIZE_MAX, n = 0;
  uint64_t pending_begin = begin;
  for (size_t w = ss->first_word; w < ss->first_word + ss->n_words; w++) {
    if (!talkbook_word_nests(tb, s, w, &at))
      continue;
    uint64_t wb = tb->sc->words[w].start < base ? 0 : tb->sc->words[w].start - base;
    if (pending == SIZE_MAX) {
      pending = w;  /* the first word starts with the sentence */
      continue;
    }
    if (wb <= pending_begin || wb >= end || talkbook_ms(tb, wb) <= talkbook_ms(tb, pending_begin))
      continue;  /* a word heard with the previous one: its span stays without a clip */
    char id[32];
    snprintf(id, sizeof id, "w%zu", pending + 1);
    clip(x, tb, part, id, pending_begin, wb);
    n++;
    pending = w;
    pending_begin = wb;
  }
  if (pending != SIZE_MAX) {
    char id[32];
    snprintf(id, sizeof id, "w%zu", pending + 1);
    clip(x, tb, part, id, pending_begin, end);
    n++;
  }
  return n;
}

static void overlay(struct xml_buf *x, const struct talkbook *tb, size_t part)
{
  const struct talkbook_part *pt = &tb->parts[part];
  xml_raw(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
             "<smil xmlns=\"http://www.w3.org/ns/SMIL\" "
             "xmlns:epub=\"http://www.idpf.org/2007/ops\" version=\"3.0\">\n<body>\n");
  for (size_t s = pt->first_sentence; s < pt->end_sentence; s++) {
    uint64_t begin, end;
    if (!talkbook_clip(tb, part, s, &begin, &end))
      continue;
    char id[32];
    snprintf(id, sizeof id, "s%zu", s + 1);
    if (tb->word_sync && tb->sc->sentences[s].n_words > 0) {
      size_t mark = x->len;
      xml_printf(x, "<seq epub:textref=\"c%zu.xhtml#%s\">\n", part + 1, id);
      if (word_pars(x, tb, part, s, begin, end) > 0) {
        xml_raw(x, "</seq>\n");
        continue;
      }
      x->len = mark;  /* no word could be a clip: the sentence alone */
    }
    clip(x, tb, part, id, begin, end);
  }
  xml_raw(x, "</body>\n</smil>\n");
}

/* The part holding paragraph p. */
static size_t part_of(const struct talkbook *tb, size_t p)
{
  size_t k = 0;
  while (k + 1 < tb->n_parts && tb->parts[k + 1].first_para <= p)
    k++;
  return k;
}

/* One entry of the table of contents at depth d (1-based), nested in <ol>s: *depth is the
 * nesting so far, *open whether an <li> is open. */
static void nav_entry(struct xml_buf *x, unsigned d, unsigned *depth, bool *open,
                      size_t part, size_t para, const char *title)
{
  if (!*open)
    d = 1;
  else if (d > *depth) {
    d = *depth + 1;
    xml_raw(x, "\n<ol>");
    (*depth)++;
  } else {
    xml_raw(x, "</li>\n");
    for (; *depth > d; (*depth)--)
      xml_raw(x, "</ol></li>\n");
  }
  xml_printf(x, "<li><a href=\"c%zu.xhtml#p%zu\">", part + 1, para + 1);
  xml_str(x, title);
  xml_raw(x, "</a>");
  *open = true;
}

static void nav_doc(struct xml_buf *x, const struct talkbook *tb)
{
  const struct document *doc = tb->doc;
  xhtml_head(x, tb, tb->title);
  xml_raw(x, "<nav epub:type=\"toc\" id=\"toc\">\n<h1>");
  xml_str(x, tb->title);
  xml_raw(x, "</h1>\n<ol>");
  unsigned top = DOC_SECTION_MAX_LEVEL, depth = 1;
  for (size_t s = 0; s < doc->n_sections; s++)
    if (doc->sections[s].level < top)
      top = doc->sections[s].level;
  bool open = false;
  size_t s = 0;
  for (size_t k = 0; k < tb->n_parts; k++) {
    const struct talkbook_part *pt = &tb->parts[k];
    if (!pt->has_section)
      nav_entry(x, 1, &depth, &open, k, pt->first_para, pt->title);
    for (; s < doc->n_sections && doc->sections[s].first <= pt->last_para; s++) {
      const struct doc_section *sec = &doc->sections[s];
      if (sec->first >= doc->n_paragraphs)
        continue;
      nav_entry(x, sec->level - top + 1, &depth, &open, part_of(tb, sec->first), sec->first,
                *sec->title ? sec->title : tb->title);
    }
  }
  xml_raw(x, "</li>\n");
  for (; depth > 1; depth--)
    xml_raw(x, "</ol></li>\n");
  xml_raw(x, "</ol>\n</nav>\n</body>\n</html>\n");
}

static void package_meta(struct xml_buf *x, const struct talkbook *tb)
{
  char uuid[64], modified[32], clock[32];
  talkbook_uuid(tb, uuid, sizeof uuid);
  talkbook_date(modified, sizeof modified, false);
  xml_raw(x, "<metadata xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n");
  xml_printf(x, "<dc:identifier id=\"uid\">%s</dc:identifier>\n<dc:title>", uuid);
  xml_str(x, tb->title);
  xml_raw(x, "</dc:title>\n");
  if (tb->author && *tb->author) {
    xml_raw(x, "<dc:creator>");
    xml_str(x, tb->author);
    xml_raw(x, "</dc:creator>\n");
  }
  xml_raw(x, "<dc:language>");
  xml_str(x, tb->lang);
  xml_printf(x, "</dc:language>\n<meta property=\"dcterms:modified\">%s</meta>\n", modified);
  /* The total is the sum of the parts as written (rounded each), so that the two agree. */
  uint64_t total = 0;
  for (size_t k = 0; k < tb->n_parts; k++) {
    uint64_t ms = talkbook_ms(tb, tb->parts[k].end - tb->parts[k].start);
    total += ms;
    talkbook_clock(clock, sizeof clock, ms);
    xml_printf(x, "<meta property=\"media:duration\" refines=\"#mo%zu\">%s</meta>\n", k + 1, clock);
  }
  talkbook_clock(clock, sizeof clock, total);
  xml_printf(x, "<meta property=\"media:duration\">%s</meta>\n", clock);
  xml_raw(x, "<meta property=\"media:active-class\">" ACTIVE_CLASS "</meta>\n<meta "
             "property=\"media:narrator\">");
  xml_str(x, tb->generator);
  xml_raw(x, " (synthesised speech)</meta>\n");
  xml_raw(x, A11Y);
  xml_raw(x, "</metadata>\n");
}

static void package_doc(struct xml_buf *x, const struct talkbook *tb)
{
  xml_raw(x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<package "
             "xmlns=\"http://www.idpf.org/2007/opf\" version=\"3.0\" unique-identifier=\"uid\" "
             "xml:lang=\"");
  xml_str(x, tb->lang);
  xml_raw(x, "\">\n");
  package_meta(x, tb);
  xml_raw(x, "<manifest>\n<item id=\"nav\" href=\"nav.xhtml\" "
             "media-type=\"application/xhtml+xml\" properties=\"nav\"/>\n"
             "<item id=\"css\" href=\"style.css\" media-type=\"text/css\"/>\n");
  for (size_t k = 1; k <= tb->n_parts; k++)
    xml_printf(x, "<item id=\"c%zu\" href=\"c%zu.xhtml\" media-type=\"application/xhtml+xml\" "
                  "media-overlay=\"mo%zu\"/>\n<item id=\"mo%zu\" href=\"c%zu.smil\" "
                  "media-type=\"application/smil+xml\"/>\n<item id=\"a%zu\" "
                  "href=\"audio/c%zu.mp3\" media-type=\"audio/mpeg\"/>\n",
               k, k, k, k, k, k, k);
  xml_raw(x, "</manifest>\n<spine>\n");
  for (size_t k = 1; k <= tb->n_parts; k++)
    xml_printf(x, "<itemref idref=\"c%zu\"/>\n", k);
  xml_raw(x, "</spine>\n</package>\n");
}

/* ---- the zip ---- */

/* Adds data (malloc'd; libzip frees it, also on failure) as name. */
static int add(zip_t *za, const char *name, char *data, size_t len, bool deflate)
{
  zip_source_t *src = zip_source_buffer(za, data, len, 1);
  if (!src) {
    free(data);
    return -ENOMEM;
  }
  zip_int64_t i = zip_file_add(za, name, src, ZIP_FL_ENC_UTF_8);
  if (i < 0) {
    zip_source_free(src);
    return LECTOR_EENCODE;
  }
  if (zip_set_file_compression(za, (zip_uint64_t)i, deflate ? ZIP_CM_DEFLATE : ZIP_CM_STORE, 0))
    return LECTOR_EENCODE;
  zip_file_extra_field_delete(za, (zip_uint64_t)i, ZIP_EXTRA_FIELD_ALL,
                              ZIP_FL_CENTRAL | ZIP_FL_LOCAL);
  return 0;
}

static int add_copy(zip_t *za, const char *name, const char *text, bool deflate)
{
  char *copy = strdup(text);
  return copy ? add(za, name, copy, strlen(copy), deflate) : -ENOMEM;
}

/* Renders with fn into a new file of the zip. */
static int add_xml(zip_t *za, const char *name, struct xml_buf *x)
{
  char *data;
  size_t len;
  int rc = xml_take(x, &data, &len);
  return rc ? rc : add(za, name, data, len, true);
}

static int add_part(zip_t *za, const struct talkbook *tb, size_t k)
{
  char name[64];
  struct xml_buf x = {0};
  content_doc(&x, tb, k);
  snprintf(name, sizeof name, "EPUB/c%zu.xhtml", k + 1);
  int rc = add_xml(za, name, &x);
  if (rc)
    return rc;
  overlay(&x, tb, k);
  snprintf(name, sizeof name, "EPUB/c%zu.smil", k + 1);
  if ((rc = add_xml(za, name, &x)))
    return rc;
  char *mp3;
  size_t len;
  if ((rc = chapter_audio_mp3(tb->audio, tb->parts[k].start, tb->parts[k].end, &mp3, &len)))
    return rc;
  snprintf(name, sizeof name, "EPUB/audio/c%zu.mp3", k + 1);
  return add(za, name, mp3, len, false);  /* MP3 does not compress */
}

static int add_all(zip_t *za, const struct talkbook *tb)
{
  int rc = add_copy(za, "mimetype", "application/epub+zip", false);
  if (!rc)
    rc = add_copy(za, "META-INF/container.xml", CONTAINER, true);
  struct xml_buf x = {0};
  if (!rc) {
    package_doc(&x, tb);
    rc = add_xml(za, "EPUB/package.opf", &x);
  }
  if (!rc) {
    nav_doc(&x, tb);
    rc = add_xml(za, "EPUB/nav.xhtml", &x);
  }
  if (!rc)
    rc = add_copy(za, "EPUB/style.css", STYLE, true);
  for (size_t k = 0; !rc && k < tb->n_parts; k++)
    rc = talkbook_cancelled(tb) ? -ECANCELED : add_part(za, tb, k);
  return rc;
}

static int write_source(zip_source_t *src, int fd)
{
  if (zip_source_open(src) < 0)
    return LECTOR_EENCODE;
  char buf[65536];
  int rc = 0;
  zip_int64_t n;
  while (!rc && (n = zip_source_read(src, buf, sizeof buf)) > 0)
    for (size_t off = 0; !rc && off < (size_t)n;) {
      ssize_t w = write(fd, buf + off, (size_t)n - off);
      if (w < 0 && errno != EINTR)
        rc = -errno;
      else if (w > 0)
        off += (size_t)w;
    }
  if (!rc && n < 0)
    rc = LECTOR_EENCODE;
  zip_source_close(src);
  return rc;
}

int talkbook_epub_write(const struct talkbook *tb, int fd)
{
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t *src = zip_source_buffer_create(NULL, 0, 0, &err);
  zip_error_fini(&err);
  if (!src)
    return -ENOMEM;
  zip_source_keep(src);  /* the archive's bytes stay after zip_close */
  zip_t *za = zip_open_from_source(src, ZIP_TRUNCATE, NULL);
  if (!za) {
    zip_source_free(src);
    return LECTOR_EENCODE;
  }
  int rc = add_all(za, tb);
  if (rc)
    zip_discard(za);
  else if (zip_close(za) < 0) {
    zip_discard(za);
    rc = LECTOR_EENCODE;
  }
  if (!rc)
    rc = write_source(src, fd);
  zip_source_free(src);
  return rc;
}
