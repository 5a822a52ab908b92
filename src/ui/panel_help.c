/* The help overlay of the panel: generated from the command table (commands.h), with each
 * command's keys, description and name (for the [keys] section of the settings file). */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "ui/commands.h"
#include "ui/keys.h"
#include "ui/panel_internal.h"

/* Rows of a column from which a command is kept whole in one column. */
#define HELP_KEEP_WHOLE_FROM 8
/* Narrowest column of the help overlay worth splitting it into two. */
#define HELP_MIN_COLUMN 30
#define HELP_MAX_LINES 256
#define HELP_FULL_SCREEN_BELOW 12

/* One screen line of the help overlay: a command's keys (first line only) and a piece of its
 * description, wrapped at spaces. */
struct help_line {
  int cmd;
  bool first;
  const char *text;
  int len;
};

/* Cuts the description s of cmd into pieces of at most width bytes (the descriptions are ours,
 * in ASCII, so bytes are columns), breaking at spaces. Returns the number added. */
static int wrap_help(int cmd, const char *s, int width, struct help_line *out, int room)
{
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

/* The help overlay: every command's keys in a column, its description after them
 * ("  Space    play / pause"). The key column is as wide as the widest binding but at most a third
 * of the column (a longer binding is cut); a description too long for the rest is wrapped onto
 * lines of its own under itself. When the rows do not hold everything, two columns are used if
 * the width allows, and beyond that pages (Space for the next, as the header says): a partially
 * sighted reader with a large font has a small terminal. Returns the number of pages; page is
 * clamped into range. */
/* How the overlay is cut into columns for a given number of them. */
struct help_layout {
  int columns, column_width, indent;
  int kw;                      /* the key column's width; -2 when keys are inline */
  bool inline_keys;
  int desc_width, per_column;
};

static struct help_layout help_layout_for(int columns, int width, int key_width, int per_column)
{
  struct help_layout l = {.columns = columns, .column_width = width / columns,
                          .per_column = per_column};
  l.indent = l.column_width >= HELP_MIN_COLUMN ? 2 : 0;
  int cap = (l.column_width - l.indent) / 3;
  l.kw = key_width > cap ? (cap > 1 ? cap : 1) : key_width;
  /* Too narrow for a key column (a large font): "Space: play / pause" wrapped on full lines. */
  l.inline_keys = l.column_width < HELP_MIN_COLUMN;
  if (l.inline_keys)
    l.kw = -2;
  /* A gap of one column between columns; the last one runs to the edge. */
  l.desc_width = l.column_width - l.indent - l.kw - 2 - (columns > 1 ? 1 : 0);
  return l;
}

/* Wraps every command's text into lines and gives each line its slot (row over all columns
 * and pages). texts holds the strings the lines point into. Returns the number of slots used. */
static int help_lines(const struct panel *p, const struct help_layout *l,
                      char texts[UI_N_COMMANDS][400], struct help_line *lines, int *slot,
                      int *n_lines)
{
  char keys[256];
  int next = 0;
  *n_lines = 0;
  for (int c = 0; c < UI_N_COMMANDS && *n_lines < HELP_MAX_LINES; c++) {
    /* The description, then the command's name, which the [keys] section of the settings file
     * needs to rebind it. */
    keys_binding_text(p->keys, (enum ui_command)c, keys, sizeof keys);
    snprintf(texts[c], 400, "%s%s%s (%s)", l->inline_keys ? keys : "",
             l->inline_keys ? ": " : "", commands_help((enum ui_command)c),
             commands_name((enum ui_command)c));
    int k = wrap_help(c, texts[c], l->desc_width, lines + *n_lines, HELP_MAX_LINES - *n_lines);
    /* A command is not split between two columns when a column can hold it whole; on a
     * few rows that would leave most of each page empty. */
    int row = next % l->per_column;
    if (row > 0 && row + k > l->per_column && k <= l->per_column &&
        l->per_column >= HELP_KEEP_WHOLE_FROM)
      next += l->per_column - row;
    for (int j = 0; j < k; j++)
      slot[*n_lines + j] = next++;
    *n_lines += k;
  }
  return next;
}

/* Draws the lines whose slots fall on page, below the header row row0. */
static void help_draw_page(struct panel *p, const struct help_layout *l, int row0, int width,
                           const struct help_line *lines, const int *slot, int n_lines, int page)
{
  char keys[256];
  int per_page = l->per_column * l->columns;
  for (int i = 0; i < n_lines; i++) {
    if (slot[i] / per_page != page)
      continue;
    int at = slot[i] % per_page;
    int column = at / l->per_column;
    int row = row0 + 1 + at % l->per_column;
    int x = column * l->column_width + l->indent;
    int end = column == l->columns - 1 ? width : (column + 1) * l->column_width - 1;
    if (lines[i].first && !l->inline_keys) {
      keys_binding_text(p->keys, (enum ui_command)lines[i].cmd, keys, sizeof keys);
      panel_put_string(p, row, x, x + l->kw < end ? x + l->kw : end, keys, A_NORMAL);
    }
    char piece[256];
    snprintf(piece, sizeof piece, "%.*s", lines[i].len, lines[i].text);
    if (x + l->kw + 2 < end)
      panel_put_string(p, row, x + l->kw + 2, end, piece, A_NORMAL);
  }
}

int panel_draw_help(struct panel *p, int row0, int rows, int width, int page)
{
  if (rows <= 0)
    return 1;
  int per_column = rows - 1;
  if (per_column <= 0) {
    panel_put_string(p, row0, 0, width, "Keys (press any key to close this)", A_BOLD);
    return 1;
  }
  int key_width = widest_keys(p);
  struct help_line lines[HELP_MAX_LINES];
  int slot[HELP_MAX_LINES];
  char texts[UI_N_COMMANDS][400];
  int n_lines;
  struct help_layout l = help_layout_for(1, width, key_width, per_column);
  int used = help_lines(p, &l, texts, lines, slot, &n_lines);
  int pages = (used + per_column - 1) / per_column;
  if (pages > 1 && width >= 2 * HELP_MIN_COLUMN) {
    l = help_layout_for(2, width, key_width, per_column);
    used = help_lines(p, &l, texts, lines, slot, &n_lines);
    pages = (used + 2 * per_column - 1) / (2 * per_column);
  }
  if (page >= pages)
    page = pages - 1;
  if (page < 0)
    page = 0;
  char header[128];
  help_header(page, pages, header, sizeof header);
  panel_put_string(p, row0, 0, width, header, A_BOLD);
  help_draw_page(p, &l, row0, width, lines, slot, n_lines, page);
  return pages;
}

