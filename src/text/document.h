/* The document model: decoded UTF-8 text plus paragraphs and sentences, each a byte span of it.
 *
 * Loaders (loader.h) produce the text and the paragraph spans; the segmenter (segmenter.h) fills
 * in the sentences. Nothing is copied per sentence: a sentence is two offsets. */
#ifndef LECTOR_TEXT_DOCUMENT_H
#define LECTOR_TEXT_DOCUMENT_H

#include <stdbool.h>
#include <stddef.h>

enum doc_kind {
  DOC_PARAGRAPH,
  DOC_HEADING,
  DOC_ITEM,   /* list item; the span excludes a bullet but starts with an ordered item's number
                 ("1. ", "b) "): the number is shown and spoken, a bullet is neither */
  DOC_QUOTE,
  DOC_CODE,   /* code or raw HTML block: shown in the panel, spoken as a short marker */
};

struct doc_sentence {
  size_t start, end;            /* byte span in document.text, trimmed of outer whitespace */
};

struct doc_paragraph {
  enum doc_kind kind;
  unsigned char level;          /* DOC_HEADING: 1-6 from <hN> or the number of '#', 0 when the
                                   format has no levels (plain text: read as 1); placed in the
                                   padding after kind, so that a paragraph costs no more */
  bool lang_stated;             /* the file or the user said so: detection never overrides it */
  unsigned short lang;          /* 0: the document's language (document_lang); else 1 + an
                                   index into document.langs (see document_paragraph_lang).
                                   level, lang_stated and lang share the padding after kind */
  size_t start, end;            /* byte span in document.text */
  size_t marker;                /* DOC_ITEM: length of the number marker that the span starts
                                   with ("12. " is 4), 0 for a bulleted item */
  size_t first_sentence;        /* index into document.sentences */
  size_t n_sentences;           /* >= 1 once segmented */
};

/* A section: a chapter of a book (EPUB nav/NCX entry) or a heading and the paragraphs under it,
 * up to the next section of the same or a higher level. Sections are in reading order; their
 * levels make the tree (book -> chapter -> headings): level 1 is the highest. */
struct doc_section {
  unsigned level;               /* 1..DOC_SECTION_MAX_LEVEL */
  char *title;                  /* owned, whitespace collapsed, never NULL */
  size_t first, last;           /* paragraph indices, inclusive */
};

#define DOC_SECTION_MAX_LEVEL 12

/* A run of a paragraph in another language than the paragraph's, where an element says so
 * (HTML lang= / xml:lang= on an inline element). Spans are in text order and do not overlap. */
struct doc_lang_span {
  size_t start, end;            /* byte span in document.text */
  unsigned lang;                /* 1 + an index into document.langs */
};

struct document {
  char *text;                   /* owned; decoded UTF-8, NUL-terminated */
  size_t len;
  char *title;                  /* owned; may be NULL: the first heading, <title>, or file name */
  char *lang;                   /* owned; may be NULL: language from the input (HTML lang=) */
  char *warning;                /* owned; may be NULL: one line to show the user (e.g. decoded
                                   as Windows-1252) */
  char *url;                    /* owned; may be NULL: where a fetched page was finally found
                                   (after redirects); its name for resume */
  struct doc_paragraph *paragraphs;   /* owned */
  size_t n_paragraphs, cap_paragraphs;
  struct doc_sentence *sentences;     /* owned; every paragraph's sentences, in reading order */
  size_t n_sentences, cap_sentences;
  /* Metadata a web page states about itself (html_meta.h); each owned, may be NULL. */
  char *byline;                 /* author(s) */
  char *site;                   /* site name */
  char *date;                   /* published, as the page writes it (ISO 8601 mostly) */
  struct doc_section *sections;       /* owned; see text/section.h */
  size_t n_sections, cap_sections;
  char **langs;                 /* owned; distinct BCP 47 tags used by paragraphs and spans */
  size_t n_langs;
  struct doc_lang_span *lang_spans;   /* owned */
  size_t n_lang_spans, cap_lang_spans;
  bool lang_stated;             /* document.lang came from the user (--lang) */
  char *lang_detected;          /* owned; may be NULL: detected from the whole text, used when
                                   lang is NULL */
};

