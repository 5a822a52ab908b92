#include "text/html_prescan.h"

#include <stdbool.h>
#include <string.h>
#include <strings.h>

/* Every attribute read anywhere in src/text/load_html.c and html_*.c: add a name here when
 * the code starts reading it. */
static const char *const kept[] = {
  "alt", "alttext", "aria-hidden", "class", "content", "hidden", "href", "id", "lang", "name",
  "property", "reversed", "role", "start", "style", "summary", "type", "value", "xml:lang",
  "charset", "http-equiv", "itemprop", "datetime", "display", NULL};

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_alpha(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_kept(const char *name, size_t n)
{
  for (size_t i = 0; kept[i]; i++)
    if (strlen(kept[i]) == n && !strncasecmp(kept[i], name, n))
      return true;
  return false;
}

/* The end of the attribute starting at s[i] (a name, optionally "= value", quoted or not), as
 * the HTML tokenizer reads it; 0 when a quoted value never ends. *name_end: where the name
 * ends. */
static size_t attribute_end(const char *s, size_t len, size_t i, size_t *name_end)
{
  while (i < len && !is_space(s[i]) && s[i] != '>' && s[i] != '=' &&
         !(s[i] == '/' && i + 1 < len && s[i + 1] == '>'))
    i++;
  *name_end = i;
  size_t j = i;
  while (j < len && is_space(s[j]))
    j++;
  if (j >= len || s[j] != '=')
    return i;
  j++;
  while (j < len && is_space(s[j]))
    j++;
  if (j < len && (s[j] == '"' || s[j] == '\'')) {
    const char *q = memchr(s + j + 1, s[j], len - j - 1);
    return q ? (size_t)(q - s) + 1 : 0;
  }
  while (j < len && !is_space(s[j]) && s[j] != '>')
    j++;
  return j;
}

struct rewrite {
  char *s;
  size_t len;
  size_t r, w;              /* read and write positions: w <= r, so the rewrite is in place */
};

static void copy_to(struct rewrite *rw, size_t end)
{
  if (rw->w != rw->r)
    memmove(rw->s + rw->w, rw->s + rw->r, end - rw->r);
  rw->w += end - rw->r;
  rw->r = end;
}

/* Where the attribute list starting at s[i] ends: at its '>' (returned), or 0 when it never
 * ends or a quoted value does not. */
static size_t tag_end(const char *s, size_t len, size_t i)
{
  for (;;) {
    while (i < len && (is_space(s[i]) || s[i] == '/'))
      i++;
    if (i >= len)
      return 0;
    if (s[i] == '>')
      return i;
    size_t name_end;
    i = attribute_end(s, len, i, &name_end);
    if (!i)
      return 0;
  }
}

/* Copies a <script> or <style> element's content, unread by the rewrite, up to its end tag. */
static void raw_text(struct rewrite *rw, const char *endtag)
{
  size_t k = strlen(endtag);
  const char *s = rw->s, *p = s + rw->r;
  while ((p = memchr(p, '<', (size_t)(s + rw->len - p))) &&
         ((size_t)(s + rw->len - p) < k || strncasecmp(p, endtag, k)))
    p++;
  copy_to(rw, p ? (size_t)(p - s) : rw->len);
}

/* Rewrites the tag opening at rw->r ('<' and a letter), its '>' included. A tag that never
 * ends is left to the parser as it is, with all that follows. */
static void tag(struct rewrite *rw)
{
  char *s = rw->s;
  size_t i = rw->r + 1;
  while (i < rw->len && !is_space(s[i]) && s[i] != '>' && s[i] != '/')
    i++;
  size_t name = rw->r + 1, name_len = i - name;
  size_t close = tag_end(s, rw->len, i);
  if (!close) {
    copy_to(rw, rw->len);
    return;
  }
  copy_to(rw, i);
  for (size_t count = 0;;) {
    while (i < close && (is_space(s[i]) || s[i] == '/'))
      i++;
    if (i == close)
      break;
    size_t name_end, end = attribute_end(s, rw->len, i, &name_end);
    if (is_kept(s + i, name_end - i) && ++count <= HTML_MAX_ATTRIBUTES) {
      copy_to(rw, end);
    } else {
      rw->r = end;          /* w < i < end: writing one byte here overwrites nothing unread */
      if (end < close && !is_space(s[end]) && s[end] != '/')
        s[rw->w++] = ' ';   /* <p data-x="1"class=y>: keep the next name apart */
    }
    i = end;
  }
  copy_to(rw, close + 1);
  if (name_len == 6 && !strncasecmp(s + name, "script", 6))
    raw_text(rw, "</script");
  else if (name_len == 5 && !strncasecmp(s + name, "style", 5))
    raw_text(rw, "</style");
}

size_t html_prescan(char *src, size_t len)
{
  struct rewrite rw = {.s = src, .len = len};
  while (rw.r < len) {
    const char *lt = memchr(src + rw.r, '<', len - rw.r);
    size_t at = lt ? (size_t)(lt - src) : len;
    copy_to(&rw, at);
    if (at >= len)
      break;
    if (at + 4 <= len && !memcmp(src + at, "<!--", 4)) {
      const char *end = NULL;
      for (size_t j = at + 4; j + 3 <= len && !end; j++)
        if (!memcmp(src + j, "-->", 3))
          end = src + j + 3;
      copy_to(&rw, end ? (size_t)(end - src) : len);
    } else if (at + 1 < len && is_alpha(src[at + 1]))
      tag(&rw);
    else
      copy_to(&rw, at + 1);
  }
  if (rw.w < len)
    src[rw.w] = '\0';
  return rw.w;
}
