/* Sentence segmentation: news and book prose, the bound, UTF-8 safety, segment_document() and
 * the sample article. Sentences are compared with whitespace runs collapsed (as `lector segment`
 * prints them); every span is also checked to be trimmed, non-empty and in order. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/document.h"
#include "text/loader.h"
#include "text/segmenter.h"
#include "text/span.h"

#define MAX_EXPECTED 12

struct spans {
  const char *text;
  size_t n, cap;
  size_t *start, *end;
};

static int collect(void *user, size_t start, size_t end)
{
  struct spans *sp = user;
  if (sp->n == sp->cap) {
    sp->cap = sp->cap ? sp->cap * 2 : 64;
    sp->start = realloc(sp->start, sp->cap * sizeof *sp->start);
    sp->end = realloc(sp->end, sp->cap * sizeof *sp->end);
    assert_non_null(sp->start);
    assert_non_null(sp->end);
  }
  sp->start[sp->n] = start;
  sp->end[sp->n] = end;
  sp->n++;
  return 0;
}

static void spans_free(struct spans *sp)
{
  free(sp->start);
  free(sp->end);
}

static int is_space(unsigned char c)
{
  return c == ' ' || (c >= '\t' && c <= '\r');
}

/* A copy of text[start, end) as `lector segment` prints it: white space collapsed, trimmed. */
static char *collapse(const char *text, size_t start, size_t end)
{
  size_t len;
  char *out = span_collapsed(text, start, end, &len);
  assert_non_null(out);
  return out;
}

/* Spans are inside [start, end), in order, non-empty, trimmed, bounded, and do not split a
 * UTF-8 character. */
static void check_spans(const struct spans *sp, size_t start, size_t end)
{
  size_t prev = start;
  for (size_t i = 0; i < sp->n; i++) {
    size_t a = sp->start[i], b = sp->end[i];
    assert_true(a >= prev);
    assert_true(b > a);
    assert_true(b <= end);
    assert_true(b - a <= SEGMENT_MAX_SENTENCE_BYTES);
    assert_false(is_space((unsigned char)sp->text[a]));
    assert_false(is_space((unsigned char)sp->text[b - 1]));
    assert_true(((unsigned char)sp->text[a] & 0xC0) != 0x80);
    assert_true(b == end || ((unsigned char)sp->text[b] & 0xC0) != 0x80);
    prev = b;
  }
}

static void segment(const char *text, struct spans *sp)
{
  *sp = (struct spans){.text = text};
  assert_int_equal(segment_text(text, 0, strlen(text), collect, sp), 0);
  check_spans(sp, 0, strlen(text));
}

struct seg_case {
  const char *text;
  const char *expected[MAX_EXPECTED];
};

static void run_cases(const struct seg_case *cases, size_t n)
{
  int failures = 0;
  for (size_t c = 0; c < n; c++) {
    struct spans sp;
    segment(cases[c].text, &sp);
    size_t want = 0;
    while (want < MAX_EXPECTED && cases[c].expected[want])
      want++;
    int ok = sp.n == want;
    for (size_t i = 0; ok && i < sp.n; i++) {
      char *got = collapse(sp.text, sp.start[i], sp.end[i]);
      ok = strcmp(got, cases[c].expected[i]) == 0;
      free(got);
    }
    if (!ok) {
      failures++;
      print_error("case %zu: %s\n", c, cases[c].text);
      for (size_t i = 0; i < sp.n; i++) {
        char *got = collapse(sp.text, sp.start[i], sp.end[i]);
        print_error("  got [%s]\n", got);
        free(got);
      }
    }
    spans_free(&sp);
  }
  assert_int_equal(failures, 0);
}

#define RUN(cases) run_cases(cases, sizeof cases / sizeof *cases)

static void test_titles_and_initials(void **state)
{
  static const struct seg_case cases[] = {
    {"Mr. Smith went to Washington. He liked it.",
     {"Mr. Smith went to Washington.", "He liked it."}},
    {"Dr. Jane Doe and Prof. John Roe met at St. Paul's Cathedral. They talked for hours.",
     {"Dr. Jane Doe and Prof. John Roe met at St. Paul's Cathedral.", "They talked for hours."}},
    {"Mrs. Thatcher met Gen. Eisenhower and Sen. Kennedy. It was brief.",
     {"Mrs. Thatcher met Gen. Eisenhower and Sen. Kennedy.", "It was brief."}},
    {"Rev. Martin Luther King Jr. spoke first. The crowd listened.",
     {"Rev. Martin Luther King Jr. spoke first.", "The crowd listened."}},
    {"The holiday honours Martin Luther King Jr. The parade began at noon.",
     {"The holiday honours Martin Luther King Jr.", "The parade began at noon."}},
    {"J. R. R. Tolkien wrote The Lord of the Rings. It was published in 1954.",
     {"J. R. R. Tolkien wrote The Lord of the Rings.", "It was published in 1954."}},
    {"E. M. Forster and T. S. Eliot were friends.",
     {"E. M. Forster and T. S. Eliot were friends."}},
    {"The memo came from George W. Bush's staff. Nobody read it.",
     {"The memo came from George W. Bush's staff.", "Nobody read it."}},
    {"It was just you and I. Then the rain came.",
     {"It was just you and I.", "Then the rain came."}},
    {"World War I. It ended in 1918.", {"World War I.", "It ended in 1918."}},
    {"Written by J. K. Rowling and Stephen E. Ambrose.",
     {"Written by J. K. Rowling and Stephen E. Ambrose."}},
    {"She got an A. The course was hard.", {"She got an A.", "The course was hard."}},
    {"He lives on Main St. The house is blue.", {"He lives on Main St.", "The house is blue."}},
    {"Our office is at 10 Downing St. London is busy.",
     {"Our office is at 10 Downing St. London is busy."}},
    {"I can see Mt. Everest from here, said Capt. Jones.",
     {"I can see Mt. Everest from here, said Capt. Jones."}},
  };
  RUN(cases);
}

