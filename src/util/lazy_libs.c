/* The functions lector calls in the libraries it loads when first needed (util/lazy_lib.h):
 * each one loads its library on its first call. The compiler checks every definition against
 * the library's own header. A function used from one of these libraries must be added here. */
#define CURL_DISABLE_TYPECHECK /* the header's checking macros would rename the definitions */
#include <alsa/asoundlib.h>
#include <errno.h>
#include <curl/curl.h>
#include <pcaudiolib/audio.h>
#include <lame/lame.h>
#include <sndfile.h>
#include <soxr.h>
#include <stdarg.h>
#include <stdio.h>
#include <taglib/tag_c.h>
#include <zip.h>

#include "util/lazy_lib.h"

/* The sonames of the ABI versions Debian 12 ships and lector is built against. */
static struct lazy_lib curl = {"libcurl.so.4", NULL};
static struct lazy_lib pcaudio = {"libpcaudio.so.0", NULL};
static struct lazy_lib taglib = {"libtag_c.so.0", NULL};
static struct lazy_lib sndfile = {"libsndfile.so.1", NULL};
static struct lazy_lib soxr = {"libsoxr.so.0", NULL};
static struct lazy_lib lame = {"libmp3lame.so.0", NULL};
static struct lazy_lib alsa = {"libasound.so.2", NULL};
static struct lazy_lib zip = {"libzip.so.4", NULL};

/* libcurl: fetching a URL (app/fetch.c). */
LAZY_STUB(curl, CURLcode, curl_global_init, (long flags), (flags))
LAZY_STUB_VOID(curl, curl_global_cleanup, (void), ())
LAZY_STUB(curl, CURL *, curl_easy_init, (void), ())
LAZY_STUB(curl, CURLcode, curl_easy_perform, (CURL *c), (c))
LAZY_STUB_VOID(curl, curl_easy_cleanup, (CURL *c), (c))
LAZY_STUB(curl, const char *, curl_easy_strerror, (CURLcode code), (code))

/* The option's number says the type of its one argument (curl.h: CURLOPTTYPE_*). */
CURLcode curl_easy_setopt(CURL *c, CURLoption option, ...)
{
  LAZY_FN(curl, curl_easy_setopt, fn)
  va_list ap;
  va_start(ap, option);
  CURLcode rc;
  if (option < CURLOPTTYPE_OBJECTPOINT)
    rc = fn(c, option, va_arg(ap, long));
  else if (option < CURLOPTTYPE_FUNCTIONPOINT || option >= CURLOPTTYPE_BLOB)
    rc = fn(c, option, va_arg(ap, void *));
  else if (option < CURLOPTTYPE_OFF_T)
    rc = fn(c, option, va_arg(ap, void (*)(void)));
  else
    rc = fn(c, option, va_arg(ap, curl_off_t));
  va_end(ap);
  return rc;
}

/* Every CURLINFO_* takes a pointer to where the answer goes. */
CURLcode curl_easy_getinfo(CURL *c, CURLINFO info, ...)
{
  LAZY_FN(curl, curl_easy_getinfo, fn)
  va_list ap;
  va_start(ap, info);
  CURLcode rc = fn(c, info, va_arg(ap, void *));
  va_end(ap);
  return rc;
}

/* pcaudiolib: the sound device. espeak-ng, linked in, asks for an audio object of its own as it
 * starts (1.51 does so even for the synchronous output lector asks for, which never plays it):
 * it is given none (NULL), which it never uses, rather than pcaudiolib being loaded with its
 * 30 shared objects (8-11 ms before the first word). Its other calls get NULL back, as they
 * would for a failed device, without loading anything; lector's own sink always has one. */
#define ESPEAK_APPLICATION "eSpeak"
struct audio_object *create_audio_device_object(const char *device, const char *application_name,
                                                const char *description)
{
  if (application_name && strcmp(application_name, ESPEAK_APPLICATION) == 0)
    return NULL;
  LAZY_FN(pcaudio, create_audio_device_object, fn)
  return fn(device, application_name, description);
}

#define PCAUDIO_STUB(ret, name, params, args, none)                                           \
  ret name params                                                                             \
  {                                                                                           \
    if (!o)                                                                                   \
      return none;                                                                            \
    LAZY_FN(pcaudio, name, fn_)                                                               \
    return fn_ args;                                                                          \
  }
PCAUDIO_STUB(int, audio_object_open,
             (struct audio_object *o, enum audio_object_format format, uint32_t rate,
              uint8_t channels),
             (o, format, rate, channels), -ENODEV)
PCAUDIO_STUB(int, audio_object_write, (struct audio_object *o, const void *data, size_t bytes),
             (o, data, bytes), -ENODEV)
PCAUDIO_STUB(int, audio_object_drain, (struct audio_object *o), (o), 0)
PCAUDIO_STUB(int, audio_object_flush, (struct audio_object *o), (o), 0)
PCAUDIO_STUB(const char *, audio_object_strerror, (struct audio_object *o, int error), (o, error),
             "no audio device")
