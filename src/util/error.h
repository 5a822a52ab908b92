/* Error codes shared by every module.
 *
 * A function that can fail returns int: 0 on success, a negative errno value (-ENOENT, -EIO,
 * -ECANCELED, ...) or one of lector's own codes below. lector_strerror() turns any of them into
 * text. Only src/app and src/ui print; everything else returns a code. */
#ifndef LECTOR_UTIL_ERROR_H
#define LECTOR_UTIL_ERROR_H

enum lector_error {
  LECTOR_OK = 0,
  LECTOR_ENOTTEXT = -1001,   /* input holds NUL bytes or is otherwise not text */
  LECTOR_EENCODING = -1002,  /* input is in no encoding we can decode */
  LECTOR_EPARSE = -1003,     /* a Markdown/HTML/INI/JSON parser refused the input */
  LECTOR_ETOOBIG = -1004,    /* input beyond a hard limit (nesting, entity expansion, size) */
  LECTOR_ETTS = -1005,       /* espeak-ng failed */
  LECTOR_EVOICE = -1006,     /* no such voice profile, espeak-ng voice or language */
  LECTOR_EAUDIO = -1007,     /* the audio device failed */
  LECTOR_ENODEVICE = -1008,  /* there is no audio device to open */
  LECTOR_EFORMAT = -1009,    /* unknown or unsupported output format */
  LECTOR_EENCODE = -1010,    /* libsndfile/soxr/TagLib failed while encoding */
  LECTOR_ENOTERM = -1011,    /* the terminal cannot draw the control panel */
  LECTOR_EEMPTY = -1012,     /* the input has no text to read */
  LECTOR_ENOTFILE = -1013,   /* a FIFO, device or socket where a regular file must be */
  LECTOR_EWAVFULL = -1014,   /* more audio than a WAV file's 32-bit sizes can hold (4 GiB) */
};

/* Returns a static, human-readable description of rc (never NULL). */
const char *lector_strerror(int rc);

#endif