static void test_acronyms_and_abbreviations(void **state)
{
  static const struct seg_case cases[] = {
    {"The U.K. economy grew. Prices rose.", {"The U.K. economy grew.", "Prices rose."}},
    {"He moved to the U.S. in 2010. He works for the U.S. Department of State.",
     {"He moved to the U.S. in 2010.", "He works for the U.S. Department of State."}},
    {"She earned a Ph.D. in physics. She now teaches.",
     {"She earned a Ph.D. in physics.", "She now teaches."}},
    {"She finished her Ph.D. The thesis was on stars.",
     {"She finished her Ph.D.", "The thesis was on stars."}},
    {"Washington, D.C. is the capital. It lies on the Potomac.",
     {"Washington, D.C. is the capital.", "It lies on the Potomac."}},
    {"The meeting is on Jan. 5 at the office. Bring notes.",
     {"The meeting is on Jan. 5 at the office.", "Bring notes."}},
    {"Sales peaked in Sept. Then they fell.", {"Sales peaked in Sept.", "Then they fell."}},
    {"The vote is set for Wed. Jan. 10. They wed. The guests cheered.",
     {"The vote is set for Wed. Jan. 10.", "They wed.", "The guests cheered."}},
    {"Sen. Elizabeth Warren (D-Mass.) introduced the bill. "
     "Rep. Kevin McCarthy, R-Calif., opposed it.",
     {"Sen. Elizabeth Warren (D-Mass.) introduced the bill.",
      "Rep. Kevin McCarthy, R-Calif., opposed it."}},
    {"The rate is 3 p.c. The fee is \xc2\xa3" "5 p.a. for members.",
     {"The rate is 3 p.c.", "The fee is \xc2\xa3" "5 p.a. for members."}},
    {"Cases rose in Jan. and Feb. Officials were alarmed.",
     {"Cases rose in Jan. and Feb.", "Officials were alarmed."}},
    {"Bring pens, paper, etc. Children may bring toys.",
     {"Bring pens, paper, etc.", "Children may bring toys."}},
    {"Bring fruit, e.g. apples or pears. Do not bring nuts.",
     {"Bring fruit, e.g. apples or pears.", "Do not bring nuts."}},
    {"Only one fruit, i.e. The Big Apple, was mentioned.",
     {"Only one fruit, i.e. The Big Apple, was mentioned."}},
    {"He bought apples, pears, etc. and went home.",
     {"He bought apples, pears, etc. and went home."}},
    {"He bought apples, pears, etc. The bill was large.",
     {"He bought apples, pears, etc.", "The bill was large."}},
    {"Smith vs. Jones was decided in 1990. It set a precedent.",
     {"Smith vs. Jones was decided in 1990.", "It set a precedent."}},
    {"See Smith et al. for details. Also see Brown.",
     {"See Smith et al. for details.", "Also see Brown."}},
    {"The method came from Smith et al. The results were new.",
     {"The method came from Smith et al.", "The results were new."}},
    {"The results differ (cf. Table 2). We explain why.",
     {"The results differ (cf. Table 2).", "We explain why."}},
    {"Apple Inc. Chief Executive Tim Cook spoke. Shares rose.",
     {"Apple Inc. Chief Executive Tim Cook spoke.", "Shares rose."}},
    {"He works for Acme Ltd. It makes anvils.", {"He works for Acme Ltd.", "It makes anvils."}},
    {"Pitt, Briggs & Co. was founded in 1850.", {"Pitt, Briggs & Co. was founded in 1850."}},
    {"He lives at No. 10 Downing Street. It is famous.",
     {"He lives at No. 10 Downing Street.", "It is famous."}},
    {"He said no. Then he left.", {"He said no.", "Then he left."}},
    {"Was I ready? No. I was not. See ch. IV for more.",
     {"Was I ready?", "No.", "I was not.", "See ch. IV for more."}},
    {"Turn to p. 42 and read pp. 43-45. Then stop.",
     {"Turn to p. 42 and read pp. 43-45.", "Then stop."}},
    {"The data are in vol. 3, fig. 2. They are clear.",
     {"The data are in vol. 3, fig. 2.", "They are clear."}},
    {"See Vol. II of the series. It is long.", {"See Vol. II of the series.", "It is long."}},
    {"The box weighs approx. 5 kg. It is heavy.", {"The box weighs approx. 5 kg.", "It is heavy."}},
    {"He loves art. The gallery opens at ten.", {"He loves art.", "The gallery opens at ten."}},
    {"Read Art. 50 of the treaty. It is short.", {"Read Art. 50 of the treaty.", "It is short."}},
  };
  RUN(cases);
}

/* Every title in the table keeps its name, and every month its date: also checks that the
 * sorted tables are searched correctly. */
