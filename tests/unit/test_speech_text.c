/* Speech text: normalisation and the mapping of display words onto it. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/document.h"
#include "text/lexicon.h"
#include "text/segmenter.h"
#include "text/speech_text.h"

static struct document *make_doc(const char *text, enum doc_kind kind)
{
  struct document *doc = document_new(strdup(text), strlen(text));
  assert_non_null(doc);
  assert_int_equal(document_add_paragraph(doc, kind, 0, strlen(text)), 0);
  assert_int_equal(segment_document(doc), 0);
  return doc;
}

/* The speech text of the first sentence of text, checking the word map on the way. */
static char *speech(const char *text, enum doc_kind kind, const struct lexicon *lex,
                    struct speech_text *st)
{
  struct document *doc = make_doc(text, kind);
  assert_int_equal(speech_text_build(doc, 0, lex, st), 0);
  assert_int_equal(strlen(st->text), st->len);
  for (size_t i = 0; i < st->n_words; i++) {
    const struct speech_word *w = &st->words[i];
    assert_true(w->doc_start < w->doc_end && w->doc_end <= doc->len);
    assert_true(w->speech_start < w->speech_end && w->speech_end <= st->len);
    if (i > 0) {
      assert_true(w->doc_start >= st->words[i - 1].doc_end);
      assert_true(w->speech_start >= st->words[i - 1].speech_end);
    }
    assert_true(st->text[w->speech_start] != ' ');
  }
  document_free(doc);
  return st->text;
}

static void assert_speech(const char *text, const char *want)
{
  struct speech_text st = {0};
  assert_string_equal(speech(text, DOC_PARAGRAPH, NULL, &st), want);
  speech_text_free(&st);
}

static void test_plain(void **state)
{
  struct speech_text st = {0};
  assert_string_equal(speech("  Hello,   world!\n", DOC_PARAGRAPH, NULL, &st), "Hello, world!");
  assert_int_equal(st.n_words, 2);
  assert_int_equal(st.words[0].doc_start, 2);
  assert_int_equal(st.words[0].doc_end, 7);
  assert_int_equal(st.words[1].speech_start, 7);
  assert_int_equal(st.words[1].speech_end, 12);
  speech_text_free(&st);
}

static void test_quotes(void **state)
{
  assert_speech("\xE2\x80\x9CIt\xE2\x80\x99s fine,\xE2\x80\x9D she said.", "It's fine, she said.");
  assert_speech("He said \"no\" and \xE2\x80\x98maybe\xE2\x80\x99.", "He said no and maybe.");
  assert_speech("\xC2\xABOui\xC2\xBB, dit-il.", "Oui, dit-il.");
}

static void test_dashes(void **state)
{
  assert_speech("Lives \xE2\x80\x93 the good and the bad.", "Lives, the good and the bad.");
  assert_speech("Rumours\xE2\x80\x94often false\xE2\x80\x94spread.", "Rumours, often false, spread.");
  assert_speech("One -- two - three.", "One, two, three.");
  assert_speech("A well-known, self-harm text.", "A well-known, self-harm text.");
  assert_speech("It is -5 degrees.", "It is minus 5 degrees.");
  assert_speech("It ends now | Peter Kyle", "It ends now, Peter Kyle");
}

static void test_bullets_and_markers(void **state)
{
  struct speech_text st = {0};
  assert_string_equal(speech("\xE2\x80\xA2 First point", DOC_ITEM, NULL, &st), "First point");
  assert_string_equal(speech("- Second point", DOC_ITEM, NULL, &st), "Second point");
  assert_string_equal(speech("* Third *point*", DOC_PARAGRAPH, NULL, &st), "Third point");
  speech_text_free(&st);
}

static void test_footnotes_and_brackets(void **state)
{
  struct speech_text st = {0};
  assert_string_equal(speech("A claim[3] and another.[12] Done", DOC_PARAGRAPH, NULL, &st),
                      "A claim and another. Done");
  speech_text_free(&st);
  /* Square brackets from the document never reach espeak-ng (it reads [[...]] as phonemes). */
  assert_speech("Say [[h@l'oU]] now.", "Say h@l'oU now.");
  assert_speech("See [note] here.", "See note here.");
}

