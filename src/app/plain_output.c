/* lector segment's plain output on two threads (plain_output.h). */
#include "app/plain_output.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "text/span.h"
#include "util/grow.h"

/* The end (a paragraph index) of the piece that begins at paragraph first: both threads cut the
 * document the same way. */
static size_t piece_end(const struct document *doc, size_t first)
{
  size_t limit = doc->paragraphs[first].start + PLAIN_OUTPUT_PIECE_BYTES, p = first + 1;
  while (p < doc->n_paragraphs && doc->paragraphs[p].start < limit)
    p++;
  return p;
}

/* A piece formatted in memory: grown as needed, then handed back and forth. */
struct piece {
  char *p;
  size_t len, cap;
  bool failed;                 /* memory ran out: the caller prints the piece itself */
};

static void piece_put(void *user, const char *s, size_t n)
{
  struct piece *b = user;
  if (b->failed || (b->len + n > b->cap && grow_for((void **)&b->p, &b->cap, b->len + n - 1, 1,
                                                    PLAIN_OUTPUT_PIECE_BYTES * 5 / 4))) {
    b->failed = true;
    return;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
}

/* A newline to f or, when f is NULL, into b. */
static void put_newline(FILE *f, struct piece *b)
{
  if (f)
    fputc('\n', f);
  else
    piece_put(b, "\n", 1);
}

/* Paragraphs [first, last) of doc, to f or, when f is NULL, into b (emptied first): a blank line
 * before each but the document's first. */
static void emit_paragraphs(FILE *f, struct piece *b, const struct document *doc, size_t first,
                            size_t last)
{
  if (!f) {
    b->len = 0;
    b->failed = false;
  }
  for (size_t p = first; p < last; p++) {
    const struct doc_paragraph *para = &doc->paragraphs[p];
    if (p > 0)
      put_newline(f, b);
    for (size_t s = para->first_sentence; s < para->first_sentence + para->n_sentences; s++) {
      const struct doc_sentence *ds = &doc->sentences[s];
      if (f)
        span_print_collapsed(f, doc->text, ds->start, ds->end);
      else
        span_for_each_piece(doc->text, ds->start, ds->end, piece_put, b);
      put_newline(f, b);
    }
  }
}

/* The helper thread's odd pieces, handed over one at a time; two buffers take turns. */
struct helper {
  const struct document *doc;
  pthread_mutex_t lock;
  pthread_cond_t changed;
  struct piece *ready;         /* formatted, for the caller to write; NULL: none yet */
  struct piece *spare;         /* written out, for the helper to fill again */
  struct piece bufs[2];
};

static void *helper_main(void *arg)
{
  struct helper *h = arg;
  const struct document *doc = h->doc;
  struct piece *b = &h->bufs[0];
  size_t first = 0;
  for (bool odd = false; first < doc->n_paragraphs; odd = !odd) {
    size_t last = piece_end(doc, first);
    if (odd) {
      emit_paragraphs(NULL, b, doc, first, last);
      pthread_mutex_lock(&h->lock);
      while (h->ready)
        pthread_cond_wait(&h->changed, &h->lock);
      h->ready = b;
      pthread_cond_broadcast(&h->changed);
      while (!h->spare)        /* the other buffer, once the caller has written it */
        pthread_cond_wait(&h->changed, &h->lock);
      b = h->spare;
      h->spare = NULL;
      pthread_mutex_unlock(&h->lock);
    }
    first = last;
  }
  return NULL;
}

/* Writes the helper's next piece, [first, last), to out: its buffer, or the piece itself when
 * the helper ran out of memory. */
static void write_helper_piece(FILE *out, struct helper *h, size_t first, size_t last)
{
  pthread_mutex_lock(&h->lock);
  while (!h->ready)
    pthread_cond_wait(&h->changed, &h->lock);
  struct piece *b = h->ready;
  h->ready = NULL;
  pthread_cond_broadcast(&h->changed);
  pthread_mutex_unlock(&h->lock);
  if (b->failed)
    emit_paragraphs(out, NULL, h->doc, first, last);
  else
    fwrite(b->p, 1, b->len, out);
  pthread_mutex_lock(&h->lock);
  h->spare = b;
  pthread_cond_broadcast(&h->changed);
  pthread_mutex_unlock(&h->lock);
}

void plain_output_print(FILE *out, const struct document *doc)
{
  struct helper h = {.doc = doc, .lock = PTHREAD_MUTEX_INITIALIZER,
                     .changed = PTHREAD_COND_INITIALIZER};
  h.spare = &h.bufs[1];        /* the helper fills bufs[0] first */
  pthread_t thread;
  if (doc->len < PLAIN_OUTPUT_THREADED_BYTES || doc->n_paragraphs == 0 ||
      piece_end(doc, 0) == doc->n_paragraphs ||
      pthread_create(&thread, NULL, helper_main, &h) != 0) {
    emit_paragraphs(out, NULL, doc, 0, doc->n_paragraphs);
    return;
  }
  size_t first = 0;
  for (bool odd = false; first < doc->n_paragraphs; odd = !odd) {
    size_t last = piece_end(doc, first);
    if (odd)
      write_helper_piece(out, &h, first, last);
    else
      emit_paragraphs(out, NULL, doc, first, last);
    first = last;
  }
  pthread_join(thread, NULL);
  free(h.bufs[0].p);
  free(h.bufs[1].p);
}
