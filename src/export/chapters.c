#include "export/chapters.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "export/av_api.h"
#include "export/av_fd.h"
#include "export/sidecar.h"
#include "text/document.h"
#include "util/error.h"

bool chapters_supported(enum encoder_format format)
{
  return format == ENCODER_MP3 || format == ENCODER_OPUS || format == ENCODER_M4B;
}

int chapters_from_sidecar(const struct sidecar *sc, uint64_t frames, struct chapter **out,
                          size_t *n)
{
  const struct document *doc = sc->doc;
  *out = NULL;
  *n = 0;
  if (!doc->n_sections)
    return 0;
  struct chapter *ch = calloc(doc->n_sections, sizeof *ch);
  if (!ch)
    return -ENOMEM;
  for (size_t i = 0; i < doc->n_sections; i++) {
    const struct doc_paragraph *first = &doc->paragraphs[doc->sections[i].first];
    ch[i].start = sc->sentences[first->first_sentence].start;
    ch[i].title = doc->sections[i].title;
    if (i > 0)
      ch[i - 1].end = ch[i].start;
  }
  ch[doc->n_sections - 1].end = frames;
  *out = ch;
  *n = doc->n_sections;
  return 0;
}

/* ---- the remux ---- */

struct remux {
  struct av_fd in, out;
  AVFormatContext *demux, *mux;
  AVPacket *packet;
};

static const char *muxer_name(enum encoder_format format)
{
  return format == ENCODER_MP3 ? "mp3" : format == ENCODER_OPUS ? "ogg" : "ipod";
}

/* The chapters as libavformat's, for the MP3 and MP4 muxers (freed with the context). */
static int add_av_chapters(AVFormatContext *mux, int rate, const struct chapter *ch, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    AVChapter *c = AV(av_mallocz)(sizeof *c);
    if (!c)
      return -ENOMEM;
    c->id = (int64_t)i + 1;
    c->time_base = (AVRational){1, rate};
    c->start = (int64_t)ch[i].start;
    c->end = (int64_t)ch[i].end;
    if (AV(av_dict_set)(&c->metadata, "title", ch[i].title, 0) < 0 ||
        AV(av_dynarray_add_nofree)(&mux->chapters, (int *)&mux->nb_chapters, c) < 0) {
      AV(av_dict_free)(&c->metadata);
      AV(av_free)(c);
      return -ENOMEM;
    }
  }
  return 0;
}

/* The chapters as Ogg comments, written here rather than by libavformat, whose CHAPTERnnn times
 * round the seconds to the nearest (6.504 s is written 00:00:07.504; FFmpeg 5.1). Numbered from
 * 001 as the chapter extension to Vorbis comments has it. */
static int add_ogg_chapters(AVDictionary **comments, int rate, const struct chapter *ch,
                            size_t n)
{
  for (size_t i = 0; i < n && i < CHAPTERS_OGG_MAX; i++) {
    uint64_t ms = (ch[i].start * 1000 + (uint64_t)rate / 2) / (uint64_t)rate;
    char key[24], when[40];
    snprintf(when, sizeof when, "%02" PRIu64 ":%02" PRIu64 ":%02" PRIu64 ".%03" PRIu64,
             ms / 3600000, ms / 60000 % 60, ms / 1000 % 60, ms % 1000);
    snprintf(key, sizeof key, "CHAPTER%03zu", i + 1);
    if (AV(av_dict_set)(comments, key, when, 0) < 0)
      return -ENOMEM;
    snprintf(key, sizeof key, "CHAPTER%03zuNAME", i + 1);
    if (AV(av_dict_set)(comments, key, ch[i].title, 0) < 0)
      return -ENOMEM;
  }
  return 0;
}

/* Vorbis comments are named in capitals by convention (libsndfile's are). */
static int set_tags(AVDictionary **tags, bool ogg, const char *title, const char *artist)
{
  if (title && *title && AV(av_dict_set)(tags, ogg ? "TITLE" : "title", title, 0) < 0)
    return -ENOMEM;
  if (artist && *artist && AV(av_dict_set)(tags, ogg ? "ARTIST" : "artist", artist, 0) < 0)
    return -ENOMEM;
  return 0;
}

static int open_demuxer(struct remux *r, int in_fd)
{
  if (lseek(in_fd, 0, SEEK_SET) != 0)
    return -errno;
  int rc = av_fd_open(&r->in, in_fd, false);
  if (rc)
    return rc;
  r->demux = AV(avformat_alloc_context)();
  if (!r->demux)
    return -ENOMEM;
  r->demux->pb = r->in.io;
  r->demux->flags |= AVFMT_FLAG_CUSTOM_IO;
  if (AV(avformat_open_input)(&r->demux, NULL, NULL, NULL) < 0 ||
      AV(avformat_find_stream_info)(r->demux, NULL) < 0 || r->demux->nb_streams < 1)
    return av_fd_failure(&r->in);
  return 0;
}

