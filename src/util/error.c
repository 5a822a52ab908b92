#include "util/error.h"

#include <string.h>

const char *lector_strerror(int rc)
{
  switch (rc) {
  case LECTOR_OK: return "Success";
  case LECTOR_ENOTTEXT: return "not a text file (binary data)";
  case LECTOR_EENCODING: return "unrecognised text encoding";
  case LECTOR_EPARSE: return "cannot parse the input";
  case LECTOR_ETOOBIG: return "input exceeds lector's limits";
  case LECTOR_ETTS: return "speech synthesis failed";
  case LECTOR_EVOICE: return "no such voice";
  case LECTOR_EAUDIO: return "audio device error";
  case LECTOR_ENODEVICE: return "no audio device available";
  case LECTOR_EFORMAT: return "unsupported output format";
  case LECTOR_EENCODE: return "audio encoding failed";
  case LECTOR_ENOTERM: return "this terminal cannot draw the control panel";
  case LECTOR_EEMPTY: return "there is no text to read";
  case LECTOR_ENOTFILE: return "not a regular file";
  case LECTOR_EWAVFULL:
    return "more audio than a WAV file can hold (4 GiB, about 27 hours at 22050 Hz): "
           "use .flac, .ogg or .opus";
  default: break;
  }
  if (rc < 0 && rc > -1000)
    return strerror(-rc);
  return "unknown error";
}
