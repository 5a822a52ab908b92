/* libexttextcat's fingerprints (about 160 languages) in groups by script: most texts need only
 * the languages of one script (Latin: two thirds of them, Cyrillic: one tenth). They are
 * compiled in (lang_fingerprints_data.h) and scored as libexttextcat's fp_Compare scores them
 * (lang_compare.h); a libexttextcat that lays out a fingerprint otherwise has its files read and
 * scored by fp_Compare instead. Used by
 * lang_detect.c under its lock; not thread-safe by itself.
 *
 * A language of another script than all the text's letters scores near the worst possible
 * against it, so leaving it out changes no answer. A text with letters of several scripts, of a
 * script no fingerprint covers, or without letters is given every language (fpdb.conf as it
 * is), as before. */
#ifndef LECTOR_TEXT_LANG_FINGERPRINTS_H
#define LECTOR_TEXT_LANG_FINGERPRINTS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <libexttextcat/textcat.h>

struct fingerprints;

/* The compiled-in fingerprints; dir: where their files are, read only when this libexttextcat
 * cannot take them compiled in. NULL when memory runs out. */
struct fingerprints *fingerprints_open(const char *dir);

/* Whether fp's languages are the compiled-in n-grams (else their files, read); for tests. */
bool fingerprints_compiled_in(const struct fingerprints *fp);

/* The group that text[0, len) needs (a key for the calls below). */
int fingerprints_key(const struct fingerprints *fp, const char *text, size_t len);

/* textcat_ClassifyFull with the group's languages (made ready on first use): the candidates in
 * *cand and textcat's answer (their number, or TEXTCAT_RESULT_*) in *n. Returns 0, or -ENOENT
 * when the group cannot be loaded. */
int fingerprints_classify(struct fingerprints *fp, int key, const char *text, size_t len,
                          const candidate_t **cand, int *n);

/* How far the text last given to fingerprints_classify is from the language whose primary
 * subtag is tag's (textcat's out-of-place score, lower is closer; of its closest fingerprint
 * when it has several, such as zh-CN and zh-TW) in *score: its fingerprint is made once for
 * both. Returns 0, or -ENOENT when no fingerprint is of that language or the text was too short
 * to judge. */
int fingerprints_score_last(struct fingerprints *fp, const char *tag, int *score);

/* Makes the group's languages ready now (the preloading thread's work); 0 or -ENOENT. */
int fingerprints_prepare(struct fingerprints *fp, int key);

void fingerprints_close(struct fingerprints *fp);

/* The script (UScriptCode) that groups the letter cp: Hiragana, Katakana, Hangul and Bopomofo
 * count as Han, as East Asian text mixes them within a language; USCRIPT_COMMON for a
 * character of no script (digits, punctuation, combining marks). */
int fingerprints_script_of(int32_t cp);

#endif
