/* One logical Ogg Vorbis stream made of the packets of several libvorbis encoders, each of which
 * encoded one run of the PCM (export/encoder_vorbis.c runs them in parallel).
 *
 * Encoders set up alike (same vorbis_info) write the same identification and setup headers, so
 * their audio packets decode with one set of headers: the runs' packets follow one another in
 * one stream, not a chained Ogg. Where two runs meet, the decoder overlaps the last block of
 * the one with the first block of the next and outputs samples neither encoder counted; runs
 * are cut in digital silence (a pause), so those samples are silence, and the writer adds
 * silent packets of its own (one byte each) so that the next run's first sample is heard at its
 * position in the input: to within half a short block (bs0 / 4 samples, 5.8 ms at 22050 Hz),
 * and without drift, since every run is placed from its own input position. The stream ends
 * where the input does, to the sample. Granule positions are counted from the packets' block
 * sizes, as the decoder counts. */
#ifndef LECTOR_EXPORT_VORBIS_STREAM_H
#define LECTOR_EXPORT_VORBIS_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <vorbis/codec.h>

/* The packets an encoder made of one run of PCM, in order: the first one's block is centred
 * first_center samples into the run (0 for an encoder's first packet), its left half silent, and
 * the last one's block, unless the run ends the stream, reaches past the run's end into
 * silence. */
struct vorbis_run {
  unsigned char *bytes; /* the packets' bytes, one after another */
  size_t n_bytes, cap_bytes;
  struct vorbis_run_packet {
    size_t offset, len;
    long blocksize;
  } *packets;
  size_t n_packets, cap_packets;
  int64_t first_center; /* where the first packet's block is centred, from the run's first sample */
  int64_t length;       /* samples of input the run stands for */
  bool continues;       /* the packets go on from the run before's encoder, whose last ones may
                         * be here: written right after them (no silence, first_center unused) */
};

/* Appends a copy of op, a packet of blocksize samples. Returns 0 or -ENOMEM. */
int vorbis_run_add(struct vorbis_run *run, const ogg_packet *op, long blocksize);
void vorbis_run_free(struct vorbis_run *run);

/* Where the stream's pages go: returns 0 or a negative errno. */
typedef int (*vorbis_sink)(void *user, const unsigned char *data, size_t len);

struct vorbis_stream;

/* Starts the stream: the three header packets of an encoder set up with vi, with title and
 * artist (UTF-8, may be NULL) in the comment header. vi must outlive the stream. Returns 0,
 * -ENOMEM, LECTOR_EENCODE or an error of the sink. */
int vorbis_stream_open(struct vorbis_stream **out, vorbis_info *vi, const char *title,
                       const char *artist, vorbis_sink sink, void *user);

/* Whether the identification and setup headers (from vorbis_analysis_headerout) are the
 * stream's: packets of an encoder whose are not may not be added. Safe from any thread. */
bool vorbis_stream_same_headers(const struct vorbis_stream *vs, const ogg_packet *ident,
                                const ogg_packet *setup);

/* Appends run, whose first sample is sample start of the input (runs in order, each starting
 * with bs1 / 2 samples of silence, and the one before ending with as many, at least 3 * bs1
 * samples earlier: see encoder_vorbis.c; or run->continues). last: the end of the stream. The
 * first packet's window flag may be changed. Returns 0, an error of the sink, -ENOMEM or
 * LECTOR_EENCODE. */
int vorbis_stream_add(struct vorbis_stream *vs, struct vorbis_run *run, uint64_t start,
                      bool last);

/* Writes the last page and frees vs (always). *frames receives the stream's length in samples.
 * Returns 0 or an error of the sink. */
int vorbis_stream_close(struct vorbis_stream *vs, uint64_t *frames);

#endif
