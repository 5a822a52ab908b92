/* The reader's settings file (src/ui/settings.h: [reader] values and [keys] rebinding) on
 * arbitrary bytes: every bad line is a warning naming a line that exists, never a crash; the
 * voice name stays NUL-terminated. */
#include <string.h>

#include "fuzz_common.h"
#include "ui/settings.h"

static void on_warning(void *user, const char *source, unsigned line, const char *why)
{
  size_t *lines = user;
  if (!source || !why || line < 1)
    fuzz_fail("warning without source/reason or line 0", line, 0);
  (void)strlen(source);
  (void)strlen(why);
  /* inih splits lines longer than 199 bytes, so the count is only checked for short lines. */
  if (line > lines[0] && lines[1] < 199)
    fuzz_fail("warning for a line past the end", line, lines[0]);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  size_t lines[2] = {1, 0}, run = 0;
  for (size_t i = 0; i < size; i++) {
    lines[0] += data[i] == '\n';
    run = data[i] == '\n' ? 0 : run + 1;
    lines[1] = run > lines[1] ? run : lines[1];
  }
  struct settings s;
  settings_defaults(&s);
  int rc = settings_parse((const char *)data, size, "fuzz", &s, on_warning, lines);
  if (rc != 0 && rc != -12 /* -ENOMEM */)
    fuzz_fail("settings_parse failed for a reason other than memory", (size_t)-rc, 0);
  if (!memchr(s.voice, '\0', sizeof s.voice))
    fuzz_fail("voice not NUL-terminated", 0, 0);
  return 0;
}