static void test_other_normalisation(void **state)
{
  struct speech_text st = {0};
  assert_int_equal(speech_text_from_string("Wait\xE2\x80\xA6 what?", &st), 0);
  assert_string_equal(st.text, "Wait... what?");
  assert_int_equal(speech_text_from_string("Wait\xE2\x80\xA6what?", &st), 0);
  assert_string_equal(st.text, "Wait... what?");
  speech_text_free(&st);
  assert_speech("So\xE2\x80\xA6 we went on.", "So... we went on.");
  assert_speech("Soft\xC2\xADhyphen and zero\xE2\x80\x8Bwidth.", "Softhyphen and zero width.");
  assert_speech("Tab\there\x01 and\x7f bell.", "Tab here and bell.");
  assert_speech("Costs \xC2\xA3" "5, 3.5% or 1,000 people.", "Costs 5 pounds, 3.5 per cent or 1000 people.");
  assert_speech("The U.S.A is big.", "The U.S.A is big.");
  struct speech_text w = {0};
  speech("The U.S.A is big.", DOC_PARAGRAPH, NULL, &w);
  assert_int_equal(w.n_words, 4); /* "U.S.A" is one word */
  speech_text_free(&w);
  assert_speech("Bad \xFF byte.", "Bad byte.");
}

static void test_code_block(void **state)
{
  struct speech_text st = {0};
  assert_string_equal(speech("int main(void) { return 0; }", DOC_CODE, NULL, &st),
                      "Code block skipped.");
  assert_int_equal(st.n_words, 0);
  speech_text_free(&st);
}

static void test_lexicon_keeps_doc_spans(void **state)
{
  const char *lex_text = "NSPCC = N S P C C\nOfcom = [['0fk0m]]\n=US = United States\n";
  struct lexicon *lex;
  assert_int_equal(lexicon_parse(lex_text, strlen(lex_text), "t", NULL, NULL, &lex), 0);
  struct speech_text st = {0};
  const char *text = "I visited the NSPCC, then Ofcom and the NSPCC\xE2\x80\x99s office in the US.";
  assert_string_equal(speech(text, DOC_PARAGRAPH, lex, &st),
                      "I visited the N S P C C, then [['0fk0m]] and the N S P C C's office in "
                      "the United States.");
  assert_int_equal(st.n_words, 13);
  /* "NSPCC": the doc span is the original word, the speech span the replacement. */
  const struct speech_word *w = &st.words[3];
  assert_int_equal(w->doc_end - w->doc_start, 5);
  assert_memory_equal(text + w->doc_start, "NSPCC", 5);
  assert_int_equal(w->speech_end - w->speech_start, strlen("N S P C C"));
  assert_memory_equal(st.text + w->speech_start, "N S P C C", 9);
  w = &st.words[5];
  assert_memory_equal(text + w->doc_start, "Ofcom", 5);
  assert_memory_equal(st.text + w->speech_start, "[['0fk0m]]", w->speech_end - w->speech_start);
  w = &st.words[8];
  assert_memory_equal(text + w->doc_start, "NSPCC\xE2\x80\x99s", w->doc_end - w->doc_start);
  assert_memory_equal(st.text + w->speech_start, "N S P C C's", w->speech_end - w->speech_start);
  speech_text_free(&st);
  /* Case-sensitive entries leave other spellings alone. */
  assert_string_equal(speech("Tell us.", DOC_PARAGRAPH, lex, &st), "Tell us.");
  speech_text_free(&st);
  lexicon_free(lex);
}

static void test_acronym_rule(void **state)
{
  const char *lex_text = "@spell-acronyms = yes\nNATO = Nato\n";
  struct lexicon *lex;
  assert_int_equal(lexicon_parse(lex_text, strlen(lex_text), "t", NULL, NULL, &lex), 0);
  struct speech_text st = {0};
  assert_string_equal(speech("The NHS and NATO met the BBC, I and OK-ish A.", DOC_PARAGRAPH, lex, &st),
                      "The N H S and Nato met the B B C, I and OK-ish A.");
  assert_int_equal(st.n_words, 11);
  assert_memory_equal(st.text + st.words[1].speech_start, "N H S", 5);
  assert_int_equal(st.words[1].speech_end - st.words[1].speech_start, 5);
  /* Headings in capitals and Roman numerals are not acronyms. */
  assert_string_equal(speech("THE KEEPER OF SOUTH ROCK AND THE BBC", DOC_HEADING, lex, &st),
                      "THE KEEPER OF SOUTH ROCK AND THE BBC");
  assert_string_equal(speech("Chapter II of the NHS story", DOC_HEADING, lex, &st),
                      "Chapter 2 of the N H S story");
  assert_string_equal(speech("ONE day the UK said NOTE this.", DOC_PARAGRAPH, lex, &st),
                      "ONE day the U K said NOTE this.");
  /* Too long to be an acronym that is spelled: left to espeak-ng. */
  assert_string_equal(speech("ABCDEFG said.", DOC_PARAGRAPH, lex, &st), "ABCDEFG said.");
  speech_text_free(&st);
  lexicon_free(lex);
}

