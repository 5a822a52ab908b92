/* Decoding (BOMs, UTF-16, declared charsets, Windows-1252), format detection and read errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "text/decode.h"
#include "text/document.h"
#include "text/loader.h"
#include "util/error.h"

/* The twin text of the encoding tests, in UTF-8 and in Windows-1252. */
static const char twin_utf8[] =
  "Caf\xC3\xA9 society\n\n"
  "\xE2\x80\x9CIt costs \xE2\x82\xAC""5 or \xC2\xA3""4,\xE2\x80\x9D she said \xE2\x80\x93 "
  "and that\xE2\x80\x99s that.\n";
static const char twin_1252[] =
  "Caf\xE9 society\n\n"
  "\x93It costs \x80""5 or \xA3""4,\x94 she said \x96 and that\x92s that.\n";

static int load(const char *data, size_t len, enum input_format fmt, const char *name,
                struct document **doc)
{
  *doc = NULL;
  return document_load_buffer(data, len, fmt, name, doc);
}

/* bom + text converted from UTF-8 to charset, malloc'd; length in *len. */
static char *encode(const char *charset, const char *bom, size_t bom_len, const char *text, size_t *len)
{
  iconv_t cd = iconv_open(charset, "UTF-8");
  assert_true(cd != (iconv_t)-1);
  size_t in_left = strlen(text), cap = bom_len + 4 * in_left + 8, out_left = cap - bom_len;
  char *out = malloc(cap);
  memcpy(out, bom, bom_len);
  char *src = (char *)text, *dst = out + bom_len;
  assert_true(iconv(cd, &src, &in_left, &dst, &out_left) != (size_t)-1);
  iconv_close(cd);
  *len = (size_t)(dst - out);
  return out;
}

static void assert_same_text(const struct document *a, const struct document *b)
{
  assert_int_equal(a->len, b->len);
  assert_memory_equal(a->text, b->text, a->len);
  assert_int_equal(a->n_paragraphs, b->n_paragraphs);
  for (size_t p = 0; p < a->n_paragraphs; p++) {
    assert_int_equal(a->paragraphs[p].kind, b->paragraphs[p].kind);
    assert_int_equal(a->paragraphs[p].start, b->paragraphs[p].start);
    assert_int_equal(a->paragraphs[p].end, b->paragraphs[p].end);
  }
}

static void test_utf8_and_bom(void **state)
{
  struct document *plain, *bom;
  assert_int_equal(load(twin_utf8, strlen(twin_utf8), INPUT_TXT, "a.txt", &plain), 0);
  char *with_bom = malloc(strlen(twin_utf8) + 3);
  memcpy(with_bom, "\xEF\xBB\xBF", 3);
  memcpy(with_bom + 3, twin_utf8, strlen(twin_utf8));
  assert_int_equal(load(with_bom, strlen(twin_utf8) + 3, INPUT_TXT, "a.txt", &bom), 0);
  assert_same_text(plain, bom);
  assert_null(plain->warning);
  assert_null(bom->warning);
  assert_int_equal(plain->n_paragraphs, 2);
  document_free(plain);
  document_free(bom);
  free(with_bom);
}

/* Text cut to fit a buffer ends at a whole character: a sequence cut short is dropped. */
static void test_utf8_whole_len(void **state)
{
  (void)state;
  assert_int_equal(decode_utf8_whole_len("abc", 3), 3);
  assert_int_equal(decode_utf8_whole_len("", 0), 0);
  assert_int_equal(decode_utf8_whole_len("a\xC3\xA9", 3), 3);     /* é, whole */
  assert_int_equal(decode_utf8_whole_len("a\xC3\xA9", 2), 1);     /* é, cut */
  assert_int_equal(decode_utf8_whole_len("\xE2\x80\x94", 2), 0); /* —, cut after 2 of 3 */
  assert_int_equal(decode_utf8_whole_len("\xE2\x80\x94", 3), 3);
  assert_int_equal(decode_utf8_whole_len("x\xF0\x9F\x98\x80", 4), 1);   /* 😀, 3 of 4 */
  assert_int_equal(decode_utf8_whole_len("x\xF0\x9F\x98\x80", 5), 5);
  assert_int_equal(decode_utf8_whole_len("\x80\x80", 2), 2);   /* no lead byte: left alone */
}

static void test_windows_1252_twin(void **state)
{
  struct document *utf8, *cp;
  assert_int_equal(load(twin_utf8, strlen(twin_utf8), INPUT_TXT, "a.txt", &utf8), 0);
  assert_int_equal(load(twin_1252, strlen(twin_1252), INPUT_TXT, "b.txt", &cp), 0);
  assert_same_text(utf8, cp);
  assert_non_null(cp->warning);
  assert_null(strchr(cp->warning, '\n'));
  assert_non_null(strstr(cp->warning, "b.txt"));
  assert_non_null(strstr(cp->warning, "Windows-1252"));
  document_free(utf8);
  document_free(cp);
}

