/* EPUB loader: small books built here with libzip in a temporary directory. Spine order over
 * file order, navigation document over NCX, linear="no" after the main text, footnotes out of the
 * sentence, the package's metadata; DRM, path traversal, entry-count and ratio limits refused. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zip.h>

#include "text/document.h"
#include "text/load_epub.h"
#include "util/error.h"

#define CONTAINER                                                                          \
  "<?xml version=\"1.0\"?><container version=\"1.0\" "                                     \
  "xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\"><rootfiles><rootfile "        \
  "full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>"         \
  "</rootfiles></container>"

#define XHTML_HEAD                                                                         \
  "<?xml version=\"1.0\" encoding=\"utf-8\"?><html xmlns=\"http://www.w3.org/1999/xhtml\" " \
  "xmlns:epub=\"http://www.idpf.org/2007/ops\"><head><title>t</title></head><body>"      \
  "<section epub:type=\"chapter\">"
#define XHTML_TAIL "</section></body></html>"

/* Three chapters whose file names sort against the spine: z-one is read first. */
#define CH1 XHTML_HEAD "<h2>One</h2><p>She sat by the river<a href=\"#n1\" epub:type=\"noteref\">1" \
  "</a> and read.</p><p>It was hot.</p><aside id=\"n1\" epub:type=\"footnote\"><p>In July." \
  "</p></aside>" XHTML_TAIL
#define CH2 XHTML_HEAD "<header><h2>Two</h2></header><p>Down she fell.</p><h3>A Hall</h3>" \
  "<p>A long hall.</p>" XHTML_TAIL
#define CH3 XHTML_HEAD "<h2>Three</h2><p>Curiouser and curiouser.</p>" XHTML_TAIL
#define COVER XHTML_HEAD "<p>Cover words.</p>" XHTML_TAIL

#define NAV XHTML_HEAD "<nav epub:type=\"toc\"><ol><li><a href=\"z-one.xhtml\">Nav One</a></li>" \
  "<li><a href=\"m-two.xhtml\">Nav Two</a></li><li><a href=\"a-three.xhtml\">Nav Three</a>"    \
  "</li></ol></nav>" XHTML_TAIL

#define NCX "<?xml version=\"1.0\"?><ncx xmlns=\"http://www.daisy.org/z3986/2005/ncx/\" "      \
  "version=\"2005-1\"><navMap><navPoint id=\"a\"><navLabel><text>Ncx One</text></navLabel>"    \
  "<content src=\"z-one.xhtml\"/></navPoint><navPoint id=\"b\"><navLabel><text>Ncx Two</text>" \
  "</navLabel><content src=\"m-two.xhtml\"/></navPoint><navPoint id=\"c\"><navLabel><text>"    \
  "Ncx Three</text></navLabel><content src=\"a-three.xhtml\"/></navPoint></navMap></ncx>"

#define OPF_HEAD "<?xml version=\"1.0\"?><package xmlns=\"http://www.idpf.org/2007/opf\" "     \
  "version=\"3.0\" unique-identifier=\"id\"><metadata "                                         \
  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:identifier id=\"id\">x</dc:identifier>"  \
  "<dc:title>A Test Book</dc:title><dc:creator>Ann Author</dc:creator>"                       \
  "<dc:language>en</dc:language></metadata><manifest>"                                         \
  "<item id=\"c1\" href=\"z-one.xhtml\" media-type=\"application/xhtml+xml\"/>"               \
  "<item id=\"c2\" href=\"m-two.xhtml\" media-type=\"application/xhtml+xml\"/>"               \
  "<item id=\"c3\" href=\"a-three.xhtml\" media-type=\"application/xhtml+xml\"/>"             \
  "<item id=\"cv\" href=\"cover.xhtml\" media-type=\"application/xhtml+xml\"/>"               \
  "<item id=\"ncx\" href=\"toc.ncx\" media-type=\"application/x-dtbncx+xml\"/>"

