#include "ui/panel.h"

#include <curses.h>
#include <errno.h>
#include <langinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "player/player.h"
#include "text/document.h"
#include "ui/commands.h"
#include "ui/keys.h"
#include "ui/layout.h"
#include "ui/toc.h"

enum { PAIR_SENTENCE = 1, PAIR_WORD = 2 };

struct panel {
  const struct document *doc;   /* borrowed */
  const struct keymap *keys;    /* borrowed */
  bool utf8;
  bool colour;
  struct layout layout;         /* for layout.width columns; rebuilt when the width changes */
  bool have_layout;
  size_t top;                   /* first layout line shown */
  size_t last_sentence;         /* sentence the view was last scrolled for */
  bool scrolled_once;
  int help_pages;               /* pages of the help overlay as last drawn */
};

int panel_new(const struct document *doc, const struct keymap *keys, bool colour,
              struct panel **out)
{
  struct panel *p = calloc(1, sizeof *p);
  if (!p)
    return -ENOMEM;
  p->doc = doc;
  p->keys = keys;
  const char *codeset = nl_langinfo(CODESET);
  p->utf8 = codeset && strcmp(codeset, "UTF-8") == 0;
  const char *no_colour = getenv("NO_COLOR");
  p->colour = colour && has_colors() && !(no_colour && no_colour[0]);
  if (p->colour && start_color() == OK) {
    use_default_colors();
    /* Reverse video swaps these: the sentence gets a cyan background, the word a yellow one. */
    init_pair(PAIR_SENTENCE, COLOR_CYAN, -1);
    init_pair(PAIR_WORD, COLOR_YELLOW, -1);
  } else {
    p->colour = false;
  }
  *out = p;
  return 0;
}

void panel_free(struct panel *p)
{
  if (!p)
    return;
  if (p->have_layout)
    layout_free(&p->layout);
  free(p);
}

static attr_t sentence_attr(const struct panel *p)
{
  return A_REVERSE | (p->colour ? COLOR_PAIR(PAIR_SENTENCE) : 0);
}

static attr_t word_attr(const struct panel *p)
{
  return A_REVERSE | A_BOLD | A_UNDERLINE | (p->colour ? COLOR_PAIR(PAIR_WORD) : 0);
}

/* Draws one glyph at (row, col) if it fits before max_col; returns the new column. */
static int put_glyph(int row, int col, int max_col, const struct layout_glyph *g, attr_t attr)
{
  if (!g->wc[0])
    return col;
  if (g->width == 0) {
    /* A combining mark joins the cell just drawn; at the start of a line there is none. */
    if (col == 0)
      return col;
    attrset(attr);
    addnwstr(g->wc, -1);
    return col;
  }
  if (col + g->width > max_col)
    return max_col;
  attrset(attr);
  mvaddnwstr(row, col, g->wc, -1);
  return col + g->width;
}

/* Draws a string that may hold anything (a title, a voice name, search text), whitespace runs as
 * one space, from col up to max_col. Returns the column after it. */
static int put_string(const struct panel *p, int row, int col, int max_col, const char *s,
                      attr_t attr)
{
  size_t len = strlen(s);
  size_t i = 0;
  while (i < len && col < max_col) {
    size_t sp = layout_is_space(s + i, len - i);
    if (sp) {
      while (i < len && (sp = layout_is_space(s + i, len - i)))
        i += sp;
      struct layout_glyph g = {.wc = {L' '}, .width = 1};
      col = put_glyph(row, col, max_col, &g, attr);
      continue;
    }
    struct layout_glyph g;
    i += layout_glyph(s + i, len - i, p->utf8, &g);
    col = put_glyph(row, col, max_col, &g, attr);
  }
  return col;
}

static void format_time(double seconds, char *buf, size_t len)
{
  long s = seconds > 0 ? (long)seconds : 0;
  if (s >= 3600)
    snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    snprintf(buf, len, "%ld:%02ld", s / 60, s % 60);
}

void panel_status_text(const struct document *doc, const struct player_status *st, char *buf,
                       size_t len)
{
  const char *state = st->state == PLAYER_STATE_PLAYING  ? "Playing"
                      : st->state == PLAYER_STATE_PAUSED ? "Paused"
                                                         : "Finished";
  size_t n_sent = st->paragraph < doc->n_paragraphs ? doc->paragraphs[st->paragraph].n_sentences
                                                     : 0;
  char elapsed[32];
  format_time(st->elapsed, elapsed, sizeof elapsed);
  snprintf(buf, len, "%s, paragraph %zu of %zu, sentence %zu of %zu, %s, %d wpm, volume %d, "
           "voice %s",
           state, st->paragraph + 1, doc->n_paragraphs, st->sentence_in_paragraph + 1, n_sent,
           elapsed, st->wpm, st->volume, st->voice);
}

