/* Laying the document out on a terminal of a given width: word wrap by display columns, with
 * wide characters, combining marks and control characters measured the way they will be drawn.
 *
 * Pure computation (no curses), so that it is tested on its own. What is drawn for a character
 * is decided here too (layout_glyph), so that measuring and drawing can never disagree: control
 * characters and escape sequences become visible placeholders ("^[") and never reach the
 * terminal. */
#ifndef LECTOR_UI_LAYOUT_H
#define LECTOR_UI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <wchar.h>

struct document;

/* One per screen line of the whole document: 16 bytes, not 32, since a novel has tens of
 * thousands. 32-bit offsets hold any document (the loaders stop at LOADER_MAX_INPUT_BYTES). */
struct layout_line {
  uint32_t paragraph;
  uint32_t start, end; /* byte span of document.text shown on this line; empty when blank */
  unsigned short indent;   /* columns before the text: bullet, quote bar or continuation */
  bool first;          /* first line of its paragraph (an item's bullet goes here) */
  bool blank;          /* the empty line between two paragraphs */
};

struct layout {
  struct layout_line *lines;   /* owned */
  size_t n_lines;
  int width;                   /* columns it was made for */
  bool utf8;                   /* the terminal takes UTF-8 (else non-ASCII shows as '?') */
};

/* What one character of the text looks like on screen. */
struct layout_glyph {
  wchar_t wc[4];   /* NUL-terminated; empty for a character that is not drawn */
  int width;       /* columns; 0 for a combining mark (joins the previous cell) */
};

/* Decodes the character at s (at most len bytes) and says how to draw it. Returns the number of
 * bytes used (>= 1; an invalid byte is one placeholder). Whitespace is not handled here: see
 * layout_is_space. */
size_t layout_glyph(const char *s, size_t len, bool utf8, struct layout_glyph *out);

/* Length of the whitespace (ASCII spaces and line breaks, NEL, U+2028, U+2029) at s, 0 if none.
 * A run of it is drawn as one space. */
size_t layout_is_space(const char *s, size_t len);

/* For text read with each whitespace run as one space and none at its start or end: skips the
 * whitespace at text[*pos, len). True when a space stands there, that is when some was skipped,
 * something was shown before it (started) and something follows. */
bool layout_skip_space(const char *text, size_t len, size_t *pos, bool started);

/* Lays doc out for width columns (>= 1). Returns 0 or -ENOMEM; on success *out owns its lines
 * (free with layout_free). */
int layout_build(const struct document *doc, int width, bool utf8, struct layout *out);
void layout_free(struct layout *l);

/* Index of the line showing byte offset b of the text (the last non-blank line starting at or
 * before b); 0 for an empty layout. */
size_t layout_line_of(const struct layout *l, size_t b);

/* Display width of a string drawn with layout_glyph (whitespace runs count as one column). */
int layout_text_width(const char *s, size_t len, bool utf8);

/* A line of a wrapped string: the bytes [start, end) of it. */
struct layout_span {
  size_t start, end;
};

/* Word-wraps s[0, len) (a message, a notice) into lines of at most width columns, breaking at
 * whitespace; only a word wider than a whole line is cut. Fills lines[0, max_lines) and returns
 * the number of lines the whole string needs (which may be more than max_lines). */
int layout_wrap_string(const char *s, size_t len, int width, bool utf8,
                       struct layout_span *lines, int max_lines);

#endif
