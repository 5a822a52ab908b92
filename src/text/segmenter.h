/* Rule-based English sentence segmentation over byte spans of UTF-8 text.
 *
 * Handles abbreviations (titles, months, Latin forms, company suffixes, units), initials,
 * dotted acronyms (U.S., Ph.D.), decimals, money, times (a.m./p.m.), URLs and e-mail addresses,
 * ellipses (... . . . …), repeated and mixed ?!, closing quotes and brackets after the final
 * punctuation, numbered and lettered lists inside a paragraph, a missing space after a full stop
 * ("end.Next"), and the CJK full stop 。！？. Whitespace runs, including the newlines of
 * hard-wrapped lines, count as one space; a paragraph made of three or more short lines that
 * could not be wrapped prose ("features\ncontact manager\nevents") is split at its newlines.
 * Passes all 52 English "golden rules" (tests/unit/test_golden_rules.c).
 *
 * One pass, no allocation, no global state: safe to call from any thread. */
#ifndef LECTOR_TEXT_SEGMENTER_H
#define LECTOR_TEXT_SEGMENTER_H

#include <stddef.h>

#include "text/document.h"

/* No sentence is longer than this many bytes: a longer run is cut after the last clause mark
 * (, ; : — – or a spaced hyphen) in the last two thirds of the bound, else at the last
 * whitespace, else (one giant word) at a UTF-8 character boundary, so that speech always gets
 * a bounded piece. */
#define SEGMENT_MAX_SENTENCE_BYTES 400

/* Called once per sentence found, in order, with a non-empty span trimmed of outer whitespace
 * (ASCII and Unicode spaces). Return non-zero to stop; that value is returned by segment_text(). */
typedef int (*segment_sentence_fn)(void *user, size_t start, size_t end);

/* Splits text[start, end) into sentences; text need not be NUL-terminated at end and may hold
 * any bytes (invalid UTF-8 is treated as word characters). Returns 0 or what fn returned. */
int segment_text(const char *text, size_t start, size_t end, segment_sentence_fn fn, void *user);

/* segment_text() with the knowledge of a language (a BCP 47 tag such as "de" or "hy-AM"; NULL
 * or unknown: none): which marks end sentences, its abbreviations and ordinals. */
int segment_text_lang(const char *text, size_t start, size_t end, const char *lang,
                      segment_sentence_fn fn, void *user);

/* Segments every paragraph of doc (which must have no sentences yet), filling doc->sentences and
 * each paragraph's first_sentence/n_sentences, each in the paragraph's language. A paragraph of kind DOC_CODE is one sentence
 * (trimmed, not bounded: it is shown, not spoken). An ordered item's number (its marker) begins
 * its first sentence: "1. Eggs" is one sentence. A paragraph with nothing but whitespace has
 * no sentence and is removed from doc->paragraphs, so every paragraph left has n_sentences >= 1.
 * Returns 0 or -ENOMEM. */
int segment_document(struct document *doc);

/* Checks the segmenter's lookup tables (sorted for binary search); for tests. Returns 0 or
 * -EINVAL. */
int segment_self_check(void);

#endif
