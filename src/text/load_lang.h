/* Languages that elements state inside a document being loaded (HTML lang= and xml:lang= on any
 * element): while the loader walks, the text is cut into runs, each in one language; once the
 * text is built, each paragraph takes the language of most of its text (when an element stated
 * it) and the runs in another language inside it become the document's lang spans
 * (document.h). The language in force where the walk starts (the page's <html lang>) is the
 * document's: its runs mark nothing, so that detection may still judge those paragraphs. */
#ifndef LECTOR_TEXT_LOAD_LANG_H
#define LECTOR_TEXT_LOAD_LANG_H

#include <stddef.h>

#include "text/document.h"

#define LOAD_LANG_TAG_MAX 36

struct load_lang_run {
  size_t start;                     /* where the run starts in the text being built */
  char tag[LOAD_LANG_TAG_MAX];      /* "" for the language in force at the start */
};

struct load_lang_frame {
  const void *node;                 /* the element that stated a language */
  char outer[LOAD_LANG_TAG_MAX];    /* the language around it */
};

struct load_langs {
  char base[LOAD_LANG_TAG_MAX];     /* in force where the walk starts ("" when unknown) */
  struct load_lang_run *runs;       /* owned; starts non-decreasing */
  size_t n_runs, cap_runs;
  struct load_lang_frame *stack;    /* owned; the open elements that stated a language */
  size_t depth, cap_stack;
};

/* Starts with base (may be NULL) in force. */
void load_langs_init(struct load_langs *ll, const char *base);
void load_langs_free(struct load_langs *ll);

/* Element node, stating language tag (ignored unless a valid BCP 47 tag), opens at offset of the
 * text being built. Returns 0 or -ENOMEM. */
int load_langs_enter(struct load_langs *ll, const void *node, const char *tag, size_t offset);
/* Element node closes at offset; nothing when it did not state a language. Returns 0 or
 * -ENOMEM. */
int load_langs_leave(struct load_langs *ll, const void *node, size_t offset);

/* Gives doc's paragraphs (text built) their stated languages and adds the lang spans.
 * Returns 0 or -ENOMEM. */
int load_langs_apply(const struct load_langs *ll, struct document *doc);

#endif
