#include "export/vorbis_stream.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <ogg/ogg.h>

#include "util/error.h"
#include "util/grow.h"

/* The Ogg serial number: fixed, so that the same input gives the same file. */
#define SERIAL 0x6c656374

int vorbis_run_add(struct vorbis_run *run, const ogg_packet *op, long blocksize)
{
  size_t len = (size_t)op->bytes;
  if ((len && grow_for((void **)&run->bytes, &run->cap_bytes, run->n_bytes + len - 1, 1, 65536)) ||
      grow_for((void **)&run->packets, &run->cap_packets, run->n_packets, sizeof *run->packets,
               256))
    return -ENOMEM;
  if (len)
    memcpy(run->bytes + run->n_bytes, op->packet, len);
  run->packets[run->n_packets++] = (struct vorbis_run_packet){run->n_bytes, len, blocksize};
  run->n_bytes += len;
  return 0;
}

void vorbis_run_free(struct vorbis_run *run)
{
  free(run->bytes);
  free(run->packets);
  memset(run, 0, sizeof *run);
}

struct vorbis_stream {
  ogg_stream_state os;
  long bs0, bs1;                   /* the short and the long block size */
  unsigned char *ident, *setup;    /* the header packets, for vorbis_stream_same_headers */
  size_t ident_len, setup_len;
  vorbis_sink sink;
  void *user;
  int64_t decoded;                 /* samples a decoder has output after the last packet */
  long prev_blocksize;             /* of the last packet; 0 before the first audio packet */
  int64_t packetno;
  int64_t end;                     /* granule position of the last packet: the length */
};

/* Hands the finished pages (all of them when flush) to the sink. */
static int write_pages(struct vorbis_stream *vs, bool flush)
{
  ogg_page og;
  while (flush ? ogg_stream_flush(&vs->os, &og) : ogg_stream_pageout(&vs->os, &og)) {
    int rc = vs->sink(vs->user, og.header, (size_t)og.header_len);
    if (!rc)
      rc = vs->sink(vs->user, og.body, (size_t)og.body_len);
    if (rc)
      return rc;
  }
  return 0;
}

static int put(struct vorbis_stream *vs, const unsigned char *data, size_t len, int64_t granule,
               bool eos)
{
  ogg_packet op = {.packet = (unsigned char *)(uintptr_t)data, .bytes = (long)len,
                   .e_o_s = eos, .granulepos = granule, .packetno = vs->packetno++};
  if (ogg_stream_packetin(&vs->os, &op) != 0)  /* copies the bytes */
    return LECTOR_EENCODE;
  return write_pages(vs, false);
}

/* Counts an audio packet of blocksize as the decoder does: the first outputs nothing, each
 * later one the overlap of its block with the one before, a quarter of each. */
static void advance(struct vorbis_stream *vs, long blocksize)
{
  if (vs->prev_blocksize)
    vs->decoded += vs->prev_blocksize / 4 + blocksize / 4;
  vs->prev_blocksize = blocksize;
}

/* A silent audio packet: type 0, the mode (libvorbis's encoders have two, 0 for short blocks
 * and 1 for long ones: checked by silent_packets_decode), for a long block the window flags of
 * its neighbours, then the floor's "nonzero" bit clear, so the channel is unused and the block
 * decodes to zeros. The byte libvorbis itself writes for a block of digital silence. */
static unsigned char silent_packet(bool long_block, bool prev_long, bool next_long)
{
  return long_block ? (unsigned char)(0x02u | (unsigned)prev_long << 2 | (unsigned)next_long << 3)
                    : 0x00;
}

static bool silent_packets_decode(vorbis_info *vi, long bs0, long bs1)
{
  for (unsigned flags = 0; flags < 8; flags++) {
    bool is_long = flags & 1;
    unsigned char byte = silent_packet(is_long, flags & 2, flags & 4);
    ogg_packet op = {.packet = &byte, .bytes = 1};
    if (vorbis_packet_blocksize(vi, &op) != (is_long ? bs1 : bs0))
      return false;
  }
  return true;
}

