/* The table of contents (see toc.h). */
#include "ui/toc.h"

#include <stdlib.h>
#include <string.h>

#include "player/navigation.h"
#include "text/document.h"
#include "text/section.h"
#include "ui/controller.h"
#include "ui/keys.h"
#include "ui/ui.h"

#include <curses.h>

/* The section holding sentence, or the first. */
static size_t section_of(const struct document *doc, size_t sentence)
{
  if (!doc->n_sentences)
    return 0;
  size_t s = sentence < doc->n_sentences ? sentence : doc->n_sentences - 1;
  size_t at = sections_at(doc, document_paragraph_of(doc, s));
  return at == SECTIONS_NONE ? 0 : at;
}

static size_t current(const struct controller *c)
{
  return section_of(c->cfg->doc, c->st.sentence);
}

void toc_open(struct controller *c)
{
  const struct document *doc = c->cfg->doc;
  if (!doc->n_sections) {
    controller_say(c, "no chapters or headings");
    controller_message(c, "No chapters or headings");
    return;
  }
  controller_read_status(c);
  c->toc = true;
  c->toc_sel = current(c);
  c->toc_number[0] = '\0';
  controller_announce(c, "contents, %zu of %zu, %s", c->toc_sel + 1, doc->n_sections,
                      doc->sections[c->toc_sel].title);
}

/* Reads from section i, and says which. */
static void choose(struct controller *c, size_t i)
{
  const struct document *doc = c->cfg->doc;
  c->toc = false;
  const struct doc_section *sec = &doc->sections[i];
  controller_send(c, PLAYER_JUMP_SENTENCE, (long)doc->paragraphs[sec->first].first_sentence);
  controller_message(c, "%s", sec->title);
}

static void move_to(struct controller *c, long delta)
{
  c->toc_sel = toc_clamp(c->toc_sel, delta, c->cfg->doc->n_sections);
  controller_announce(c, "%zu, %s", c->toc_sel + 1, c->cfg->doc->sections[c->toc_sel].title);
}

bool toc_number_key(char *number, size_t size, int key)
{
  size_t typed = strlen(number);
  if (key >= '0' && key <= '9') {
    if (typed + 1 < size) {
      number[typed] = (char)key;
      number[typed + 1] = '\0';
    }
    return true;
  }
  if (key == KEYS_FN(KEY_BACKSPACE) || key == 127 || key == 8) {
    if (typed)
      number[typed - 1] = '\0';
    return true;
  }
  return false;
}

long toc_move_delta(int key, size_t n)
{
  if (key == KEYS_FN(KEY_DOWN) || key == KEYS_FN(KEY_UP))
    return key == KEYS_FN(KEY_DOWN) ? 1 : -1;
  if (key == KEYS_FN(KEY_NPAGE) || key == KEYS_FN(KEY_PPAGE))
    return key == KEYS_FN(KEY_NPAGE) ? 10 : -10;
  if (key == KEYS_FN(KEY_HOME) || key == KEYS_FN(KEY_END))
    return key == KEYS_FN(KEY_END) ? (long)n : -(long)n;
  return 0;
}

size_t toc_clamp(size_t sel, long delta, size_t n)
{
  long to = (long)sel + delta;
  return to < 0 || !n ? 0 : to >= (long)n ? n - 1 : (size_t)to;
}

void toc_key(struct controller *c, int key)
{
  size_t n = c->cfg->doc->n_sections;
  size_t typed = strlen(c->toc_number);
  if (key == '\n' || key == '\r' || key == KEYS_FN(KEY_ENTER)) {
    long number = typed ? strtol(c->toc_number, NULL, 10) : 0;
    if (typed && (number < 1 || (size_t)number > n)) {
      c->toc_number[0] = '\0';
      controller_say(c, "no such number");
      controller_message(c, "No section %ld: 1 to %zu", number, n);
      return;
    }
    choose(c, typed ? (size_t)number - 1 : c->toc_sel);
  } else if (toc_number_key(c->toc_number, sizeof c->toc_number, key)) {
    return;
  } else if (toc_move_delta(key, n)) {
    move_to(c, toc_move_delta(key, n));
  } else if (key == 27 || key == 'q' || key == 7 /* ^G */) {
    c->toc = false;
    controller_message(c, "%s", "");
  }
}

int toc_window(size_t n_sections, size_t selected, int rows, size_t *first)
{
  size_t r = rows > 0 ? (size_t)rows : 1;
  size_t top = selected >= r / 2 ? selected - r / 2 : 0;
  if (n_sections > r && top + r > n_sections)
    top = n_sections - r;
  if (n_sections <= r)
    top = 0;
  *first = top;
  return (int)(selected - top);
}

void toc_line(const struct document *doc, size_t section, bool current_one, char *buf, size_t len)
{
  const struct doc_section *sec = &doc->sections[section];
  int indent = 2 * (int)(sec->level - 1);
  snprintf(buf, len, "%*s%s%zu. %s", indent, "", current_one ? "* " : "  ", section + 1,
           sec->title);
}

void toc_print(const struct controller *c, FILE *out)
{
  const struct document *doc = c->cfg->doc;
  size_t cur = current(c);
  char line[512];
  fputs("[Contents]\n", out);
  for (size_t i = 0; i < doc->n_sections; i++) {
    toc_line(doc, i, i == cur, line, sizeof line);
    fprintf(out, "  %s\n", line);
  }
  fprintf(out, "Section number (1 to %zu), Enter; Escape closes: ", doc->n_sections);
  fflush(out);
}

void toc_where(const struct document *doc, size_t sentence, char *text, size_t len)
{
  if (!doc->n_sentences || !doc->n_sections)
    return;
  size_t s = sentence < doc->n_sentences ? sentence : doc->n_sentences - 1;
  char chapter[512];
  sections_describe(doc, document_paragraph_of(doc, s), chapter, sizeof chapter);
  if (!chapter[0])
    return;
  const char *rest = strstr(text, ", ");   /* after "paragraph P of N" */
  char out[1024];
  snprintf(out, sizeof out, "%s%s", chapter, rest ? rest : "");
  snprintf(text, len, "%s", out);
}

/* How many bytes of s fit in width columns, cut at a character boundary (titles are short:
 * a column a character is close enough for the overlay). */
int toc_fit(const char *s, int width)
{
  int n = 0, cols = 0;
  while (s[n] && cols < width) {
    n++;
    while (((unsigned char)s[n] & 0xc0) == 0x80)
      n++;
    cols++;
  }
  return n;
}

int toc_draw(const struct document *doc, size_t sentence, size_t selected, int row0, int rows,
             int width)
{
  if (rows <= 0 || width <= 0 || !doc->n_sections)
    return -1;
  size_t cur = section_of(doc, sentence), first;
  int sel_row = toc_window(doc->n_sections, selected, rows, &first);
  char line[512];
  for (int r = 0; r < rows && first + (size_t)r < doc->n_sections; r++) {
    size_t i = first + (size_t)r;
    toc_line(doc, i, i == cur, line, sizeof line);
    attrset(i == selected ? A_REVERSE : A_NORMAL);
    mvaddnstr(row0 + r, 0, line, toc_fit(line, width));
  }
  attrset(A_NORMAL);
  return row0 + sel_row;
}
