/* AAC in MP4 (.m4b, the audiobook file) for `lector export`: libavcodec's native AAC encoder
 * and libavformat's ipod muxer, behind encoder.h's interface (encoder.c hands ENCODER_M4B here).
 *
 * Positions: AAC starts with 1024 samples of priming; the muxer writes an edit list that skips
 * them, so a player's first sample is the first sample written here and the caller's sample
 * counts are times in the file as they are (checked by tests/cli/export_chapters.py, which
 * decodes). */
#ifndef LECTOR_EXPORT_ENCODER_AV_H
#define LECTOR_EXPORT_ENCODER_AV_H

#include <stddef.h>
#include <stdint.h>

struct encoder_av;

/* Starts the file on fd (borrowed, seekable, empty) for mono input at rate, with title and
 * artist tags (UTF-8, may be NULL). Returns 0, -ENOMEM or LECTOR_EENCODE. */
int encoder_av_open(struct encoder_av **out, int fd, int rate, const char *title,
                    const char *artist);

/* Encodes n samples. Returns 0, a negative errno of a failed write or LECTOR_EENCODE. */
int encoder_av_write(struct encoder_av *e, const int16_t *samples, size_t n);

/* Flushes the encoder, writes the index (moov) and frees e (always). Returns 0 or an error as
 * for encoder_av_write. */
int encoder_av_close(struct encoder_av *e);

#endif
