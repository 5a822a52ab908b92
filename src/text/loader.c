#include "text/loader.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "text/decode.h"
#include "util/grow.h"
#include "util/huge_pages.h"
#include "text/load_epub.h"
#include "text/lang.h"
#include "text/load_html.h"
#include "text/load_md.h"
#include "text/load_txt.h"
#include "text/section.h"
#include "text/document_segment.h"
#include "util/error.h"

int input_format_parse(const char *name, enum input_format *out)
{
  if (!strcmp(name, "txt") || !strcmp(name, "text"))
    *out = INPUT_TXT;
  else if (!strcmp(name, "md") || !strcmp(name, "markdown"))
    *out = INPUT_MD;
  else if (!strcmp(name, "html") || !strcmp(name, "htm") || !strcmp(name, "xhtml"))
    *out = INPUT_HTML;
  else if (!strcmp(name, "epub"))
    *out = INPUT_EPUB;
  else
    return -EINVAL;
  return 0;
}

static enum input_format format_from_extension(const char *name)
{
  if (!name)
    return INPUT_AUTO;
  const char *slash = strrchr(name, '/');
  const char *base = slash ? slash + 1 : name;
  const char *dot = strrchr(base, '.');
  if (!dot || dot == base)
    return INPUT_AUTO;
  dot++;
  if (!strcasecmp(dot, "txt") || !strcasecmp(dot, "text"))
    return INPUT_TXT;
  if (!strcasecmp(dot, "md") || !strcasecmp(dot, "markdown") || !strcasecmp(dot, "mkd") ||
      !strcasecmp(dot, "mdown"))
    return INPUT_MD;
  if (!strcasecmp(dot, "html") || !strcasecmp(dot, "htm") || !strcasecmp(dot, "xhtml") ||
      !strcasecmp(dot, "shtml"))
    return INPUT_HTML;
  return INPUT_AUTO;
}

static bool starts_ci(const char *s, size_t n, const char *prefix)
{
  size_t k = strlen(prefix);
  return n >= k && !strncasecmp(s, prefix, k);
}

/* Occurrences of needle (case-insensitive) in s[0, n). */
static size_t count_ci(const char *s, size_t n, const char *needle)
{
  size_t k = strlen(needle), count = 0;
  for (size_t i = 0; i + k <= n; i++)
    if (!strncasecmp(s + i, needle, k))
      count++;
  return count;
}

static enum input_format format_from_content(const char *data, size_t len)
{
  size_t n = len < 8192 ? len : 8192;
  size_t i = 0;
  decode_sniff_bom(data, n, &i);
  while (i < n && (data[i] == ' ' || data[i] == '\t' || data[i] == '\n' || data[i] == '\r'))
    i++;
  const char *s = data + i;
  size_t rest = n - i;
  if (starts_ci(s, rest, "<!doctype html") || starts_ci(s, rest, "<html") ||
      starts_ci(s, rest, "<head") || starts_ci(s, rest, "<body") ||
      ((starts_ci(s, rest, "<?xml") || starts_ci(s, rest, "<!--")) && count_ci(s, rest, "<html")))
    return INPUT_HTML;

  static const char *const tags[] = {"<p>", "<p ", "</p>", "<div", "<br", "<span", "<a href",
                                     "<h1", "<h2", "<h3", "<li>", "<table", "<article", NULL};
  size_t html = 0;
  for (size_t t = 0; tags[t]; t++)
    html += count_ci(s, rest, tags[t]);

  size_t md = 0;
  for (size_t p = 0; p < rest;) {
    const char *line = s + p;
    const char *nl = memchr(line, '\n', rest - p);
    size_t ll = nl ? (size_t)(nl - line) : rest - p;
    size_t h = 0;
    while (h < ll && h < 7 && line[h] == '#')
      h++;
    if (h >= 1 && h <= 6 && h < ll && line[h] == ' ')
      md += 2;
    if (ll >= 3 && (!strncmp(line, "```", 3) || !strncmp(line, "~~~", 3)))
      md += 2;
    p += ll + 1;
  }
  md += count_ci(s, rest, "](") > 0;
  md += count_ci(s, rest, "**") >= 2;
  if (html >= 4 && html > md)
    return INPUT_HTML;
  /* A fragment that opens with a block element ("<p>Hello</p>"), unless Markdown follows
   * (READMEs that open with a centred <p> of badges). */
  static const char *const openers[] = {"<p>", "<p ", "<div", "<h1", "<h2", "<h3", "<h4", "<h5",
                                        "<h6", "<article", "<section", "<main", "<table", "<ul",
                                        "<ol", "<blockquote", "<pre", NULL};
  for (size_t t = 0; openers[t] && md < 2; t++)
    if (starts_ci(s, rest, openers[t]))
      return INPUT_HTML;
  if (md >= 2)
    return INPUT_MD;
  return INPUT_TXT;
}

