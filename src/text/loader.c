/* PLACEHOLDER loader (replaced by the loaders work): reads a UTF-8 file, paragraphs separated
 * by blank lines. */
#include "text/loader.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "text/segmenter.h"
#include "util/error.h"

int input_format_parse(const char *name, enum input_format *out)
{
  if (!strcmp(name, "txt") || !strcmp(name, "text"))
    *out = INPUT_TXT;
  else if (!strcmp(name, "md") || !strcmp(name, "markdown"))
    *out = INPUT_MD;
  else if (!strcmp(name, "html") || !strcmp(name, "htm"))
    *out = INPUT_HTML;
  else
    return -EINVAL;
  return 0;
}

int document_load_buffer(const char *data, size_t len, enum input_format fmt, const char *name,
                         struct document **out)
{
  (void)fmt;
  (void)name;
  if (memchr(data, '\0', len))
    return LECTOR_ENOTTEXT;
  char *text = malloc(len + 1);
  if (!text)
    return -ENOMEM;
  memcpy(text, data, len);
  text[len] = '\0';
  struct document *doc = document_new(text, len);
  if (!doc)
    return -ENOMEM;
  size_t i = 0;
  while (i < len) {
    while (i < len && (text[i] == '\n' || text[i] == '\r' || text[i] == ' '))
      i++;
    size_t start = i;
    char *blank = strstr(text + i, "\n\n");
    size_t end = blank ? (size_t)(blank - text) : len;
    document_add_paragraph(doc, DOC_PARAGRAPH, start, end);
    i = end;
  }
  int rc = segment_document(doc);
  if (rc) {
    document_free(doc);
    return rc;
  }
  *out = doc;
  return 0;
}

int document_load_file(const char *path, enum input_format fmt, struct document **out)
{
  FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
  if (!f)
    return -errno;
  char *buf = NULL;
  size_t len = 0, cap = 0;
  for (;;) {
    if (len == cap) {
      cap = cap ? cap * 2 : 65536;
      char *p = realloc(buf, cap);
      if (!p) {
        free(buf);
        return -ENOMEM;
      }
      buf = p;
    }
    size_t n = fread(buf + len, 1, cap - len, f);
    if (n == 0)
      break;
    len += n;
  }
  int rc = ferror(f) ? -EIO : 0;
  if (f != stdin)
    fclose(f);
  if (!rc)
    rc = document_load_buffer(buf ? buf : "", len, fmt, path, out);
  free(buf);
  return rc;
}
