/* Error codes shared by every module.
 *
 * A function that can fail returns int: 0 on success, a negative errno value (-ENOENT, -EIO,
 * -ECANCELED, ...) or one of lector's own codes below. lector_strerror() turns any of them into
 * text. Only src/app and src/ui print; everything else returns a code.
 *
 * LECTOR_ERROR_MAP is the one list of lector's own codes (as libuv's UV_ERRNO_MAP): the enum
 * and the messages are both generated from it, so they cannot drift apart. A code keeps its
 * number for ever (a removed one leaves a gap); they sit far below any errno value. */
#ifndef LECTOR_UTIL_ERROR_H
#define LECTOR_UTIL_ERROR_H

#include <stdbool.h>

/* X(NAME, number, message): lector's own failures, LECTOR_NAME in code. */
#define LECTOR_ERROR_MAP(X)                                                                   \
  /* input holds NUL bytes or is otherwise not text */                                        \
  X(ENOTTEXT, -1001, "not a text file (binary data)")                                         \
  /* input is in no encoding we can decode */                                                 \
  X(EENCODING, -1002, "unrecognised text encoding")                                           \
  /* a Markdown/HTML/INI/JSON parser refused the input */                                     \
  X(EPARSE, -1003, "cannot parse the input")                                                  \
  /* input beyond a hard limit (nesting, entity expansion, size) */                           \
  X(ETOOBIG, -1004, "input exceeds lector's limits")                                          \
  /* espeak-ng failed */                                                                      \
  X(ETTS, -1005, "speech synthesis failed")                                                   \
  /* no such voice profile, espeak-ng voice or language */                                    \
  X(EVOICE, -1006, "no such voice")                                                           \
  /* the audio device failed */                                                               \
  X(EAUDIO, -1007, "audio device error")                                                      \
  /* there is no audio device to open */                                                      \
  X(ENODEVICE, -1008, "no audio device available")                                            \
  /* unknown or unsupported output format */                                                  \
  X(EFORMAT, -1009, "unsupported output format")                                              \
  /* libsndfile/soxr/TagLib failed while encoding */                                          \
  X(EENCODE, -1010, "audio encoding failed")                                                  \
  /* the input has no text to read */                                                         \
  X(EEMPTY, -1012, "there is no text to read")                                                \
  /* a FIFO, device or socket where a regular file must be */                                 \
  X(ENOTFILE, -1013, "not a regular file")                                                    \
  /* more audio than a WAV file's 32-bit sizes can hold (4 GiB) */                            \
  X(EWAVFULL, -1014, "more audio than a WAV file can hold (4 GiB, about 27 hours at 22050 Hz): " \
                     "use .flac, .ogg or .opus")                                   \
  /* a FIFO, device or socket given for a WAV recording, whose header is rewritten */         \
  X(ENOTSEEKABLE, -1015, "WAV needs a seekable file (a regular file, not a FIFO or device)")  \
  /* .m4b and chapters need FFmpeg's libraries, loaded when needed (export/av_api.h) */        \
  X(ENOFFMPEG, -1201, "FFmpeg's libavformat (Debian package libavformat59) is not installed")  \
  /* an EPUB whose content is encrypted (DRM); font obfuscation alone is read */              \
  X(EDRM, -1101, "the book is protected by DRM (encrypted content): lector cannot read it")   \
  /* an EPUB without a readable container, package document or spine item */                  \
  X(EBADEPUB, -1102, "not a readable EPUB (container, package document or a spine item is "    \
                     "missing or broken)")                                                    \
  /* an archive beyond the limits against hostile files (entries, sizes, ratio, names) */     \
  X(EUNSAFE, -1103, "refused: the archive exceeds lector's safety limits (too many entries, "  \
                    "too large, too compressed, or names outside the archive)")

enum lector_error {
  LECTOR_OK = 0,
#define LECTOR_ERROR_ENUM(name, code, message) LECTOR_##name = (code),
  LECTOR_ERROR_MAP(LECTOR_ERROR_ENUM)
#undef LECTOR_ERROR_ENUM
};

/* Returns a static, human-readable description of rc (never NULL): "Success" for 0, the
 * message of lector's own codes, strerror() of a negative errno value. */
const char *lector_strerror(int rc);

/* True when rc is a negative errno value (the system refused: "cannot open"), false for 0 and
 * for lector's own codes (lector refused the content: "cannot read"). */
bool lector_error_is_errno(int rc);

#endif