static void test_abbreviation_tables(void **state)
{
  static const char *const titles[] = {
    "Mr", "Mrs", "Ms", "Mx", "Messrs", "Mmes", "Mme", "Mlle", "Dr", "Drs", "Prof", "Profs", "Rev",
    "Revd", "Hon", "Gen", "Gens", "Lt", "Col", "Capt", "Cpt", "Cmdr", "Comdr", "Adm", "Maj",
    "Sgt", "Cpl", "Pvt", "Pfc", "Gov", "Sen", "Sens", "Rep", "Reps", "Pres", "Supt", "Insp", "Det",
    "Fr", "Msgr", "Mt", "Mts", "St", "Ste", "Brig", "Atty", "Lieut",
  };
  static const char *const months[] = {
    "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov", "Dec",
  };
  assert_int_equal(segment_self_check(), 0);
  char text[128];
  for (size_t i = 0; i < sizeof titles / sizeof *titles; i++) {
    snprintf(text, sizeof text, "We met %s. Smith there. It rained.", titles[i]);
    struct spans sp;
    segment(text, &sp);
    if (sp.n != 2)
      fail_msg("title %s: %zu sentences", titles[i], sp.n);
    spans_free(&sp);
  }
  for (size_t i = 0; i < sizeof months / sizeof *months; i++) {
    snprintf(text, sizeof text, "It was on %s. 5 that year. On %s. Officials met.", months[i],
             months[i]);
    struct spans sp;
    segment(text, &sp);
    if (sp.n != 3)     /* "It was on Jan. 5 that year." "On Jan." "Officials met." */
      fail_msg("month %s: %zu sentences", months[i], sp.n);
    spans_free(&sp);
  }
  static const struct seg_case cases[] = {
    {"The U.S. Why not? The U.S. Army.", {"The U.S.", "Why not?", "The U.S. Army."}},
    {"Open from 9 a.m. Monday to 5 p.m. Sunday. Closed Aug. 3.",
     {"Open from 9 a.m. Monday to 5 p.m. Sunday.", "Closed Aug. 3."}},
    {"The exam starts at 9 a.m. EST and ends at noon.",
     {"The exam starts at 9 a.m. EST and ends at noon."}},
  };
  RUN(cases);
}

static void test_numbers_money_times(void **state)
{
  static const struct seg_case cases[] = {
    {"Pi is about 3.14159. It never ends.", {"Pi is about 3.14159.", "It never ends."}},
    {"Upgrade to version 2.4.1 today. The old one is unsafe.",
     {"Upgrade to version 2.4.1 today.", "The old one is unsafe."}},
    {"Growth was 2.5 per cent in 2023. Inflation was 1.9 per cent.",
     {"Growth was 2.5 per cent in 2023.", "Inflation was 1.9 per cent."}},
    {"It costs $3.50. That is cheap.", {"It costs $3.50.", "That is cheap."}},
    {"The club paid £1.2m for him. Fans were delighted.",
     {"The club paid £1.2m for him.", "Fans were delighted."}},
    {"Revenue rose to €4.5bn. Profit fell by 3.2%. Analysts shrugged.",
     {"Revenue rose to €4.5bn.", "Profit fell by 3.2%.", "Analysts shrugged."}},
    {"The vote was 52 to 48. Then came the appeal.",
     {"The vote was 52 to 48.", "Then came the appeal."}},
    {"Chapter 1. It was a dark night.", {"Chapter 1.", "It was a dark night."}},
    {"The train leaves at 9 a.m. and arrives at noon.",
     {"The train leaves at 9 a.m. and arrives at noon."}},
    {"The shop opens at 9 a.m. Customers queue early.",
     {"The shop opens at 9 a.m.", "Customers queue early."}},
    {"Polls close at 10 p.m. Thursday. Results follow.",
     {"Polls close at 10 p.m. Thursday.", "Results follow."}},
    {"By 6 p.m. Mrs. Jones had left.", {"By 6 p.m. Mrs. Jones had left."}},
    {"We met at 5 p.m. GMT on Friday.", {"We met at 5 p.m. GMT on Friday."}},
    {"The talk ends at 4 P.M. The bar opens after.",
     {"The talk ends at 4 P.M.", "The bar opens after."}},
  };
  RUN(cases);
}

static void test_addresses(void **state)
{
  static const struct seg_case cases[] = {
    {"Visit https://www.gov.uk/guidance.html. It explains the rules.",
     {"Visit https://www.gov.uk/guidance.html.", "It explains the rules."}},
    {"Write to press.office@example.co.uk. We reply quickly.",
     {"Write to press.office@example.co.uk.", "We reply quickly."}},
    {"See www.example.com/About.Us for more.", {"See www.example.com/About.Us for more."}},
    {"Mail Jane.Doe@Example.Com today.", {"Mail Jane.Doe@Example.Com today."}},
    {"Use Node.js or Python.Both work.", {"Use Node.js or Python.", "Both work."}},
    {"Call System.Out.println to print.", {"Call System.Out.println to print."}},
  };
  RUN(cases);
}

static void test_ellipses_and_repeats(void **state)
{
  static const struct seg_case cases[] = {
    {"I don't know… Maybe tomorrow.", {"I don't know…", "Maybe tomorrow."}},
    {"Well... I suppose so.", {"Well...", "I suppose so."}},
    {"He paused... and then went on.", {"He paused... and then went on."}},
    {"He paused … and then went on.", {"He paused … and then went on."}},
    {"The quote reads: \"we shall [...] never surrender.\" He meant it.",
     {"The quote reads: \"we shall [...] never surrender.\"", "He meant it."}},
    {"The text [\xe2\x80\xa6] Stops here.", {"The text [\xe2\x80\xa6] Stops here."}},
    {"What?! You did what?! Tell me.", {"What?!", "You did what?!", "Tell me."}},
    {"\"Stop!\" he shouted. \"Don't move!\" But it was too late... The car had gone.",
     {"\"Stop!\" he shouted.", "\"Don't move!\"", "But it was too late...", "The car had gone."}},
    {"I asked him: \"Where were you at 2 a.m.?\" He said nothing.",
     {"I asked him: \"Where were you at 2 a.m.?\"", "He said nothing."}},
    {"Stop!!! Please stop.", {"Stop!!!", "Please stop."}},
    {"Really??? I had no idea.", {"Really???", "I had no idea."}},
    {"Wait!.. Come back.", {"Wait!..", "Come back."}},
  };
  RUN(cases);
}

