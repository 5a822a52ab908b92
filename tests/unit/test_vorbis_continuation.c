/* The Ogg Vorbis encoder on input with no pause to cut runs at (fast speech): its runs are
 * continued on one encoder, the file decodes to the input, window by window, across every
 * junction, and the PCM held stays bounded. */
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>
#include <sndfile.h>

#include "export/encoder_vorbis.h"

#define RATE 22050
/* encoder_vorbis.c's RUN_MAX_MS, in seconds, and the most PCM it may hold: two runs of it per
 * thread (up to 4) and the one filling. */
#define RUN_MAX_S 20
#define HELD_BOUND ((size_t)(9 * RUN_MAX_S + 1) * RATE)
/* Long enough that holding it all would break HELD_BOUND. */
#define SPEECH_S (12 * RUN_MAX_S)
#define PAUSE (RATE / 2)
#define WINDOW (RATE / 50)

static int to_file(void *user, const unsigned char *data, size_t len)
{
  return fwrite(data, 1, len, user) == len ? 0 : -5;
}

/* Speech-like and never silent: three partials whose loudness drifts over seconds. */
static int16_t sample_at(size_t i)
{
  double t = (double)i / RATE;
  double a = 0.55 + 0.35 * sin(2 * M_PI * 0.37 * t);
  double b = 0.5 + 0.4 * sin(2 * M_PI * 0.23 * t + 1);
  double v = a * sin(2 * M_PI * 180 * t) + b * 0.5 * sin(2 * M_PI * 450 * t) +
             0.3 * sin(2 * M_PI * 1210 * t + a);
  return (int16_t)(6000 * v);
}

/* SPEECH_S of signal in odd-sized pieces, a pause long enough to cut at in the middle (a
 * continued run then ends at a pause), and short pauses that cut nothing. */
static int16_t *write_input(struct encoder_vorbis *ev, size_t *total)
{
  size_t n = (size_t)SPEECH_S * RATE + PAUSE;
  int16_t *in = calloc(n, sizeof *in);
  assert_non_null(in);
  size_t at = 0, k = 0;
  while (at < n) {
    if (at >= n / 2 && at < n / 2 + PAUSE) {
      assert_int_equal(encoder_vorbis_write_silence(ev, PAUSE), 0);
      at += PAUSE;
      continue;
    }
    if (++k % 97 == 0) {
      assert_int_equal(encoder_vorbis_write_silence(ev, 300), 0);  /* too short to cut at */
      at += 300;
      continue;
    }
    size_t len = 1000 + k * 37 % 3000;
    len = len > n - at ? n - at : len;
    if (at < n / 2 && at + len > n / 2)
      len = n / 2 - at;
    for (size_t i = 0; i < len; i++)
      in[at + i] = sample_at(at + i);
    assert_int_equal(encoder_vorbis_write(ev, in + at, len), 0);
    at += len;
  }
  *total = n;
  return in;
}

static float *decode(const char *path, size_t *n)
{
  SF_INFO info = {0};
  SNDFILE *sf = sf_open(path, SFM_READ, &info);
  assert_non_null(sf);
  assert_int_equal(info.samplerate, RATE);
  float *out = calloc((size_t)info.frames + 1, sizeof *out);
  assert_non_null(out);
  *n = (size_t)sf_readf_float(sf, out, info.frames + 1);
  sf_close(sf);
  return out;
}

/* Every 20 ms window decodes to the input within a tenth of its energy (a dropped, doubled or
 * misplaced packet is a window of noise); silent windows stay silent. */
static void check_windows(const int16_t *in, const float *out, size_t n)
{
  size_t bad = 0, worst_at = 0;
  double worst = 0;
  for (size_t w = 0; w + WINDOW <= n; w += WINDOW) {
    double sig = 0, err = 0;
    for (size_t i = w; i < w + WINDOW; i++) {
      double x = in[i] / 32768.0, d = out[i] - x;
      sig += x * x;
      err += d * d;
    }
    double ratio = err / (sig > 1e-3 ? sig : 1e-3);
    if (ratio > worst) {
      worst = ratio;
      worst_at = w;
    }
    bad += ratio > 0.1;
  }
  if (bad)
    fprintf(stderr, "%zu bad windows, worst %.3f at %.3f s\n", bad, worst, (double)worst_at / RATE);
  assert_int_equal(bad, 0);
}

static void test_no_pause_runs_continue(void **state)
{
  (void)state;
  const char *dir = getenv("LECTOR_TEST_TMP");
  char path[4096];
  snprintf(path, sizeof path, "%s/contXXXXXX.ogg", dir ? dir : "/tmp");
  int fd = mkstemps(path, 4);
  assert_true(fd >= 0);
  close(fd);
  FILE *f = fopen(path, "wb");
  assert_non_null(f);
  struct encoder_vorbis *ev = NULL;
  assert_int_equal(encoder_vorbis_open(&ev, RATE, "t", NULL, to_file, f), 0);
  size_t n = 0;
  int16_t *in = write_input(ev, &n);
  size_t peak = encoder_vorbis_held_peak(ev);
  uint64_t frames = 0;
  assert_int_equal(encoder_vorbis_close(ev, &frames, NULL), 0);
  assert_int_equal(fclose(f), 0);
  assert_int_equal(frames, n);
  assert_true(peak > 0 && peak <= HELD_BOUND);

  size_t got = 0;
  float *out = decode(path, &got);
  assert_int_equal(got, n);
  check_windows(in, out, n);
  free(out);
  free(in);
  unlink(path);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_no_pause_runs_continue),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