/* Puts silent packets between the last packet written and a run whose first packet has block
 * size first, so that this packet's output ends at sample at (where its block is centred in the
 * input). Blocks b_1..b_m between b_0 and first add b_0/4 + first/4 + the sum of b_i/2 samples,
 * in whatever order: the long ones first, then as many short ones as come nearest. */
static int bridge(struct vorbis_stream *vs, int64_t at, long first)
{
  int64_t gap = at - vs->decoded - vs->prev_blocksize / 4 - first / 4;
  int64_t n_long = gap > 0 ? gap / (vs->bs1 / 2) : 0;
  int64_t rest = gap - n_long * (vs->bs1 / 2);
  int64_t n_short = rest > 0 ? (rest + vs->bs0 / 4) / (vs->bs0 / 2) : 0;
  for (int64_t i = 0; i < n_long + n_short; i++) {
    bool is_long = i < n_long;
    bool next_long = i + 1 < n_long || (i + 1 == n_long + n_short && first == vs->bs1);
    unsigned char byte = silent_packet(is_long, vs->prev_blocksize == vs->bs1, next_long);
    advance(vs, is_long ? vs->bs1 : vs->bs0);
    int rc = put(vs, &byte, 1, vs->decoded, false);
    if (rc)
      return rc;
  }
  return 0;
}

/* Ends the stream at sample end, past the last packet written: a run placed early (see bridge)
 * is followed by silent packets, so that the stream is as long as the input. */
static int pad_to(struct vorbis_stream *vs, int64_t end)
{
  for (;;) {
    unsigned char byte = silent_packet(true, vs->prev_blocksize == vs->bs1, true);
    advance(vs, vs->bs1);
    bool eos = vs->decoded >= end;
    int rc = put(vs, &byte, 1, eos ? end : vs->decoded, eos);
    if (rc || eos)
      return rc;
  }
}

/* A long block's packet says whether the block before it is long (the bit after the mode): its
 * encoder's block before is not the stream's, so the bit is set to what a decoder finds there.
 * The window it picks only shapes the silent left half; but FFmpeg counts a packet's samples
 * from this bit, and the last page's length with them. */
static void set_previous_flag(struct vorbis_stream *vs, struct vorbis_run *run)
{
  const struct vorbis_run_packet *p = &run->packets[0];
  if (p->blocksize == vs->bs1 && p->len > 0) {
    unsigned char *byte = run->bytes + p->offset;
    *byte = (unsigned char)((*byte & ~0x04u) | (vs->prev_blocksize == vs->bs1 ? 0x04u : 0));
  }
}

int vorbis_stream_add(struct vorbis_stream *vs, struct vorbis_run *run, uint64_t start, bool last)
{
  if (run->n_packets == 0 && !run->continues)
    return LECTOR_EENCODE;  /* libvorbis ends even an empty run with packets */
  int64_t first = (int64_t)start + run->first_center;
  int rc = 0;
  if (vs->prev_blocksize && !run->continues) {
    rc = bridge(vs, first, run->packets[0].blocksize);
    set_previous_flag(vs, run);
  }
  /* The input's length: the last page's granule position says where the stream ends, cutting
   * off the padding of the last block (and the few samples a late run adds, which are the
   * silence espeak-ng ends with). */
  int64_t end = (int64_t)start + run->length;
  for (size_t i = 0; !rc && i < run->n_packets; i++) {
    const struct vorbis_run_packet *p = &run->packets[i];
    advance(vs, p->blocksize);
    bool eos = last && i + 1 == run->n_packets && vs->decoded >= end;
    rc = put(vs, run->bytes + p->offset, p->len, eos ? end : vs->decoded, eos);
  }
  if (!rc && last && vs->decoded < end)
    rc = pad_to(vs, end);
  if (last)
    vs->end = end;
  return rc;
}

