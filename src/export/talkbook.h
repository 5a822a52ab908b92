/* Talking books (EPUB 3 with media overlays, DAISY 2.02): the document's text and the audio of
 * an export, cut into parts, with the times of the sidecar.
 *
 * A part is a run of whole paragraphs with an audio file of its own: a chapter for EPUB (a
 * section at the chapter level, sections_chapter_level), every section for DAISY (one SMIL
 * each). Text before the first part's section joins the first part. A part's audio runs from
 * its first sentence's start (the book's start for the first part) to the next part's first
 * sentence's start (the book's end for the last), so the parts' audio adds up to the whole. */
#ifndef LECTOR_EXPORT_TALKBOOK_H
#define LECTOR_EXPORT_TALKBOOK_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "export/xml_buf.h"

struct chapter_audio;
struct document;
struct sidecar;

struct talkbook_part {
  size_t first_para, last_para;          /* inclusive */
  size_t first_sentence, end_sentence;   /* [first, end) */
  uint64_t start, end;                   /* frames of the whole book's audio */
  const char *title;                     /* the section's, else the book's (borrowed) */
  unsigned level;                        /* the section's level, 1 for text before any */
  bool has_section;                      /* starts with a section (not front text) */
};

struct talkbook {
  const struct document *doc;            /* borrowed */
  const struct sidecar *sc;              /* borrowed: the times, frames of the audio */
  struct chapter_audio *audio;           /* borrowed: the whole book */
  int rate;
  uint64_t frames;
  const char *title, *author, *lang;     /* author may be NULL; lang never ("und") */
  const char *generator;                 /* "lector 1.2" */
  bool word_sync;                        /* EPUB: a par per word too */
  volatile sig_atomic_t *cancel;         /* set by a signal: stop (-ECANCELED); may be NULL */
  struct talkbook_part *parts;           /* owned; filled by talkbook_plan */
  size_t n_parts;
};

/* Cuts the book into parts: chapters (every_section false) or every section. Returns 0 or
 * -ENOMEM. */
int talkbook_plan(struct talkbook *tb, bool every_section);
void talkbook_free(struct talkbook *tb);

/* Writes the paragraphs of part p as XHTML blocks: headings <h1>-<h6>, <p>, lists, block
 * quotes, <pre>; each block with id "pN" (N: paragraph index + 1), each sentence a
 * <span id="sN"> (sentence index + 1), and with words each word <span id="wN"> (word index +
 * 1 in the sidecar). A paragraph in another language than the book's says so (lang, xml:lang). */
void talkbook_blocks(struct xml_buf *x, const struct talkbook *tb, size_t p, bool words);

/* Whether the build was asked to stop. */
bool talkbook_cancelled(const struct talkbook *tb);

/* Whether word w (of sentence s) is a span of the XHTML: only words that nest inside their
 * sentence, in order, can be. *at: where the previous word ended (start it at 0 for each
 * sentence); advanced past w when it is. */
bool talkbook_word_nests(const struct talkbook *tb, size_t s, size_t w, size_t *at);

/* The clip of sentence s in part's audio, in frames from the part's start: from the sentence's
 * start to the next one's (the part's end after its last), so that the clips play the part
 * without a gap. False when it would last no millisecond (nothing heard). */
bool talkbook_clip(const struct talkbook *tb, size_t part, size_t s, uint64_t *begin,
                   uint64_t *end);

/* Milliseconds of frames f at the book's rate, rounded. */
uint64_t talkbook_ms(const struct talkbook *tb, uint64_t f);
/* "h:mm:ss.mmm" of ms milliseconds. */
void talkbook_clock(char *buf, size_t len, uint64_t ms);

/* A stable identifier for the book: "urn:uuid:..." from its title and text. */
void talkbook_uuid(const struct talkbook *tb, char *buf, size_t len);
/* The time of the book (SOURCE_DATE_EPOCH when set, for reproducible books; else now), as
 * "YYYY-MM-DDThh:mm:ssZ" (date_only: "YYYY-MM-DD"). */
void talkbook_date(char *buf, size_t len, bool date_only);

/* The whole book written as an EPUB 3 with media overlays into fd (an empty file). Returns 0,
 * -ENOMEM, LECTOR_EENCODE or a negative errno. */
int talkbook_epub_write(const struct talkbook *tb, int fd);
/* The whole book written as DAISY 2.02 files into dir_fd (an empty directory). */
int talkbook_daisy_write(const struct talkbook *tb, int dir_fd);

#endif