static void test_quotes_and_dialogue(void **state)
{
  static const struct seg_case cases[] = {
    {"\"Come here,\" she said. \"Now!\" He came.",
     {"\"Come here,\" she said.", "\"Now!\"", "He came."}},
    {"\xe2\x80\x9cWhere are you going?\xe2\x80\x9d asked Tom. "
     "\xe2\x80\x9cHome,\xe2\x80\x9d I said.",
     {"\xe2\x80\x9cWhere are you going?\xe2\x80\x9d asked Tom.",
      "\xe2\x80\x9cHome,\xe2\x80\x9d I said."}},
    {"'I'm tired.' 'Then sleep.'", {"'I'm tired.'", "'Then sleep.'"}},
    {"He said, \xe2\x80\x9cIt is over.\xe2\x80\x9d Then he left.",
     {"He said, \xe2\x80\x9cIt is over.\xe2\x80\x9d", "Then he left."}},
    {"\xe2\x80\x98Quite so.\xe2\x80\x99 She nodded.",
     {"\xe2\x80\x98Quite so.\xe2\x80\x99", "She nodded."}},
    {"(This is an aside.) The main text continues.",
     {"(This is an aside.)", "The main text continues."}},
    {"The pitch (the one by the river.) was flooded.",
     {"The pitch (the one by the river.) was flooded."}},
    {"She wrote \xe2\x80\x9cThe end.\xe2\x80\x9d and closed the book.",
     {"She wrote \xe2\x80\x9cThe end.\xe2\x80\x9d and closed the book."}},
    {"\"Why?\" she asked. \"Because I said so!\" he shouted.",
     {"\"Why?\" she asked.", "\"Because I said so!\" he shouted."}},
    {"It was the students\xe2\x80\x99 turn. The teachers\xe2\x80\x99 turn came later.",
     {"It was the students\xe2\x80\x99 turn.", "The teachers\xe2\x80\x99 turn came later."}},
    {"He read _Emma_. Then he slept.", {"He read _Emma_.", "Then he slept."}},
    {"_Note._ The text is old.", {"_Note._", "The text is old."}},
    {"\"Is that you?\" cried Elizabeth.--\"What brings you here?\"",
     {"\"Is that you?\" cried Elizabeth.--", "\"What brings you here?\""}},
    {"It was late.\xe2\x80\x94Nobody came. Mr.--Smith? well.--maybe.",
     {"It was late.\xe2\x80\x94", "Nobody came.", "Mr.--Smith? well.--maybe."}},
  };
  RUN(cases);
}

static void test_lists_inside_paragraphs(void **state)
{
  static const struct seg_case cases[] = {
    {"Steps: 1. Open the box. 2. Remove the tray. 3. Enjoy.",
     {"Steps:", "1. Open the box.", "2. Remove the tray.", "3. Enjoy."}},
    {"1. Preheat the oven 2. Mix the flour 3. Bake for an hour",
     {"1. Preheat the oven", "2. Mix the flour", "3. Bake for an hour"}},
    {"a) red b) green c) blue", {"a) red", "b) green", "c) blue"}},
    {"i. Introduction ii. Methods iii. Results iv. Discussion",
     {"i. Introduction", "ii. Methods", "iii. Results", "iv. Discussion"}},
    {"g. seventh h. eighth i. ninth", {"g. seventh", "h. eighth", "i. ninth"}},
    {"I. Introduction II. Methods III. Results",
     {"I. Introduction", "II. Methods", "III. Results"}},
    {"A. B. Smith met C. D. Jones.", {"A. B. Smith met C. D. Jones."}},
    {"World War II. The war ended.", {"World War II.", "The war ended."}},
    {"\xe2\x80\xa2 Milk \xe2\x80\xa2 Bread \xe2\x80\xa2 Eggs",
     {"\xe2\x80\xa2 Milk", "\xe2\x80\xa2 Bread", "\xe2\x80\xa2 Eggs"}},
    {"There were 3 options, 1 of which was cheap. 2 were not.",
     {"There were 3 options, 1 of which was cheap.", "2 were not."}},
    {"He scored 2. Then 3 more.", {"He scored 2.", "Then 3 more."}},
  };
  RUN(cases);
}