#define PCAUDIO_STUB_VOID(name)                                                               \
  void name(struct audio_object *o)                                                           \
  {                                                                                           \
    if (!o)                                                                                   \
      return;                                                                                 \
    LAZY_FN(pcaudio, name, fn_)                                                               \
    fn_(o);                                                                                   \
  }
PCAUDIO_STUB_VOID(audio_object_close)
PCAUDIO_STUB_VOID(audio_object_destroy)

/* TagLib: the title and artist of an exported file. */
LAZY_STUB_VOID(taglib, taglib_set_strings_unicode, (BOOL unicode), (unicode))
LAZY_STUB_VOID(taglib, taglib_set_string_management_enabled, (BOOL on), (on))
LAZY_STUB(taglib, TagLib_File *, taglib_file_new_type,
          (const char *filename, TagLib_File_Type type), (filename, type))
LAZY_STUB_VOID(taglib, taglib_file_free, (TagLib_File *f), (f))
LAZY_STUB(taglib, BOOL, taglib_file_is_valid, (const TagLib_File *f), (f))
LAZY_STUB(taglib, TagLib_Tag *, taglib_file_tag, (const TagLib_File *f), (f))
LAZY_STUB(taglib, BOOL, taglib_file_save, (TagLib_File *f), (f))
LAZY_STUB_VOID(taglib, taglib_tag_set_title, (TagLib_Tag *t, const char *s), (t, s))
LAZY_STUB_VOID(taglib, taglib_tag_set_artist, (TagLib_Tag *t, const char *s), (t, s))

/* libsndfile: WAV, FLAC, Ogg files written and read back. */
LAZY_STUB(sndfile, SNDFILE *, sf_open_fd, (int fd, int mode, SF_INFO *info, int close_desc),
          (fd, mode, info, close_desc))
LAZY_STUB(sndfile, SNDFILE *, sf_open_virtual,
          (SF_VIRTUAL_IO *io, int mode, SF_INFO *info, void *user_data),
          (io, mode, info, user_data))
LAZY_STUB(sndfile, int, sf_close, (SNDFILE *f), (f))
LAZY_STUB(sndfile, int, sf_command, (SNDFILE *f, int command, void *data, int datasize),
          (f, command, data, datasize))
LAZY_STUB(sndfile, sf_count_t, sf_read_short, (SNDFILE *f, short *ptr, sf_count_t items),
          (f, ptr, items))
LAZY_STUB(sndfile, sf_count_t, sf_readf_short, (SNDFILE *f, short *ptr, sf_count_t frames),
          (f, ptr, frames))
LAZY_STUB(sndfile, sf_count_t, sf_seek, (SNDFILE *f, sf_count_t frames, int whence),
          (f, frames, whence))
LAZY_STUB(sndfile, int, sf_set_string, (SNDFILE *f, int str_type, const char *str),
          (f, str_type, str))
LAZY_STUB(sndfile, sf_count_t, sf_write_float, (SNDFILE *f, const float *ptr, sf_count_t items),
          (f, ptr, items))
LAZY_STUB(sndfile, sf_count_t, sf_write_short, (SNDFILE *f, const short *ptr, sf_count_t items),
          (f, ptr, items))
LAZY_STUB(sndfile, sf_count_t, sf_write_raw, (SNDFILE *f, const void *ptr, sf_count_t bytes),
          (f, ptr, bytes))

/* libsoxr: resampling for an export at another rate. */
LAZY_STUB(soxr, soxr_t, soxr_create,
          (double input_rate, double output_rate, unsigned num_channels, soxr_error_t *error,
           soxr_io_spec_t const *io, soxr_quality_spec_t const *quality,
           soxr_runtime_spec_t const *runtime),
          (input_rate, output_rate, num_channels, error, io, quality, runtime))
LAZY_STUB_VOID(soxr, soxr_delete, (soxr_t r), (r))
LAZY_STUB(soxr, soxr_io_spec_t, soxr_io_spec, (soxr_datatype_t itype, soxr_datatype_t otype),
          (itype, otype))
LAZY_STUB(soxr, soxr_quality_spec_t, soxr_quality_spec,
          (unsigned long recipe, unsigned long flags), (recipe, flags))
LAZY_STUB(soxr, soxr_error_t, soxr_process,
          (soxr_t r, soxr_in_t in, size_t ilen, size_t *idone, soxr_out_t out, size_t olen,
           size_t *odone),
          (r, in, ilen, idone, out, olen, odone))

/* LAME: the talking books' MP3. */
LAZY_STUB(lame, lame_global_flags *, lame_init, (void), ())
LAZY_STUB(lame, int, lame_init_params, (lame_global_flags *g), (g))
LAZY_STUB(lame, int, lame_close, (lame_global_flags *g), (g))
LAZY_STUB(lame, int, lame_encode_buffer,
          (lame_global_flags *g, const short int buffer_l[], const short int buffer_r[],
           const int nsamples, unsigned char *mp3buf, const int mp3buf_size),
          (g, buffer_l, buffer_r, nsamples, mp3buf, mp3buf_size))
