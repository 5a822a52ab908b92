/* PLACEHOLDER segmenter (replaced by the segmentation work): splits after . ! ? and space. */
#include "text/segmenter.h"

#include <ctype.h>

static int is_space(char c)
{
  return c == ' ' || c == '\n' || c == '\r' || c == '\t';
}

int segment_text(const char *text, size_t start, size_t end, segment_sentence_fn fn, void *user)
{
  size_t s = start;
  for (size_t i = start; i < end; i++) {
    char c = text[i];
    if ((c == '.' || c == '!' || c == '?') && (i + 1 == end || is_space(text[i + 1]))) {
      while (s < i && is_space(text[s]))
        s++;
      int rc = fn(user, s, i + 1);
      if (rc)
        return rc;
      s = i + 1;
    }
  }
  while (s < end && is_space(text[s]))
    s++;
  size_t e = end;
  while (e > s && is_space(text[e - 1]))
    e--;
  if (e > s)
    return fn(user, s, e);
  return 0;
}

static int add_sentence(void *user, size_t start, size_t end)
{
  return document_add_sentence(user, start, end);
}

int segment_document(struct document *doc)
{
  for (size_t p = 0; p < doc->n_paragraphs; p++) {
    struct doc_paragraph *para = &doc->paragraphs[p];
    para->first_sentence = doc->n_sentences;
    int rc = segment_text(doc->text, para->start, para->end, add_sentence, doc);
    if (rc)
      return rc;
    para->n_sentences = doc->n_sentences - para->first_sentence;
  }
  return 0;
}
