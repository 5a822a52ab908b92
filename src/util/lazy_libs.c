/* The functions lector calls in the libraries it loads when first needed (util/lazy_lib.h):
 * each one loads its library on its first call. The compiler checks every definition against
 * the library's own header. A function used from one of these libraries must be added here. */
#define CURL_DISABLE_TYPECHECK /* the header's checking macros would rename the definitions */
#include <curl/curl.h>
#include <espeak-ng/speak_lib.h>
#include <pcaudiolib/audio.h>
#include <stdarg.h>
#include <taglib/tag_c.h>

#include "util/lazy_lib.h"

/* The sonames of the ABI versions Debian 12 ships and lector is built against. */
static struct lazy_lib curl = {"libcurl.so.4", NULL};
static struct lazy_lib espeak = {"libespeak-ng.so.1", NULL};
static struct lazy_lib pcaudio = {"libpcaudio.so.0", NULL};
static struct lazy_lib taglib = {"libtag_c.so.0", NULL};

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

/* espeak-ng: speaking and listing voices. */
LAZY_STUB(espeak, int, espeak_Initialize,
          (espeak_AUDIO_OUTPUT output, int buflength, const char *path, int options),
          (output, buflength, path, options))
LAZY_STUB_VOID(espeak, espeak_SetSynthCallback, (t_espeak_callback *cb), (cb))
LAZY_STUB(espeak, espeak_ERROR, espeak_Synth,
          (const void *text, size_t size, unsigned int position,
           espeak_POSITION_TYPE position_type, unsigned int end_position, unsigned int flags,
           unsigned int *unique_identifier, void *user_data),
          (text, size, position, position_type, end_position, flags, unique_identifier,
           user_data))
LAZY_STUB(espeak, espeak_ERROR, espeak_SetParameter,
          (espeak_PARAMETER parameter, int value, int relative), (parameter, value, relative))
LAZY_STUB(espeak, const espeak_VOICE **, espeak_ListVoices, (espeak_VOICE *spec), (spec))
LAZY_STUB(espeak, espeak_ERROR, espeak_SetVoiceByName, (const char *name), (name))
LAZY_STUB(espeak, espeak_ERROR, espeak_SetVoiceByProperties, (espeak_VOICE *spec), (spec))
LAZY_STUB(espeak, espeak_VOICE *, espeak_GetCurrentVoice, (void), ())

/* pcaudiolib: the sound device. */
LAZY_STUB(pcaudio, struct audio_object *, create_audio_device_object,
          (const char *device, const char *application_name, const char *description),
          (device, application_name, description))
LAZY_STUB(pcaudio, int, audio_object_open,
          (struct audio_object *o, enum audio_object_format format, uint32_t rate,
           uint8_t channels),
          (o, format, rate, channels))
LAZY_STUB_VOID(pcaudio, audio_object_close, (struct audio_object *o), (o))
LAZY_STUB_VOID(pcaudio, audio_object_destroy, (struct audio_object *o), (o))
LAZY_STUB(pcaudio, int, audio_object_write, (struct audio_object *o, const void *data,
          size_t bytes), (o, data, bytes))
LAZY_STUB(pcaudio, int, audio_object_drain, (struct audio_object *o), (o))
LAZY_STUB(pcaudio, int, audio_object_flush, (struct audio_object *o), (o))

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
