/* Samples gathered from a synthesis callback, for the engine tests that compare what was heard
 * (static inline: each test program includes it once). */
#ifndef LECTOR_TESTS_AUDIO_COLLECT_H
#define LECTOR_TESTS_AUDIO_COLLECT_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

struct audio {
  int16_t *s;
  size_t n, cap;
};

/* A tts_engine_speak callback: appends samples[0, n) to the struct audio at user. */
static inline int collect(void *user, const int16_t *samples, size_t n)
{
  struct audio *a = user;
  if (a->n + n > a->cap) {
    a->cap = (a->n + n) * 2;
    a->s = realloc(a->s, a->cap * sizeof *a->s);
    assert_non_null(a->s);
  }
  memcpy(a->s + a->n, samples, n * sizeof *samples);
  a->n += n;
  return 0;
}

#endif