enum input_format input_format_detect(const char *name, const char *data, size_t len)
{
  enum input_format fmt = format_from_extension(name);
  return fmt != INPUT_AUTO ? fmt : format_from_content(data, len);
}

/* The file name part of path, for a title. */
static const char *base_name(const char *path)
{
  const char *slash = strrchr(path, '/');
  return slash && slash[1] ? slash + 1 : path;
}

/* Whether the text's language will be detected (so the detector's data is worth preloading). */
static bool detects(const char *lang)
{
  return !lang || !*lang;
}

/* Loads buf (malloc'd, len bytes; always consumed). charset_hint: the charset the input came
 * with (an HTTP Content-Type), NULL when there is none. The HTML standard's order: a BOM, then
 * the transport's charset, then the page's own <meta charset> (a server knows what it sends
 * better than a template copied from elsewhere). */
static int load_decoded(char *buf, size_t len, enum input_format fmt, const char *name,
                        const char *charset_hint, const char *lang, struct document **out)
{
  if (fmt == INPUT_EPUB) {   /* an archive is read from a file only (load_epub_file) */
    free(buf);
    return LECTOR_EBADEPUB;
  }
  bool is_stdin = name && !strcmp(name, "-");
  const char *shown = is_stdin ? NULL : name; /* warnings name files, not "-" */
  enum decode_bom bom = decode_sniff_bom(buf, len, NULL);
  bool wide = bom != DECODE_BOM_NONE && bom != DECODE_BOM_UTF8;
  char charset[48];
  const char *declared = NULL;
  if (!wide) {
    if (fmt == INPUT_AUTO)
      fmt = input_format_detect(is_stdin ? NULL : name, buf, len);
    if (charset_hint)
      declared = charset_hint;
    else if (fmt == INPUT_HTML && decode_html_charset(buf, len, charset, sizeof charset))
      declared = charset;
  }
  char *text = NULL, *warning = NULL;
  size_t text_len = 0;
  int rc = decode_text(buf, len, declared, shown, &text, &text_len, &warning);
  if (rc)
    return rc;
  if (fmt == INPUT_AUTO)
    fmt = input_format_detect(is_stdin ? NULL : name, text, text_len);
  if (fmt == INPUT_TXT && detects(lang))
    lang_hint_document(text, text_len);  /* a plain text is detected as it is decoded */
  /* Markdown and HTML are not hinted: their detection comes right after the markup is parsed,
   * and the languages loaded then reuse the parser's freed memory (1.2 MB less at the peak). */

  struct document *doc;
  if (fmt == INPUT_TXT) {
    doc = document_new(text, text_len);
    text = NULL;
    if (!doc) {
      free(warning);
      return -ENOMEM;
    }
    rc = load_txt(doc);
  } else {
    doc = document_new(NULL, 0);
    if (!doc) {
      free(text);
      free(warning);
      return -ENOMEM;
    }
    rc = fmt == INPUT_MD ? load_md(text, text_len, doc) : load_html(text, text_len, doc);
    free(text);
  }
  doc->warning = warning;
  if (!rc && !doc->title && name && !is_stdin)
    rc = document_set_string(&doc->title, base_name(name));
  struct lang_job *job = NULL;
  bool changed = false;
  if (!rc)
    rc = lang_assign_begin(doc, lang, &job);
  if (!rc)
    rc = document_segment(doc);
  int detected = lang_assign_finish(doc, job, &changed);
  rc = rc ? rc : detected;
  if (!rc && changed) {        /* a paragraph in another language: its rules differ */
    doc->n_sentences = 0;
    rc = document_segment(doc);
  }
  if (!rc)
    rc = sections_build(doc);
  if (rc) {
    document_free(doc);
    return rc;
  }
  *out = doc;
  return 0;
}

