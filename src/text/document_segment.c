/* segment_document on two threads (document_segment.h). */
#include "text/document_segment.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "text/segmenter.h"
#include "util/bisect.h"

struct second_half {
  struct document part;        /* doc's text and languages over its later paragraphs; its own
                                  sentences */
  int rc;
};

static void *segment_second_half(void *arg)
{
  struct second_half *h = arg;
  h->rc = segment_document(&h->part);
  return NULL;
}

static bool starts_before_middle(const void *ctx, size_t i)
{
  const struct document *doc = ctx;
  return doc->paragraphs[i].start < doc->len / 2;
}

/* Appends the second half's sentences to doc's and its paragraphs (kept where segment_document
 * left them, from paragraph cut on) after doc's, their sentence indices shifted. */
static int join_halves(struct document *doc, const struct document *part)
{
  size_t before = doc->n_sentences;
  int rc = document_append_sentences(doc, part->sentences, part->n_sentences);
  if (rc)
    return rc;
  /* doc's half kept at most cut paragraphs: each moves down to its place, never past one not
   * yet moved. */
  for (size_t p = 0; p < part->n_paragraphs; p++) {
    struct doc_paragraph para = part->paragraphs[p];
    para.first_sentence += before;
    doc->paragraphs[doc->n_paragraphs + p] = para;
  }
  doc->n_paragraphs += part->n_paragraphs;
  return 0;
}

int document_segment(struct document *doc)
{
  size_t cut = doc->len < DOCUMENT_SEGMENT_SPLIT_BYTES
                 ? 0 : bisect(doc->n_paragraphs, starts_before_middle, doc);
  document_reserve_sentences(doc, doc->len);     /* the second half's too, joined below */
  if (cut == 0 || cut >= doc->n_paragraphs)
    return segment_document(doc);
  struct second_half h = {.part = *doc};
  h.part.paragraphs = doc->paragraphs + cut;
  h.part.n_paragraphs = h.part.cap_paragraphs = doc->n_paragraphs - cut;
  h.part.sentences = NULL;
  h.part.n_sentences = h.part.cap_sentences = 0;
  document_reserve_sentences(&h.part, doc->len - doc->paragraphs[cut].start);
  pthread_t thread;
  if (pthread_create(&thread, NULL, segment_second_half, &h) != 0)
    return segment_document(doc);
  doc->n_paragraphs = cut;
  int rc = segment_document(doc);
  pthread_join(thread, NULL);
  rc = rc ? rc : h.rc;
  if (!rc)
    rc = join_halves(doc, &h.part);
  free(h.part.sentences);
  return rc;
}
