/* lector segment's plain output on two threads (plain_output.h). */
#include "app/plain_output.h"

#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>

#include "text/span.h"

/* Paragraphs [first, last) of doc: a blank line before each but the document's first. */
static void print_paragraphs(FILE *f, const struct document *doc, size_t first, size_t last)
{
  for (size_t p = first; p < last; p++) {
    const struct doc_paragraph *para = &doc->paragraphs[p];
    if (p > 0)
      fputc('\n', f);
    for (size_t s = para->first_sentence; s < para->first_sentence + para->n_sentences; s++) {
      span_print_collapsed(f, doc->text, doc->sentences[s].start, doc->sentences[s].end);
      fputc('\n', f);
    }
  }
}

/* The end (a paragraph index) of the piece that begins at paragraph first: both threads cut the
 * document the same way. */
static size_t piece_end(const struct document *doc, size_t first)
{
  size_t limit = doc->paragraphs[first].start + PLAIN_OUTPUT_PIECE_BYTES, p = first + 1;
  while (p < doc->n_paragraphs && doc->paragraphs[p].start < limit)
    p++;
  return p;
}

/* The helper thread's odd pieces, handed over one at a time. */
struct helper {
  const struct document *doc;
  pthread_mutex_t lock;
  pthread_cond_t changed;
  bool ready;                  /* a piece waits for the caller in buf (NULL: it could not be
                                  formatted, the caller prints it) */
  char *buf;
  size_t len;
};

static void *helper_main(void *arg)
{
  struct helper *h = arg;
  const struct document *doc = h->doc;
  size_t first = 0;
  for (bool odd = false; first < doc->n_paragraphs; odd = !odd) {
    size_t last = piece_end(doc, first);
    if (odd) {
      char *buf = NULL;
      size_t len = 0;
      FILE *f = open_memstream(&buf, &len);
      if (f) {
        print_paragraphs(f, doc, first, last);
        if (fclose(f) != 0) {
          free(buf);
          buf = NULL;
        }
      }
      pthread_mutex_lock(&h->lock);
      while (h->ready)
        pthread_cond_wait(&h->changed, &h->lock);
      h->buf = buf;
      h->len = len;
      h->ready = true;
      pthread_cond_signal(&h->changed);
      pthread_mutex_unlock(&h->lock);
    }
    first = last;
  }
  return NULL;
}

/* Writes the helper's next piece, [first, last), to out: its buffer, or the piece itself when
 * the helper could not format it. */
static void write_helper_piece(FILE *out, struct helper *h, size_t first, size_t last)
{
  pthread_mutex_lock(&h->lock);
  while (!h->ready)
    pthread_cond_wait(&h->changed, &h->lock);
  char *buf = h->buf;
  size_t len = h->len;
  h->ready = false;
  pthread_cond_signal(&h->changed);
  pthread_mutex_unlock(&h->lock);
  if (buf)
    fwrite(buf, 1, len, out);
  else
    print_paragraphs(out, h->doc, first, last);
  free(buf);
}

void plain_output_print(FILE *out, const struct document *doc)
{
  struct helper h = {.doc = doc, .lock = PTHREAD_MUTEX_INITIALIZER,
                     .changed = PTHREAD_COND_INITIALIZER};
  pthread_t thread;
  if (doc->len < PLAIN_OUTPUT_THREADED_BYTES || doc->n_paragraphs == 0 ||
      piece_end(doc, 0) == doc->n_paragraphs ||
      pthread_create(&thread, NULL, helper_main, &h) != 0) {
    print_paragraphs(out, doc, 0, doc->n_paragraphs);
    return;
  }
  size_t first = 0;
  for (bool odd = false; first < doc->n_paragraphs; odd = !odd) {
    size_t last = piece_end(doc, first);
    if (odd)
      write_helper_piece(out, &h, first, last);
    else
      print_paragraphs(out, doc, first, last);
    first = last;
  }
  pthread_join(thread, NULL);
}