#define OPF_NAV_ITEM \
  "<item id=\"nav\" href=\"nav.xhtml\" media-type=\"application/xhtml+xml\" properties=\"nav\"/>"
#define SPINE "<spine toc=\"ncx\"><itemref idref=\"cv\" linear=\"no\"/><itemref idref=\"c1\"/>" \
  "<itemref idref=\"c2\"/><itemref idref=\"c3\"/></spine></package>"

#define OPF_WITH_NAV OPF_HEAD OPF_NAV_ITEM "</manifest>" SPINE
#define OPF_NCX_ONLY OPF_HEAD "</manifest>" SPINE

struct entry {
  const char *name, *data;
  size_t len;         /* 0: strlen(data) */
};

static char dir[256];
static char path[512];

static int setup(void **state)
{
  const char *tmp = getenv("LECTOR_TEST_TMP");
  snprintf(dir, sizeof dir, "%s/epubXXXXXX", tmp && tmp[0] ? tmp : "/tmp");
  assert_non_null(mkdtemp(dir));
  snprintf(path, sizeof path, "%s/book.epub", dir);
  return 0;
}

static int teardown(void **state)
{
  unlink(path);
  rmdir(dir);
  return 0;
}

/* Writes the archive: mimetype first and stored, then the entries, deflated. */
static void write_zip(const struct entry *e, size_t n)
{
  int err;
  zip_t *za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err);
  assert_non_null(za);
  static const char mime[] = "application/epub+zip";
  zip_source_t *src = zip_source_buffer(za, mime, sizeof mime - 1, 0);
  zip_int64_t i = zip_file_add(za, "mimetype", src, ZIP_FL_ENC_UTF_8);
  assert_true(i >= 0);
  assert_int_equal(zip_set_file_compression(za, (zip_uint64_t)i, ZIP_CM_STORE, 0), 0);
  for (size_t k = 0; k < n; k++) {
    src = zip_source_buffer(za, e[k].data, e[k].len ? e[k].len : strlen(e[k].data), 0);
    assert_non_null(src);
    assert_true(zip_file_add(za, e[k].name, src, ZIP_FL_ENC_UTF_8) >= 0);
  }
  assert_int_equal(zip_close(za), 0);
}

/* The standard book: container, package (opf), NCX, navigation document, chapters, cover; then
 * the extra entries. */
static void write_book(const char *opf, const struct entry *extra, size_t n_extra)
{
  struct entry e[16] = {
    {"META-INF/container.xml", CONTAINER, 0}, {"OEBPS/content.opf", opf, 0},
    {"OEBPS/toc.ncx", NCX, 0}, {"OEBPS/nav.xhtml", NAV, 0}, {"OEBPS/a-three.xhtml", CH3, 0},
    {"OEBPS/cover.xhtml", COVER, 0}, {"OEBPS/m-two.xhtml", CH2, 0},
    {"OEBPS/z-one.xhtml", CH1, 0},
  };
  size_t n = 8;
  assert_true(n + n_extra <= 16);
  for (size_t k = 0; k < n_extra; k++)
    e[n++] = extra[k];
  write_zip(e, n);
}

static struct document *load_ok(void)
{
  struct document *doc = NULL;
  assert_int_equal(load_epub_file(path, &doc), 0);
  assert_non_null(doc);
  return doc;
}

static int load_rc(void)
{
  struct document *doc = (struct document *)1;
  int rc = load_epub_file(path, &doc);
  assert_null(doc);
  return rc;
}

/* The paragraph whose text is exactly text, or -1. */
static long para_index(const struct document *doc, const char *text)
{
  for (size_t p = 0; p < doc->n_paragraphs; p++) {
    const struct doc_paragraph *pp = &doc->paragraphs[p];
    if (pp->end - pp->start == strlen(text) && !memcmp(doc->text + pp->start, text, strlen(text)))
      return (long)p;
  }
  return -1;
}

