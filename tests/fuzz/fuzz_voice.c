/* The voice-profile parser on arbitrary bytes, over the defaults: every string field must stay
 * NUL-terminated within its array, and a failure must name a line of the input. */
#include <string.h>

#include "fuzz_common.h"
#include "speech/voice.h"
#include "util/error.h"

#define CHECK_FIELD(p, f)                                          \
  do {                                                             \
    if (!memchr((p).f, '\0', sizeof (p).f))                        \
      fuzz_fail("field not NUL-terminated: " #f, sizeof (p).f, 0); \
  } while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct voice_profile p;
  voice_profile_defaults(&p);
  int bad_line = 0;
  int rc = voice_profile_parse((const char *)data, size, &p, &bad_line);
  CHECK_FIELD(p, name);
  CHECK_FIELD(p, description);
  CHECK_FIELD(p, espeak_voice);
  CHECK_FIELD(p, language);
  CHECK_FIELD(p, variant);
  if (rc == LECTOR_EPARSE) {
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
      lines += data[i] == '\n';
    if (bad_line < 1 || (size_t)bad_line > lines)
      fuzz_fail("bad_line out of range", (size_t)bad_line, lines);
  } else if (rc > 0) {
    fuzz_fail("positive result", (size_t)rc, 0);
  }
  return 0;
}
