#include "app/load_url.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app/commands.h"
#include "app/fetch.h"
#include "text/document.h"
#include "text/load_epub.h"
#include "text/loader.h"
#include "util/error.h"

/* The loader a media type calls for; false for what lector does not read (images, PDFs...). */
static bool format_of_type(const char *type, enum input_format *fmt)
{
  static const struct { const char *type; enum input_format fmt; } known[] = {
    {"text/html", INPUT_HTML}, {"application/xhtml+xml", INPUT_HTML}, {"text/plain", INPUT_TXT},
    {"text/markdown", INPUT_MD}, {"text/x-markdown", INPUT_MD},
    {"application/epub+zip", INPUT_EPUB}};
  if (!type) {
    *fmt = INPUT_AUTO;
    return true;
  }
  for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
    if (!strcmp(type, known[i].type)) {
      *fmt = known[i].fmt;
      return true;
    }
  return false;
}

/* An EPUB is read from a file (libzip): the body goes to a temporary one, removed at once. */
static int load_epub_body(const struct fetch_result *page, struct document **out)
{
  const char *dir = getenv("TMPDIR");
  char *path = NULL;
  if (asprintf(&path, "%s/lector-fetched-XXXXXX", dir && *dir ? dir : "/tmp") < 0)
    return -ENOMEM;
  int fd = mkstemp(path);
  int rc = fd < 0 ? -errno : 0;
  for (size_t done = 0; !rc && done < page->len;) {
    ssize_t n = write(fd, page->body + done, page->len - done);
    if (n < 0 && errno != EINTR)
      rc = -errno;
    else if (n > 0)
      done += (size_t)n;
  }
  if (fd >= 0 && close(fd) != 0 && !rc)
    rc = -errno;
  if (!rc)
    rc = load_epub_file(path, out);
  if (fd >= 0)
    unlink(path);
  free(path);
  return rc;
}

int app_load_url(const struct lector_options *opts, struct document **out)
{
  *out = NULL;
  const char *url = opts->input;
  struct fetch_result page;
  char why[256];
  if (fetch_url(url, isatty(STDERR_FILENO), &page, why, sizeof why)) {
    app_error("cannot fetch '%s': %s", url, why);
    return 1;
  }
  enum input_format fmt = opts->input_format;
  if (fmt == INPUT_AUTO && !format_of_type(page.type, &fmt)) {
    app_error("cannot read '%s': it is %s, not a web page, text or EPUB (--input-format "
              "reads it anyway)", url, page.type);
    fetch_result_free(&page);
    return 1;
  }
  int rc;
  if (fmt == INPUT_EPUB) {
    rc = load_epub_body(&page, out);
  } else {
    rc = document_load_fetched(page.body, page.len, fmt, page.charset, page.url, opts->lang,
                               out);
    page.body = NULL;   /* consumed */
  }
  if (!rc)
    rc = document_set_string(&(*out)->url, page.url);
  if (rc) {
    app_error("cannot read '%s': %s", url, lector_strerror(rc));
    document_free(*out);
    *out = NULL;
  }
  fetch_result_free(&page);
  return rc ? 1 : 0;
}