/* The status line, shortened to fit: the state and position matter most, then the time and the
 * speed; at the very least "Paused p2/17 s1/3". */
static void status_for_width(const struct panel *p, const struct player_status *st, int width,
                             char *buf, size_t len)
{
  panel_status_text(p->doc, st, buf, len);
  if (layout_text_width(buf, strlen(buf), p->utf8) <= width)
    return;
  /* Drop ", voice ...", then ", volume N", then ", N wpm", then the time. */
  for (int cut = 0; cut < 4; cut++) {
    char *comma = strrchr(buf, ',');
    if (!comma)
      break;
    *comma = '\0';
    if (layout_text_width(buf, strlen(buf), p->utf8) <= width)
      return;
  }
  const char *state = st->state == PLAYER_STATE_PLAYING  ? "Playing"
                      : st->state == PLAYER_STATE_PAUSED ? "Paused"
                                                         : "Finished";
  size_t n_sent = st->paragraph < p->doc->n_paragraphs
                    ? p->doc->paragraphs[st->paragraph].n_sentences : 0;
  snprintf(buf, len, "%s p%zu/%zu s%zu/%zu", state, st->paragraph + 1, p->doc->n_paragraphs,
           st->sentence_in_paragraph + 1, n_sent);
}

/* Keeps the current sentence (or, when it is taller than the view, the current word) in view. */
static void scroll_to(struct panel *p, const struct player_status *st, int rows)
{
  const struct layout *l = &p->layout;
  if (st->sentence >= p->doc->n_sentences || rows <= 0) {
    p->top = 0;
    return;
  }
  const struct doc_sentence *s = &p->doc->sentences[st->sentence];
  size_t first = layout_line_of(l, s->start);
  size_t last = layout_line_of(l, s->end > s->start ? s->end - 1 : s->start);
  size_t span = last - first + 1;
  size_t urows = (size_t)rows;
  size_t target_lo = first, target_hi = last;
  if (span > urows) {
    size_t w = st->word_end > st->word_start ? layout_line_of(l, st->word_start) : first;
    target_lo = target_hi = w;
  }
  if (!p->scrolled_once || target_lo < p->top || target_hi >= p->top + urows) {
    /* Put it a quarter down the view, so that some of what came before stays visible. */
    size_t margin = urows / 4;
    if (span <= urows && margin > urows - span)
      margin = urows - span;
    p->top = target_lo > margin ? target_lo - margin : 0;
    p->scrolled_once = true;
  }
  if (l->n_lines > urows && p->top > l->n_lines - urows)
    p->top = l->n_lines - urows;
  if (l->n_lines <= urows)
    p->top = 0;
}

struct cursor {
  int row, col;
  bool set;
};

static void draw_line(struct panel *p, int row, int width, const struct layout_line *line,
                      const struct player_status *st, struct cursor *word_cursor,
                      struct cursor *sentence_cursor)
{
  const struct document *doc = p->doc;
  const struct doc_paragraph *para = &doc->paragraphs[line->paragraph];
  attr_t base = para->kind == DOC_HEADING ? A_BOLD : A_NORMAL;
  int col = 0;
  if (line->indent > 0) {
    const char *prefix = "  ";
    if (para->kind == DOC_ITEM && line->first && !para->marker) /* a number is in the text */
      prefix = p->utf8 ? "\xe2\x80\xa2 " : "* ";
    else if (para->kind == DOC_QUOTE)
      prefix = p->utf8 ? "\xe2\x94\x82 " : "| ";
    col = put_string(p, row, col, line->indent, prefix, A_NORMAL);
    col = line->indent;
  }
  size_t ss = 0, se = 0, ws = 0, we = 0;
  if (st->sentence < doc->n_sentences) {
    ss = doc->sentences[st->sentence].start;
    se = doc->sentences[st->sentence].end;
  }
  if (st->word_end > st->word_start) {
    ws = st->word_start;
    we = st->word_end;
  }
  const char *text = doc->text;
  size_t i = line->start;
  bool pending_space = false;
  size_t space_at = 0;
  while (i < line->end && col < width) {
    size_t sp = layout_is_space(text + i, line->end - i);
    if (sp) {
      if (!pending_space)
        space_at = i;
      pending_space = true;
      i += sp;
      continue;
    }
    if (pending_space) {
      attr_t a = base;
      if (space_at >= ss && space_at < se && i < se)
        a |= sentence_attr(p);
      struct layout_glyph g = {.wc = {L' '}, .width = 1};
      col = put_glyph(row, col, width, &g, a);
      pending_space = false;
    }
    attr_t a = base;
    if (i >= ws && i < we)
      a |= word_attr(p);
    else if (i >= ss && i < se)
      a |= sentence_attr(p);
    if (i >= ws && i < we && !word_cursor->set) {
      *word_cursor = (struct cursor){row, col, true};
    }
    if (i >= ss && i < se && !sentence_cursor->set)
      *sentence_cursor = (struct cursor){row, col, true};
    struct layout_glyph g;
    i += layout_glyph(text + i, line->end - i, p->utf8, &g);
    col = put_glyph(row, col, width, &g, a);
  }
}