static void test_missing_space_and_unicode(void **state)
{
  static const struct seg_case cases[] = {
    {"I went home.The door was open.", {"I went home.", "The door was open."}},
    {"Mr.Smith arrived late.", {"Mr.Smith arrived late."}},
    {"We sold 1,000.That was plenty.", {"We sold 1,000.", "That was plenty."}},
    {"\xe6\x9d\xb1\xe4\xba\xac\xe3\x81\xaf\xe5\xa4\xa7\xe3\x81\x8d\xe3\x81\x84\xe3\x80\x82"
     "\xe5\xa4\xa7\xe9\x98\xaa\xe3\x82\x82\xe3\x80\x82",
     {"\xe6\x9d\xb1\xe4\xba\xac\xe3\x81\xaf\xe5\xa4\xa7\xe3\x81\x8d\xe3\x81\x84\xe3\x80\x82",
      "\xe5\xa4\xa7\xe9\x98\xaa\xe3\x82\x82\xe3\x80\x82"}},
    {"\xe6\x9c\xac\xe5\xbd\x93\xef\xbc\x9f\xe3\x81\xaf\xe3\x81\x84\xef\xbc\x81",
     {"\xe6\x9c\xac\xe5\xbd\x93\xef\xbc\x9f", "\xe3\x81\xaf\xe3\x81\x84\xef\xbc\x81"}},
    {"Emoji \xf0\x9f\x98\x80 are fine. Really \xf0\x9f\x8e\x89! Yes.",
     {"Emoji \xf0\x9f\x98\x80 are fine.", "Really \xf0\x9f\x8e\x89!", "Yes."}},
    {"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d. \xd7\x96\xd7\x94.",
     {"\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d \xd7\xa2\xd7\x95\xd7\x9c\xd7\x9d.", "\xd7\x96\xd7\x94."}},
    {"\xc3\x87" "a va. \xc3\x89lodie est l\xc3\xa0.",
     {"\xc3\x87" "a va.", "\xc3\x89lodie est l\xc3\xa0."}},
    {"It was cold. \xc3\xa9t\xc3\xa9 was over.", {"It was cold. \xc3\xa9t\xc3\xa9 was over."}},
    {"Mr.\xc2\xa0Smith left.\xc2\xa0He came back.", {"Mr.\xc2\xa0Smith left.", "He came back."}},
    {"Invalid \xff\xfe bytes. Still fine.", {"Invalid \xff\xfe bytes.", "Still fine."}},
    {"Truncated \xe2\x80", {"Truncated \xe2\x80"}},
  };
  RUN(cases);
}

static void test_wrapped_text(void **state)
{
  static const struct seg_case cases[] = {
    {"It is a truth universally acknowledged, that a single man in possession\n"
     "of a good fortune, must be in want of a wife. However little known the\n"
     "feelings or views of such a man may be on his first entering a\n"
     "neighbourhood, this truth is so well fixed in the minds of the\n"
     "surrounding families, that he is considered the rightful property of\n"
     "some one or other of their daughters.",
     {"It is a truth universally acknowledged, that a single man in possession of a good "
      "fortune, must be in want of a wife.",
      "However little known the feelings or views of such a man may be on his first entering a "
      "neighbourhood, this truth is so well fixed in the minds of the surrounding families, that "
      "he is considered the rightful property of some one or other of their daughters."}},
    {"\"My dear Mr. Bennet,\" said his lady to him one day, \"have you heard that\r\n"
     "Netherfield Park is let at last?\"\r\n"
     "Mr. Bennet replied that he had not.\r\n",
     {"\"My dear Mr. Bennet,\" said his lady to him one day, \"have you heard that Netherfield "
      "Park is let at last?\"",
      "Mr. Bennet replied that he had not."}},
    {"The quick brown fox\njumps over the lazy\ndog and runs away.",
     {"The quick brown fox jumps over the lazy dog and runs away."}},
    {"Jane Smith\n14 High Street\nLondon", {"Jane Smith", "14 High Street", "London"}},
    {"   \n\t  leading and trailing space.  \n ", {"leading and trailing space."}},
  };
  RUN(cases);
}

static void test_degenerate_input(void **state)
{
  static const struct seg_case cases[] = {
    {"", {NULL}},
    {"   \n\t \r\n ", {NULL}},
    {"...", {"..."}},
    {"* * *", {"* * *"}},
    {"?!", {"?!"}},
    {".", {"."}},
    {"No full stop at the end", {"No full stop at the end"}},
    {". Leading dot.", {". Leading dot."}},
  };
  RUN(cases);
}

/* The span given is respected: text outside [start, end) is never looked at as a sentence. */
static void test_sub_span(void **state)
{
  const char *text = "Skip this. Take this. And this. Not this.";
  size_t start = strlen("Skip this. "), end = strlen(text) - strlen(" Not this.");
  struct spans sp = {.text = text};
  assert_int_equal(segment_text(text, start, end, collect, &sp), 0);
  check_spans(&sp, start, end);
  assert_int_equal(sp.n, 2);
  assert_int_equal(sp.start[0], start);
  assert_int_equal(sp.end[1], end);
  spans_free(&sp);
}

static int stop_at_second(void *user, size_t start, size_t end)
{
  int *count = user;
  return ++*count == 2 ? 7 : 0;
}

static void test_callback_stops(void **state)
{
  const char *text = "One. Two. Three. Four.";
  int count = 0;
  assert_int_equal(segment_text(text, 0, strlen(text), stop_at_second, &count), 7);
  assert_int_equal(count, 2);
}

/* ---- The bound -------------------------------------------------------------------------- */

/* Checks that the spans cover every non-space byte of text[0, len) exactly once. */
static void check_coverage(const struct spans *sp, size_t len)
{
  size_t covered = 0, nonspace = 0;
  for (size_t i = 0; i < len; i++)
    nonspace += !is_space((unsigned char)sp->text[i]);
  for (size_t i = 0; i < sp->n; i++)
    for (size_t k = sp->start[i]; k < sp->end[i]; k++)
      covered += !is_space((unsigned char)sp->text[k]);
  assert_int_equal(covered, nonspace);
  for (size_t i = 0; i + 1 < sp->n; i++)
    for (size_t k = sp->end[i]; k < sp->start[i + 1]; k++)
      assert_true(is_space((unsigned char)sp->text[k]));
}

