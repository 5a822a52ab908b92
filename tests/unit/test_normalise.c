/* The reading rules (text/normalise*.c, data/speech/en.rules) through the speech text, one rule
 * a test: what is said, in context, and what is left alone. The links and the punctuation level
 * are process-wide choices (normalise_configure); each test that changes them puts them back. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/document.h"
#include "text/lexicon.h"
#include "text/normalise.h"
#include "text/normalise_data.h"
#include "text/segmenter.h"
#include "text/speech_text.h"

/* The speech text of text (all its sentences, joined by a space), as a paragraph of kind. */
static void say_as(const char *text, enum doc_kind kind, const struct lexicon *lex, char *out,
                   size_t cap)
{
  struct document *doc = document_new(strdup(text), strlen(text));
  assert_non_null(doc);
  assert_int_equal(document_add_paragraph(doc, kind, 0, strlen(text)), 0);
  assert_int_equal(segment_document(doc), 0);
  struct speech_text st = {0};
  out[0] = '\0';
  for (size_t s = 0; s < doc->n_sentences; s++) {
    assert_int_equal(speech_text_build(doc, s, lex, &st), 0);
    size_t n = strlen(out);
    snprintf(out + n, cap - n, "%s%s", n ? " " : "", st.text);
  }
  speech_text_free(&st);
  document_free(doc);
}

static void check(const char *text, const char *want)
{
  char got[1024];
  say_as(text, DOC_PARAGRAPH, NULL, got, sizeof got);
  if (strcmp(got, want) != 0)
    fail_msg("'%s'\n  said:  '%s'\n  want:  '%s'", text, got, want);
}

static int reset(void **state)
{
  (void)state;
  normalise_configure(NORMALISE_URLS_SITE, NORMALISE_PUNCT_SOME, "en");
  return 0;
}

static void test_currency(void **state)
{
  check("It cost £1.5bn.", "It cost 1.5 billion pounds.");
  check("It cost $45.", "It cost 45 dollars.");
  check("It cost €3m.", "It cost 3 million euros.");
  check("It costs £1.", "It costs 1 pound.");
  check("It cost £2.50.", "It cost 2 pounds 50.");
  check("It cost £0.99.", "It cost 99 pence.");
  check("It was -£300.", "It was minus 300 pounds.");
}

static void test_ranges(void **state)
{
  check("Pay 10–12 now.", "Pay 10 to 12 now.");
  check("The war 1914–1918 ended.", "The war 1914 to 1918 ended.");
  check("Pages 10-12 say so.", "Pages 10 to 12 say so.");
  check("It costs $20–$30.", "It costs 20 to 30 dollars.");
  check("Open Monday–Friday.", "Open Monday to Friday.");
  /* a hyphen between a larger and a smaller number is a score or a code, not a range */
  check("It ended 2-1 today.", "It ended 2-1 today.");
}

/* The time range that was read with a pause: each side is a time. */
static void test_time_ranges(void **state)
{
  check("Open 9:00–17:30 daily.", "Open 9 hundred to 17 30 daily.");
  check("Open 9:00-17:30 daily.", "Open 9 hundred to 17 30 daily.");
  check("Open 9am–5pm daily.", "Open 9 a m to 5 p m daily.");
}

static void test_minus(void **state)
{
  check("It was −5 °C today.", "It was minus 5 degrees Celsius today.");
  check("It was -5 degrees.", "It was minus 5 degrees.");
  check("It fell by −0.3%.", "It fell by minus 0.3 per cent.");
  /* a hyphen inside a word is no minus */
  check("A well-known self-test.", "A well-known self-test.");
}

static void test_units(void **state)
{
  check("Add 250 g of flour.", "Add 250 grams of flour.");
  check("Add 1 g of salt.", "Add 1 gram of salt.");
  check("It ran 3 km.", "It ran 3 kilometres.");
  check("A 1 km walk.", "A 1 kilometre walk.");
  check("Drive at 120 km/h.", "Drive at 120 kilometres per hour.");
  check("He is 45 m² big.", "He is 45 square metres big.");
  check("It weighs 1.5 kg.", "It weighs 1.5 kilograms.");
}

