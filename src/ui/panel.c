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
#include "ui/panel_internal.h"
#include "ui/phrases.h"
#include "ui/bookmarks.h"
#include "ui/toc.h"

enum { PAIR_SENTENCE = 1, PAIR_WORD = 2 };


void panel_set_max_width(struct panel *p, int columns)
{
  p->max_width = columns > 0 ? columns : 0;
}

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
int panel_put_string(const struct panel *p, int row, int col, int max_col, const char *s,
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

/* One line of a wrapped string (layout_wrap_string). */
static void put_span(const struct panel *p, int row, int width, const char *s,
                     const struct layout_span *span, attr_t attr)
{
  char line[512];
  size_t n = span->end - span->start;
  if (n >= sizeof line)
    n = sizeof line - 1;
  memcpy(line, s + span->start, n);
  line[n] = '\0';
  panel_put_string(p, row, 0, width, line, attr);
}

/* Whether the document's first paragraph is a heading saying the title (whitespace aside). */
static bool title_is_first_heading(const struct panel *p)
{
  const struct document *doc = p->doc;
  if (!doc->title || !doc->n_paragraphs || doc->paragraphs[0].kind != DOC_HEADING)
    return false;
  const char *a = doc->title, *b = doc->text + doc->paragraphs[0].start;
  const char *b_end = doc->text + doc->paragraphs[0].end;
  for (;;) {
    while (*a && layout_is_space(a, strlen(a)))
      a += layout_is_space(a, strlen(a));
    while (b < b_end && layout_is_space(b, (size_t)(b_end - b)))
      b += layout_is_space(b, (size_t)(b_end - b));
    if (!*a || b == b_end)
      return !*a && b == b_end;
    if (*a++ != *b++)
      return false;
  }
}

/* The status line's fields, in the order shown. */
enum { F_STATE, F_PARAGRAPH, F_SENTENCE, F_TIME, F_LEFT, F_WPM, F_VOLUME, F_MUTED, F_VOICE,
       F_SPEAKING, F_SLEEP, F_COUNT };

/* What goes first when the line is too wide: the time left (the position and length say it), the
 * voice's language, the settings, and last the position in time. */
static const int drop_order[] = {F_LEFT, F_SPEAKING, F_VOICE, F_VOLUME, F_WPM, F_SLEEP, F_TIME,
                                 F_MUTED};

static const char *state_text(enum player_state state)
{
  return state == PLAYER_STATE_PLAYING ? "Playing" : state == PLAYER_STATE_PAUSED ? "Paused"
                                                                                  : "Finished";
}

static void status_fields(const struct document *doc, const struct player_status *st,
                          const struct panel_status_extra *extra, char f[F_COUNT][96])
{
  size_t n_sent = st->paragraph < doc->n_paragraphs ? doc->paragraphs[st->paragraph].n_sentences
                                                     : 0;
  memset(f, 0, F_COUNT * sizeof f[0]);
  snprintf(f[F_STATE], sizeof f[0], "%s", state_text(st->state));
  snprintf(f[F_PARAGRAPH], sizeof f[0], "paragraph %zu of %zu", st->paragraph + 1,
           doc->n_paragraphs);
  snprintf(f[F_SENTENCE], sizeof f[0], "sentence %zu of %zu", st->sentence_in_paragraph + 1,
           n_sent);
  if (extra && extra->time_of)
    snprintf(f[F_TIME], sizeof f[0], "%s", extra->time_of);
  if (extra && extra->time_left)
    snprintf(f[F_LEFT], sizeof f[0], "%s", extra->time_left);
  snprintf(f[F_WPM], sizeof f[0], "%d wpm", st->wpm);
  snprintf(f[F_VOLUME], sizeof f[0], "volume %d", st->volume);
  if (st->muted)
    snprintf(f[F_MUTED], sizeof f[0], "muted");
  snprintf(f[F_VOICE], sizeof f[0], "voice %.63s", st->voice);
  char speaking[64];
  phrases_speaking(st, speaking, sizeof speaking);
  if (speaking[0])
    snprintf(f[F_SPEAKING], sizeof f[0], "(%s)", speaking);
  if (extra && extra->sleep)
    snprintf(f[F_SLEEP], sizeof f[0], "%s", extra->sleep);
}

static void join_fields(char f[F_COUNT][96], char *buf, size_t len)
{
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; i < F_COUNT && used < len; i++)
    if (f[i][0]) {
      /* "voice default (German)": the language belongs to the voice, no comma between */
      const char *sep = !used ? "" : i == F_SPEAKING && f[F_VOICE][0] ? " " : ", ";
      int n = snprintf(buf + used, len - used, "%s%s", sep, f[i]);
      if (n < 0)
        break;
      used += (size_t)n;
    }
}

