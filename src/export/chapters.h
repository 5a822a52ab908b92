/* Chapters in one audio file: an MP3 (ID3v2.3 CHAP and CTOC frames), an Ogg Opus file
 * (CHAPTERnnn and CHAPTERnnnNAME comments) or an M4B (a QuickTime chapter track), one chapter
 * per section of the document (section.h), each starting where its section's first sentence
 * starts in the timings.
 *
 * The encoder writes the audio first; chapters_remux() then copies its packets into the final
 * file with libavformat, without decoding, adding the chapters (an MP3's ID3v2 tag and an Ogg
 * stream's comments come before the audio, and only the finished timings know the times).
 *
 * Times: the timings count samples as the listener hears them, and every file written here
 * tells its decoder to drop the codec's delay (MP3: the LAME tag's encoder delay, which
 * libavformat writes again; Opus: the pre-skip; AAC: the edit list), so a chapter's time is its
 * first sentence's time in the timings, unchanged. */
#ifndef LECTOR_EXPORT_CHAPTERS_H
#define LECTOR_EXPORT_CHAPTERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "export/encoder.h"

struct sidecar;

struct chapter {
  uint64_t start, end;  /* frames of the audio file */
  const char *title;    /* borrowed from the document */
};

/* Ogg Opus numbers its chapter comments with three digits. */
#define CHAPTERS_OGG_MAX 999

/* Whether format can hold chapters (MP3, Opus, M4B; not WAV, FLAC or Vorbis). */
bool chapters_supported(enum encoder_format format);

/* One chapter per section of sc's document, in document order: each starts at its section's
 * first sentence and ends where the next chapter starts (the last at frames, the end of the
 * audio). *out is malloc'd (NULL when the document has no sections). Returns 0 or -ENOMEM. */
int chapters_from_sidecar(const struct sidecar *sc, uint64_t frames, struct chapter **out,
                          size_t *n);

/* Copies the complete file of format on in_fd (read from its start) to out_fd (empty, seekable)
 * without re-encoding, with the chapters (times in frames at rate; an Ogg file keeps the first
 * CHAPTERS_OGG_MAX) and the title and artist tags (UTF-8, may be NULL; the file's other tags
 * are kept). Returns 0, the negative errno of a failed read or write, or LECTOR_EENCODE. */
int chapters_remux(int in_fd, int out_fd, enum encoder_format format, int rate,
                   const struct chapter *chapters, size_t n, const char *title,
                   const char *artist);

/* chapters_from_sidecar, then chapters_remux: the export's one call. */
int chapters_add(const struct sidecar *sc, uint64_t frames, int rate, int in_fd, int out_fd,
                 enum encoder_format format, const char *title, const char *artist);

#endif
