/* Rule-based English sentence segmentation over byte spans. */
#ifndef LECTOR_TEXT_SEGMENTER_H
#define LECTOR_TEXT_SEGMENTER_H

#include <stddef.h>

#include "text/document.h"

/* No sentence is longer than this many bytes: a longer run is cut at a clause boundary, else at
 * a word boundary, so that speech always gets a bounded piece. */
#define SEGMENT_MAX_SENTENCE_BYTES 400

/* Called once per sentence found, in order, with a span trimmed of outer whitespace.
 * Return non-zero to stop; that value is returned by segment_text(). */
typedef int (*segment_sentence_fn)(void *user, size_t start, size_t end);

/* Splits text[start, end) into sentences. */
int segment_text(const char *text, size_t start, size_t end, segment_sentence_fn fn, void *user);

/* Segments every paragraph of doc (which must have no sentences yet), filling doc->sentences and
 * each paragraph's first_sentence/n_sentences. A paragraph of kind DOC_CODE is one sentence.
 * Returns 0 or -ENOMEM. */
int segment_document(struct document *doc);

#endif