void panel_status_text(const struct document *doc, const struct player_status *st,
                       const struct panel_status_extra *extra, char *buf, size_t len)
{
  char f[F_COUNT][96];
  status_fields(doc, st, extra, f);
  f[F_SPEAKING][0] = '\0';   /* a braille line is short: plain mode says a change of voice */
  join_fields(f, buf, len);
}

/* The status line, shortened to fit by dropping fields (drop_order); at the very least
 * "Paused p2/17 s1/3". */
static void status_for_width(const struct panel *p, const struct player_status *st,
                             const struct panel_status_extra *extra, int width, char *buf,
                             size_t len)
{
  char f[F_COUNT][96];
  status_fields(p->doc, st, extra, f);
  join_fields(f, buf, len);
  for (size_t d = 0; layout_text_width(buf, strlen(buf), p->utf8) > width; d++) {
    if (d == sizeof drop_order / sizeof drop_order[0]) {
      size_t n_sent = st->paragraph < p->doc->n_paragraphs
                        ? p->doc->paragraphs[st->paragraph].n_sentences : 0;
      snprintf(buf, len, "%s p%zu/%zu s%zu/%zu", state_text(st->state), st->paragraph + 1,
               p->doc->n_paragraphs, st->sentence_in_paragraph + 1, n_sent);
      return;
    }
    f[drop_order[d]][0] = '\0';
    join_fields(f, buf, len);
  }
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

/* Draws a layout line at columns [x0, width). */
static void draw_line(struct panel *p, int row, int x0, int width, const struct layout_line *line,
                      const struct player_status *st, struct cursor *word_cursor,
                      struct cursor *sentence_cursor)
{
  const struct document *doc = p->doc;
  const struct doc_paragraph *para = &doc->paragraphs[line->paragraph];
  attr_t base = para->kind == DOC_HEADING ? A_BOLD : A_NORMAL;
  int col = x0;
  if (line->indent > 0) {
    const char *prefix = "  ";
    if (para->kind == DOC_ITEM && line->first && !para->marker) /* a number is in the text */
      prefix = p->utf8 ? "\xe2\x80\xa2 " : "* ";
    else if (para->kind == DOC_QUOTE)
      prefix = p->utf8 ? "\xe2\x94\x82 " : "| ";
    col = panel_put_string(p, row, col, x0 + line->indent, prefix, A_NORMAL);
    col = x0 + line->indent;
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

int panel_help_pages(const struct panel *p)
{
  return p->help_pages > 0 ? p->help_pages : 1;
}

/* The rows at the bottom of the panel, from the bottom up: the message (or the search prompt),
 * the status line, the notice. A message or notice too long for a line is wrapped onto more
 * (never cut mid-word): a message on 2 rows on a terminal of 8 rows or more, 3 from 16; the notice
 * on 2 from 10. */
struct rows {
  int message_row, status_row, notice_row;   /* -1: none */
  int n_msg, n_notice;
  struct layout_span msg_lines[3], notice_lines[2];
};

static int wrap_rows(const struct panel *p, const char *s, int width, struct layout_span *lines,
                     int room, int max)
{
  int n = s && s[0] ? layout_wrap_string(s, strlen(s), width, p->utf8, lines, room) : 0;
  return n < max ? n : max;
}

static void plan_rows(const struct panel *p, const struct panel_view *view, int height,
                      int width, struct rows *r)
{
  r->n_msg = wrap_rows(p, view->prompt ? NULL : view->message, width, r->msg_lines, 3,
                       height >= 16 ? 3 : height >= 8 ? 2 : 1);
  r->n_notice = height >= 6 ? wrap_rows(p, view->notice, width, r->notice_lines, 2,
                                        height >= 10 ? 2 : 1)
                            : 0;
  int msg_rows = r->n_msg > 1 ? r->n_msg : 1;
  r->message_row = height >= 2 ? height - msg_rows : -1;
  r->status_row = height >= 2 ? r->message_row - 1 : 0;
  r->notice_row = r->n_notice ? r->status_row - r->n_notice : -1;
}

/* The notice, the status line and the message or search prompt (where the cursor then goes). */
static void draw_bottom(const struct panel *p, const struct player_status *st,
                        const struct panel_view *view, int width, const struct rows *r,
                        struct cursor *prompt_cursor)
{
  for (int i = 0; i < r->n_notice; i++)
    put_span(p, r->notice_row + i, width, view->notice, &r->notice_lines[i], A_NORMAL);
  char status[512];
  status_for_width(p, st, &view->extra, width, status, sizeof status);
  panel_put_string(p, r->status_row, 0, width, status, A_BOLD);
  if (r->message_row < 0)
    return;
  if (view->prompt) {
    int col = panel_put_string(p, r->message_row, 0, width, "Search: ", A_BOLD);
    col = panel_put_string(p, r->message_row, col, width, view->prompt, A_NORMAL);
    *prompt_cursor = (struct cursor){r->message_row, col < width ? col : width - 1, true};
  } else {
    for (int i = 0; i < r->n_msg; i++)
      put_span(p, r->message_row + i, width, view->message, &r->msg_lines[i], A_NORMAL);
  }
}

/* The rows of text that fit, scrolled to the sentence being heard; where its word and its
 * sentence are drawn goes into the cursors. */
static void draw_text(struct panel *p, const struct player_status *st, int text_top, int rows,
                      int x0, int text_width, struct cursor *word_cursor,
                      struct cursor *sentence_cursor)
{
  scroll_to(p, st, rows);
  for (int r = 0; r < rows && p->top + (size_t)r < p->layout.n_lines; r++) {
    const struct layout_line *line = &p->layout.lines[p->top + (size_t)r];
    if (!line->blank)
      draw_line(p, text_top + r, x0, x0 + text_width, line, st, word_cursor, sentence_cursor);
  }
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
  /* The text at most max_width columns wide, centred (a shorter line is easier to follow). */
  int text_width = p->max_width > 0 && p->max_width < width ? p->max_width : width;
  int x0 = (width - text_width) / 2;
  if (!p->have_layout || p->layout.width != text_width) {
    if (p->have_layout)
      layout_free(&p->layout);
    p->have_layout = layout_build(p->doc, text_width, p->utf8, &p->layout) == 0;
    p->scrolled_once = false;
  }

  struct rows bottom;
  plan_rows(p, view, height, width, &bottom);
  int title_row = height >= 4 ? 0 : -1;
  int text_top = title_row == 0 ? 1 : 0;
  int text_bottom = bottom.notice_row >= 0 ? bottom.notice_row : bottom.status_row;   /* exclusive */
  int rows = text_bottom - text_top;

  /* The first heading is the title: while it is in view, the title line would say it twice. */
  if (title_row == 0 && p->have_layout && rows > 0 && !view->help && title_is_first_heading(p)) {
    scroll_to(p, st, rows);
    if (p->top == 0) {
      title_row = -1;
      text_top = 0;
      rows++;
    }
  }
  if (title_row == 0) {
    const char *title = p->doc->title && p->doc->title[0] ? p->doc->title : "lector";
    panel_put_string(p, 0, 0, width, title, A_BOLD);
  }

  struct cursor word_cursor = {0}, sentence_cursor = {0};
  if (view->help && height < HELP_FULL_SCREEN_BELOW) {
    /* A small terminal (a large font): every row for the keys, not one or two between the title
     * and the status. */
    erase();
    p->help_pages = panel_draw_help(p, 0, height, width, view->help_page);
    move(0, 0);
    refresh();
    return;
  }
  int toc_row = -1;
  if (view->help) {
    p->help_pages = panel_draw_help(p, text_top, rows, width, view->help_page);
  } else if (view->toc) {
    toc_row = toc_draw(p->doc, st->sentence, view->toc_sel, text_top, rows, width);
  } else if (view->marks) {
    toc_row = bookmarks_draw(p->doc, view->marks, view->marks_sel, text_top, rows, width);
  } else if (p->have_layout && rows > 0) {
    draw_text(p, st, text_top, rows, x0, text_width, &word_cursor, &sentence_cursor);
  }

  struct cursor prompt_cursor = {0};
  draw_bottom(p, st, view, width, &bottom, &prompt_cursor);
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
    move(bottom.status_row, 0);
  refresh();
}
