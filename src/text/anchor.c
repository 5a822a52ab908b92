/* Reading places that survive edits (see anchor.h). */
#include "text/anchor.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "text/decode.h"
#include "text/section.h"

#define FNV_OFFSET 0xcbf29ce484222325ull
#define FNV_PRIME 0x100000001b3ull

static bool is_space(unsigned char c)
{
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

uint64_t anchor_print(const char *text, size_t len)
{
  uint64_t h = FNV_OFFSET;
  bool space = false, started = false;
  for (size_t i = 0; i < len; i++) {
    unsigned char c = (unsigned char)text[i];
    if (is_space(c)) {
      space = started;
      continue;
    }
    if (space) {
      h = (h ^ ' ') * FNV_PRIME;
      space = false;
    }
    h = (h ^ c) * FNV_PRIME;
    started = true;
  }
  return h;
}

static uint64_t paragraph_print(const struct document *doc, size_t p)
{
  const struct doc_paragraph *para = &doc->paragraphs[p];
  return anchor_print(doc->text + para->start, para->end - para->start);
}

uint64_t anchor_sentence_print(const struct document *doc, size_t s)
{
  const struct doc_sentence *sen = &doc->sentences[s];
  return anchor_print(doc->text + sen->start, sen->end - sen->start);
}

void anchor_make(const struct document *doc, size_t sentence, struct doc_anchor *out)
{
  memset(out, 0, sizeof *out);
  size_t p = document_paragraph_of(doc, sentence);
  out->paragraph = p;
  out->sentence = sentence - doc->paragraphs[p].first_sentence;
  out->has_prints = true;
  out->paragraph_print = paragraph_print(doc, p);
  out->sentence_print = anchor_sentence_print(doc, sentence);
  size_t s = sections_at(doc, p);
  if (s == SECTIONS_NONE)
    return;
  const struct doc_section *sec = &doc->sections[s];
  out->has_section = true;
  out->section = s;
  out->section_offset = p - sec->first;
  size_t n = strlen(sec->title);
  if (n >= ANCHOR_TITLE_MAX)
    n = decode_utf8_whole_len(sec->title, ANCHOR_TITLE_MAX - 1);
  memcpy(out->section_title, sec->title, n);
  out->section_title[n] = '\0';
}

/* The global index of sentence k of paragraph p, k cut to the paragraph's sentences. */
static size_t sentence_at(const struct document *doc, size_t p, size_t k)
{
  const struct doc_paragraph *para = &doc->paragraphs[p];
  if (k >= para->n_sentences)
    k = para->n_sentences ? para->n_sentences - 1 : 0;
  return para->first_sentence + k;
}

/* A saved title cut at ANCHOR_TITLE_MAX (at a whole character: up to 3 bytes short of it)
 * matches every title it begins. */
static bool title_matches(const char *title, const char *saved)
{
  size_t n = strlen(saved);
  return strncmp(title, saved, n) == 0 && (title[n] == '\0' || n + 4 >= ANCHOR_TITLE_MAX);
}

static size_t distance(size_t a, size_t b)
{
  return a > b ? a - b : b - a;
}

/* The section titled as the anchor's, nearest its old index; SECTIONS_NONE when none is. */
static size_t find_section(const struct document *doc, const struct doc_anchor *a)
{
  size_t best = SECTIONS_NONE;
  for (size_t i = 0; i < doc->n_sections; i++)
    if (title_matches(doc->sections[i].title, a->section_title) &&
        (best == SECTIONS_NONE || distance(i, a->section) < distance(best, a->section)))
      best = i;
  return best;
}

/* The paragraph in [lo, hi] whose print is print, nearest expect (the earlier on a tie);
 * SIZE_MAX when none. */
static size_t nearest_paragraph(const struct document *doc, size_t lo, size_t hi,
                                size_t expect, uint64_t print)
{
  for (size_t d = 0; d <= hi - lo; d++) {
    if (expect >= lo + d && paragraph_print(doc, expect - d) == print)
      return expect - d;
    if (expect + d <= hi && paragraph_print(doc, expect + d) == print)
      return expect + d;
  }
  return SIZE_MAX;
}

/* The sentence of paragraphs [lo, hi] whose print is print, nearest the first sentence of
 * paragraph expect; SIZE_MAX when none. */
static size_t nearest_sentence(const struct document *doc, size_t lo, size_t hi, size_t expect,
                               uint64_t print)
{
  size_t first = doc->paragraphs[lo].first_sentence;
  size_t last = doc->paragraphs[hi].first_sentence + doc->paragraphs[hi].n_sentences;
  size_t centre = doc->paragraphs[expect].first_sentence;
  size_t best = SIZE_MAX;
  for (size_t s = first; s < last && s < doc->n_sentences; s++)
    if (anchor_sentence_print(doc, s) == print &&
        (best == SIZE_MAX || distance(s, centre) < distance(best, centre)))
      best = s;
  return best;
}

/* Paragraph p still is the anchor's: the same text in a section of the same title (a short
 * paragraph such as "* * *" recurs in other chapters). */
static bool same_place(const struct document *doc, size_t p, const struct doc_anchor *a)
{
  if (paragraph_print(doc, p) != a->paragraph_print)
    return false;
  size_t s = sections_at(doc, p);
  if (!a->has_section)
    return s == SECTIONS_NONE;
  return s != SECTIONS_NONE && title_matches(doc->sections[s].title, a->section_title);
}

size_t anchor_find(const struct document *doc, const struct doc_anchor *a)
{
  size_t n = doc->n_paragraphs;
  if (a->paragraph < n && (!a->has_prints || same_place(doc, a->paragraph, a)))
    return sentence_at(doc, a->paragraph, a->sentence);
  if (!a->has_prints)   /* an older state file past the end: the last paragraph */
    return sentence_at(doc, n - 1, 0);
  /* Where to look: the section of that title, else the whole document. */
  size_t lo = 0, hi = n - 1, expect = a->paragraph < n ? a->paragraph : n - 1;
  size_t s = a->has_section ? find_section(doc, a) : SECTIONS_NONE;
  if (s != SECTIONS_NONE) {
    lo = doc->sections[s].first;
    hi = doc->sections[s].last;
    expect = a->section_offset <= hi - lo ? lo + a->section_offset : hi;
  }
  size_t p = nearest_paragraph(doc, lo, hi, expect, a->paragraph_print);
  if (p != SIZE_MAX)
    return sentence_at(doc, p, a->sentence);
  size_t sentence = nearest_sentence(doc, lo, hi, expect, a->sentence_print);
  if (sentence != SIZE_MAX)
    return sentence;
  return sentence_at(doc, expect, a->sentence);
}

/* The sentence of print `print` nearest index `near` among the n of prints; SIZE_MAX when none. */
static size_t nearest_print(const uint64_t *prints, size_t n, size_t near, uint64_t print)
{
  size_t best = SIZE_MAX;
  for (size_t s = 0; s < n; s++)
    if (prints[s] == print && (best == SIZE_MAX || distance(s, near) < distance(best, near)))
      best = s;
  return best;
}

int anchor_find_sentences(const struct document *doc, size_t n, size_t *sentences,
                          const uint64_t *prints)
{
  uint64_t *all = NULL;   /* every sentence's print, made at the first bookmark that moved */
  for (size_t i = 0; i < n; i++) {
    size_t s = sentences[i];
    if (s < doc->n_sentences && anchor_sentence_print(doc, s) == prints[i])
      continue;
    if (!all) {
      if (!(all = malloc(doc->n_sentences * sizeof *all + 1)))
        return -ENOMEM;
      for (size_t k = 0; k < doc->n_sentences; k++)
        all[k] = anchor_sentence_print(doc, k);
    }
    size_t found = nearest_print(all, doc->n_sentences, s, prints[i]);
    if (found != SIZE_MAX)
      sentences[i] = found;
  }
  free(all);
  return 0;
}
