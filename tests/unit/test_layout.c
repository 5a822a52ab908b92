/* Laying text out for the panel: word wrap by columns, wide characters, combining marks, and
 * control characters turned into visible placeholders. */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "text/document.h"
#include "ui/layout.h"

/* A document of paragraphs given as strings, each one sentence. */
static struct document *make_doc(const char *const *paras, const enum doc_kind *kinds, size_t n)
{
  size_t len = 0;
  for (size_t i = 0; i < n; i++)
    len += strlen(paras[i]) + 2;
  char *text = malloc(len + 1);
  size_t pos = 0;
  size_t *starts = calloc(n, sizeof *starts);
  for (size_t i = 0; i < n; i++) {
    starts[i] = pos;
    memcpy(text + pos, paras[i], strlen(paras[i]));
    pos += strlen(paras[i]);
    text[pos++] = '\n';
    text[pos++] = '\n';
  }
  text[pos] = '\0';
  struct document *doc = document_new(text, pos);
  assert_non_null(doc);
  for (size_t i = 0; i < n; i++) {
    assert_int_equal(document_add_paragraph(doc, kinds ? kinds[i] : DOC_PARAGRAPH, starts[i],
                                            starts[i] + strlen(paras[i])), 0);
    assert_int_equal(document_add_sentence(doc, starts[i], starts[i] + strlen(paras[i])), 0);
  }
  free(starts);
  return doc;
}

/* The text of a line as drawn: whitespace runs as one space. */
static void line_text(const struct document *doc, const struct layout_line *line, char *buf,
                      size_t len)
{
  size_t o = 0;
  bool space = false;
  for (size_t i = line->start; i < line->end && o + 1 < len; i++) {
    char c = doc->text[i];
    if (c == ' ' || c == '\n') {
      space = true;
      continue;
    }
    if (space && o + 2 < len)
      buf[o++] = ' ';
    space = false;
    buf[o++] = c;
  }
  buf[o] = '\0';
}

static int line_width(const struct document *doc, const struct layout_line *line)
{
  return line->indent + layout_text_width(doc->text + line->start, line->end - line->start, true);
}

static void test_word_wrap(void **state)
{
  const char *paras[] = {"The quick brown fox jumps over the lazy dog", "Second one here"};
  struct document *doc = make_doc(paras, NULL, 2);
  struct layout l;
  assert_int_equal(layout_build(doc, 10, true, &l), 0);
  static const char *expect[] = {"The quick", "brown fox", "jumps over", "the lazy", "dog", "",
                                 "Second one", "here"};
  assert_int_equal(l.n_lines, 8);
  for (size_t i = 0; i < l.n_lines; i++) {
    char buf[64];
    line_text(doc, &l.lines[i], buf, sizeof buf);
    assert_string_equal(buf, expect[i]);
    assert_true(line_width(doc, &l.lines[i]) <= 10);
  }
  assert_true(l.lines[5].blank);
  assert_true(l.lines[0].first);
  assert_false(l.lines[1].first);
  assert_true(l.lines[6].first);
  assert_int_equal(l.lines[6].paragraph, 1);
  /* Every byte of a sentence maps to the line that shows it. */
  assert_int_equal(layout_line_of(&l, doc->sentences[1].start), 6);
  assert_int_equal(layout_line_of(&l, doc->paragraphs[0].start + 10), 1);   /* "brown" */
  assert_int_equal(layout_line_of(&l, 0), 0);
  layout_free(&l);
  document_free(doc);
}

static void test_items_and_tiny_width(void **state)
{
  const char *paras[] = {"Heading", "an item of a list that wraps"};
  const enum doc_kind kinds[] = {DOC_HEADING, DOC_ITEM};
  struct document *doc = make_doc(paras, kinds, 2);
  struct layout l;
  assert_int_equal(layout_build(doc, 16, true, &l), 0);
  assert_int_equal(l.lines[0].indent, 0);
  size_t item = layout_line_of(&l, doc->paragraphs[1].start);
  assert_true(l.lines[item].first);
  assert_int_equal(l.lines[item].indent, 2);
  assert_int_equal(l.lines[item + 1].indent, 2);
  for (size_t i = 0; i < l.n_lines; i++)
    assert_true(line_width(doc, &l.lines[i]) <= 16);
  layout_free(&l);

  /* One column: nothing is lost, nothing overflows, no decoration. */
  assert_int_equal(layout_build(doc, 1, true, &l), 0);
  size_t letters = 0;
  for (size_t i = 0; i < l.n_lines; i++) {
    if (l.lines[i].blank)
      continue;
    assert_int_equal(l.lines[i].indent, 0);
    assert_int_equal(line_width(doc, &l.lines[i]), 1);
    letters++;
  }
  assert_int_equal(letters, strlen("Heading") + strlen("anitemofalistthatwraps"));
  layout_free(&l);
  document_free(doc);
}