static void test_roman(void **state)
{
  check("World War II ended.", "World War 2 ended.");
  check("Henry VIII ruled.", "Henry the eighth ruled.");
  check("Read Chapter IV now.", "Read Chapter 4 now.");
  /* "I" the pronoun, even after a capitalised word, and "MIX" the word are never numerals */
  check("Then I left.", "Then I left.");
  check("So I think.", "So I think.");
  check("Buy The MIX today.", "Buy The MIX today.");
  check("Add the MIX now.", "Add the MIX now.");
  check("We saw XI there.", "We saw XI there."); /* not after a name: letters */
}

static void test_abbreviations(void **state)
{
  check("I went to St. Paul's.", "I went to Saint Paul's.");
  check("He lives on High St. in town.", "He lives on High Street in town.");
  check("It is No. 9 today.", "It is number 9 today.");
  check("No. I refuse.", "No. I refuse.");
  check("See e.g. this.", "See for example this.");
}

static void test_times_and_ratios(void **state)
{
  check("Meet at 14:30 today.", "Meet at 14 30 today.");
  check("Meet at 9:05 today.", "Meet at 9 oh 5 today.");
  check("Meet at 3pm today.", "Meet at 3 p m today.");
  check("Meet at 12.30pm today.", "Meet at 12 30 p m today.");
  check("They won 3:1 today.", "They won 3 to 1 today.");
}

static void test_fractions_decades_thousands(void **state)
{
  check("Add 3/4 of it.", "Add 3 quarters of it.");
  check("Add 1/2 of it.", "Add 1 half of it.");
  check("Add 3/40 of it.", "Add 3/40 of it."); /* a large denominator is not a fraction */
  check("Add ½ a cup.", "Add half a cup.");
  check("It was the 1980s then.", "It was the 19 eighties then.");
  check("It was the 80s then.", "It was the eighties then.");
  check("A crowd of 12,000 came.", "A crowd of 12000 came.");
  check("A list 1,2,3 here.", "A list 1,2,3 here.");
}

/* The lexicon wins over every rule. */
static void test_lexicon_wins(void **state)
{
  const char *lex_text = "VIII = the great eighth\n1980s = the decade of excess\n";
  struct lexicon *lex;
  assert_int_equal(lexicon_parse(lex_text, strlen(lex_text), "t", NULL, NULL, &lex), 0);
  char got[512];
  say_as("Henry VIII ruled in the 1980s here.", DOC_PARAGRAPH, lex, got, sizeof got);
  assert_string_equal(got, "Henry the great eighth ruled in the the decade of excess here.");
  lexicon_free(lex);
}

static void test_urls(void **state)
{
  const char *text = "Visit https://www.example.org/news/today now.";
  check(text, "Visit example dot org now.");
  normalise_configure(NORMALISE_URLS_FULL, -1, NULL);
  check(text, "Visit example dot org slash news slash today now.");
  normalise_configure(NORMALISE_URLS_SILENT, -1, NULL);
  check(text, "Visit now.");
  reset(state);
}

static void test_email(void **state)
{
  check("Mail help@example.org today.", "Mail help at example dot org today.");
  check("Mail j.smith@news.example.co.uk today.",
        "Mail j dot smith at news dot example dot co dot uk today.");
}

/* Each level says what the one below it says, and more. */
static void test_punctuation_levels(void **state)
{
  const char *text = "Tom & Jerry (2 + 2 = 4); a/b.";
  const char *want[] = {
    "Tom & Jerry (2 + 2 = 4); a/b.",
    "Tom and Jerry (2 + 2 = 4); a/b.",
    "Tom and Jerry (2 plus 2 equals 4); a/b.",
    "Tom and Jerry open paren 2 plus 2 equals 4 close paren semicolon a slash b dot",
  };
  for (int level = NORMALISE_PUNCT_NONE; level <= NORMALISE_PUNCT_ALL; level++) {
    normalise_configure(-1, level, NULL);
    check(text, want[level]);
  }
  reset(state);
}