/* Narrowest column of the help overlay worth splitting it into two. */
#define HELP_MIN_COLUMN 30
#define HELP_MAX_LINES 256

/* One screen line of the help overlay: a command's keys (first line only) and a piece of its
 * description, wrapped at spaces. */
struct help_line {
  int cmd;
  bool first;
  const char *text;
  int len;
};

/* Cuts the description of cmd into pieces of at most width bytes (the descriptions are ours, in
 * ASCII, so bytes are columns), breaking at spaces. Returns the number added. */
static int wrap_help(int cmd, int width, struct help_line *out, int room)
{
  const char *s = commands_help((enum ui_command)cmd);
  int n = 0;
  if (width < 1)
    width = 1;
  do {
    int len = (int)strlen(s);
    if (len > width) {
      len = width;
      while (len > 0 && s[len] != ' ')
        len--;
      if (len == 0)
        len = width;   /* one word longer than the column: cut it */
    }
    if (n < room) {
      out[n] = (struct help_line){cmd, n == 0, s, len};
      n++;
    }
    s += len;
    while (*s == ' ')
      s++;
  } while (*s && n < room);
  return n;
}

/* The help overlay: every command's keys in a column, its description after them
 * ("  Space    play / pause"). The key column is as wide as the widest binding but at most a third
 * of the column (a longer binding is cut); a description too long for the rest is wrapped onto
 * lines of its own under itself. When the rows do not hold everything, two columns are used if
 * the width allows, and beyond that pages (Space for the next, as the header says): a partially
 * sighted reader with a large font has a small terminal. Returns the number of pages; page is
 * clamped into range. */
/* The widest of the commands' key lists, in columns. */
static int widest_keys(const struct panel *p)
{
  char keys[256];
  int key_width = 0;
  for (int c = 0; c < UI_N_COMMANDS; c++) {
    keys_binding_text(p->keys, (enum ui_command)c, keys, sizeof keys);
    int w = layout_text_width(keys, strlen(keys), p->utf8);
    if (w > key_width)
      key_width = w;
  }
  return key_width;
}

/* The overlay's first line: how to close it and, on more than one page, how to turn them. */
static void help_header(int page, int pages, char *buf, size_t len)
{
  if (pages == 1)
    snprintf(buf, len, "Keys (press any key to close this)");
  else if (page + 1 < pages)
    snprintf(buf, len, "Keys, page %d of %d: Space for more, other keys close", page + 1, pages);
  else
    snprintf(buf, len, "Keys, page %d of %d (press any key to close this)", page + 1, pages);
}

static int draw_help(struct panel *p, int row0, int rows, int width, int page)
{
  if (rows <= 0)
    return 1;
  int per_column = rows - 1;
  if (per_column <= 0) {
    put_string(p, row0, 0, width, "Keys (press any key to close this)", A_BOLD);
    return 1;
  }
  int n = UI_N_COMMANDS;
  char keys[256];
  int key_width = widest_keys(p);
  int columns = 1;
  for (;;) {
    int column_width = width / columns;
    int indent = column_width >= HELP_MIN_COLUMN ? 2 : 0;
    int cap = (column_width - indent) / 3;
    int kw = key_width > cap ? (cap > 1 ? cap : 1) : key_width;
    /* A gap of one column between columns; the last one runs to the edge. */
    int desc_width = column_width - indent - kw - 2 - (columns > 1 ? 1 : 0);

    struct help_line lines[HELP_MAX_LINES];
    int slot[HELP_MAX_LINES];
    int n_lines = 0, next = 0;
    for (int c = 0; c < n && n_lines < HELP_MAX_LINES; c++) {
      int k = wrap_help(c, desc_width, lines + n_lines, HELP_MAX_LINES - n_lines);
      /* A command is not split between two columns when a column can hold it whole. */
      int row = next % per_column;
      if (row > 0 && row + k > per_column && k <= per_column)
        next += per_column - row;
      for (int j = 0; j < k; j++)
        slot[n_lines + j] = next++;
      n_lines += k;
    }
    int per_page = per_column * columns;
    int pages = (next + per_page - 1) / per_page;
    if (pages > 1 && columns == 1 && width >= 2 * HELP_MIN_COLUMN) {
      columns = 2;
      continue;
    }
    if (page >= pages)
      page = pages - 1;
    if (page < 0)
      page = 0;

    char header[128];
    help_header(page, pages, header, sizeof header);
    put_string(p, row0, 0, width, header, A_BOLD);

    for (int i = 0; i < n_lines; i++) {
      if (slot[i] / per_page != page)
        continue;
      int at = slot[i] % per_page;
      int column = at / per_column;
      int row = row0 + 1 + at % per_column;
      int x = column * column_width + indent;
      int end = column == columns - 1 ? width : (column + 1) * column_width - 1;
      if (lines[i].first) {
        keys_binding_text(p->keys, (enum ui_command)lines[i].cmd, keys, sizeof keys);
        put_string(p, row, x, x + kw < end ? x + kw : end, keys, A_NORMAL);
      }
      char piece[256];
      snprintf(piece, sizeof piece, "%.*s", lines[i].len, lines[i].text);
      if (x + kw + 2 < end)
        put_string(p, row, x + kw + 2, end, piece, A_NORMAL);
    }
    return pages;
  }
}

