/* Building a document's text from extracted pieces (the Markdown and HTML loaders).
 *
 * The builder appends text to one growing buffer and records paragraph spans into it: a
 * paragraph opens with the first text that arrives while none is open and closes when the
 * caller says so (at a block boundary). Paragraphs are separated by "\n\n" in the buffer and
 * their spans are trimmed of outer whitespace; an empty paragraph leaves no trace. */
#ifndef LECTOR_TEXT_LOAD_BUILD_H
#define LECTOR_TEXT_LOAD_BUILD_H

#include <stdbool.h>
#include <stddef.h>

#include "text/document.h"

struct load_builder {
  struct document *doc;     /* borrowed: receives the paragraphs, and the text at the end */
  char *buf;                /* owned until load_builder_finish() */
  size_t len, cap;
  size_t limit;             /* the text may not grow beyond this many bytes (LECTOR_ETOOBIG) */
  bool open;                /* a paragraph is open */
  enum doc_kind kind;       /* its kind */
  size_t start;             /* where its text starts in buf */
  size_t sep_start;         /* where the separator before it starts (to undo when empty) */
  bool collapse;            /* collapse runs of whitespace to one space and drop soft
                               hyphens (HTML) */
  bool pending_space;       /* collapse mode: a space is owed before the next word */
  const char *pending_sep;  /* a separator owed before the next text of this paragraph */
  char marker[32];          /* an ordered item's number ("3. ") owed to the next paragraph
                               opened, when it is an item; marker_len 0: none */
  size_t marker_len;
  size_t open_marker;       /* the open paragraph starts with a number marker this long */
  char *first_heading;      /* owned: the text of the first heading, whitespace collapsed */
  unsigned char heading_level; /* the level (1-6) the loader gives the headings it closes */
};

void load_builder_init(struct load_builder *b, struct document *doc, size_t limit);
/* Frees what the builder still owns (after an error). */
void load_builder_discard(struct load_builder *b);

/* Appends text s[0, n) to the open paragraph, opening one of the given kind if none is.
 * Leading whitespace of a paragraph is dropped. Returns 0, -ENOMEM or LECTOR_ETOOBIG. */
int load_builder_text(struct load_builder *b, enum doc_kind kind, const char *s, size_t n);

/* Asks for sep (a static string such as ", ") before the next text of the open paragraph;
 * forgotten if the paragraph closes first or is not open. */
void load_builder_separator(struct load_builder *b, const char *sep);

/* Asks for the number marker m[0, n) ("3. ", at most 31 bytes) at the start of the next paragraph
 * opened, if it is a list item: the number of an ordered item is shown and spoken with it. A
 * new marker (or n = 0) replaces one not used yet; opening any paragraph uses it up. */
void load_builder_marker(struct load_builder *b, const char *m, size_t n);

/* Closes the open paragraph, if any, and records it. Returns 0 or -ENOMEM. */
int load_builder_close(struct load_builder *b);

/* Forgets the open paragraph, if any, and its text. */
void load_builder_drop(struct load_builder *b);

/* The text of the open paragraph so far (not NUL-terminated); *n = 0 when none is open. */
const char *load_builder_current(const struct load_builder *b, size_t *n);

/* Closes any open paragraph and hands the text to the document (doc->text, doc->len).
 * Returns 0 or -ENOMEM; the builder is then empty. */
int load_builder_finish(struct load_builder *b);

/* Where the text being read stands in the block structure, which gives each paragraph its kind:
 * the open containers (list items, block quotes), innermost last, and how many headings, code
 * blocks and table rows are open (HTML may nest them). */
struct load_blocks {
  enum doc_kind *stack;     /* owned */
  size_t depth, cap;
  unsigned heading, code, row;
  struct load_list *lists;  /* owned: the open lists, innermost last */
  size_t list_depth, list_cap;
};

/* A list being read: whether its items are numbered, and how. */
struct load_list {
  bool ordered;
  long next;                /* the number of its next item */
  int step;                 /* 1, or -1 for a reversed list */
  char style;               /* '1' digits, 'a' or 'A' letters */
  char delim;               /* what follows the number: '.' or ')' */
};

/* Opens a container of the given kind. Returns 0 or -ENOMEM. */
int load_blocks_push(struct load_blocks *bl, enum doc_kind kind);
/* Closes the innermost container, if any. */
void load_blocks_pop(struct load_blocks *bl);
/* The kind of a paragraph opened here: heading or code when inside one, a table row reads as a
 * paragraph, else the innermost container's kind. */
enum doc_kind load_blocks_kind(const struct load_blocks *bl);
void load_blocks_free(struct load_blocks *bl);

/* Opens a list (copied). Returns 0 or -ENOMEM. */
int load_blocks_list_push(struct load_blocks *bl, const struct load_list *list);
/* Closes the innermost list, if any. */
void load_blocks_list_pop(struct load_blocks *bl);
/* An item of the innermost list starts: when the list is ordered, writes its marker ("3. ",
 * "c) ") into out and advances the count; value, when not NULL, is the item's own number (HTML
 * <li value=>), which the items after it continue. Returns the marker's length, 0 for a bullet
 * (or outside any list). */
size_t load_blocks_item_marker(struct load_blocks *bl, const long *value, char out[32]);

#endif