/* A code block is skipped, unless the punctuation level is all: then read symbol by symbol. */
static void test_code_blocks(void **state)
{
  char got[512];
  say_as("x = f(a);", DOC_CODE, NULL, got, sizeof got);
  assert_string_equal(got, "Code block skipped.");
  normalise_configure(-1, NORMALISE_PUNCT_ALL, NULL);
  say_as("x = f(a);", DOC_CODE, NULL, got, sizeof got);
  assert_string_equal(got, "x equals f open paren a close paren semicolon");
  say_as("- rm -rf /", DOC_CODE, NULL, got, sizeof got);
  assert_string_equal(got, "dash rm dash rf slash"); /* no list marker in code */
  reset(state);
}

static void test_names(void **state)
{
  assert_int_equal(normalise_punct_parse("all"), NORMALISE_PUNCT_ALL);
  assert_int_equal(normalise_punct_parse("loud"), -1);
  assert_int_equal(normalise_urls_parse("silent"), NORMALISE_URLS_SILENT);
  assert_int_equal(normalise_urls_parse(NULL), -1);
  assert_string_equal(normalise_punct_name(NORMALISE_PUNCT_MOST), "most");
}

static bool quiet_at(const char *text, int punct)
{
  struct norm_ctx c = {normalise_lang_for("en"), text, 0, strlen(text), NORMALISE_URLS_SITE,
                       punct, 0};
  return normalise_sentence_quiet(&c);
}

static bool quiet(const char *text)
{
  return quiet_at(text, NORMALISE_PUNCT_SOME);
}

/* The look's answer is the flag speech_text reads a sentence by: clean (no rule, no symbol
 * name asked) or not. Nothing to rewrite: clean; each kind of trigger: not, with either scan
 * (32 bytes a block by table look-ups where there is AVX2, else 16). */
static void test_quick_look_flags(void **state)
{
  (void)state;
  for (int narrow = 0; narrow < 2; narrow++) {
    norm_prescan_narrow(narrow);
    assert_true(quiet("Some of them felt powerless in the face of an anonymous algorithm."));
    assert_true(quiet("“It wouldn’t be long,” she said — and it wasn’t; I knew it."));
    assert_false(quiet("It cost them 300 pounds."));             /* a digit */
    assert_false(quiet("Tom & Jerry were there."));              /* a symbol said at some */
    assert_true(quiet_at("Tom & Jerry were there.", NORMALISE_PUNCT_NONE));
    assert_false(quiet("It was ± right."));                      /* a non-ASCII one */
    assert_false(quiet("From here → there."));
    assert_true(quiet("It was a + b and c * d."));               /* said from most on */
    assert_false(quiet_at("It was a + b and c * d.", NORMALISE_PUNCT_MOST));
    assert_false(quiet_at("Well, then.", NORMALISE_PUNCT_ALL));  /* every symbol by name */
    assert_false(quiet("Bring pens, paper etc."));               /* a final abbreviation */
    assert_false(quiet("We read Fig. 3 first."));
    assert_false(quiet("Henry VIII had six wives."));            /* a Roman numeral */
    assert_false(quiet("It was England vs France."));            /* an abbreviation, bare */
    assert_false(quiet("Mail help@example.org now."));           /* an address */
    assert_false(quiet("Open from Monday–Friday."));             /* a range of names */
  }
  norm_prescan_narrow(false);
}

/* Every symbol of the rules is found wherever it stands in the blocks, at every level where
 * it is said: speech_text asks for no name in a sentence the look calls clean. */
static void test_quick_look_finds_symbols(void **state)
{
  (void)state;
  const struct norm_lang *l = normalise_lang_for("en");
  char text[160];
  for (int narrow = 0; narrow < 2; narrow++) {
    norm_prescan_narrow(narrow);
    for (size_t e = 0; e < l->n[NT_SYMBOL]; e++)
      for (int punct = NORMALISE_PUNCT_NONE; punct <= NORMALISE_PUNCT_ALL; punct++)
        for (int at = 0; at < 40; at++) {
          const struct norm_entry *sym = &l->entries[NT_SYMBOL][e];
          snprintf(text, sizeof text, "%.*s %s and so on and on and on and on", at,
                   "aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa", sym->key);
          struct norm_ctx c = {l, text, 0, strlen(text), NORMALISE_URLS_SITE, punct, 0};
          if (normalise_symbol(&c, sym->key, sym->key_len) && normalise_sentence_quiet(&c))
            fail_msg("clean, but \"%s\" is said at level %d: %s", sym->key, punct, text);
        }
  }
  norm_prescan_narrow(false);
}