static void test_bound_run_on_line(void **state)
{
  const size_t len = 5u << 20;
  const char *words[] = {"lorem", "ipsum", "dolor", "sit", "amet", "consectetur", "adipiscing"};
  char *text = malloc(len + 1);
  assert_non_null(text);
  size_t n = 0;
  for (size_t w = 0; n < len; w++) {
    const char *word = words[w % 7];
    for (size_t k = 0; word[k] && n < len; k++)
      text[n++] = word[k];
    if (n < len)
      text[n++] = ' ';
  }
  text[len] = '\0';
  struct spans sp = {.text = text};
  assert_int_equal(segment_text(text, 0, len, collect, &sp), 0);
  check_spans(&sp, 0, len);
  check_coverage(&sp, len);
  /* Cut at word boundaries only: every piece starts and ends with a whole word. */
  for (size_t i = 0; i < sp.n; i++) {
    assert_true(sp.start[i] == 0 || text[sp.start[i] - 1] == ' ');
    assert_true(sp.end[i] == len || text[sp.end[i]] == ' ');
    /* Full pieces, but for the last two, which share the rest evenly. */
    size_t min = i + 2 < sp.n ? SEGMENT_MAX_SENTENCE_BYTES - 16
                              : SEGMENT_MAX_SENTENCE_BYTES / 2 - 16;
    assert_true(sp.end[i] - sp.start[i] > min || i == sp.n - 1);
  }
  assert_true(sp.n >= len / SEGMENT_MAX_SENTENCE_BYTES);
  spans_free(&sp);
  free(text);
}

/* One giant word of multi-byte characters: cut at character boundaries only. */
static void check_giant_word(const char *ch, size_t ch_len)
{
  const size_t len = (1u << 20) / ch_len * ch_len;
  char *text = malloc(len + 1);
  assert_non_null(text);
  for (size_t i = 0; i < len; i += ch_len)
    memcpy(text + i, ch, ch_len);
  text[len] = '\0';
  struct spans sp = {.text = text};
  assert_int_equal(segment_text(text, 0, len, collect, &sp), 0);
  check_spans(&sp, 0, len);
  assert_int_equal(sp.start[0], 0);
  assert_int_equal(sp.end[sp.n - 1], len);
  for (size_t i = 0; i < sp.n; i++) {
    assert_int_equal(sp.start[i] % ch_len, 0);
    assert_int_equal(sp.end[i] % ch_len, 0);
    if (i + 1 < sp.n)
      assert_int_equal(sp.end[i], sp.start[i + 1]);
  }
  spans_free(&sp);
  free(text);
}

static void test_bound_giant_word(void **state)
{
  check_giant_word("a", 1);
  check_giant_word("\xc3\xa9", 2);           /* é */
  check_giant_word("\xe2\x82\xac", 3);       /* € */
  check_giant_word("\xf0\x9f\x98\x80", 4);   /* 😀 */
}

/* A long sentence is cut after a clause mark (, ; : — –) rather than between any two words. */
static void test_bound_clause_marks(void **state)
{
  static const char *const marks[] = {",", ";", ":", " \xe2\x80\x94", " \xe2\x80\x93", " -"};
  for (size_t m = 0; m < sizeof marks / sizeof *marks; m++) {
    char text[2048] = "";
    while (strlen(text) < 1500) {
      strcat(text, "the committee met again and again to discuss the matter at length");
      strcat(text, marks[m]);
      strcat(text, " ");
    }
    strcat(text, "and then it stopped.");
    struct spans sp;
    segment(text, &sp);
    assert_true(sp.n >= 4);
    const char *mark = marks[m][0] == ' ' ? marks[m] + 1 : marks[m];
    size_t mark_len = strlen(mark);
    for (size_t i = 0; i + 1 < sp.n; i++) {
      assert_true(sp.end[i] - sp.start[i] >= mark_len);
      assert_memory_equal(text + sp.end[i] - mark_len, mark, mark_len);
    }
    spans_free(&sp);
  }
}

/* Texts stitched at random (fixed seed) from tokens that exercise every rule: the spans keep
 * their invariants and cover every non-space byte once. */
static void test_random_texts(void **state)
{
  static const char *const tokens[] = {
    "word", "Word", "I", "A", "a", "e.g.", "U.S.", "Mr.", "No.", "p.m.", "etc.", "1.", "2.",
    "10)", "b)", "iv.", "3.14", "$3.50", "...", ". . .", " . . . .", "\xe2\x80\xa6", "?!", "!!",
    "?", ".", ".)", "\"", "'", "(", ")", "[...]", "\xe2\x80\x9c", "\xe2\x80\x9d", "\xe2\x80\x99",
    "\xe2\x80\xa2", "\xe2\x81\x83", "\xe3\x80\x82", "\xef\xbc\x9f", "\xe2\x80\x94", ",", ";", ":",
    "http://x.y/Z.W", "a@b.Co", "\xc3\xa9t\xc3\xa9", "\xc3\x89", "\xf0\x9f\x98\x80", "\n", "\r\n",
    " ", "  ", "\t", "The", "How", "Monday", "end.Next", "1,000.", "_", "*",
  };
  const size_t n_tokens = sizeof tokens / sizeof *tokens;
  uint32_t seed = 12345;
  char *text = malloc(8192);
  assert_non_null(text);
  for (int round = 0; round < 3000; round++) {
    size_t len = 0;
    seed = seed * 1103515245u + 12345u;
    size_t want = (seed >> 8) % (round % 10 == 0 ? 8000 : 300);
    while (len < want) {
      seed = seed * 1103515245u + 12345u;
      const char *tok = tokens[(seed >> 8) % n_tokens];
      size_t tl = strlen(tok);
      if (len + tl >= 8191)
        break;
      memcpy(text + len, tok, tl);
      len += tl;
      if ((seed >> 20) % 3 == 0)
        text[len++] = ' ';
    }
    text[len] = '\0';
    struct spans sp = {.text = text};
    assert_int_equal(segment_text(text, 0, len, collect, &sp), 0);
    check_spans(&sp, 0, len);
    check_coverage(&sp, len);
    spans_free(&sp);
  }
  free(text);
}

