/* The lexicon parser on arbitrary bytes, then lookups of every token of the input (and of a few
 * fixed words) and the speech text of a fixed sentence with the parsed lexicon. */
#include <string.h>

#include "fuzz_common.h"
#include "text/lexicon.h"
#include "text/loader.h"
#include "text/speech_text.h"

static const char sentence[] =
  "The NHS and Ofcom said, e.g. in 2024, that Dr Smith's café — \"lector\" — costs £3.50 [4].";

static void on_warning(void *user, const char *source, unsigned line, const char *why)
{
  size_t *lines = user;
  if (!source || !why || line < 1 || line > *lines)
    fuzz_fail("warning without source/reason or with a line out of range", line, *lines);
  (void)strlen(source);
  (void)strlen(why);
}

/* Set when the input is valid UTF-8: then so must be every replacement and speech text. */
static int input_utf8;

static void lookup(const struct lexicon *lex, const char *w, size_t len)
{
  const char *r = lexicon_lookup(lex, w, len);
  if (r && input_utf8 && !fuzz_valid_utf8(r, strlen(r)))
    fuzz_fail("replacement is not valid UTF-8", len, 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  size_t lines = 1;
  for (size_t i = 0; i < size; i++)
    lines += data[i] == '\n';
  input_utf8 = fuzz_valid_utf8((const char *)data, size);
  struct lexicon *lex = NULL;
  int rc = lexicon_parse((const char *)data, size, "fuzz", on_warning, &lines, &lex);
  if (rc != 0) {
    lexicon_free(lex);
    return 0;
  }
  if (!lex)
    return 0;   /* an empty lexicon may be NULL */

  /* Every run of non-space bytes, and every run of letters, is looked up. */
  const char *s = (const char *)data;
  size_t i = 0;
  while (i < size) {
    while (i < size && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '=' || s[i] == '\r'))
      i++;
    size_t start = i;
    while (i < size && !(s[i] == ' ' || s[i] == '\n' || s[i] == '\t' || s[i] == '=' || s[i] == '\r'))
      i++;
    if (i > start)
      lookup(lex, s + start, i - start);
  }
  lookup(lex, "NHS", 3);
  lookup(lex, "", 0);
  (void)lexicon_spells_acronyms(lex);

  struct document *doc = NULL;
  if (document_load_buffer(sentence, sizeof sentence - 1, INPUT_TXT, "fuzz", &doc) == 0) {
    struct speech_text st = {0};
    for (size_t k = 0; k < doc->n_sentences; k++) {
      if (speech_text_build(doc, k, lex, &st) == 0) {
        if (!st.text || st.text[st.len] != '\0' ||
            (input_utf8 && !fuzz_valid_utf8(st.text, st.len)))
          fuzz_fail("speech text broken by the lexicon", k, st.len);
        for (size_t w = 0; w < st.n_words; w++)
          if (st.words[w].speech_end > st.len || st.words[w].speech_start > st.words[w].speech_end)
            fuzz_fail("word outside the speech text", w, st.words[w].speech_end);
      }
    }
    speech_text_free(&st);
  }
  document_free(doc);
  lexicon_free(lex);
  return 0;
}