/* Allocates an empty document that takes ownership of text (malloc'd, len bytes, NUL at
 * text[len]). Returns NULL when out of memory (text is then freed). */
struct document *document_new(char *text, size_t len);
void document_free(struct document *doc);

/* Appends a paragraph span; returns 0 or -ENOMEM. Empty spans are ignored. */
int document_add_paragraph(struct document *doc, enum doc_kind kind, size_t start, size_t end);
/* Appends an ordered list item whose span starts with a number marker of marker bytes (the
 * marker and the white space after it); returns 0 or -ENOMEM. Empty spans are ignored. */
int document_add_item(struct document *doc, size_t start, size_t end, size_t marker);
/* Appends part's paragraphs (spans of doc's own text, loaded apart: part->text is doc->text)
 * to doc's, and part's title when doc has none; part is left without them. 0 or -ENOMEM. */
int document_adopt_paragraphs(struct document *doc, struct document *part);
/* Room for the paragraphs (or the sentences) of text_bytes bytes of text, as many as a text
 * commonly has and more, made at once for a large text (DOCUMENT_RESERVE_MIN_BYTES or more):
 * growing by doubling copied each array over and over, onto pages touched for the first time,
 * while the room reserved and not used is never touched (its own mapping: no memory is used
 * for it). A text with more of them grows as before. Best effort: nothing is reserved when
 * memory is short. */
#define DOCUMENT_RESERVE_MIN_BYTES (256 * 1024)
void document_reserve_paragraphs(struct document *doc, size_t text_bytes);
void document_reserve_sentences(struct document *doc, size_t text_bytes);
/* Appends n sentence spans (segmented apart) after doc's; returns 0 or -ENOMEM. */
int document_append_sentences(struct document *doc, const struct doc_sentence *more, size_t n);
/* Appends a sentence span to the paragraph being segmented; returns 0 or -ENOMEM. */
int document_add_sentence(struct document *doc, size_t start, size_t end);

/* Appends a section starting at paragraph first (last is set by sections_build()); the title is
 * copied with its white space collapsed. Returns 0 or -ENOMEM. */
int document_add_section(struct document *doc, unsigned level, const char *title, size_t first);

/* Appends part's text (after "\n\n" when doc has text) and its paragraphs, offsets shifted, to
 * doc, both not yet segmented; *text_cap is doc->text's allocated size (0 when doc->text is
 * NULL). Refuses with LECTOR_ETOOBIG beyond limit bytes of text. Returns 0, -ENOMEM or
 * LECTOR_ETOOBIG. */
int document_append(struct document *doc, size_t *text_cap, const struct document *part,
                    size_t limit);

/* A malloc'd copy of s with runs of white space collapsed to one space and the ends trimmed;
 * NULL when out of memory. */
char *document_collapsed(const char *s);

/* Sets an owned string field (title, lang, warning, byline, site, date) to a copy of s; returns 0
 * or -ENOMEM. */
int document_set_string(char **field, const char *s);

/* The document's language: stated (lang), else detected; NULL when none is known. */
const char *document_lang(const struct document *doc);
/* The language tag of paragraph p: its own, else the document's; NULL when none is known. */
const char *document_paragraph_lang(const struct document *doc, size_t p);
/* Sets paragraph p's language to tag (copied once per distinct tag); stated: the file or the
 * user said so. Returns 0 or -ENOMEM. */
int document_set_paragraph_lang(struct document *doc, size_t p, const char *tag, bool stated);
/* Records that text[start, end) is in language tag; returns 0 or -ENOMEM. Empty spans are
 * ignored. */
int document_add_lang_span(struct document *doc, size_t start, size_t end, const char *tag);
/* The first lang span that ends after offset (n_lang_spans when none): spans are in text order,
 * so that the spans of a paragraph are found without walking all of them. */
size_t document_lang_span_after(const struct document *doc, size_t offset);
/* The tag of a paragraph's or span's lang field (1 + index); NULL for 0. */
const char *document_lang_name(const struct document *doc, unsigned lang);

/* Index of the paragraph holding sentence s. */
size_t document_paragraph_of(const struct document *doc, size_t sentence);

/* "heading", "paragraph", "item", "quote" or "code". */
const char *doc_kind_name(enum doc_kind kind);

#endif