static void test_spine_order_and_metadata(void **state)
{
  write_book(OPF_WITH_NAV, NULL, 0);
  struct document *doc = load_ok();
  long one = para_index(doc, "It was hot."), two = para_index(doc, "Down she fell."),
       three = para_index(doc, "Curiouser and curiouser.");
  assert_true(one >= 0 && two > one && three > two);   /* spine order, not a-three first */
  assert_string_equal(doc->title, "A Test Book");
  assert_string_equal(doc->byline, "Ann Author");
  assert_string_equal(doc->lang, "en");
  document_free(doc);
}

static void test_nav_titles_over_ncx(void **state)
{
  write_book(OPF_WITH_NAV, NULL, 0);
  struct document *doc = load_ok();
  assert_int_equal(doc->n_sections, 4);   /* three chapters and the hall inside the second */
  assert_string_equal(doc->sections[0].title, "Nav One");
  assert_string_equal(doc->sections[1].title, "Nav Two");
  assert_string_equal(doc->sections[2].title, "A Hall");
  assert_int_equal(doc->sections[2].level, 2);
  assert_string_equal(doc->sections[3].title, "Nav Three");
  assert_int_equal(doc->sections[1].first, para_index(doc, "Two"));
  assert_int_equal(doc->sections[1].last, doc->sections[3].first - 1);
  document_free(doc);
  /* Without a navigation document, the NCX names the chapters. */
  write_book(OPF_NCX_ONLY, NULL, 0);
  doc = load_ok();
  assert_int_equal(doc->n_sections, 4);
  assert_string_equal(doc->sections[0].title, "Ncx One");
  assert_string_equal(doc->sections[3].title, "Ncx Three");
  document_free(doc);
}

static void test_non_linear_read_last(void **state)
{
  write_book(OPF_WITH_NAV, NULL, 0);
  struct document *doc = load_ok();
  long cover = para_index(doc, "Cover words.");
  assert_true(cover > para_index(doc, "Curiouser and curiouser."));
  assert_int_equal(cover, (long)doc->n_paragraphs - 1);
  document_free(doc);
}

static void test_footnote_out_of_sentence(void **state)
{
  write_book(OPF_WITH_NAV, NULL, 0);
  struct document *doc = load_ok();
  /* The note reference is gone; the note is read after its chapter's text, not inside it. */
  long sentence = para_index(doc, "She sat by the river and read.");
  long note = para_index(doc, "In July.");
  assert_true(sentence >= 0);
  assert_true(note > para_index(doc, "It was hot."));
  assert_true(note < para_index(doc, "Two"));
  assert_null(strstr(doc->text, "river1"));
  document_free(doc);
}

static void test_detect(void **state)
{
  write_book(OPF_WITH_NAV, NULL, 0);
  int fd = open(path, O_RDONLY);
  assert_true(fd >= 0);
  assert_true(load_epub_detect(fd, "no-extension"));   /* by the mimetype entry */
  close(fd);
  fd = open("/dev/null", O_RDONLY);
  assert_false(load_epub_detect(fd, "x.txt"));
  close(fd);
}

static void test_drm_refused(void **state)
{
  static const char fmt[] =
    "<encryption xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\" "
    "xmlns:enc=\"http://www.w3.org/2001/04/xmlenc#\"><enc:EncryptedData><enc:EncryptionMethod "
    "Algorithm=\"%s\"/><enc:CipherData><enc:CipherReference URI=\"OEBPS/z-one.xhtml\"/>"
    "</enc:CipherData></enc:EncryptedData></encryption>";
  char enc[1024];
  struct entry e = {"META-INF/encryption.xml", enc, 0};
  snprintf(enc, sizeof enc, fmt, "http://www.w3.org/2001/04/xmlenc#aes128-cbc");
  write_book(OPF_WITH_NAV, &e, 1);
  assert_int_equal(load_rc(), LECTOR_EDRM);
  snprintf(enc, sizeof enc, fmt, "http://www.idpf.org/2008/embedding");
  write_book(OPF_WITH_NAV, &e, 1);      /* font obfuscation alone is no DRM */
  document_free(load_ok());
}