static void test_wide_characters(void **state)
{
  /* Six CJK characters of two columns each, then a word with a combining accent. */
  const char *paras[] = {"中文字符测试 cafe\xcc\x81 ok"};
  struct document *doc = make_doc(paras, NULL, 1);
  struct layout l;
  assert_int_equal(layout_build(doc, 5, true, &l), 0);
  assert_int_equal(l.n_lines, 5);   /* 中文, 字符, 测试, then "café ok" is 7 wide: café, ok */
  for (size_t i = 0; i < l.n_lines; i++)
    assert_true(line_width(doc, &l.lines[i]) <= 5);
  assert_int_equal(layout_text_width("中文", strlen("中文"), true), 4);
  assert_int_equal(layout_text_width("cafe\xcc\x81", 6, true), 4);
  layout_free(&l);
  assert_int_equal(layout_build(doc, 20, true, &l), 0);
  assert_int_equal(l.n_lines, 1);
  assert_int_equal(line_width(doc, &l.lines[0]), 12 + 1 + 4 + 1 + 2);
  layout_free(&l);
  document_free(doc);
}

static void test_control_characters(void **state)
{
  struct layout_glyph g;
  /* ESC becomes "^[", visible and harmless. */
  assert_int_equal(layout_glyph("\033]0;x\007", 6, true, &g), 1);
  assert_int_equal(g.width, 2);
  assert_int_equal(g.wc[0], L'^');
  assert_int_equal(g.wc[1], L'[');
  assert_int_equal(layout_glyph("\007", 1, true, &g), 1);
  assert_int_equal(g.wc[1], L'G');
  assert_int_equal(layout_glyph("\x7f", 1, true, &g), 1);
  assert_int_equal(g.wc[1], L'?');
  /* C1 CSI (U+009B) and an invalid byte: replacement character. */
  assert_int_equal(layout_glyph("\xc2\x9b", 2, true, &g), 2);
  assert_int_equal(g.wc[0], 0xfffd);
  assert_int_equal(layout_glyph("\xff", 1, true, &g), 1);
  assert_int_equal(g.wc[0], 0xfffd);
  /* A right-to-left override is not sent at all. */
  assert_int_equal(layout_glyph("\xe2\x80\xae", 3, true, &g), 3);
  assert_int_equal(g.wc[0], 0);
  assert_int_equal(g.width, 0);
  /* Without UTF-8 everything beyond ASCII is a question mark. */
  assert_int_equal(layout_glyph("é", 2, false, &g), 2);
  assert_int_equal(g.wc[0], L'?');

  /* No glyph of any byte string ever holds a control character. */
  char s[3];
  for (int a = 0; a < 256; a++)
    for (int b = 0; b < 256; b += 7) {
      s[0] = (char)a;
      s[1] = (char)b;
      s[2] = 0;
      struct layout_glyph h;
      layout_glyph(s, 2, true, &h);
      for (int k = 0; h.wc[k]; k++)
        assert_false(h.wc[k] < 0x20 || (h.wc[k] >= 0x7f && h.wc[k] < 0xa0));
    }
}

static void test_code_keeps_lines(void **state)
{
  const char *paras[] = {"int x;\nint y;"};
  const enum doc_kind kinds[] = {DOC_CODE};
  struct document *doc = make_doc(paras, kinds, 1);
  struct layout l;
  assert_int_equal(layout_build(doc, 40, true, &l), 0);
  assert_int_equal(l.n_lines, 2);
  layout_free(&l);
  document_free(doc);
}

/* A whitespace run is one space between two shown characters, none at the start or the end. */
static void test_skip_space(void **state)
{
  const char *t = "  a \n\t b\xe2\x80\xa8 ";
  size_t len = strlen(t), pos = 0;
  assert_false(layout_skip_space(t, len, &pos, false));
  assert_int_equal(pos, 2);
  assert_false(layout_skip_space(t, len, &pos, true));   /* none here */
  assert_int_equal(pos, 2);
  pos = 3;
  assert_true(layout_skip_space(t, len, &pos, true));
  assert_int_equal(pos, 7);
  pos = 3;
  assert_false(layout_skip_space(t, len, &pos, false));   /* nothing shown before it */
  pos = 8;
  assert_false(layout_skip_space(t, len, &pos, true));    /* the end: U+2028 then a space */
  assert_int_equal(pos, len);
}

int main(void)
{
  if (!setlocale(LC_ALL, "C.UTF-8"))
    return 77;
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_skip_space),
    cmocka_unit_test(test_word_wrap),
    cmocka_unit_test(test_items_and_tiny_width),
    cmocka_unit_test(test_wide_characters),
    cmocka_unit_test(test_control_characters),
    cmocka_unit_test(test_code_keeps_lines),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
