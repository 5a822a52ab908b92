#include "text/html_title.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text/html_hints.h"
#include "text/html_measure.h"

/* The length of the white space character at s (JavaScript's \s: ASCII, no-break and the
 * Unicode spaces), 0 when s is not one. */
static size_t space_at(const char *s)
{
  const unsigned char *u = (const unsigned char *)s;
  if (u[0] == ' ' || (u[0] >= '\t' && u[0] <= '\r'))
    return 1;
  if (u[0] == 0xC2 && u[1] == 0xA0)
    return 2;
  if (u[0] == 0xE2 && u[1] == 0x80 && ((u[2] >= 0x80 && u[2] <= 0x8A) || u[2] == 0xA8 ||
                                       u[2] == 0xA9 || u[2] == 0xAF))
    return 3;
  if ((u[0] == 0xE2 && u[1] == 0x81 && u[2] == 0x9F) || (u[0] == 0xE3 && u[1] == 0x80 &&
                                                         u[2] == 0x80))
    return 3;
  return 0;
}

/* Readability's word count: the pieces of s[0, n) split at runs of white space (so a leading
 * space counts one more, and "" is one). */
static size_t word_count(const char *s, size_t n)
{
  size_t count = 1;
  for (size_t i = 0; i < n; ) {
    size_t l = space_at(s + i);
    if (!l) {
      i++;
      continue;
    }
    count++;
    while (i < n && (l = space_at(s + i)) > 0)
      i += l;
  }
  return count;
}

/* The separator character at s (| - – — \ / > »): its length, 0 when none; *hier says whether
 * it marks a hierarchy (\ / > »). */
static size_t separator_char(const char *s, bool *hier)
{
  *hier = strchr("\\/>", s[0]) && s[0];
  if (s[0] && strchr("|-\\/>", s[0]))
    return 1;
  *hier = !strncmp(s, "\u00bb", 2);
  if (*hier)
    return 2;
  return !strncmp(s, "\u2013", 3) || !strncmp(s, "\u2014", 3) ? 3 : 0;
}

/* A separator between spaces at s (" | "): its length, 0 when none. */
static size_t spaced_separator(const char *s, bool *hier)
{
  if (s[0] != ' ')
    return 0;
  size_t l = separator_char(s + 1, hier);
  return l && s[1 + l] == ' ' ? l + 2 : 0;
}

/* Words of s once its separator characters are gone. */
static size_t words_without_separators(const char *s)
{
  size_t n = strlen(s), w = 0;
  char *copy = malloc(n + 1);
  if (!copy)
    return 0;
  for (size_t i = 0; i < n; ) {
    bool hier;
    size_t l = separator_char(s + i, &hier);
    if (l)
      i += l;
    else
      copy[w++] = s[i++];
  }
  size_t count = word_count(copy, w);
  free(copy);
  return count;
}

/* s[0, n) with white space trimmed and runs of two or more made one space (a single newline
 * stays: Readability's normalisation). */
static char *normalised(const char *s, size_t n)
{
  char *out = malloc(n + 1);
  if (!out)
    return NULL;
  size_t w = 0;
  for (size_t i = 0; i < n; ) {
    size_t l = space_at(s + i), run = 0, runs = 0;
    if (!l) {
      out[w++] = s[i++];
      continue;
    }
    size_t at = i;
    while (i < n && (l = space_at(s + i)) > 0)
      i += l, run += l, runs++;
    if (!w || i >= n)
      continue;           /* leading or trailing */
    if (runs == 1) {
      memcpy(out + w, s + at, run);
      w += run;
    } else {
      out[w++] = ' ';
    }
  }
  out[w] = '\0';
  return out;
}

/* The text of n trimmed, or NULL. */
static char *trimmed_text(xmlNode *n)
{
  xmlChar *t = xmlNodeGetContent(n);
  char *out = t ? normalised((const char *)t, strlen((const char *)t)) : NULL;
  xmlFree(t);
  return out;
}

/* An <h1> or <h2> whose text is title; the number of <h1> and the first of them. */
struct headings {
  bool repeats_title;
  size_t n_h1;
  xmlNode *h1;
};

static struct headings find_headings(xmlNode *root, const char *title)
{
  struct headings h = {0};
  for (xmlNode *n = root; n; n = html_next(n, root, true)) {
    bool h1 = html_is(n, "h1");
    if (!h1 && !html_is(n, "h2"))
      continue;
    if (h1 && !h.n_h1++)
      h.h1 = n;
    if (title && !h.repeats_title) {
      xmlChar *t = xmlNodeGetContent(n);
      const char *s = t ? (const char *)t : "";
      size_t len = strlen(s), l;
      while (*s && (l = space_at(s)) > 0)
        s += l, len -= l;
      while (len && strchr(" \t\n\r\f", s[len - 1]))
        len--;
      h.repeats_title = len == strlen(title) && !memcmp(s, title, len);
      xmlFree(t);
    }
  }
  return h;
}

