/* Bookmarks and their list (see bookmarks.h). */
#include "ui/bookmarks.h"

#include <stdlib.h>
#include <string.h>

#include "player/player.h"
#include "text/document.h"
#include "ui/controller.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/toc.h"
#include "ui/ui.h"

#include <curses.h>

/* The first bookmark at or after sentence. */
static size_t lower_bound(const struct bookmarks *b, size_t sentence)
{
  size_t lo = 0, hi = b->n;
  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    if (b->at[mid] < sentence)
      lo = mid + 1;
    else
      hi = mid;
  }
  return lo;
}

int bookmarks_toggle(struct bookmarks *b, size_t sentence)
{
  size_t i = lower_bound(b, sentence);
  if (i < b->n && b->at[i] == sentence) {
    bookmarks_remove(b, i);
    return -(int)(i + 1);
  }
  if (b->n >= BOOKMARKS_MAX)
    return 0;
  memmove(&b->at[i + 1], &b->at[i], (b->n - i) * sizeof b->at[0]);
  b->at[i] = sentence;
  b->n++;
  return (int)(i + 1);
}

void bookmarks_remove(struct bookmarks *b, size_t i)
{
  if (i >= b->n)
    return;
  memmove(&b->at[i], &b->at[i + 1], (b->n - i - 1) * sizeof b->at[0]);
  b->n--;
}

static int compare(const void *a, const void *b)
{
  size_t x = *(const size_t *)a, y = *(const size_t *)b;
  return x < y ? -1 : x > y;
}

void bookmarks_clean(struct bookmarks *b, size_t n_sentences)
{
  if (b->n > BOOKMARKS_MAX)
    b->n = BOOKMARKS_MAX;
  qsort(b->at, b->n, sizeof b->at[0], compare);
  size_t kept = 0;
  for (size_t i = 0; i < b->n; i++)
    if (b->at[i] < n_sentences && (kept == 0 || b->at[kept - 1] != b->at[i]))
      b->at[kept++] = b->at[i];
  b->n = kept;
}

void bookmarks_mark(struct controller *c)
{
  struct bookmarks *b = c->cfg->bookmarks;
  controller_read_status(c);
  if (!b || c->st.sentence >= c->cfg->doc->n_sentences)
    return;
  int number = bookmarks_toggle(b, c->st.sentence);
  if (number > 0)
    controller_message(c, "Bookmark %d added", number);
  else if (number < 0)
    controller_message(c, "Bookmark %d removed", -number);
  else
    controller_message(c, "Bookmarks full (%d): remove one first", BOOKMARKS_MAX);
  controller_say(c, c->message);
}

/* Says the selected line (with --announce): what the eye sees on the reversed line. */
static void announce_selected(struct controller *c)
{
  char line[256];
  bookmarks_line(c->cfg->doc, c->cfg->bookmarks, c->marks_sel, line, sizeof line);
  controller_announce(c, "%s", line);
}

void bookmarks_open(struct controller *c)
{
  const struct bookmarks *b = c->cfg->bookmarks;
  if (!b || !b->n) {
    controller_message(c, "No bookmarks: b marks the sentence being read");
    controller_say(c, "no bookmarks");
    return;
  }
  controller_read_status(c);
  size_t i = lower_bound(b, c->st.sentence + 1);
  c->marks = true;
  c->marks_sel = i ? i - 1 : 0;
  c->marks_number[0] = '\0';
  char line[256];
  bookmarks_line(c->cfg->doc, b, c->marks_sel, line, sizeof line);
  controller_announce(c, "bookmarks, %zu of them, %s", b->n, line);
}

/* Reads from bookmark i, and says which. */
static void choose(struct controller *c, size_t i)
{
  struct bookmarks *b = c->cfg->bookmarks;
  c->marks = false;
  controller_send(c, PLAYER_JUMP_SENTENCE, (long)b->at[i]);
  controller_message(c, "Bookmark %zu of %zu", i + 1, b->n);
}

static void remove_selected(struct controller *c)
{
  struct bookmarks *b = c->cfg->bookmarks;
  size_t removed = c->marks_sel + 1;
  bookmarks_remove(b, c->marks_sel);
  controller_message(c, "Bookmark %zu removed", removed);
  controller_say(c, c->message);
  if (!b->n) {
    c->marks = false;
    return;
  }
  c->marks_sel = toc_clamp(c->marks_sel, 0, b->n);
}