static void test_utf16_and_utf32_with_bom(void **state)
{
  struct document *utf8;
  assert_int_equal(load(twin_utf8, strlen(twin_utf8), INPUT_TXT, "a.txt", &utf8), 0);
  struct { const char *charset, *bom; size_t bom_len; } cases[] = {
    {"UTF-16LE", "\xFF\xFE", 2}, {"UTF-16BE", "\xFE\xFF", 2},
    {"UTF-32LE", "\xFF\xFE\x00\x00", 4}, {"UTF-32BE", "\x00\x00\xFE\xFF", 4}};
  for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    size_t len;
    char *data = encode(cases[i].charset, cases[i].bom, cases[i].bom_len, twin_utf8, &len);
    struct document *doc;
    assert_int_equal(load(data, len, INPUT_AUTO, "-", &doc), 0);
    assert_same_text(utf8, doc);
    assert_null(doc->warning);
    document_free(doc);
    free(data);
  }
  document_free(utf8);
}

static void test_bad_utf16_and_binary(void **state)
{
  struct document *doc;
  /* A lone high surrogate in UTF-16LE. */
  static const char lone[] = "\xFF\xFE" "A\0" "\x00\xD8" "B\0";
  assert_int_equal(load(lone, sizeof lone - 1, INPUT_TXT, "x", &doc), LECTOR_EENCODING);
  assert_null(doc);
  /* UTF-16 without a BOM is NUL bytes: not text. */
  static const char nobom[] = "H\0e\0l\0l\0o\0";
  assert_int_equal(load(nobom, sizeof nobom - 1, INPUT_TXT, "x", &doc), LECTOR_ENOTTEXT);
  static const char nul[] = "Some text\0more text";
  assert_int_equal(load(nul, sizeof nul - 1, INPUT_AUTO, "x", &doc), LECTOR_ENOTTEXT);
  /* Binary data without a NUL byte: mostly control characters. */
  char bin[256];
  for (size_t i = 0; i < sizeof bin; i++)
    bin[i] = (char)(1 + i % 31);
  assert_int_equal(load(bin, sizeof bin, INPUT_AUTO, "x", &doc), LECTOR_ENOTTEXT);
  /* A stray escape in real text is blanked, not fatal. */
  static const char esc[] = "Hello \x1B world, this is ordinary text with one escape.";
  assert_int_equal(load(esc, sizeof esc - 1, INPUT_TXT, "x", &doc), 0);
  assert_null(strchr(doc->text, '\x1B'));
  document_free(doc);
}

/* A saved coloured terminal log reads as its words: whole escape sequences go, a colour change
 * inside a word leaves it whole, a cursor movement leaves a space, and they are no sign of
 * binary data however many there are. */
static void test_terminal_escapes_read_as_text(void **state)
{
  (void)state;
  struct document *doc;
  static const char log[] =
    "\x1B[1;31mError:\x1B[0m disk \x1B[4mfu\x1B[24mll\n"
    "\x1B]2;build log\x07\x1B]8;;https://example.org/\x1B\\link\x1B]8;;\x1B\\ text\n"
    "one\x1B[5Ctwo\x1B[K \x1B(B\x1B[mend\x1B" "7\x1B" "8.\n";
  assert_int_equal(load(log, sizeof log - 1, INPUT_TXT, "x", &doc), 0);
  assert_string_equal(doc->text, "Error: disk full\nlink text\none two  end.\n");
  document_free(doc);
  /* Unfinished or overlong sequences are not sequences: their ESC is a stray control byte. */
  static const char cut[] = "Text with an unfinished \x1B]2;title and more words after it\x1B[";
  assert_int_equal(load(cut, sizeof cut - 1, INPUT_TXT, "x", &doc), 0);
  assert_string_equal(doc->text, "Text with an unfinished  ]2;title and more words after it [");
  document_free(doc);
  /* Control bytes that are not sequences still count: a pseudo-random stream without NUL bytes
   * (a fixed-seed linear congruential generator) is refused. */
  char noise[4096];
  uint32_t x = 12345;
  for (size_t i = 0; i < sizeof noise; i++) {
    x = x * 1103515245u + 12345u;
    noise[i] = (char)(1 + (x >> 16) % 255);
  }
  assert_int_equal(load(noise, sizeof noise, INPUT_AUTO, "x", &doc), LECTOR_ENOTTEXT);
}

