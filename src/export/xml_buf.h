/* A growing buffer for the XML, XHTML and SMIL files of the talking books: raw markup, printf,
 * and text escaped for element content and attribute values. The first failed allocation sticks
 * (xml_buf.failed) so that a writer can check once at the end instead of after every call. */
#ifndef LECTOR_EXPORT_XML_BUF_H
#define LECTOR_EXPORT_XML_BUF_H

#include <stdbool.h>
#include <stddef.h>

struct xml_buf {
  char *data;   /* owned; NUL-terminated once anything was appended */
  size_t len, cap;
  bool failed;  /* out of memory: the content is incomplete */
};

void xml_raw(struct xml_buf *x, const char *s);
void xml_printf(struct xml_buf *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Appends len bytes of UTF-8 text with &, <, > and " escaped, and the characters XML 1.0
 * forbids (C0 controls but tab, newline and return) dropped. */
void xml_text(struct xml_buf *x, const char *s, size_t len);
/* xml_text of a NUL-terminated string. */
void xml_str(struct xml_buf *x, const char *s);
/* Takes the content (owned by the caller) and empties x. -ENOMEM (and frees) when it failed. */
int xml_take(struct xml_buf *x, char **data, size_t *len);
void xml_free(struct xml_buf *x);

#endif
