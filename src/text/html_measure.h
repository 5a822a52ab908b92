/* Per-element figures for article extraction (html_extract.c, html_clean.c): text and link
 * lengths, commas and counts of the blocks inside, computed bottom-up in one walk, and the
 * score an element earns as a candidate. Kept in a side table reached through xmlNode._private,
 * which libxml2's HTML parser leaves unused. */
#ifndef LECTOR_TEXT_HTML_MEASURE_H
#define LECTOR_TEXT_HTML_MEASURE_H

#include <stdbool.h>
#include <stdint.h>
#include <stddef.h>

#include <libxml/tree.h>

struct html_rec {
  /* 32 bits: a page is at most LOADER_MAX_INPUT_BYTES (64 MB), and every element of the body
   * has a record (a fifth less memory than with size_t). */
  uint32_t text;              /* characters of text, white space runs counted once */
  uint32_t link;              /* of which inside links (links to a place in the page: 3/10) */
  uint32_t heading;           /* of which inside headings */
  uint32_t commas;
  unsigned p, img, li, input, embed;   /* elements of these kinds inside (p: paragraph-like) */
  bool has_block;             /* holds a block (div, p, list, table, image …) */
  bool para;                  /* a div read as a paragraph (only inline content) */
  bool scored;                /* score initialised: a candidate */
  unsigned char within;       /* html_clean's HTML_IN_* bits: what the element is inside
                                 (set top-down once, so no check walks to the root) */
  unsigned char below;        /* and what its children are inside: within and itself */
  double score;
};

struct html_recs {
  struct html_rec *v;         /* owned */
  size_t n, cap;
  bool oom;                   /* an allocation failed: figures are incomplete */
};

/* The record of element n, created (zeroed) on first use; a static dummy when out of memory
 * (recs->oom is then set). */
struct html_rec *html_rec(struct html_recs *recs, xmlNode *n);
void html_recs_free(struct html_recs *recs);

/* Decides, once n's children are measured (rec final), whether to unlink and free n. */
typedef bool (*html_drop_fn)(void *ctx, xmlNode *n, const struct html_rec *rec);

/* Measures the subtree at top bottom-up (iterative: depth costs no stack). When drop is not
 * NULL it is asked about every element below top after its children, and what it drops is
 * removed and not counted in its ancestors. */
void html_measure(struct html_recs *recs, xmlNode *top, html_drop_fn drop, void *ctx);

/* The length of the text under top as Readability measures an article: white space runs
 * count one, none at either end, characters counted as UTF-16 units. One walk: for a decision
 * taken once, not for scoring. */
size_t html_text_length(xmlNode *top);

/* Link characters per text character of rec (0 when it has no text). */
double html_link_density(const struct html_rec *rec);

/* The next node of a depth-first walk of the subtree at top, not entering n's children when
 * descend is false; NULL at the end. Iterative walks with it cost no stack at any depth. */
xmlNode *html_next(xmlNode *n, const xmlNode *top, bool descend);

/* Removes n from its tree and frees it. */
void html_drop(xmlNode *n);

#endif