static void test_traversal_refused(void **state)
{
  struct entry e = {"../../evil.txt", "owned", 0};
  write_book(OPF_WITH_NAV, &e, 1);
  assert_int_equal(load_rc(), LECTOR_EUNSAFE);
  e.name = "/etc/evil.txt";
  write_book(OPF_WITH_NAV, &e, 1);
  assert_int_equal(load_rc(), LECTOR_EUNSAFE);
  /* A package whose spine points out of the archive. */
  char *opf = strdup(OPF_WITH_NAV);
  assert_non_null(opf);
  char *at = strstr(opf, "href=\"z-one.xhtml\"");
  char *out = NULL;
  assert_true(asprintf(&out, "%.*shref=\"../../../etc/passwd\"%s", (int)(at - opf), opf,
                       at + strlen("href=\"z-one.xhtml\"")) > 0);
  write_book(out, NULL, 0);
  assert_int_equal(load_rc(), LECTOR_EUNSAFE);
  free(opf), free(out);
}

static void test_entry_count_refused(void **state)
{
  size_t n = EPUB_MAX_ENTRIES + 1;
  struct entry *e = calloc(n, sizeof *e);
  char (*names)[16] = calloc(n, sizeof *names);
  assert_non_null(e);
  assert_non_null(names);
  for (size_t k = 0; k < n; k++) {
    snprintf(names[k], sizeof names[k], "x/%zu", k);
    e[k] = (struct entry){names[k], "", 0};
  }
  e[0] = (struct entry){"META-INF/container.xml", CONTAINER, 0};
  e[1] = (struct entry){"OEBPS/content.opf", OPF_WITH_NAV, 0};
  e[2] = (struct entry){"OEBPS/z-one.xhtml", CH1, 0};
  write_zip(e, n);
  assert_int_equal(load_rc(), LECTOR_EUNSAFE);
  free(e), free(names);
}

static void test_ratio_refused(void **state)
{
  /* 4 MiB of one letter deflates to a few KiB: a ratio far beyond EPUB_MAX_RATIO. */
  size_t len = (size_t)4 << 20;
  char *bomb = malloc(len);
  assert_non_null(bomb);
  memset(bomb, 'a', len);
  struct entry e = {"OEBPS/bomb.xhtml", bomb, len};
  write_book(OPF_WITH_NAV, &e, 1);
  assert_int_equal(load_rc(), LECTOR_EUNSAFE);
  free(bomb);
}

static void test_not_an_epub(void **state)
{
  FILE *f = fopen(path, "w");
  assert_non_null(f);
  fputs("just text", f);
  fclose(f);
  assert_int_equal(load_rc(), LECTOR_EBADEPUB);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup_teardown(test_spine_order_and_metadata, setup, teardown),
    cmocka_unit_test_setup_teardown(test_nav_titles_over_ncx, setup, teardown),
    cmocka_unit_test_setup_teardown(test_non_linear_read_last, setup, teardown),
    cmocka_unit_test_setup_teardown(test_footnote_out_of_sentence, setup, teardown),
    cmocka_unit_test_setup_teardown(test_detect, setup, teardown),
    cmocka_unit_test_setup_teardown(test_drm_refused, setup, teardown),
    cmocka_unit_test_setup_teardown(test_traversal_refused, setup, teardown),
    cmocka_unit_test_setup_teardown(test_entry_count_refused, setup, teardown),
    cmocka_unit_test_setup_teardown(test_ratio_refused, setup, teardown),
    cmocka_unit_test_setup_teardown(test_not_an_epub, setup, teardown),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
