/* Ogg Vorbis for `lector export` (encoder.c hands ENCODER_VORBIS here), encoded on all cores:
 * libvorbis takes about as long as espeak-ng's synthesis takes on two cores, so one encoder
 * would be what the export waits for. The PCM is cut into runs at pauses (digital silence),
 * the runs are encoded by a pool of threads with libvorbis encoders set up alike (one per lane:
 * run i goes to lane i % 4, so the file is the same whichever thread took it), and the runs'
 * packets are written in order as one logical stream (export/vorbis_stream.h), the middle of
 * each pause as silent packets that cost nothing to encode. Quality 3 (-1..10), sox's
 * default.
 *
 * Positions: a run's first sample is heard within bs0 / 4 samples (5.8 ms at 22050 Hz) of its
 * input position, so input positions are times in the file, and the file is as long as the
 * input, to the sample. A run that finds no pause by 20 s is continued by the next on the same
 * encoder, so the PCM held stays bounded whatever the pauses. One encoder_vorbis is used by one
 * thread (its pool is its own). */
#ifndef LECTOR_EXPORT_ENCODER_VORBIS_H
#define LECTOR_EXPORT_ENCODER_VORBIS_H

#include <stddef.h>
#include <stdint.h>

#include "export/vorbis_stream.h"

struct encoder_vorbis;

/* Starts the stream for mono input at rate, with title and artist tags (UTF-8, may be NULL);
 * its pages go to sink. Returns 0, -ENOMEM, LECTOR_EENCODE or an error of the sink. */
int encoder_vorbis_open(struct encoder_vorbis **out, int rate, const char *title,
                        const char *artist, vorbis_sink sink, void *user);

/* Encodes n samples. Returns 0, -ENOMEM, LECTOR_EENCODE or an error of the sink. */
int encoder_vorbis_write(struct encoder_vorbis *ev, const int16_t *samples, size_t n);

/* Encodes n samples of digital silence: where a run may end. Returns as encoder_vorbis_write. */
int encoder_vorbis_write_silence(struct encoder_vorbis *ev, size_t n);

/* The most samples of PCM ev has held at once (not yet encoded and written): for tests. */
size_t encoder_vorbis_held_peak(const struct encoder_vorbis *ev);

/* Encodes what is left, writes the last page and frees ev (always). *frames (may be NULL)
 * receives the stream's length in samples, *pool_cpu (may be NULL) the CPU seconds of the
 * encoding threads. Returns 0 or an error as above. */
int encoder_vorbis_close(struct encoder_vorbis *ev, uint64_t *frames, double *pool_cpu);

#endif
