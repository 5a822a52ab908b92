/* The functions of libvorbis, libvorbisenc and libogg that export/encoder_vorbis.c and
 * export/vorbis_stream.c call, loaded when first called as util/lazy_libs.c does for the other
 * libraries (only `lector export` to .ogg needs them). The compiler checks every definition
 * against the library's own header. */
#include <ogg/ogg.h>
#include <vorbis/codec.h>
#include <vorbis/vorbisenc.h>

#include "util/lazy_lib.h"

static struct lazy_lib vorbis = {"libvorbis.so.0", NULL};
static struct lazy_lib vorbisenc = {"libvorbisenc.so.2", NULL};
static struct lazy_lib ogg = {"libogg.so.0", NULL};

LAZY_STUB_VOID(vorbis, vorbis_info_init, (vorbis_info *vi), (vi))
LAZY_STUB_VOID(vorbis, vorbis_info_clear, (vorbis_info *vi), (vi))
LAZY_STUB(vorbis, int, vorbis_info_blocksize, (vorbis_info *vi, int zo), (vi, zo))
LAZY_STUB_VOID(vorbis, vorbis_comment_init, (vorbis_comment *vc), (vc))
LAZY_STUB_VOID(vorbis, vorbis_comment_add_tag, (vorbis_comment *vc, const char *tag,
                                                const char *contents), (vc, tag, contents))
LAZY_STUB_VOID(vorbis, vorbis_comment_clear, (vorbis_comment *vc), (vc))
LAZY_STUB(vorbis, int, vorbis_analysis_init, (vorbis_dsp_state *v, vorbis_info *vi), (v, vi))
LAZY_STUB(vorbis, int, vorbis_block_init, (vorbis_dsp_state *v, vorbis_block *vb), (v, vb))
LAZY_STUB(vorbis, int, vorbis_block_clear, (vorbis_block *vb), (vb))
LAZY_STUB_VOID(vorbis, vorbis_dsp_clear, (vorbis_dsp_state *v), (v))
LAZY_STUB(vorbis, int, vorbis_analysis_headerout,
          (vorbis_dsp_state *v, vorbis_comment *vc, ogg_packet *op, ogg_packet *op_comm,
           ogg_packet *op_code),
          (v, vc, op, op_comm, op_code))
LAZY_STUB(vorbis, float **, vorbis_analysis_buffer, (vorbis_dsp_state *v, int vals), (v, vals))
LAZY_STUB(vorbis, int, vorbis_analysis_wrote, (vorbis_dsp_state *v, int vals), (v, vals))
LAZY_STUB(vorbis, int, vorbis_analysis_blockout, (vorbis_dsp_state *v, vorbis_block *vb),
          (v, vb))
LAZY_STUB(vorbis, int, vorbis_analysis, (vorbis_block *vb, ogg_packet *op), (vb, op))
LAZY_STUB(vorbis, int, vorbis_bitrate_addblock, (vorbis_block *vb), (vb))
LAZY_STUB(vorbis, int, vorbis_bitrate_flushpacket, (vorbis_dsp_state *vd, ogg_packet *op),
          (vd, op))
LAZY_STUB(vorbis, long, vorbis_packet_blocksize, (vorbis_info *vi, ogg_packet *op), (vi, op))

LAZY_STUB(vorbisenc, int, vorbis_encode_init_vbr,
          (vorbis_info *vi, long channels, long rate, float base_quality),
          (vi, channels, rate, base_quality))

LAZY_STUB(ogg, int, ogg_stream_init, (ogg_stream_state *os, int serialno), (os, serialno))
LAZY_STUB(ogg, int, ogg_stream_clear, (ogg_stream_state *os), (os))
LAZY_STUB(ogg, int, ogg_stream_packetin, (ogg_stream_state *os, ogg_packet *op), (os, op))
LAZY_STUB(ogg, int, ogg_stream_pageout, (ogg_stream_state *os, ogg_page *og), (os, og))
LAZY_STUB(ogg, int, ogg_stream_flush, (ogg_stream_state *os, ogg_page *og), (os, og))
