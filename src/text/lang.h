/* The language of a document and of each paragraph: stated (--lang, HTML lang=, Markdown
 * front matter lang:) or detected from the text with libexttextcat, used only when confident
 * and never over a stated language. */
#ifndef LECTOR_TEXT_LANG_H
#define LECTOR_TEXT_LANG_H

#include <stdbool.h>
#include <stddef.h>

#include "text/document.h"

/* Fewer words than this and a paragraph is too short to judge: it keeps the document's
 * language. */
#define LANG_DETECT_MIN_WORDS 12
/* At most this many paragraphs in the document's own script are detected (spread evenly over
 * a longer text; a quarter of them when the file states its language): detection is the
 * costliest step of loading a book. */
#define LANG_DETECT_MAX_PARAGRAPHS 32

/* Whether s looks like a BCP 47 tag: 2-8 letters, then subtags of 1-8 letters or digits
 * separated by '-' (or '_'), at most 35 bytes. */
bool lang_tag_valid(const char *s);

/* Detects the language of text[0, len) into out (a BCP 47 tag such as "de" or "zh-CN"); prefer
 * (may be NULL: the language the text is held to be in) is kept unless another language scores
 * clearly better.
 * Returns 0 when one language wins clearly, 1 when the text is too short or unclear, or a
 * negative code (-ENOENT: the detector's data is not installed; -ENOMEM). Thread-safe. */
int lang_detect(const char *text, size_t len, const char *prefer, char *out, size_t out_len);

/* Starts loading the detector's data on a thread of its own, so that it is ready by the time
 * the caller, which has a file to read and decode first, calls lang_detect (which languages to
 * load it learns from lang_detect_hint). Does nothing when it is loaded or loading;
 * lang_detect and lang_detect_release stop and join the thread. */
void lang_detect_preload(void);

/* Tells the preloading thread the text that will be detected first (the document's sample,
 * copied here): it loads the languages of that text's script. Only the first hint counts. */
void lang_detect_hint(const char *text, size_t len);

/* lang_detect_hint with the sample lang_assign will detect for a document whose text is
 * text[0, len). */
void lang_hint_document(const char *text, size_t len);

/* Frees the detector's data (loaded again on the next lang_detect), after waiting for a
 * preload. */
void lang_detect_release(void);

/* Gives doc and its paragraphs their languages before segmentation: forced (the user's --lang,
 * may be NULL) wins over everything; else the file's (doc->lang, paragraphs already marked)
 * stays; else a sample of the text is detected for the document, and paragraphs long enough
 * (those in another script, and up to LANG_DETECT_MAX_PARAGRAPHS others spread over the text)
 * are detected and marked where they differ confidently from the document. Returns 0 or -ENOMEM
 * (a missing detector is no error: languages stay unknown). */
int lang_assign(struct document *doc, const char *forced);

/* lang_assign in two halves, so that the caller segments the text while the paragraphs are
 * detected: begin gives the document its language (forced, the file's or detected from a
 * sample) and starts detecting the paragraphs on a thread (*job; NULL when there is nothing to
 * detect); until finish, doc may be segmented but its languages must not change. finish waits,
 * marks the paragraphs found in another language and says in *changed whether any was: those
 * must then be segmented again. Each returns 0 or a negative code; finish always ends the job. */
struct lang_job;
int lang_assign_begin(struct document *doc, const char *forced, struct lang_job **job);
int lang_assign_finish(struct document *doc, struct lang_job *job, bool *changed);

#endif