/* Enter: the number typed (plain mode), or the selected line. */
static void enter(struct controller *c)
{
  size_t n = c->cfg->bookmarks->n;
  if (!c->marks_number[0]) {
    choose(c, c->marks_sel);
    return;
  }
  long number = strtol(c->marks_number, NULL, 10);
  c->marks_number[0] = '\0';
  if (number < 1 || (size_t)number > n) {
    controller_say(c, "no such number");
    controller_message(c, "No bookmark %ld: 1 to %zu", number, n);
    return;
  }
  choose(c, (size_t)number - 1);
}

void bookmarks_key(struct controller *c, int key)
{
  size_t n = c->cfg->bookmarks->n;
  size_t typed = strlen(c->marks_number);
  if (key == '\n' || key == '\r' || key == KEYS_FN(KEY_ENTER)) {
    enter(c);
  } else if (toc_number_key(c->marks_number, sizeof c->marks_number, key)) {
    return;
  } else if (key == KEYS_FN(KEY_DC) || key == 'd') {
    long number = typed ? strtol(c->marks_number, NULL, 10) : 0;   /* plain mode: "2 Delete" */
    c->marks_number[0] = '\0';
    if (number >= 1 && (size_t)number <= n)
      c->marks_sel = (size_t)number - 1;
    remove_selected(c);
  } else if (toc_move_delta(key, n)) {
    c->marks_sel = toc_clamp(c->marks_sel, toc_move_delta(key, n), n);
    announce_selected(c);
  } else if (key == 27 || key == 'q' || key == 7 /* ^G */) {
    c->marks = false;
    controller_message(c, "%s", "");
  }
}

/* The sentence's first words, spaces folded, cut at a word boundary. */
static void first_words(const struct document *doc, size_t s, char *buf, size_t len)
{
  const struct doc_sentence *sent = &doc->sentences[s];
  size_t n = 0, cut = 0, i = sent->start;
  bool space = false;
  while (i < sent->end && n + 4 < len && n < 48) {
    size_t w = layout_is_space(doc->text + i, doc->len - i);
    if (w) {
      space = n > 0;
      i += w;
      continue;
    }
    if (space) {
      cut = n;
      buf[n++] = ' ';
      space = false;
    }
    buf[n++] = doc->text[i++];
  }
  if (i < sent->end && cut) {
    n = cut;
    memcpy(buf + n, "\xe2\x80\xa6", 3);   /* … */
    n += 3;
  }
  buf[n] = '\0';
}

void bookmarks_line(const struct document *doc, const struct bookmarks *b, size_t i, char *buf,
                    size_t len)
{
  size_t s = b->at[i];
  size_t para = document_paragraph_of(doc, s);
  char words[64];
  first_words(doc, s, words, sizeof words);
  snprintf(buf, len, "%zu. paragraph %zu, sentence %zu: %s", i + 1, para + 1,
           s - doc->paragraphs[para].first_sentence + 1, words);
}

int bookmarks_draw(const struct document *doc, const struct bookmarks *b, size_t selected,
                   int row0, int rows, int width)
{
  if (rows <= 0 || width <= 0 || !b || !b->n)
    return -1;
  size_t first;
  int sel_row = toc_window(b->n, selected, rows, &first);
  char line[256];
  for (int r = 0; r < rows && first + (size_t)r < b->n; r++) {
    size_t i = first + (size_t)r;
    bookmarks_line(doc, b, i, line, sizeof line);
    attrset(i == selected ? A_REVERSE : A_NORMAL);
    mvaddnstr(row0 + r, 0, line, toc_fit(line, width));
  }
  attrset(A_NORMAL);
  return row0 + sel_row;
}

void bookmarks_print(const struct controller *c, FILE *out)
{
  const struct bookmarks *b = c->cfg->bookmarks;
  char line[256];
  fputs("[Bookmarks]\n", out);
  for (size_t i = 0; i < b->n; i++) {
    bookmarks_line(c->cfg->doc, b, i, line, sizeof line);
    fprintf(out, "  %s\n", line);
  }
  fprintf(out, "Bookmark number (1 to %zu), Enter; Delete removes; Escape closes: ", b->n);
  fflush(out);
}
