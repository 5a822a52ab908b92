/* The sections tree (see section.h). */
#include "text/section.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/bisect.h"

/* Stable insertion sort of the chapter marks by first paragraph: a table of contents normally
 * follows the spine already, so this is linear in practice. */
static void sort_marks(struct doc_section *s, size_t n)
{
  for (size_t i = 1; i < n; i++) {
    struct doc_section x = s[i];
    size_t j = i;
    while (j > 0 && s[j - 1].first > x.first) {
      s[j] = s[j - 1];
      j--;
    }
    s[j] = x;
  }
}

/* Adds heading paragraph p to doc->sections with the given level. */
static int add_heading(struct document *doc, size_t p, unsigned level)
{
  const struct doc_paragraph *para = &doc->paragraphs[p];
  char *title = strndup(doc->text + para->start, para->end - para->start);
  if (!title)
    return -ENOMEM;
  int rc = document_add_section(doc, level, title, p);
  free(title);
  return rc;
}

static unsigned heading_level(const struct doc_paragraph *para)
{
  return para->level ? para->level : 1;
}

/* Merges the chapter marks (taken from doc) with the heading paragraphs, in reading order. */
static int merge(struct document *doc, struct doc_section *marks, size_t n_marks)
{
  size_t m = 0;
  unsigned chapter_level = 0;     /* the level of the chapter being read, 0 before any */
  unsigned opening = 0;           /* the level of the heading it opened with, 0 if none */
  for (size_t p = 0; p < doc->n_paragraphs; p++) {
    bool marked = false;
    for (; m < n_marks && marks[m].first <= p; m++) {
      int rc = document_add_section(doc, marks[m].level, marks[m].title, p);
      if (rc)
        return rc;
      chapter_level = marks[m].level;
      opening = 0;
      marked = true;
    }
    const struct doc_paragraph *para = &doc->paragraphs[p];
    if (para->kind != DOC_HEADING)
      continue;
    unsigned h = heading_level(para);
    if (marked) {
      opening = h;          /* the chapter's own title, already named by the mark */
      continue;
    }
    unsigned level = h;
    if (chapter_level)
      level = chapter_level + (opening && h > opening ? h - opening : 1);
    int rc = add_heading(doc, p, level);
    if (rc)
      return rc;
  }
  return 0;
}

/* Every section ends where the next one of the same or a higher level starts. */
static void set_ends(struct document *doc)
{
  size_t n = doc->n_sections;
  for (size_t i = 0; i < n; i++) {
    struct doc_section *s = &doc->sections[i];
    s->last = doc->n_paragraphs ? doc->n_paragraphs - 1 : 0;
    for (size_t j = i + 1; j < n; j++)
      if (doc->sections[j].level <= s->level) {
        size_t next = doc->sections[j].first;
        s->last = next > s->first ? next - 1 : s->first;
        break;
      }
  }
}

int sections_build(struct document *doc)
{
  struct doc_section *marks = doc->sections;
  size_t n_marks = doc->n_sections;
  sort_marks(marks, n_marks);
  doc->sections = NULL;
  doc->n_sections = doc->cap_sections = 0;
  int rc = merge(doc, marks, n_marks);
  for (size_t i = 0; i < n_marks; i++)
    free(marks[i].title);
  free(marks);
  if (!rc)
    set_ends(doc);
  return rc;
}

/* The last section starting at or before paragraph p, or SECTIONS_NONE. */
struct section_search {
  const struct document *doc;
  size_t p;
};

static bool starts_by(const void *ctx, size_t i)
{
  const struct section_search *s = ctx;
  return s->doc->sections[i].first <= s->p;
}

static size_t last_starting_by(const struct document *doc, size_t p)
{
  struct section_search s = {doc, p};
  size_t lo = bisect(doc->n_sections, starts_by, &s);
  return lo ? lo - 1 : SECTIONS_NONE;
}

size_t sections_at(const struct document *doc, size_t p)
{
  for (size_t i = last_starting_by(doc, p); i != SECTIONS_NONE; i = i ? i - 1 : SECTIONS_NONE)
    if (doc->sections[i].last >= p)
      return i;
  return SECTIONS_NONE;
}

unsigned sections_chapter_level(const struct document *doc)
{
  unsigned count[DOC_SECTION_MAX_LEVEL + 1] = {0};
  for (size_t i = 0; i < doc->n_sections; i++)
    count[doc->sections[i].level]++;
  unsigned highest = 0;
  for (unsigned l = 1; l <= DOC_SECTION_MAX_LEVEL; l++) {
    if (count[l] > 1)
      return l;
    if (count[l] && !highest)
      highest = l;
  }
  return highest;
}

bool sections_chapter(const struct document *doc, size_t p, size_t *section, size_t *number,
                      size_t *count)
{
  unsigned level = sections_chapter_level(doc);
  size_t found = SECTIONS_NONE;
  for (size_t i = sections_at(doc, p); i != SECTIONS_NONE; i = i ? i - 1 : SECTIONS_NONE) {
    const struct doc_section *s = &doc->sections[i];
    if (s->level == level && s->first <= p && s->last >= p) {
      found = i;
      break;
    }
    if (s->level < level)
      break;
  }
  if (found == SECTIONS_NONE)
    return false;
  size_t n = 0, k = 0;
  for (size_t i = 0; i < doc->n_sections; i++)
    if (doc->sections[i].level == level) {
      n++;
      if (i == found)
        k = n;
    }
  *section = found;
  *number = k;
  *count = n;
  return true;
}

size_t sections_step(const struct document *doc, size_t p, int dir, unsigned max_level)
{
  if (dir > 0) {
    for (size_t i = 0; i < doc->n_sections; i++)
      if (doc->sections[i].first > p && doc->sections[i].level <= max_level)
        return i;
    return SECTIONS_NONE;
  }
  for (size_t i = doc->n_sections; i-- > 0;)
    if (doc->sections[i].first < p && doc->sections[i].level <= max_level)
      return i;
  return SECTIONS_NONE;
}

void sections_describe(const struct document *doc, size_t p, char *buf, size_t len)
{
  size_t s, number, count;
  if (len)
    buf[0] = '\0';
  if (!len || !sections_chapter(doc, p, &s, &number, &count) || count < 2)
    return;   /* one "chapter" is an article's headline, not a chapter */
  const struct doc_section *sec = &doc->sections[s];
  snprintf(buf, len, "chapter %zu of %zu, %s, paragraph %zu of %zu", number, count, sec->title,
           p - sec->first + 1, sec->last - sec->first + 1);
}