static int load_owned(char *buf, size_t len, enum input_format fmt, const char *name,
                      const char *charset_hint, const char *lang, struct document **out)
{
  *out = NULL;
  if (detects(lang))
    lang_detect_preload();     /* loads while the text is decoded and split into paragraphs */
  int rc = load_decoded(buf, len, fmt, name, charset_hint, lang, out);
  if (rc)
    lang_detect_release();     /* the document failed before detection: no thread left behind */
  return rc;
}

int document_load_buffer(const char *data, size_t len, enum input_format fmt, const char *name,
                         struct document **out)
{
  *out = NULL;
  if (len > LOADER_MAX_INPUT_BYTES)
    return LECTOR_ETOOBIG;
  char *buf = malloc(len + 1);
  if (!buf)
    return -ENOMEM;
  if (len)
    memcpy(buf, data, len);
  buf[len] = '\0';
  return load_owned(buf, len, fmt, name, NULL, NULL, out);
}

/* Maps in the pages of a fresh buffer in one system call: read() would otherwise fault them in
 * one at a time (4 KiB each), and those faults cost more than the copy itself. Only the whole
 * pages inside buf are asked for; a kernel without MADV_POPULATE_WRITE (before Linux 5.14)
 * just faults as before. */
static void prefault(char *buf, size_t len)
{
#ifdef MADV_POPULATE_WRITE
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  if (len >= 16 * page)        /* small: a few faults cost less than the call */
    pages_advise(buf, len, page, MADV_POPULATE_WRITE);
#else
  (void)buf;
  (void)len;
#endif
}

/* A regular file this large is read by two threads, a half each: copying a large text out of
 * the page cache, and faulting in the pages it is copied to, is the longest step of loading
 * it. */
#define READ_SPLIT_BYTES (1024 * 1024)

struct read_part {
  int fd;
  char *buf;
  size_t len;
  off_t offset;
  bool whole;                  /* all len bytes were read */
};

