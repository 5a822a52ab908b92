/* The speech-text normaliser: loads the input as a document (the first byte picks txt, md or
 * html), then builds the speech text of every sentence without and with a lexicon, checking the
 * word map; also speech_text_from_string on the input. No espeak-ng call. */
#include <stdlib.h>
#include <string.h>

#include "fuzz_common.h"
#include "text/lexicon.h"
#include "text/loader.h"
#include "text/speech_text.h"

static const char lexicon_text[] =
  "# a lexicon touching every feature of lexicon.h\n"
  "NHS = N H S\n"
  "=US = United States\n"
  "lector = lecktor\n"
  "Ofcom = [['0fk0m]]\n"
  "e.g. = for example\n"
  "Dr = doctor\n"
  "caf\xc3\xa9 = caff ay\n"
  "smith = [[sm'IT]] the elder\n"
  "@spell-acronyms = yes\n";

static struct lexicon *lexicon;

static void quiet(void *user, const char *source, unsigned line, const char *why)
{
  (void)user, (void)source, (void)line, (void)why;
}

/* doc NULL: st comes from speech_text_from_string(), valid UTF-8 only when its input was. */
static void check(const struct document *doc, size_t s, const struct speech_text *st, int utf8)
{
  if (!st->text || st->text[st->len] != '\0')
    fuzz_fail("speech text not NUL-terminated", s, st->len);
  if (utf8 && !fuzz_valid_utf8(st->text, st->len))
    fuzz_fail("speech text is not valid UTF-8", s, st->len);
  const struct doc_sentence *sent = doc ? &doc->sentences[s] : NULL;
  size_t prev_doc = sent ? sent->start : 0, prev_speech = 0;
  for (size_t w = 0; w < st->n_words; w++) {
    const struct speech_word *word = &st->words[w];
    if (word->speech_start > word->speech_end || word->speech_end > st->len)
      fuzz_fail("word outside the speech text", w, word->speech_end);
    if (word->speech_start < prev_speech)
      fuzz_fail("words overlap in the speech text", w, word->speech_start);
    prev_speech = word->speech_end;
    if (!sent)
      continue;
    if (word->doc_start >= word->doc_end || word->doc_start < prev_doc ||
        word->doc_end > sent->end)
      fuzz_fail("word outside its sentence or overlapping", w, word->doc_start);
    prev_doc = word->doc_end;
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  if (!lexicon && lexicon_parse(lexicon_text, sizeof lexicon_text - 1, "fuzz", quiet, NULL,
                                &lexicon) != 0)
    lexicon = NULL;
  if (size < 1)
    return 0;
  static const enum input_format formats[] = {INPUT_TXT, INPUT_MD, INPUT_HTML};
  enum input_format fmt = formats[data[0] % 3];
  struct speech_text st = {0};

  struct document *doc = NULL;
  if (document_load_buffer((const char *)data + 1, size - 1, fmt, "fuzz", &doc) == 0) {
    for (size_t s = 0; s < doc->n_sentences; s++) {
      if (speech_text_build(doc, s, NULL, &st) == 0)
        check(doc, s, &st, 1);
      if (lexicon && speech_text_build(doc, s, lexicon, &st) == 0)
        check(doc, s, &st, 1);
    }
  }
  document_free(doc);

  char *s = malloc(size);
  if (s) {
    memcpy(s, data + 1, size - 1);
    s[size - 1] = '\0';
    if (speech_text_from_string(s, &st) == 0)
      check(NULL, 0, &st, fuzz_valid_utf8(s, strlen(s)));
    free(s);
  }
  speech_text_free(&st);
  return 0;
}
