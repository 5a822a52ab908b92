/* segment_document (segmenter.h) on two threads for a large document: its paragraphs are cut in
 * two halves of about equal text, each half segmented into sentences of its own, and the halves
 * joined. The sentences and paragraphs are those of one thread: the segmenter reads one
 * paragraph at a time and keeps nothing from one to the next. */
#ifndef LECTOR_TEXT_DOCUMENT_SEGMENT_H
#define LECTOR_TEXT_DOCUMENT_SEGMENT_H

#include "text/document.h"

/* Smaller documents are segmented on the caller's thread alone. */
#define DOCUMENT_SEGMENT_SPLIT_BYTES (1024 * 1024)

/* segment_document(doc), on two threads when doc is large. Returns 0 or -ENOMEM. */
int document_segment(struct document *doc);

#endif
