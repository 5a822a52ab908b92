/* Timing sidecars of `lector export`: when each paragraph, sentence and word is heard in the
 * audio file, as JSON (the schema of DESIGN.md), WebVTT, SRT (one cue per sentence) or LRC (one
 * line per sentence).
 *
 * Times are recorded as frame positions in the written audio (counted, never estimated) and
 * turned into seconds only when rendered. The sidecar holds a few numbers per word, never audio:
 * its size follows the text, not the duration. */
#ifndef LECTOR_EXPORT_SIDECAR_H
#define LECTOR_EXPORT_SIDECAR_H

#include <stddef.h>
#include <stdint.h>

struct document;

enum sidecar_format { SIDECAR_JSON, SIDECAR_VTT, SIDECAR_SRT, SIDECAR_LRC };

struct sidecar_word {
  size_t doc_start, doc_end;  /* the display word: byte span in document.text */
  uint64_t start, end;        /* frames in the audio file */
};

struct sidecar_sentence {
  uint64_t start, end;        /* frames; start == end == 0 until recorded */
  size_t first_word, n_words; /* into sidecar.words */
};

struct sidecar {
  const struct document *doc;         /* borrowed; outlives the sidecar */
  struct sidecar_sentence *sentences; /* owned; doc->n_sentences entries */
  struct sidecar_word *words;         /* owned; in document order */
  size_t n_words, cap_words;
};

/* The format named by path's extension (.json, .vtt, .srt, .lrc). LECTOR_EFORMAT otherwise. */
int sidecar_format_from_path(const char *path, enum sidecar_format *out);

/* Allocates an empty sidecar for doc. Returns 0 or -ENOMEM. */
int sidecar_new(struct sidecar **out, const struct document *doc);
void sidecar_free(struct sidecar *sc);

/* Records sentence s (an index into doc->sentences), heard from frame start to end, and its
 * words (n of them, in order, times in frames of the audio file). Sentences are recorded in
 * document order. Returns 0 or -ENOMEM. */
int sidecar_add_sentence(struct sidecar *sc, size_t s, uint64_t start, uint64_t end,
                         const struct sidecar_word *words, size_t n);

/* What the rendered sidecar says about the audio it describes. */
struct sidecar_info {
  const char *audio;   /* file name of the audio, as given to -o */
  const char *voice;   /* voice profile or espeak-ng voice name */
  const char *title, *artist; /* may be NULL (LRC header tags) */
  int sample_rate;     /* of the audio file */
  uint64_t frames;     /* total frames in the audio file */
  /* The name of the voice speaking each language (JSON: "voice" of paragraphs and spans):
   * [0] the document's, [i] document.langs[i - 1]; NULL or "": not named. May be NULL. */
  const char *const *lang_voices;
  size_t n_lang_voices;
};

/* Renders the sidecar into a malloc'd buffer (*out, *len; owned by the caller).
 * Returns 0 or -ENOMEM. */
int sidecar_render(const struct sidecar *sc, enum sidecar_format format,
                   const struct sidecar_info *info, char **out, size_t *len);

#endif