bool vorbis_stream_same_headers(const struct vorbis_stream *vs, const ogg_packet *ident,
                                const ogg_packet *setup)
{
  return (size_t)ident->bytes == vs->ident_len && (size_t)setup->bytes == vs->setup_len &&
         memcmp(ident->packet, vs->ident, vs->ident_len) == 0 &&
         memcmp(setup->packet, vs->setup, vs->setup_len) == 0;
}

static void stream_free(struct vorbis_stream *vs)
{
  ogg_stream_clear(&vs->os);
  free(vs->ident);
  free(vs->setup);
  free(vs);
}

static unsigned char *copy_packet(const ogg_packet *op, size_t *len)
{
  unsigned char *copy = malloc((size_t)op->bytes);
  if (copy)
    memcpy(copy, op->packet, (size_t)op->bytes);
  *len = (size_t)op->bytes;
  return copy;
}

/* Writes the three headers, the identification alone on the first page as the specification
 * asks, and keeps a copy of the two that every encoder must share. */
static int write_headers(struct vorbis_stream *vs, vorbis_info *vi, const char *title,
                         const char *artist)
{
  vorbis_dsp_state vd;
  if (vorbis_analysis_init(&vd, vi) != 0)
    return LECTOR_EENCODE;
  vorbis_comment vc;
  vorbis_comment_init(&vc);
  if (title && *title)
    vorbis_comment_add_tag(&vc, "TITLE", title);
  if (artist && *artist)
    vorbis_comment_add_tag(&vc, "ARTIST", artist);
  vorbis_comment_add_tag(&vc, "ENCODER", "lector " LECTOR_VERSION);
  ogg_packet ident, comment, setup;
  int rc = vorbis_analysis_headerout(&vd, &vc, &ident, &comment, &setup) ? LECTOR_EENCODE : 0;
  if (!rc) {
    vs->ident = copy_packet(&ident, &vs->ident_len);
    vs->setup = copy_packet(&setup, &vs->setup_len);
    rc = vs->ident && vs->setup ? 0 : -ENOMEM;
  }
  if (!rc)
    rc = ogg_stream_packetin(&vs->os, &ident) ? LECTOR_EENCODE : write_pages(vs, true);
  if (!rc)
    rc = ogg_stream_packetin(&vs->os, &comment) || ogg_stream_packetin(&vs->os, &setup)
             ? LECTOR_EENCODE : write_pages(vs, true);
  vorbis_comment_clear(&vc);
  vorbis_dsp_clear(&vd);
  vs->packetno = 3;
  return rc;
}

int vorbis_stream_open(struct vorbis_stream **out, vorbis_info *vi, const char *title,
                       const char *artist, vorbis_sink sink, void *user)
{
  *out = NULL;
  struct vorbis_stream *vs = calloc(1, sizeof *vs);
  if (!vs)
    return -ENOMEM;
  if (ogg_stream_init(&vs->os, SERIAL) != 0) {
    free(vs);
    return -ENOMEM;
  }
  vs->sink = sink;
  vs->user = user;
  vs->bs0 = vorbis_info_blocksize(vi, 0);
  vs->bs1 = vorbis_info_blocksize(vi, 1);
  int rc = silent_packets_decode(vi, vs->bs0, vs->bs1) ? 0 : LECTOR_EENCODE;
  if (!rc)
    rc = write_headers(vs, vi, title, artist);
  if (rc) {
    stream_free(vs);
    return rc;
  }
  *out = vs;
  return 0;
}

int vorbis_stream_close(struct vorbis_stream *vs, uint64_t *frames)
{
  int rc = write_pages(vs, true);
  if (frames)
    *frames = vs->end > 0 ? (uint64_t)vs->end : 0;
  stream_free(vs);
  return rc;
}