/* Characters of s as JavaScript counts them (UTF-16 code units). */
static size_t js_length(const char *s)
{
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)s; *p; p++)
    n += ((*p & 0xC0) != 0x80) + ((*p & 0xF8) == 0xF0);
  return n;
}

/* Where the part of orig to keep starts and ends, by its separators or colons; *hier says
 * whether a separator marked a hierarchy. Returns true when it did cut. */
static bool cut_span(const char *orig, xmlNode *root, size_t *start, size_t *end, bool *hier)
{
  size_t len = strlen(orig), last = SIZE_MAX;
  *start = 0;
  *end = len;
  *hier = false;
  for (size_t i = 0; i < len; ) {
    bool h = false;
    size_t l = spaced_separator(orig + i, &h);
    *hier |= h && l;
    last = l ? i : last;
    i += l ? l : 1;
  }
  if (last != SIZE_MAX) {
    *end = last;
    if (word_count(orig, last) < 3) {
      bool h;
      size_t i = 0;
      while (orig[i] && !separator_char(orig + i, &h))
        i++;
      *start = i + (orig[i] ? separator_char(orig + i, &h) : 0);
      *end = len;
    }
    return true;
  }
  const char *colon = strstr(orig, ": ");
  if (!colon || find_headings(root, orig).repeats_title)
    return false;
  *start = (size_t)(strrchr(orig, ':') - orig) + 1;
  const char *first = strchr(orig, ':');
  if (word_count(orig + *start, len - *start) < 3)
    *start = (size_t)(first - orig) + 1;
  else if (word_count(orig, (size_t)(first - orig)) > 5)
    *start = 0;
  return true;
}

char *html_title_cut(const char *orig, xmlNode *root)
{
  if (!orig)
    return NULL;
  size_t start, end;
  bool hier;
  char *cur = NULL;
  if (cut_span(orig, root, &start, &end, &hier)) {
    cur = normalised(orig + start, end - start);
  } else {
    size_t jl = js_length(orig);
    struct headings h = jl > 150 || jl < 15 ? find_headings(root, NULL) : (struct headings){0};
    cur = h.n_h1 == 1 ? trimmed_text(h.h1) : NULL;
    if (!cur)
      cur = normalised(orig, strlen(orig));
  }
  size_t words = cur ? word_count(cur, strlen(cur)) : 0;
  if (cur && words <= 4 && (!hier || words != words_without_separators(orig) - 1)) {
    free(cur);
    cur = normalised(orig, strlen(orig));
  }
  return cur;
}

/* The words of s: runs of ASCII letters, digits and _ (JavaScript's \w), the first 256 of
 * them (titles have a few), as offsets and lengths into s. */
struct words {
  size_t at[256], len[256], n;
};

static void split_words(const char *s, struct words *w)
{
  w->n = 0;
  for (size_t i = 0; s[i] && w->n < sizeof w->at / sizeof w->at[0]; ) {
    size_t j = i;
    while ((s[j] >= 'a' && s[j] <= 'z') || (s[j] >= 'A' && s[j] <= 'Z') ||
           (s[j] >= '0' && s[j] <= '9') || s[j] == '_')
      j++;
    if (j > i) {
      w->at[w->n] = i;
      w->len[w->n++] = j - i;
      i = j;
    } else {
      i++;
    }
  }
}

static bool same_word(const char *a, size_t al, const char *b, size_t bl)
{
  if (al != bl)
    return false;
  for (size_t i = 0; i < al; i++)
    if ((a[i] | 0x20) != (b[i] | 0x20))   /* letters, digits and _ only: | 0x20 folds case */
      return false;
  return true;
}

double html_title_similarity(const char *a, const char *b)
{
  struct words wa, wb;
  split_words(a, &wa);
  split_words(b, &wb);
  if (!wa.n || !wb.n)
    return 0;
  size_t all = wb.n - 1, unique = 0, n_unique = 0;
  for (size_t i = 0; i < wb.n; i++) {
    all += wb.len[i];
    bool shared = false;
    for (size_t j = 0; j < wa.n && !shared; j++)
      shared = same_word(b + wb.at[i], wb.len[i], a + wa.at[j], wa.len[j]);
    if (!shared)
      unique += wb.len[i], n_unique++;
  }
  unique += n_unique ? n_unique - 1 : 0;
  return 1.0 - (double)unique / (double)all;
}