/* Bytes that are not UTF-8 (stray continuation bytes, truncated sequences) never crash and are
 * kept as word characters. */
static void test_invalid_utf8(void **state)
{
  static const char *const texts[] = {
    "\x80\x80. \xbf Next. \xe2", "\xe2\x80", "\xe3\x80", "\xef\xbc", "Ends with \xe2\x80.",
    "\xc2", "Mr.\xc2", ". \xe2\x80\xa6", "\xe2\x80\xa6\xe2\x80\xa6", "\xf0\x9f\x98",
  };
  for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
    struct spans sp = {.text = texts[i]};
    size_t len = strlen(texts[i]);
    assert_int_equal(segment_text(texts[i], 0, len, collect, &sp), 0);
    assert_true(sp.n >= 1);
    check_coverage(&sp, len);
    spans_free(&sp);
  }
}

/* A sentence a little over the bound is cut in two halves, not into a long piece and a scrap. */
static void test_bound_balanced(void **state)
{
  char text[1024] = "";
  while (strlen(text) < 450)
    strcat(text, "the committee met again, ");
  strcat(text, "and then it stopped.");
  struct spans sp;
  segment(text, &sp);
  assert_int_equal(sp.n, 2);
  for (size_t i = 0; i < 2; i++) {
    assert_true(sp.end[i] - sp.start[i] > SEGMENT_MAX_SENTENCE_BYTES / 3);
    assert_true(sp.end[i] - sp.start[i] < SEGMENT_MAX_SENTENCE_BYTES * 2 / 3);
  }
  assert_int_equal(text[sp.end[0] - 1], ',');
  spans_free(&sp);
}

/* ---- segment_document() ----------------------------------------------------------------- */

static struct document *document_from(const char *s)
{
  char *text = strdup(s);
  assert_non_null(text);
  struct document *doc = document_new(text, strlen(s));
  assert_non_null(doc);
  return doc;
}

static size_t offset_of(const struct document *doc, const char *needle)
{
  const char *p = strstr(doc->text, needle);
  assert_non_null(p);
  return (size_t)(p - doc->text);
}

static void test_segment_document(void **state)
{
  const char *src = "Heading\n\nOne. Two!\n\n   \n\nint main(void) { return 0; }. x. Y.\n\n"
                    "* * *\n\nLast one? Yes.";
  struct document *doc = document_from(src);
  size_t code = offset_of(doc, "int main");
  size_t stars = offset_of(doc, "* * *");
  assert_int_equal(document_add_paragraph(doc, DOC_HEADING, 0, 7), 0);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, 9, 18), 0);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, 20, 23), 0);  /* blank */
  assert_int_equal(document_add_paragraph(doc, DOC_CODE, code - 1, stars - 2), 0);
  assert_int_equal(document_add_paragraph(doc, DOC_PARAGRAPH, stars, stars + 5), 0);
  assert_int_equal(document_add_paragraph(doc, DOC_ITEM, stars + 7, doc->len), 0);
  assert_int_equal(segment_document(doc), 0);

  assert_int_equal(doc->n_paragraphs, 5);   /* the blank paragraph is dropped */
  size_t want_counts[] = {1, 2, 1, 1, 2};
  size_t next = 0;
  for (size_t p = 0; p < doc->n_paragraphs; p++) {
    assert_int_equal(doc->paragraphs[p].first_sentence, next);
    assert_int_equal(doc->paragraphs[p].n_sentences, want_counts[p]);
    next += want_counts[p];
  }
  assert_int_equal(doc->n_sentences, next);
  assert_int_equal(doc->paragraphs[2].kind, DOC_CODE);
  const struct doc_sentence *c = &doc->sentences[3];
  assert_int_equal(c->start, code);
  assert_int_equal(c->end, stars - 2);
  assert_int_equal(document_paragraph_of(doc, 6), 4);
  document_free(doc);
}

/* A code block is one sentence however long it is. */
static void test_code_block_unbounded(void **state)
{
  char big[1200];
  memset(big, 'x', sizeof big - 1);
  big[sizeof big - 1] = '\0';
  for (size_t i = 10; i < sizeof big - 1; i += 50)
    big[i] = '.';
  big[500] = ' ';
  struct document *doc = document_from(big);
  assert_int_equal(document_add_paragraph(doc, DOC_CODE, 0, doc->len), 0);
  assert_int_equal(segment_document(doc), 0);
  assert_int_equal(doc->n_sentences, 1);
  assert_int_equal(doc->sentences[0].end - doc->sentences[0].start, doc->len);
  document_free(doc);
}

/* An ordered item's number begins its first sentence whatever it looks like ("100." is no
 * list marker to the segmenter alone), and the length bound counts it. */
