/* The language of each word of a speech text (speech_text_mark_langs in speech_text.h). */
#include "text/speech_text.h"

void speech_text_mark_langs(const struct document *doc, size_t sentence, struct speech_text *st)
{
  unsigned para_lang = doc->paragraphs[document_paragraph_of(doc, sentence)].lang;
  size_t sp = document_lang_span_after(doc, doc->sentences[sentence].start);
  for (size_t i = 0; i < st->n_words; i++) {
    struct speech_word *w = &st->words[i];
    while (sp < doc->n_lang_spans && doc->lang_spans[sp].end <= w->doc_start)
      sp++;
    bool in_span = sp < doc->n_lang_spans && doc->lang_spans[sp].start <= w->doc_start;
    w->lang = in_span ? doc->lang_spans[sp].lang : para_lang;
  }
}
