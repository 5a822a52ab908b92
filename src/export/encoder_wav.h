/* WAV for `lector export` without libsndfile in the way of the samples: the PCM of a WAV file
 * is the samples themselves (16-bit little-endian), so encoder.c writes them to the file as
 * they come (no conversion into libsndfile's buffer, no copy into its own), and only the
 * header is libsndfile's: made here in memory exactly as libsndfile writes it for the same
 * rate and tags, with the two sizes patched in at the end. The file is byte for byte what
 * libsndfile writes. */
#ifndef LECTOR_EXPORT_ENCODER_WAV_H
#define LECTOR_EXPORT_ENCODER_WAV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The largest header wav_header_make writes: room for the tags. */
#define WAV_HEADER_MAX 4096

/* True where the machine's int16_t is already WAV's (little-endian). */
bool wav_raw_supported(void);

/* libsndfile's header of a mono 16-bit WAV file at rate with these tags (UTF-8, may be NULL)
 * and no samples yet, into out (WAV_HEADER_MAX bytes); *len receives its length. Returns 0, or
 * LECTOR_EENCODE when libsndfile fails or its header does not end with the data chunk's (the
 * caller then lets libsndfile write the file). */
int wav_header_make(int rate, const char *title, const char *artist, unsigned char *out,
                    size_t *len);

/* Writes into the header of the file on fd (header_len bytes, from wav_header_make) the sizes
 * for data_bytes of samples after it. Returns 0 or a negative errno. */
int wav_header_finish(int fd, size_t header_len, uint64_t data_bytes);

#endif