/* A lone "I" is a Roman numeral after every word of the cardinal table, closing marks or not
 * ("War I", "Chapter, I"), in each language: the look, which turns the pronoun down by the
 * word's last two bytes, finds each; it skips the pronoun after other words. */
static void test_quick_look_finds_cardinals(void **state)
{
  (void)state;
  const char *const langs[] = {"en", "de"}, *const after[] = {"", ",", ".", "”", ")"};
  char text[160];
  for (int narrow = 0; narrow < 2; narrow++) {
    norm_prescan_narrow(narrow);
    for (size_t g = 0; g < sizeof langs / sizeof langs[0]; g++) {
      const struct norm_lang *l = normalise_lang_for(langs[g]);
      for (size_t e = 0; e < l->n[NT_ROMAN_CARDINAL]; e++)
        for (size_t a = 0; a < sizeof after / sizeof after[0]; a++) {
          snprintf(text, sizeof text, "It was so in the %s%s I and on and on",
                   l->entries[NT_ROMAN_CARDINAL][e].key, after[a]);
          struct norm_ctx c = {l, text, 0, strlen(text), NORMALISE_URLS_SITE,
                               NORMALISE_PUNCT_SOME, 0};
          if (normalise_sentence_quiet(&c))
            fail_msg("clean, but a Roman numeral: %s", text);
        }
    }
    assert_true(quiet("It was then that I knew, and when I said so, I left."));
  }
  norm_prescan_narrow(false);
}

/* The quick look that skips sentences with nothing to rewrite: prose is skipped; every kind of
 * thing a rule reads is found, wherever it stands in the 16-byte blocks the look reads. */
static void test_quick_look(void **state)
{
  (void)state;
  assert_true(quiet("When I visited, they said – quietly – that it’s done."));
  assert_true(quiet("The CEO of NSPCC met Clive and Lisa in London, Vienna and Xian."));
  assert_true(quiet("Is it over?"));
  assert_false(quiet("Henry VIII had six wives."));
  assert_false(quiet("They fought in World War I."));
  assert_false(quiet("Read it, e.g. today."));
  assert_false(quiet("Bring pens, paper etc."));
  assert_false(quiet("It was England vs France."));
  assert_false(quiet("Open from Monday–Friday."));
  assert_false(quiet("Add ½ cup."));
  assert_false(quiet("Mail help@example.org now."));
  assert_false(quiet("See https://example.org now."));
  char text[128];
  const char *const marks[] = {"7", "II", "Dr. Who", "vs", "¾"};
  for (size_t m = 0; m < sizeof marks / sizeof marks[0]; m++)
    for (int at = 0; at < 40; at++) {
      snprintf(text, sizeof text, "%.*s%s and so on and on and on", at,
               "aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa aaaa", marks[m]);
      if (at > 0 && text[at - 1] != ' ')
        continue;
      assert_false(quiet(text));
    }
}

/* True at a token start as speech_text sees it (where it asks the rules). */
static bool token_start_at(const char *s, size_t i)
{
  if (i == 0)
    return true;
  unsigned char p = (unsigned char)s[i - 1];
  return p == ' ' || p == '(' || p == '[' || p == '"' || p == 0x9C || p == 0xA0 || p == 0xAF;
}

/* The quick look on text[0, end) of the whole text (the look reads on past the sentence's
 * end when the text goes on), checked against the rules: a sentence it skips is one where no
 * rule fires at any token start, and reading on never changes its answer. */
static void check_never_skips(const char *text, size_t end)
{
  const struct norm_lang *l = normalise_lang_for("en");
  struct norm_ctx alone = {l, text, 0, end, NORMALISE_URLS_SITE, NORMALISE_PUNCT_SOME, 0};
  struct norm_ctx on = alone;
  on.text_end = strlen(text);
  bool quiet_alone = normalise_sentence_quiet(&alone);
  assert_int_equal(normalise_sentence_quiet(&on), quiet_alone);
  if (!quiet_alone)
    return;
  struct norm_match m;
  for (size_t i = 0; i < end; i++)
    if (token_start_at(text, i) && normalise_at(&alone, i, &m) != i)
      fail_msg("skipped, but a rule fires at %zu: %.*s", i, (int)end, text);
}