int panel_help_pages(const struct panel *p)
{
  return p->help_pages > 0 ? p->help_pages : 1;
}

void panel_draw(struct panel *p, const struct player_status *st, const struct panel_view *view)
{
  int height, width;
  getmaxyx(stdscr, height, width);
  erase();
  if (height <= 0 || width <= 0) {
    refresh();
    return;
  }
  if (!p->have_layout || p->layout.width != width) {
    if (p->have_layout)
      layout_free(&p->layout);
    p->have_layout = layout_build(p->doc, width, p->utf8, &p->layout) == 0;
    p->scrolled_once = false;
  }

  /* Rows from the bottom up: message, status, notice; then title; the rest is text. */
  bool has_notice = view->notice && view->notice[0];
  int status_row = height >= 2 ? height - 2 : 0;
  int message_row = height >= 2 ? height - 1 : -1;
  int notice_row = has_notice && height >= 6 ? status_row - 1 : -1;
  int title_row = height >= 4 ? 0 : -1;
  int text_top = title_row == 0 ? 1 : 0;
  int text_bottom = notice_row >= 0 ? notice_row : status_row;   /* exclusive */
  int rows = text_bottom - text_top;

  if (title_row == 0) {
    const char *title = p->doc->title && p->doc->title[0] ? p->doc->title : "lector";
    put_string(p, 0, 0, width, title, A_BOLD);
  }

  struct cursor word_cursor = {0}, sentence_cursor = {0};
  int toc_row = -1;
  if (view->help) {
    p->help_pages = draw_help(p, text_top, rows, width, view->help_page);
  } else if (view->toc) {
    toc_row = toc_draw(p->doc, st->sentence, view->toc_sel, text_top, rows, width);
  } else if (p->have_layout && rows > 0) {
    scroll_to(p, st, rows);
    for (int r = 0; r < rows && p->top + (size_t)r < p->layout.n_lines; r++) {
      const struct layout_line *line = &p->layout.lines[p->top + (size_t)r];
      if (!line->blank)
        draw_line(p, text_top + r, width, line, st, &word_cursor, &sentence_cursor);
    }
  }

  if (notice_row >= 0)
    put_string(p, notice_row, 0, width, view->notice, A_NORMAL);
  char status[512];
  status_for_width(p, st, width, status, sizeof status);
  put_string(p, status_row, 0, width, status, A_BOLD);

  struct cursor prompt_cursor = {0};
  if (message_row >= 0) {
    if (view->prompt) {
      int col = put_string(p, message_row, 0, width, "Search: ", A_BOLD);
      col = put_string(p, message_row, col, width, view->prompt, A_NORMAL);
      prompt_cursor = (struct cursor){message_row, col < width ? col : width - 1, true};
    } else if (view->message && view->message[0]) {
      put_string(p, message_row, 0, width, view->message, A_NORMAL);
    }
  }
  attrset(A_NORMAL);

  /* The cursor goes last, where the eye (or the screen reader) should be. */
  if (prompt_cursor.set)
    move(prompt_cursor.row, prompt_cursor.col);
  else if (view->help)
    move(text_top, 0);
  else if (toc_row >= 0)
    move(toc_row, 0);
  else if (word_cursor.set)
    move(word_cursor.row, word_cursor.col);
  else if (sentence_cursor.set)
    move(sentence_cursor.row, sentence_cursor.col);
  else
    move(status_row, 0);
  refresh();
}