LAZY_STUB(lame, int, lame_encode_flush, (lame_global_flags *g, unsigned char *mp3buf, int size),
          (g, mp3buf, size))
LAZY_STUB(lame, size_t, lame_get_lametag_frame,
          (const lame_global_flags *g, unsigned char *buffer, size_t size), (g, buffer, size))
LAZY_STUB(lame, int, lame_set_VBR, (lame_global_flags *g, vbr_mode mode), (g, mode))
LAZY_STUB(lame, int, lame_set_bWriteVbrTag, (lame_global_flags *g, int on), (g, on))
LAZY_STUB(lame, int, lame_set_brate, (lame_global_flags *g, int kbps), (g, kbps))
LAZY_STUB(lame, int, lame_set_in_samplerate, (lame_global_flags *g, int hz), (g, hz))
LAZY_STUB(lame, int, lame_set_out_samplerate, (lame_global_flags *g, int hz), (g, hz))
LAZY_STUB(lame, int, lame_set_mode, (lame_global_flags *g, MPEG_mode mode), (g, mode))
LAZY_STUB(lame, int, lame_set_num_channels, (lame_global_flags *g, int n), (g, n))
LAZY_STUB(lame, int, lame_set_quality, (lame_global_flags *g, int q), (g, q))
LAZY_STUB_VOID(lame, lame_set_write_id3tag_automatic, (lame_global_flags *g, int on), (g, on))

/* ALSA: its messages kept off the screen while reading (audio/sink.c). */
LAZY_STUB(alsa, int, snd_lib_error_set_handler, (snd_lib_error_handler_t handler), (handler))

/* libzip: EPUB books read, and the EPUB talking book written. */
LAZY_STUB(zip, zip_t *, zip_open, (const char *path, int flags, int *error), (path, flags, error))
LAZY_STUB(zip, zip_t *, zip_open_from_source, (zip_source_t *src, int flags, zip_error_t *error),
          (src, flags, error))
LAZY_STUB(zip, int, zip_close, (zip_t *z), (z))
LAZY_STUB_VOID(zip, zip_discard, (zip_t *z), (z))
LAZY_STUB(zip, int, zip_error_code_system, (const zip_error_t *e), (e))
LAZY_STUB_VOID(zip, zip_error_fini, (zip_error_t *e), (e))
LAZY_STUB_VOID(zip, zip_error_init, (zip_error_t *e), (e))
LAZY_STUB_VOID(zip, zip_error_init_with_code, (zip_error_t *e, int code), (e, code))
LAZY_STUB(zip, zip_file_t *, zip_fopen_index, (zip_t *z, zip_uint64_t i, zip_flags_t flags),
          (z, i, flags))
LAZY_STUB(zip, zip_int64_t, zip_fread, (zip_file_t *f, void *buf, zip_uint64_t n), (f, buf, n))
LAZY_STUB(zip, int, zip_fclose, (zip_file_t *f), (f))
LAZY_STUB(zip, zip_int64_t, zip_file_add,
          (zip_t *z, const char *name, zip_source_t *src, zip_flags_t flags),
          (z, name, src, flags))
LAZY_STUB(zip, int, zip_file_extra_field_delete,
          (zip_t *z, zip_uint64_t i, zip_uint16_t field, zip_flags_t flags), (z, i, field, flags))
LAZY_STUB(zip, zip_int64_t, zip_get_num_entries, (zip_t *z, zip_flags_t flags), (z, flags))
LAZY_STUB(zip, zip_int64_t, zip_name_locate, (zip_t *z, const char *name, zip_flags_t flags),
          (z, name, flags))
LAZY_STUB(zip, int, zip_set_file_compression,
          (zip_t *z, zip_uint64_t i, zip_int32_t method, zip_uint32_t level), (z, i, method, level))
LAZY_STUB(zip, int, zip_stat_index,
          (zip_t *z, zip_uint64_t i, zip_flags_t flags, zip_stat_t *st),
          (z, i, flags, st))
LAZY_STUB(zip, zip_source_t *, zip_source_buffer,
          (zip_t *z, const void *data, zip_uint64_t len, int freep), (z, data, len, freep))
LAZY_STUB(zip, zip_source_t *, zip_source_buffer_create,
          (const void *data, zip_uint64_t len, int freep, zip_error_t *error),
          (data, len, freep, error))
LAZY_STUB(zip, int, zip_source_open, (zip_source_t *src), (src))
LAZY_STUB(zip, zip_int64_t, zip_source_read, (zip_source_t *src, void *buf, zip_uint64_t n),
          (src, buf, n))
LAZY_STUB(zip, int, zip_source_close, (zip_source_t *src), (src))
LAZY_STUB_VOID(zip, zip_source_keep, (zip_source_t *src), (src))
LAZY_STUB_VOID(zip, zip_source_free, (zip_source_t *src), (src))
