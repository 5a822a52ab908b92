#include "text/html_prescan.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>

#include "text/html_entities.h"

/* Every attribute read anywhere in src/text/load_html.c and html_*.c, and the elements it is
 * read on ("" for any): add a name here when the code starts reading it. */
static const struct {
  const char *name;
  const char *on;           /* space-separated element names, lower case */
} kept[] = {
  {"alt", ""}, {"aria-hidden", ""}, {"class", ""}, {"epub:type", ""}, {"hidden", ""},
  {"href", ""}, {"id", ""}, {"lang", ""}, {"role", ""}, {"style", ""}, {"xml:lang", ""},
  {"alttext", "math"}, {"encoding", "annotation annotation-xml"},
  {"content", "meta"}, {"name", "meta"}, {"property", "meta"},     /* html_meta */
  {"reversed", "ol"}, {"start", "ol"}, {"type", "ol script"}, {"value", "li"},
  {"summary", "table"},
};

static bool is_space(char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static bool is_alpha(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* Whether list (space-separated words) holds word[0, n), compared case-insensitively. */
static bool in_words(const char *list, const char *word, size_t n)
{
  for (const char *w = list; *w; ) {
    size_t k = strcspn(w, " ");
    if (k == n && !strncasecmp(w, word, n))
      return true;
    w += k;
    w += strspn(w, " ");
  }
  return false;
}

/* Whether attribute name[0, n) is read on element tag[0, tag_len). */
static bool is_kept(const char *name, size_t n, const char *tag, size_t tag_len)
{
  for (size_t i = 0; i < sizeof kept / sizeof kept[0]; i++)
    if (strlen(kept[i].name) == n && !strncasecmp(kept[i].name, name, n))
      return !kept[i].on[0] || in_words(kept[i].on, tag, tag_len);
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

/* Whether the attribute s[i, end) (its name ending at name_end) of element tag[0, tag_len) is
 * read: kept names it for that element, and an href only when it points within the page
 * ('#'), the one thing read of it (a link within the page is a footnote marker, and weighs
 * less as a link). The other links' URLs are most of what a link costs in the tree (on a page
 * of links, a third of it). */
static bool is_read(const char *s, size_t i, size_t name_end, size_t end, const char *tag,
                    size_t tag_len)
{
  if (!is_kept(s + i, name_end - i, tag, tag_len))
    return false;
  if (name_end - i != 4 || strncasecmp(s + i, "href", 4))
    return true;
  size_t v = name_end;
  while (v < end && (is_space(s[v]) || s[v] == '='))
    v++;
  if (v < end && (s[v] == '"' || s[v] == '\''))
    v++;
  return v < end && s[v] == '#';
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

/* Skips a <script> or <style> element's content up to its end tag, or copies it unread when
 * keep. Scripts and styles are most of a news page's bytes (70-80 %), and nothing reads them
 * but the metadata's JSON-LD: left out, the parser and the tree never see them. */
static void raw_text(struct rewrite *rw, const char *endtag, bool keep)
{
  size_t k = strlen(endtag);
  const char *s = rw->s, *p = s + rw->r;
  while ((p = memchr(p, '<', (size_t)(s + rw->len - p))) &&
         ((size_t)(s + rw->len - p) < k || strncasecmp(p, endtag, k)))
    p++;
  size_t end = p ? (size_t)(p - s) : rw->len;
  if (keep)
    copy_to(rw, end);
  else
    rw->r = end;
}

/* Whether s[0, n) holds word, compared case-insensitively. */
static bool holds(const char *s, size_t n, const char *word)
{
  size_t k = strlen(word);
  for (size_t i = 0; i + k <= n; i++)
    if (!strncasecmp(s + i, word, k))
      return true;
  return false;
}

/* Rewrites the tag opening at rw->r ('<' and a letter), its '>' included. A tag that never
 * ends is left to the parser as it is, with all that follows. */
static void tag(struct rewrite *rw)
{
  char *s = rw->s;
  size_t i = rw->r + 1, start = rw->w;
  while (i < rw->len && !is_space(s[i]) && s[i] != '>' && s[i] != '/')
    i++;
  size_t name_len = i - (rw->r + 1);
  size_t close = tag_end(s, rw->len, i);
  if (!close) {
    copy_to(rw, rw->len);
    return;
  }
  copy_to(rw, i);
  /* The name where it was copied to: where it was read may be overwritten by the copy. */
  const char *name = s + start + 1;
  for (size_t count = 0;;) {
    while (i < close && (is_space(s[i]) || s[i] == '/'))
      i++;
    if (i == close)
      break;
    size_t name_end, end = attribute_end(s, rw->len, i, &name_end);
    if (is_read(s, i, name_end, end, name, name_len) && ++count <= HTML_MAX_ATTRIBUTES) {
      copy_to(rw, end);
    } else {
      rw->r = end;          /* w < i < end: writing one byte here overwrites nothing unread */
      if (end < close && !is_space(s[end]) && s[end] != '/')
        s[rw->w++] = ' ';   /* <p data-x="1"class=y>: keep the next name apart */
    }
    i = end;
  }
  copy_to(rw, close + 1);
  if (name_len == 6 && !strncasecmp(name, "script", 6))
    raw_text(rw, "</script", holds(s + start, rw->w - start, "ld+json"));
  else if (name_len == 5 && !strncasecmp(name, "style", 5))
    raw_text(rw, "</style", false);
}

static size_t put_utf8(char *out, unsigned cp)
{
  if (cp < 0x80) {
    out[0] = (char)cp;
    return 1;
  }
  if (cp < 0x800) {
    out[0] = (char)(0xC0 | cp >> 6);
    out[1] = (char)(0x80 | (cp & 0x3F));
    return 2;
  }
  if (cp < 0x10000) {
    out[0] = (char)(0xE0 | cp >> 12);
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
  }
  out[0] = (char)(0xF0 | cp >> 18);
  out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
  out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
  out[3] = (char)(0x80 | (cp & 0x3F));
  return 4;
}

/* &#128; to &#159; name the Windows-1252 characters (HTML5): old pages write ’ as &#146;.
 * 0 where Windows-1252 has none (the reference stays a control character). */
static const unsigned short cp1252[32] = {
  0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039,
  0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC,
  0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};

static int entity_cmp(const void *key, const void *e)
{
  return strcmp(key, ((const struct html_entity *)e)->name);
}

/* The code points of the reference at s[0, n) ('&' first) that lector decodes itself (libxml2
 * leaves them wrong or literal), and its length; 0 for any other. */
static size_t reference(const char *s, size_t n, unsigned cp[2])
{
  size_t i = 1;
  cp[1] = 0;
  if (i < n && s[i] == '#') {
    bool hex = ++i < n && (s[i] == 'x' || s[i] == 'X');
    i += hex;
    unsigned long v = 0;
    size_t digits = 0;
    char *end;
    char num[8] = {0};
    while (i < n && digits < sizeof num - 1 &&
           (hex ? strchr("0123456789abcdefABCDEF", s[i]) : strchr("0123456789", s[i])) && s[i])
      num[digits++] = s[i++];
    v = strtoul(num, &end, hex ? 16 : 10);
    if (!digits || v < 0x80 || v > 0x9F || !cp1252[v - 0x80])
      return 0;
    cp[0] = cp1252[v - 0x80];
    return i + (i < n && s[i] == ';');
  }
  char name[40];
  size_t k = 0;
  while (i < n && k < sizeof name - 1 &&
         ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
          (s[i] >= '0' && s[i] <= '9')))
    name[k++] = s[i++];
  name[k] = '\0';
  if (!k || i >= n || s[i] != ';' || htmlEntityLookup((const xmlChar *)name))
    return 0;
  const struct html_entity *e = bsearch(name, html_entities, html_n_entities,
                                        sizeof html_entities[0], entity_cmp);
  if (!e)
    return 0;
  cp[0] = e->cp[0];
  cp[1] = e->cp[1];
  return i + 1;
}

/* Decodes the reference at rw->r ('&') in place when lector knows it better than libxml2. */
static void text_reference(struct rewrite *rw)
{
  unsigned cp[2];
  size_t n = reference(rw->s + rw->r, rw->len - rw->r, cp);
  if (!n) {
    copy_to(rw, rw->r + 1);
    return;
  }
  char utf8[8];
  size_t k = put_utf8(utf8, cp[0]);
  if (cp[1])
    k += put_utf8(utf8 + k, cp[1]);
  memcpy(rw->s + rw->w, utf8, k);   /* k <= n: the table keeps only those that fit */
  rw->w += k;
  rw->r += n;
}

/* Whether what was written last would join what follows a comment into markup if the comment
 * went: "<" and a name ("<<!-- -->p>"), or "&" and a name ("&am<!-- -->p;"). */
static bool joins_markup(const struct rewrite *rw)
{
  size_t w = rw->w;
  while (w > 0 && (is_alpha(rw->s[w - 1]) || (rw->s[w - 1] >= '0' && rw->s[w - 1] <= '9') ||
                   rw->s[w - 1] == '#'))
    w--;
  return w > 0 && (rw->s[w - 1] == '<' || rw->s[w - 1] == '&' || rw->s[w - 1] == '/');
}

size_t html_prescan(char *src, size_t len)
{
  struct rewrite rw = {.s = src, .len = len};
  while (rw.r < len) {
    size_t at = rw.r + strcspn(src + rw.r, "<&");
    if (at > len)
      at = len;
    copy_to(&rw, at);
    if (at >= len)
      break;
    if (src[at] == '&')
      text_reference(&rw);
    else if (at + 4 <= len && !memcmp(src + at, "<!--", 4)) {
      const char *end = NULL;
      for (size_t j = at + 4; j + 3 <= len && !end; j++)
        if (!memcmp(src + j, "-->", 3))
          end = src + j + 3;
      if (end && !joins_markup(&rw))
        rw.r = (size_t)(end - src);   /* a node the parser would make and extraction drop */
      else
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