static void test_from_string(void **state)
{
  struct speech_text st = {0};
  assert_int_equal(speech_text_from_string("Paragraph 3 of 12 \xE2\x80\x93 paused.", &st), 0);
  assert_string_equal(st.text, "Paragraph 3 of 12, paused.");
  assert_int_equal(st.n_words, 0);
  speech_text_free(&st);
}

/* Reusing the buffers for the next sentence. */
static void test_reuse(void **state)
{
  struct document *doc = make_doc("First sentence here. Second one.", DOC_PARAGRAPH);
  assert_int_equal(doc->n_sentences, 2);
  struct speech_text st = {0};
  assert_int_equal(speech_text_build(doc, 0, NULL, &st), 0);
  assert_string_equal(st.text, "First sentence here.");
  assert_int_equal(speech_text_build(doc, 1, NULL, &st), 0);
  assert_string_equal(st.text, "Second one.");
  assert_int_equal(st.n_words, 2);
  assert_int_equal(st.words[0].doc_start, 21);
  speech_text_free(&st);
  document_free(doc);
}

/* Any bytes in the document: valid, in-bounds word maps and no brackets reaching espeak-ng. */
static void test_any_bytes(void **state)
{
  const char *lex_text = "@spell-acronyms = yes\nab = [[a:b]]\n";
  struct lexicon *lex;
  assert_int_equal(lexicon_parse(lex_text, strlen(lex_text), "t", NULL, NULL, &lex), 0);
  static const char *pieces[] = {"ab", "AB", " ", "\n", "[", "]", "[[", "3", "'", "\xE2\x80\x99",
                                 "-", "--", "\xE2\x80\x94", ".", "...", "\xE2\x80\xA6", "\xC3\xA9",
                                 "\xFF", "\xC3", ",", "|", "\xC2\xAD", "\x01", "word", "NSPCC", "*"};
  uint32_t seed = 7;
  struct speech_text st = {0};
  for (int round = 0; round < 3000; round++) {
    char text[400] = "";
    size_t len = 0;
    int n = 1 + round % 40;
    for (int i = 0; i < n; i++) {
      seed = seed * 1103515245u + 12345u;
      const char *p = pieces[(seed >> 16) % (sizeof pieces / sizeof pieces[0])];
      size_t pl = strlen(p);
      memcpy(text + len, p, pl);
      len += pl;
    }
    text[len] = '\0';
    struct document *doc = document_new(strdup(text), len);
    assert_non_null(doc);
    assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, 0, len), 0);
    assert_int_equal(segment_document(doc), 0);
    for (size_t s = 0; s < doc->n_sentences; s++) {
      assert_int_equal(speech_text_build(doc, s, lex, &st), 0);
      assert_int_equal(strlen(st.text), st.len);
      /* brackets only from the lexicon's [[a:b]] */
      char copy[1200];
      assert_true(st.len < sizeof copy);
      size_t cl = 0;
      for (size_t k = 0; k < st.len;) {
        if (strncmp(st.text + k, "[[a:b]]", 7) == 0) {
          k += 7;
          continue;
        }
        copy[cl++] = st.text[k++];
      }
      copy[cl] = '\0';
      if (strpbrk(copy, "[]"))
        fail_msg("bracket in speech text '%s' from '%s'", st.text, text);
      for (size_t i = 0; i < st.n_words; i++) {
        const struct speech_word *w = &st.words[i];
        assert_true(w->doc_start >= doc->sentences[s].start && w->doc_end <= doc->sentences[s].end);
        assert_true(w->speech_start < w->speech_end && w->speech_end <= st.len);
        if (i)
          assert_true(w->speech_start >= st.words[i - 1].speech_end);
      }
    }
    document_free(doc);
  }
  speech_text_free(&st);
  lexicon_free(lex);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_plain),
    cmocka_unit_test(test_quotes),
    cmocka_unit_test(test_dashes),
    cmocka_unit_test(test_bullets_and_markers),
    cmocka_unit_test(test_footnotes_and_brackets),
    cmocka_unit_test(test_other_normalisation),
    cmocka_unit_test(test_code_block),
    cmocka_unit_test(test_lexicon_keeps_doc_spans),
    cmocka_unit_test(test_acronym_rule),
    cmocka_unit_test(test_from_string),
    cmocka_unit_test(test_reuse),
    cmocka_unit_test(test_any_bytes),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
