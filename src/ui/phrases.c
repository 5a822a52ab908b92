#include "ui/phrases.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <utf8proc.h>

#include "text/document.h"

void phrases_where(const struct document *doc, size_t sentence, char *buf, size_t len)
{
  if (sentence >= doc->n_sentences)
    sentence = doc->n_sentences ? doc->n_sentences - 1 : 0;
  size_t para = doc->n_sentences ? document_paragraph_of(doc, sentence) : 0;
  size_t in_para = doc->n_paragraphs ? sentence - doc->paragraphs[para].first_sentence : 0;
  size_t n_in_para = doc->n_paragraphs ? doc->paragraphs[para].n_sentences : 0;
  int percent = doc->n_sentences ? (int)(sentence * 100 / doc->n_sentences) : 0;
  snprintf(buf, len, "paragraph %zu of %zu, sentence %zu of %zu, %d percent", para + 1,
           doc->n_paragraphs, in_para + 1, n_in_para, percent);
}

void phrases_spell(const char *word, size_t len, char *buf, size_t buf_len)
{
  size_t o = 0;
  if (buf_len == 0)
    return;
  buf[0] = '\0';
  size_t i = 0;
  while (i < len) {
    utf8proc_int32_t cp;
    utf8proc_ssize_t n = utf8proc_iterate((const utf8proc_uint8_t *)word + i,
                                          (utf8proc_ssize_t)(len - i), &cp);
    if (n <= 0) {
      i++;
      continue;
    }
    i += (size_t)n;
    utf8proc_category_t cat = utf8proc_category(cp);
    bool letter = cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
    bool digit = cat == UTF8PROC_CATEGORY_ND;
    if (!letter && !digit)
      continue;
    utf8proc_uint8_t enc[4];
    utf8proc_ssize_t m = utf8proc_encode_char(utf8proc_toupper(cp), enc);
    if (o + (size_t)m + 3 >= buf_len)
      break;
    if (o) {
      buf[o++] = ',';
      buf[o++] = ' ';
    }
    memcpy(buf + o, enc, (size_t)m);
    o += (size_t)m;
    buf[o] = '\0';
  }
}