static void test_item_number_begins_its_sentence(void **state)
{
  char text[700] = "100.   Done. Next one.\n\n7. ";
  size_t second = strlen(text) - 3;   /* "7. " */
  for (size_t i = second + 3; i < sizeof text - 1; i++)
    text[i] = i % 7 ? 'w' : ' ';
  text[sizeof text - 1] = '\0';
  struct document *doc = document_from(text);
  assert_int_equal(document_add_item(doc, 0, 22, 7), 0);
  assert_int_equal(document_add_item(doc, second, doc->len, 3), 0);
  assert_int_equal(segment_document(doc), 0);
  assert_int_equal(doc->paragraphs[0].n_sentences, 2);
  assert_int_equal(doc->sentences[0].start, 0);
  assert_int_equal(doc->sentences[0].end, 12);    /* "100.   Done." */
  const struct doc_paragraph *p = &doc->paragraphs[1];
  assert_true(p->n_sentences >= 2);
  assert_int_equal(doc->sentences[p->first_sentence].start, second);
  for (size_t i = p->first_sentence; i < p->first_sentence + p->n_sentences; i++)
    assert_true(doc->sentences[i].end - doc->sentences[i].start <= SEGMENT_MAX_SENTENCE_BYTES);
  document_free(doc);
}

/* ---- The sample article ----------------------------------------------------------------- */

static char *sentence_text(const struct document *doc, size_t s)
{
  return collapse(doc->text, doc->sentences[s].start, doc->sentences[s].end);
}

/* Index of the paragraph whose first sentence contains needle. */
static size_t find_paragraph(const struct document *doc, const char *needle)
{
  for (size_t p = 0; p < doc->n_paragraphs; p++) {
    char *first = sentence_text(doc, doc->paragraphs[p].first_sentence);
    int found = strstr(first, needle) != NULL;
    free(first);
    if (found)
      return p;
  }
  fail_msg("no paragraph starts with '%s'", needle);
  return 0;
}

static void test_sample_article(void **state)
{
  struct document *doc = NULL;
  int rc = document_load_file("samples/online-safety.txt", INPUT_TXT, &doc);
  if (rc == -ENOENT)
    skip();
  assert_int_equal(rc, 0);

  /* Sentences a reader expects, per paragraph (identified by its first words). */
  static const struct {
    const char *first;
    size_t n;
  } paragraphs[] = {
    {"ONE A few weeks ago", 2},
    {"Many of these children", 4},
    {"I also spoke to volunteers", 3},
    {"The stories I heard were heartbreaking.", 7},
    {"A decade lost", 4},
    {"The draft illegal codes", 4},
    {"The codes will make it easier", 2},
    {"Today I have also set out", 2},
    {"My decision means", 1},
    {"The online world", 5},
    {"The illegal codes set by Ofcom", 3},
    {"Some people compare", 4},
    {"The children I met", 4},
    {"However, whatever they choose", 2},
    {"Peter Kyle is Minister", 1},
    {"Do you have an opinion", 2},
  };
  size_t total = 0, prev = 0;
  for (size_t i = 0; i < sizeof paragraphs / sizeof *paragraphs; i++) {
    size_t p = find_paragraph(doc, paragraphs[i].first);
    assert_true(i == 0 || p > prev);
    prev = p;
    assert_int_equal(doc->paragraphs[p].n_sentences, paragraphs[i].n);
    total += paragraphs[i].n;
  }
  assert_true(doc->n_sentences >= total);

  static const char *const exact[] = {
    "Several of them told me they were afraid: afraid of cyberbullying; afraid of care; and "
    "afraid of what they might roll to see next.",
    "It was difficult to report.",
    "If they don\xe2\x80\x99t, they will face huge fines and, if necessary, Ofcom can ask the "
    "courts to block access to their platforms in the UK.",
    "But uncertainty cannot excuse inaction.",
    "But there\xe2\x80\x99s a crucial difference: Even if you can\xe2\x80\x99t smoke safely, I "
    "think you can be safe online.",
    "Because the work to build a better online world for everyone has finally begun.",
  };
  size_t from = 0;
  for (size_t i = 0; i < sizeof exact / sizeof *exact; i++) {
    size_t s = from;
    for (; s < doc->n_sentences; s++) {
      char *t = sentence_text(doc, s);
      int same = strcmp(t, exact[i]) == 0;
      free(t);
      if (same)
        break;
    }
    if (s == doc->n_sentences)
      fail_msg("sentence not found in order: %s", exact[i]);
    from = s + 1;
  }
  for (size_t s = 0; s + 1 < doc->n_sentences; s++)
    assert_true(doc->sentences[s].end <= doc->sentences[s + 1].start);
  document_free(doc);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_titles_and_initials),
    cmocka_unit_test(test_acronyms_and_abbreviations),
    cmocka_unit_test(test_abbreviation_tables),
    cmocka_unit_test(test_numbers_money_times),
    cmocka_unit_test(test_addresses),
    cmocka_unit_test(test_ellipses_and_repeats),
    cmocka_unit_test(test_quotes_and_dialogue),
    cmocka_unit_test(test_lists_inside_paragraphs),
    cmocka_unit_test(test_missing_space_and_unicode),
    cmocka_unit_test(test_wrapped_text),
    cmocka_unit_test(test_degenerate_input),
    cmocka_unit_test(test_sub_span),
    cmocka_unit_test(test_callback_stops),
    cmocka_unit_test(test_bound_run_on_line),
    cmocka_unit_test(test_bound_giant_word),
    cmocka_unit_test(test_bound_clause_marks),
    cmocka_unit_test(test_bound_balanced),
    cmocka_unit_test(test_random_texts),
    cmocka_unit_test(test_invalid_utf8),
    cmocka_unit_test(test_segment_document),
    cmocka_unit_test(test_code_block_unbounded),
    cmocka_unit_test(test_item_number_begins_its_sentence),
    cmocka_unit_test(test_sample_article),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