static void test_is_utf8(void **state)
{
  assert_true(decode_is_utf8("plain", 5));
  assert_true(decode_is_utf8("\xE2\x80\x9C\xF0\x9F\x98\x80", 7));
  assert_false(decode_is_utf8("\xC0\xAF", 2));          /* overlong '/' */
  assert_false(decode_is_utf8("\xED\xA0\x80", 3));      /* surrogate */
  assert_false(decode_is_utf8("\xF4\x90\x80\x80", 4));  /* above U+10FFFF */
  assert_false(decode_is_utf8("\xE2\x80", 2));          /* truncated */
  assert_false(decode_is_utf8("caf\xE9", 4));
}

static void test_html_charset(void **state)
{
  char cs[48];
  const char *a = "<html><head><meta charset=\"ISO-8859-2\"></head>";
  assert_true(decode_html_charset(a, strlen(a), cs, sizeof cs));
  assert_string_equal(cs, "iso-8859-2");
  const char *b = "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=windows-1251\">";
  assert_true(decode_html_charset(b, strlen(b), cs, sizeof cs));
  assert_string_equal(cs, "windows-1251");
  const char *c = "<?xml version=\"1.0\" encoding='UTF-8'?><html>";
  assert_true(decode_html_charset(c, strlen(c), cs, sizeof cs));
  assert_string_equal(cs, "utf-8");
  const char *d = "<html><head><title>No charset</title></head>";
  assert_false(decode_html_charset(d, strlen(d), cs, sizeof cs));

  /* Declared ISO-8859-2: 0xB3 is ł (it would be ³ in Windows-1252). */
  const char *page = "<html><head><meta charset=\"iso-8859-2\"></head><body><p>\xB3\xF3" "d\xBC</p></body></html>";
  struct document *doc;
  assert_int_equal(load(page, strlen(page), INPUT_AUTO, "p.html", &doc), 0);
  assert_string_equal(doc->text, "\xC5\x82\xC3\xB3" "d\xC5\xBA"); /* łódź */
  assert_null(doc->warning);
  document_free(doc);
  /* Declared Windows-1252 (or Latin-1, which the web reads as 1252): no warning. */
  const char *latin = "<html><head><meta charset=\"iso-8859-1\"></head><body><p>\x93Hi\x94</p></body></html>";
  assert_int_equal(load(latin, strlen(latin), INPUT_AUTO, "p.html", &doc), 0);
  assert_string_equal(doc->text, "\xE2\x80\x9CHi\xE2\x80\x9D");
  assert_null(doc->warning);
  document_free(doc);
  /* Declared UTF-8 but not: read as Windows-1252 with a warning. */
  const char *liar = "<html><head><meta charset=\"utf-8\"></head><body><p>caf\xE9</p></body></html>";
  assert_int_equal(load(liar, strlen(liar), INPUT_AUTO, "p.html", &doc), 0);
  assert_string_equal(doc->text, "caf\xC3\xA9");
  assert_non_null(doc->warning);
  document_free(doc);
}

static void test_format_detection(void **state)
{
  const char *html = "<!DOCTYPE html><html><body><p>x</p></body></html>";
  const char *md = "# Title\n\nSome *text*.\n\n```\ncode\n```\n";
  const char *txt = "Title\n\nSome text with a - dash and * star.\n";
  assert_int_equal(input_format_detect("a.HTM", txt, strlen(txt)), INPUT_HTML);
  assert_int_equal(input_format_detect("a.xhtml", txt, strlen(txt)), INPUT_HTML);
  assert_int_equal(input_format_detect("notes.markdown", txt, strlen(txt)), INPUT_MD);
  assert_int_equal(input_format_detect("dir.md/a.txt", md, strlen(md)), INPUT_TXT);
  assert_int_equal(input_format_detect(NULL, html, strlen(html)), INPUT_HTML);
  assert_int_equal(input_format_detect("-", md, strlen(md)), INPUT_MD);
  assert_int_equal(input_format_detect("README", txt, strlen(txt)), INPUT_TXT);
  const char *fragment = "<div><p>One</p><p>Two</p><br><span>x</span></div>";
  assert_int_equal(input_format_detect(NULL, fragment, strlen(fragment)), INPUT_HTML);
  assert_int_equal(input_format_detect(NULL, "<p>Hello</p>", 12), INPUT_HTML);
  const char *readme = "<p align=\"center\"><img src=\"logo.png\"></p>\n\n# Project\n\n```\nmake\n```\n";
  assert_int_equal(input_format_detect(NULL, readme, strlen(readme)), INPUT_MD);
  assert_int_equal(input_format_detect("x.mkd", txt, strlen(txt)), INPUT_MD);
  enum input_format f;
  assert_int_equal(input_format_parse("xhtml", &f), 0);
  assert_int_equal(f, INPUT_HTML);
  assert_int_equal(input_format_parse("pdf", &f), -EINVAL);
  /* The override wins over the extension. */
  struct document *doc;
  assert_int_equal(load(md, strlen(md), INPUT_TXT, "a.md", &doc), 0);
  assert_int_equal(doc->paragraphs[0].kind, DOC_HEADING);
  assert_memory_equal(doc->text + doc->paragraphs[0].start, "# Title", 7);
  document_free(doc);
}

