/* The audio encoder of `lector export`: mono 16-bit PCM in, a WAV, FLAC, Ogg Vorbis, Ogg Opus
 * or MP3 file out (libsndfile; AAC in MP4 through encoder_av, Ogg Vorbis through encoder_vorbis,
 * on all cores), resampled with libsoxr where the format needs another rate (Opus accepts only
 * 8/12/16/24/48 kHz).
 *
 * Positions: the caller counts input samples; encoder_map() turns an input position into a
 * position in the written stream (identity unless resampling), and encoder_close() reports the
 * number of frames actually written, so sidecar times agree with the file to the sample (Ogg
 * Vorbis: within a few ms, see encoder_vorbis.h).
 *
 * One encoder is used by one thread. */
#ifndef LECTOR_EXPORT_ENCODER_H
#define LECTOR_EXPORT_ENCODER_H

#include <stddef.h>
#include <stdint.h>

enum encoder_format {
  ENCODER_WAV,     /* 16-bit PCM */
  ENCODER_FLAC,
  ENCODER_VORBIS,  /* .ogg */
  ENCODER_OPUS,    /* .opus, Ogg Opus at 48 kHz */
  ENCODER_MP3,
  ENCODER_M4B,     /* .m4b, AAC in MP4 (encoder_av: libavcodec) */
};

struct encoder;

/* The format named by path's extension (case-insensitive). LECTOR_EFORMAT when unknown. */
int encoder_format_from_path(const char *path, enum encoder_format *out);

/* The sample rate the file will have for input at in_rate. */
int encoder_output_rate(enum encoder_format format, int in_rate);

/* Starts a file on fd (borrowed, must be open for reading and writing, seekable and empty; it is
 * not closed). title and artist (UTF-8, may be NULL) are written as tags where libsndfile can
 * write them; for MP3 call encoder_tag_file() after encoder_close(). */
int encoder_open(struct encoder **out, int fd, enum encoder_format format, int in_rate,
                 const char *title, const char *artist);

/* Encodes n samples (in blocks: libvorbis crashes on very large writes). Returns 0, the negative
 * errno of a failed write (-ENOSPC, -EFBIG, ...), LECTOR_EWAVFULL (nothing of the n samples
 * written) or LECTOR_EENCODE. */
int encoder_write(struct encoder *enc, const int16_t *samples, size_t n);

/* Encodes the n samples (16-bit, the machine's byte order) at byte `offset` of the file fd, as
 * encoder_write would. Once its header is written, a WAV file takes them straight from fd in
 * the kernel (sendfile), without a copy through this process; other formats, and the first
 * samples of a WAV, are read into a buffer. */
int encoder_write_file(struct encoder *enc, int fd, uint64_t offset, size_t n);

/* Encodes n samples of digital silence. */
int encoder_write_silence(struct encoder *enc, size_t n);

/* Position in the written stream (frames at the output rate) of input sample position pos. */
uint64_t encoder_map(const struct encoder *enc, uint64_t pos);

/* Flushes the resampler, finishes the file and frees enc (always, even on failure). *frames
 * (may be NULL) receives the number of frames in the file. Returns 0 or an error as for
 * encoder_write(). */
int encoder_close(struct encoder *enc, uint64_t *frames);

/* encoder_close(), and *thread_cpu (may be NULL) receives the CPU seconds the encoder spent in
 * threads of its own (Ogg Vorbis's pool; 0 for the other formats): for LECTOR_BENCH_STATS. */
int encoder_close_stats(struct encoder *enc, uint64_t *frames, double *thread_cpu);

/* Writes title and artist into the finished file at path where libsndfile could not (MP3: an
 * ID3v2 tag, so that UTF-8 survives; TagLib). Does nothing for the other formats. */
int encoder_tag_file(const char *path, enum encoder_format format, const char *title,
                     const char *artist);

#endif