/* Every abbreviation, Roman numeral and other thing a rule reads at the end of a sentence, at
 * every offset of the 16- and 32-byte blocks the look reads, with text after the sentence that
 * a byte-wise look would take as part of it ("War I" then "Xa...": a capital then a letter). */
static void never_skips(void)
{
  const struct norm_lang *l = normalise_lang_for("en");
  const char *const ends[] = {"War I", "VIII", "p.", "(pp.", "“Fig.", "e.g.", "etc.", "vs",
                              "vs.", "a.m.", "No.", "Sept.", "7", "½", "x@y.org", "lives.",
                              "it.", "I", "C", "Mr. X", "May–June", "May – June", "it’s",
                              "“so”", "a • b", "–"};
  const char *const after[] = {"", " Next one.", "Xavier", "s.", "2"};
  char text[256];
  for (size_t e = 0; e < sizeof ends / sizeof ends[0] + l->n[NT_ABBREV]; e++) {
    const char *last = e < sizeof ends / sizeof ends[0]
                         ? ends[e] : l->entries[NT_ABBREV][e - sizeof ends / sizeof ends[0]].key;
    for (int at = 0; at < 70; at++)
      for (size_t a = 0; a < sizeof after / sizeof after[0]; a++) {
        int end = snprintf(text, sizeof text, "%.*s %s", at,
                           "It was so and so and so and so and so and so and so and so and so "
                           "and so and so", last);
        snprintf(text + end, sizeof text - (size_t)end, "%s", after[a]);
        check_never_skips(text, (size_t)end);
      }
  }
}

/* ... with either scan (32 bytes a block where there is AVX2, else 16). */
static void test_quick_look_never_skips(void **state)
{
  (void)state;
  never_skips();
  norm_prescan_narrow(true);
  never_skips();
  norm_prescan_narrow(false);
  /* the characters U+2000 to U+203F want nothing but an en dash between two words */
  assert_true(quiet("It’s “so” – a • b, and so on and on and on and on and on and on"));
  assert_false(quiet("It ran “May–June”, and so on and on and on and on and on and on"));
  const struct norm_lang *l = normalise_lang_for("en");
  /* symbols are said only at their level: the look at characters between words */
  struct norm_ctx c = {l, "a, b", 0, 4, NORMALISE_URLS_SITE, NORMALISE_PUNCT_SOME, 0};
  assert_null(normalise_symbol(&c, ",", 1));
  assert_null(normalise_symbol(&c, " ", 1));
  assert_string_equal(normalise_symbol(&c, "&", 1), "and");
  c.punct = NORMALISE_PUNCT_ALL;
  assert_string_equal(normalise_symbol(&c, ",", 1), "comma");
  c.punct = NORMALISE_PUNCT_NONE;
  assert_null(normalise_symbol(&c, "&", 1));
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test_setup(test_currency, reset),
    cmocka_unit_test_setup(test_ranges, reset),
    cmocka_unit_test_setup(test_time_ranges, reset),
    cmocka_unit_test_setup(test_minus, reset),
    cmocka_unit_test_setup(test_units, reset),
    cmocka_unit_test_setup(test_roman, reset),
    cmocka_unit_test_setup(test_abbreviations, reset),
    cmocka_unit_test_setup(test_times_and_ratios, reset),
    cmocka_unit_test_setup(test_fractions_decades_thousands, reset),
    cmocka_unit_test_setup(test_lexicon_wins, reset),
    cmocka_unit_test_setup(test_urls, reset),
    cmocka_unit_test_setup(test_email, reset),
    cmocka_unit_test_setup(test_punctuation_levels, reset),
    cmocka_unit_test_setup(test_code_blocks, reset),
    cmocka_unit_test_setup(test_names, reset),
    cmocka_unit_test(test_quick_look),
    cmocka_unit_test(test_quick_look_never_skips),
    cmocka_unit_test(test_quick_look_flags),
    cmocka_unit_test(test_quick_look_finds_symbols),
    cmocka_unit_test(test_quick_look_finds_cardinals),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