static void *read_part(void *arg)
{
  struct read_part *part = arg;
  prefault(part->buf, part->len);
  size_t done = 0;
  while (done < part->len) {
    ssize_t n = pread(part->fd, part->buf + done, part->len - done, part->offset + (off_t)done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    done += (size_t)n;
  }
  part->whole = done == part->len;
  return NULL;
}

/* Reads the rest of the regular file fd (of file_size bytes) from its offset into buf, in two
 * halves on two threads, and moves the offset past it. Returns the number of bytes read, or 0
 * when the caller is to read the file itself (small, or a half came short: the offset is then
 * where it was). */
static size_t read_split(int fd, char *buf, size_t file_size)
{
  off_t at = lseek(fd, 0, SEEK_CUR);
  if (file_size < READ_SPLIT_BYTES || at < 0 || (size_t)at >= file_size)
    return 0;
  size_t size = file_size - (size_t)at, half = size / 2;
  struct read_part first = {fd, buf, half, at, false},
                   second = {fd, buf + half, size - half, at + (off_t)half, false};
  pthread_t thread;
  if (pthread_create(&thread, NULL, read_part, &second) != 0)
    return 0;
  read_part(&first);
  pthread_join(thread, NULL);
  return first.whole && second.whole && lseek(fd, at + (off_t)size, SEEK_SET) >= 0 ? size : 0;
}

/* Reads all of fd into a malloc'd buffer (one spare byte for a NUL). size_hint: the file's size
 * when it is a regular file, else 0. A pipe or device is refused at its first NUL byte unless
 * it starts with a UTF-16/32 byte-order mark (/dev/zero fails at once); a regular file is
 * bounded, and decode_text() refuses its NUL bytes in the pass that checks its UTF-8. Stops at
 * LOADER_MAX_INPUT_BYTES. */
static int read_all(int fd, size_t size_hint, char **out, size_t *out_len)
{
  size_t cap = size_hint ? size_hint + 1 : 65536;
  char *buf = huge_pages_alloc(cap);
  if (!buf)
    return -ENOMEM;
  if (size_hint)
    huge_pages_advise(buf, size_hint);  /* a regular file fills it: before the first write */
  size_t len = read_split(fd, buf, size_hint);
  if (!len)
    prefault(buf, cap);
  bool wide = false, checked_bom = false;
  const bool regular = size_hint > 0;
  int rc = 0;
  for (;;) {
    if (size_hint && len == size_hint && len + 1 >= cap) {
      /* Read the whole regular file already: check for a file that grew before doubling. */
      char probe[4096];
      ssize_t n = read(fd, probe, sizeof probe);
      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0) {
        rc = n < 0 ? -errno : 0;
        break;
      }
      if ((rc = grow_to((void **)&buf, &cap, cap + (size_t)n + 65536, 1)) != 0)
        break;
      memcpy(buf + len, probe, (size_t)n);
      len += (size_t)n;
      size_hint = 0;
      continue;
    }
    if (len + 1 >= cap) {
      if (cap > LOADER_MAX_INPUT_BYTES) {
        rc = LECTOR_ETOOBIG;
        break;
      }
      size_t new_cap = cap * 2;
      if (new_cap > LOADER_MAX_INPUT_BYTES + 2)
        new_cap = LOADER_MAX_INPUT_BYTES + 2;
      if ((rc = grow_to((void **)&buf, &cap, new_cap, 1)) != 0)
        break;
    }
    ssize_t n = read(fd, buf + len, cap - len - 1);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      rc = -errno;
      break;
    }
    if (n == 0)
      break;
    size_t from = len; /* where the NUL check starts: the new bytes, or all once the BOM is known */
    if (!checked_bom && len + (size_t)n >= 4) {
      enum decode_bom bom = decode_sniff_bom(buf, len + (size_t)n, NULL);
      wide = bom != DECODE_BOM_NONE && bom != DECODE_BOM_UTF8;
      checked_bom = true;
      from = 0;
    }
    if (!regular && checked_bom && !wide && memchr(buf + from, '\0', len + (size_t)n - from)) {
      rc = LECTOR_ENOTTEXT;
      break;
    }
    len += (size_t)n;
    if (len > LOADER_MAX_INPUT_BYTES) {
      rc = LECTOR_ETOOBIG;
      break;
    }
  }
  if (rc) {
    free(buf);
    return rc;
  }
  *out = buf;
  *out_len = len;
  return 0;
}

int document_load_file(const char *path, enum input_format fmt, struct document **out)
{
  return document_load_file_lang(path, fmt, NULL, out);
}

int document_load_file_lang(const char *path, enum input_format fmt, const char *lang,
                            struct document **out)
{
  *out = NULL;
  bool is_stdin = !strcmp(path, "-");
  int fd = is_stdin ? STDIN_FILENO : open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return -errno;
  struct stat st;
  int rc = 0;
  size_t hint = 0;
  if (fstat(fd, &st) != 0)
    rc = -errno;
  else if (S_ISDIR(st.st_mode))
    rc = -EISDIR;
  else if (S_ISREG(st.st_mode)) {
    if ((unsigned long long)st.st_size > LOADER_MAX_INPUT_BYTES)
      rc = LECTOR_ETOOBIG;
    else
      hint = (size_t)st.st_size;
  }
  /* An EPUB (by name, or a zip whose first entry says so) is an archive, not text. */
  if (!rc && S_ISREG(st.st_mode) && (fmt == INPUT_EPUB || (fmt == INPUT_AUTO &&
                                      load_epub_detect(fd, path)))) {
    close(fd);
    return load_epub_file(path, out);
  }
  char *buf = NULL;
  size_t len = 0;
  if (!rc && detects(lang))
    lang_detect_preload();     /* loads while the file is read */
  if (!rc)
    rc = read_all(fd, hint, &buf, &len);
  if (!is_stdin)
    close(fd);
  if (rc) {
    lang_detect_release();
    return rc;
  }
  return load_owned(buf, len, fmt, path, NULL, lang, out);
}

int document_load_fetched(char *data, size_t len, enum input_format fmt, const char *charset,
                          const char *url, const char *lang, struct document **out)
{
  *out = NULL;
  if (len > LOADER_MAX_INPUT_BYTES) {
    free(data);
    return LECTOR_ETOOBIG;
  }
  return load_owned(data, len, fmt, url, charset, lang, out);
}