static char tmpdir[4096];

static int make_tmpdir(void **state)
{
  const char *base = getenv("LECTOR_TEST_TMP");
  snprintf(tmpdir, sizeof tmpdir, "%s/loaderXXXXXX", base ? base : "/tmp");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static char *tmp_path(const char *name)
{
  static char path[4200];
  snprintf(path, sizeof path, "%s/%s", tmpdir, name);
  return path;
}

static void write_file(const char *path, const char *data, size_t len)
{
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  assert_int_equal(fwrite(data, 1, len, f), len);
  fclose(f);
}

static void test_read_errors(void **state)
{
  struct document *doc = NULL;
  assert_int_equal(document_load_file(tmp_path("missing.txt"), INPUT_AUTO, &doc), -ENOENT);
  assert_null(doc);
  assert_int_equal(document_load_file(tmpdir, INPUT_AUTO, &doc), -EISDIR);

  char *path = tmp_path("secret.txt");
  write_file(path, "secret\n", 7);
  chmod(path, 0);
  if (geteuid() != 0) /* root reads anything */
    assert_int_equal(document_load_file(path, INPUT_AUTO, &doc), -EACCES);
  unlink(path);

  path = tmp_path("binary.txt");
  write_file(path, "text\0\1\2\3", 8);
  assert_int_equal(document_load_file(path, INPUT_AUTO, &doc), LECTOR_ENOTTEXT);
  unlink(path);

  /* /dev/zero is refused at the first block, not after filling memory. */
  assert_int_equal(document_load_file("/dev/zero", INPUT_AUTO, &doc), LECTOR_ENOTTEXT);

  /* A (sparse) file beyond the limit is refused before reading. */
  path = tmp_path("huge.txt");
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  assert_true(fd >= 0);
  assert_int_equal(ftruncate(fd, (off_t)LOADER_MAX_INPUT_BYTES + 1), 0);
  close(fd);
  assert_int_equal(document_load_file(path, INPUT_AUTO, &doc), LECTOR_ETOOBIG);
  unlink(path);

  path = tmp_path("empty.txt");
  write_file(path, "", 0);
  assert_int_equal(document_load_file(path, INPUT_AUTO, &doc), 0);
  assert_int_equal(doc->n_paragraphs, 0);
  document_free(doc);
  unlink(path);

  path = tmp_path("notes.md");
  write_file(path, "# Notes\n\nHello.\n", 16);
  assert_int_equal(document_load_file(path, INPUT_AUTO, &doc), 0);
  assert_int_equal(doc->paragraphs[0].kind, DOC_HEADING);
  assert_string_equal(doc->title, "Notes");
  document_free(doc);
  unlink(path);
}

static void test_stdin_pipe(void **state)
{
  /* "-" reads standard input: a pipe fed by a child, in UTF-16 with a BOM. */
  size_t len;
  char *data = encode("UTF-16LE", "\xFF\xFE", 2, twin_utf8, &len);
  int fds[2];
  assert_int_equal(pipe(fds), 0);
  pid_t pid = fork();
  assert_true(pid >= 0);
  if (pid == 0) {
    close(fds[0]);
    size_t off = 0;
    while (off < len) {
      ssize_t n = write(fds[1], data + off, len - off);
      if (n <= 0)
        _exit(1);
      off += (size_t)n;
    }
    _exit(0);
  }
  close(fds[1]);
  int saved = dup(STDIN_FILENO);
  dup2(fds[0], STDIN_FILENO);
  close(fds[0]);
  struct document *doc = NULL;
  int rc = document_load_file("-", INPUT_AUTO, &doc);
  dup2(saved, STDIN_FILENO);
  close(saved);
  int status;
  waitpid(pid, &status, 0);
  assert_int_equal(rc, 0);
  assert_int_equal(doc->len, strlen(twin_utf8));
  assert_memory_equal(doc->text, twin_utf8, doc->len);
  assert_string_equal(doc->title, "Caf\xC3\xA9 society"); /* the first heading */
  document_free(doc);
  free(data);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_utf8_and_bom),
    cmocka_unit_test(test_utf8_whole_len),
    cmocka_unit_test(test_windows_1252_twin),
    cmocka_unit_test(test_utf16_and_utf32_with_bom),
    cmocka_unit_test(test_bad_utf16_and_binary),
    cmocka_unit_test(test_terminal_escapes_read_as_text),
    cmocka_unit_test(test_is_utf8),
    cmocka_unit_test(test_html_charset),
    cmocka_unit_test(test_format_detection),
    cmocka_unit_test(test_read_errors),
    cmocka_unit_test(test_stdin_pipe),
  };
  return cmocka_run_group_tests(tests, make_tmpdir, NULL);
}
