/* FFmpeg's libraries (libavformat, libavcodec, libavutil), loaded the first time an export needs
 * them (.m4b, chapters), not linked: with their codec libraries they are about 130 shared
 * objects, which cost every start of lector 28 MB of memory (60 MB under ASan) and a
 * noticeable delay, reading or exporting WAV alike. Callers write AV(fn)(...) for each function
 * of the list, after av_api_load() succeeded. */
#ifndef LECTOR_EXPORT_AV_API_H
#define LECTOR_EXPORT_AV_API_H

#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/channel_layout.h>
#include <libavutil/log.h>

#define AV_API_FUNCTIONS(X) \
  X(av_channel_layout_copy) \
  X(av_channel_layout_default) \
  X(av_dict_copy) \
  X(av_dict_free) \
  X(av_dict_set) \
  X(av_dynarray_add_nofree) \
  X(av_frame_alloc) \
  X(av_frame_free) \
  X(av_frame_get_buffer) \
  X(av_frame_make_writable) \
  X(av_free) \
  X(av_freep) \
  X(av_interleaved_write_frame) \
  X(av_log_set_level) \
  X(av_malloc) \
  X(av_mallocz) \
  X(av_packet_alloc) \
  X(av_packet_free) \
  X(av_packet_rescale_ts) \
  X(av_packet_unref) \
  X(av_read_frame) \
  X(av_write_frame) \
  X(av_write_trailer) \
  X(avcodec_alloc_context3) \
  X(avcodec_find_encoder_by_name) \
  X(avcodec_free_context) \
  X(avcodec_open2) \
  X(avcodec_parameters_copy) \
  X(avcodec_parameters_from_context) \
  X(avcodec_receive_packet) \
  X(avcodec_send_frame) \
  X(avformat_alloc_context) \
  X(avformat_alloc_output_context2) \
  X(avformat_close_input) \
  X(avformat_find_stream_info) \
  X(avformat_free_context) \
  X(avformat_new_stream) \
  X(avformat_open_input) \
  X(avformat_write_header) \
  X(avio_alloc_context) \
  X(avio_context_free) \
  X(avio_flush) \

struct av_api {
#define AV_API_FIELD(name) __typeof__(name) *name;
  AV_API_FUNCTIONS(AV_API_FIELD)
#undef AV_API_FIELD
};

extern struct av_api av_api;

#define AV(fn) (av_api.fn)

/* Loads the libraries and their functions, once (not thread-safe: the export's one thread).
 * Returns 0, or LECTOR_ENOFFMPEG when they are missing (a lector built on another system). */
int av_api_load(void);

#endif
