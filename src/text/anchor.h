/* A reading place that can be found again after the document was edited (the resume position).
 *
 * Besides the place itself (a paragraph and a sentence in it), an anchor names the innermost
 * section holding the paragraph (its title and index), the paragraph's offset within that
 * section, and a fingerprint of the paragraph's text and of the sentence's. A chapter that gained
 * paragraphs before the place, or a book that gained a chapter, still leads back to the same
 * words. Pure functions of the document. */
#ifndef LECTOR_TEXT_ANCHOR_H
#define LECTOR_TEXT_ANCHOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "text/document.h"

#define ANCHOR_TITLE_MAX 128   /* bytes kept of a section title, NUL included */

struct doc_anchor {
  size_t paragraph;             /* 0-based, in the whole document */
  size_t sentence;              /* 0-based, within the paragraph */
  bool has_prints;              /* the two prints are known (older state files have none) */
  uint64_t paragraph_print, sentence_print;   /* anchor_print() of their text */
  bool has_section;             /* the paragraph is in a section (not before the first) */
  size_t section;               /* index into doc->sections */
  size_t section_offset;        /* the paragraph's distance from the section's first one */
  char section_title[ANCHOR_TITLE_MAX];   /* cut at a whole character when longer */
};

/* The fingerprint of text: a 64-bit FNV-1a hash of it with runs of white space read as one
 * space and the ends trimmed, so that text wrapped anew keeps its print. */
uint64_t anchor_print(const char *text, size_t len);

/* The anchor of global sentence index sentence (< doc->n_sentences) in a segmented document. */
void anchor_make(const struct document *doc, size_t sentence, struct doc_anchor *out);

/* Where the anchor leads in doc (segmented, at least one paragraph): a global sentence index.
 * The saved paragraph when its print still matches (or no print was saved); else, within the
 * section of the same title (the nearest by index when titles repeat; the whole document when
 * none has it), the paragraph with the same print nearest its old offset, else the sentence
 * with the same print, else the same offset, cut to the section's length. */
size_t anchor_find(const struct document *doc, const struct doc_anchor *anchor);

/* A bookmark's lighter anchor: the print of sentence s (< doc->n_sentences). */
uint64_t anchor_sentence_print(const struct document *doc, size_t s);

/* Where n bookmarks lead in doc, in place: sentences[i], saved with prints[i], stays while its
 * print still matches, else moves to the sentence with that print nearest it, else stays (it
 * may then be past the end: the caller drops such bookmarks). Returns 0 or -ENOMEM. */
int anchor_find_sentences(const struct document *doc, size_t n, size_t *sentences,
                          const uint64_t *prints);

#endif