/* The output: one stream, a copy of the input's, with its tags, the chapters and the header. */
static int open_muxer(struct remux *r, int out_fd, enum encoder_format format, int rate,
                      const struct chapter *ch, size_t n, const char *title, const char *artist)
{
  if (AV(avformat_alloc_output_context2)(&r->mux, NULL, muxer_name(format), NULL) < 0)
    return LECTOR_EENCODE;
  int rc = av_fd_open(&r->out, out_fd, true);
  if (rc)
    return rc;
  r->mux->pb = r->out.io;
  /* The same input gives the same file (no creation time), and the tag naming the encoder is
   * the one the file already has. */
  r->mux->flags |= AVFMT_FLAG_BITEXACT;
  /* Packets gather in the 64 KB buffer: by default FFmpeg flushes after each one, a write of
   * a few hundred bytes per MP3 frame (11,800 system calls for the sample, 4% of its export's
   * time). */
  r->mux->flush_packets = 0;
  const AVStream *in = r->demux->streams[0];
  AVStream *st = AV(avformat_new_stream)(r->mux, NULL);
  if (!st || AV(avcodec_parameters_copy)(st->codecpar, in->codecpar) < 0)
    return -ENOMEM;
  st->codecpar->codec_tag = 0;
  st->time_base = in->time_base;
  /* Ogg keeps its tags in the stream's comment header, the others in the file's. */
  AVDictionary **tags = format == ENCODER_OPUS ? &st->metadata : &r->mux->metadata;
  if (AV(av_dict_copy)(tags, format == ENCODER_OPUS ? in->metadata : r->demux->metadata, 0) < 0)
    return -ENOMEM;
  rc = set_tags(tags, format == ENCODER_OPUS, title, artist);
  if (!rc)
    rc = format == ENCODER_OPUS ? add_ogg_chapters(tags, rate, ch, n)
                                : add_av_chapters(r->mux, rate, ch, n);
  if (rc)
    return rc;
  AVDictionary *opts = NULL;
  /* ID3v2.3 (text in UTF-16 where it is not ASCII): FFmpeg 5.1 writes the size of a v2.4
   * CHAP frame as a plain number where v2.4 wants a "syncsafe" one, so a chapter frame of 128
   * bytes or more (a long title) breaks the whole tag for strict readers (libid3tag: sox).
   * v2.3's sizes are plain numbers. */
  if (format == ENCODER_MP3)
    AV(av_dict_set)(&opts, "id3v2_version", "3", 0);
  if (format == ENCODER_M4B)
    AV(av_dict_set)(&opts, "brand", "M4B ", 0);
  int ok = AV(avformat_write_header)(r->mux, &opts);
  AV(av_dict_free)(&opts);
  return ok < 0 ? av_fd_failure(&r->out) : 0;
}

static int copy_packets(struct remux *r)
{
  const AVStream *in = r->demux->streams[0];
  const AVStream *out = r->mux->streams[0];
  for (;;) {
    int got = AV(av_read_frame)(r->demux, r->packet);
    if (got == AVERROR_EOF)
      return 0;
    if (got < 0)
      return av_fd_failure(&r->in);
    if (r->packet->stream_index != 0) {
      AV(av_packet_unref)(r->packet);
      continue;
    }
    AV(av_packet_rescale_ts)(r->packet, in->time_base, out->time_base);
    r->packet->pos = -1;
    if (AV(av_interleaved_write_frame)(r->mux, r->packet) < 0)
      return av_fd_failure(&r->out);
  }
}

static void remux_free(struct remux *r)
{
  AV(av_packet_free)(&r->packet);
  AV(avformat_close_input)(&r->demux);
  if (r->mux)
    r->mux->pb = NULL;
  AV(avformat_free_context)(r->mux);
  av_fd_close(&r->in);
  av_fd_close(&r->out);
}

int chapters_remux(int in_fd, int out_fd, enum encoder_format format, int rate,
                   const struct chapter *chapters, size_t n, const char *title,
                   const char *artist)
{
  int rc = av_api_load();
  if (rc)
    return rc;
  struct remux r = {.packet = AV(av_packet_alloc)()};
  rc = r.packet ? open_demuxer(&r, in_fd) : -ENOMEM;
  if (!rc)
    rc = open_muxer(&r, out_fd, format, rate, chapters, n, title, artist);
  if (!rc)
    rc = copy_packets(&r);
  if (!rc && AV(av_write_trailer)(r.mux) < 0)
    rc = av_fd_failure(&r.out);
  if (!rc)
    rc = av_fd_close(&r.out);
  remux_free(&r);
  return rc;
}

int chapters_add(const struct sidecar *sc, uint64_t frames, int rate, int in_fd, int out_fd,
                 enum encoder_format format, const char *title, const char *artist)
{
  struct chapter *ch;
  size_t n;
  int rc = chapters_from_sidecar(sc, frames, &ch, &n);
  if (!rc)
    rc = chapters_remux(in_fd, out_fd, format, rate, ch, n, title, artist);
  free(ch);
  return rc;
}
