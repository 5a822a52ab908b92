#include "export/xml_buf.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/grow.h"

static bool reserve(struct xml_buf *x, size_t more)
{
  if (x->failed)
    return false;
  if (grow_for((void **)&x->data, &x->cap, x->len + more, 1, 4096)) {
    x->failed = true;
    return false;
  }
  return true;
}

static void append(struct xml_buf *x, const char *s, size_t len)
{
  if (!reserve(x, len + 1))
    return;
  memcpy(x->data + x->len, s, len);
  x->len += len;
  x->data[x->len] = '\0';
}

void xml_raw(struct xml_buf *x, const char *s)
{
  append(x, s, strlen(s));
}

void xml_printf(struct xml_buf *x, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n < 0 || !reserve(x, (size_t)n + 1))
    return;
  va_start(ap, fmt);
  vsnprintf(x->data + x->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  x->len += (size_t)n;
}

void xml_text(struct xml_buf *x, const char *s, size_t len)
{
  size_t run = 0;  /* bytes of s[0, run) still to copy as they are */
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    const char *esc = NULL;
    switch (c) {
    case '&': esc = "&amp;"; break;
    case '<': esc = "&lt;"; break;
    case '>': esc = "&gt;"; break;
    case '"': esc = "&quot;"; break;
    default:
      if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r')
        continue;
      esc = "";  /* not allowed in XML 1.0, even as a reference */
    }
    append(x, s + run, i - run);
    xml_raw(x, esc);
    run = i + 1;
  }
  append(x, s + run, len - run);
}

void xml_str(struct xml_buf *x, const char *s)
{
  xml_text(x, s, strlen(s));
}

int xml_take(struct xml_buf *x, char **data, size_t *len)
{
  if (x->failed || !reserve(x, 1)) {
    xml_free(x);
    return -ENOMEM;
  }
  x->data[x->len] = '\0';
  *data = x->data;
  *len = x->len;
  memset(x, 0, sizeof *x);
  return 0;
}

void xml_free(struct xml_buf *x)
{
  free(x->data);
  memset(x, 0, sizeof *x);
}
