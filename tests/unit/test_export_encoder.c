/* The encoder: every format decodes (libsndfile) to the frames, rate and title written. */
#include <errno.h>
#include <fcntl.h>
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
#include <taglib/tag_c.h>

#include "export/encoder.h"
#include "util/error.h"

#define RATE 22050
#define TITLE "Caf\xc3\xa9 \xe2\x80\x94 \xc3\xbcn\xc3\xaf" "code title"

static char *temp_path(const char *ext)
{
  const char *dir = getenv("LECTOR_TEST_TMP");
  char *path = NULL;
  assert_true(asprintf(&path, "%s/encXXXXXX.%s", dir ? dir : "/tmp", ext) > 0);
  int fd = mkstemps(path, (int)strlen(ext) + 1);
  assert_true(fd >= 0);
  close(fd);
  return path;
}

/* 1 s of a 440 Hz tone, 0.5 s of silence, 1 s of tone again, written in odd-sized pieces. */
static uint64_t write_signal(struct encoder *enc)
{
  int16_t tone[RATE];
  for (int i = 0; i < RATE; i++)
    tone[i] = (int16_t)(8000 * sin(2 * M_PI * 440 * i / RATE));
  uint64_t n = 0;
  for (size_t off = 0; off < RATE; off += 1000) {
    size_t len = RATE - off < 1000 ? RATE - off : 1000;
    assert_int_equal(encoder_write(enc, tone + off, len), 0);
  }
  n += RATE;
  assert_int_equal(encoder_write_silence(enc, RATE / 2), 0);
  n += RATE / 2;
  assert_int_equal(encoder_write(enc, tone, RATE), 0);
  n += RATE;
  return n;
}

static void check_format(enum encoder_format format, const char *ext)
{
  char *path = temp_path(ext);
  int fd = open(path, O_RDWR | O_TRUNC);
  assert_true(fd >= 0);
  struct encoder *enc = NULL;
  assert_int_equal(encoder_open(&enc, fd, format, RATE, TITLE, "Lector Tests"), 0);
  uint64_t in = write_signal(enc);
  uint64_t mapped = encoder_map(enc, in);
  uint64_t frames = 0;
  assert_int_equal(encoder_close(enc, &frames), 0);
  close(fd);
  assert_int_equal(encoder_tag_file(path, format, TITLE, "Lector Tests"), 0);

  int rate = encoder_output_rate(format, RATE);
  /* The frames counted are the frames written, and the mapping lands on the same length. */
  assert_true(frames + 2 >= mapped && frames <= mapped + 2);

  SF_INFO info = {0};
  SNDFILE *sf = sf_open(path, SFM_READ, &info);
  assert_non_null(sf);
  assert_int_equal(info.samplerate, rate);
  assert_int_equal(info.channels, 1);
  /* Decode everything rather than trusting the header. */
  float buf[4096];
  sf_count_t total = 0, got;
  double peak = 0;
  while ((got = sf_readf_float(sf, buf, 4096)) > 0) {
    for (sf_count_t i = 0; i < got; i++)
      peak = fmax(peak, fabs(buf[i]));
    total += got;
  }
  assert_true(peak > 0.1);
  if (format == ENCODER_MP3) {
    /* MP3 frames are 576/1152 samples: the decoder may pad to a frame. */
    assert_true(llabs((long long)total - (long long)frames) <= 2 * 1152);
  } else {
    assert_int_equal(total, (sf_count_t)frames);
  }
  if (format != ENCODER_MP3) {
    const char *title = sf_get_string(sf, SF_STR_TITLE);
    assert_non_null(title);
    assert_string_equal(title, TITLE);
    assert_string_equal(sf_get_string(sf, SF_STR_ARTIST), "Lector Tests");
  }
  sf_close(sf);

  if (format == ENCODER_MP3) {
    taglib_set_strings_unicode(1);
    TagLib_File *tf = taglib_file_new(path);
    assert_non_null(tf);
    TagLib_Tag *tag = taglib_file_tag(tf);
    assert_non_null(tag);
    char *title = taglib_tag_title(tag);
    assert_string_equal(title, TITLE);
    taglib_free(title);
    taglib_file_free(tf);
  }
  unlink(path);
  free(path);
}

static void test_wav(void **state) { check_format(ENCODER_WAV, "wav"); }
static void test_flac(void **state) { check_format(ENCODER_FLAC, "flac"); }
static void test_vorbis(void **state) { check_format(ENCODER_VORBIS, "ogg"); }
static void test_opus(void **state) { check_format(ENCODER_OPUS, "opus"); }
static void test_mp3(void **state) { check_format(ENCODER_MP3, "mp3"); }

static void test_wav_exact_samples(void **state)
{
  char *path = temp_path("wav");
  int fd = open(path, O_RDWR | O_TRUNC);
  struct encoder *enc = NULL;
  assert_int_equal(encoder_open(&enc, fd, ENCODER_WAV, RATE, NULL, NULL), 0);
  int16_t in[10000];
  for (int i = 0; i < 10000; i++)
    in[i] = (int16_t)(i * 7 - 30000);
  assert_int_equal(encoder_write(enc, in, 10000), 0);
  assert_int_equal(encoder_write_silence(enc, 5), 0);
  assert_int_equal(encoder_map(enc, 1234), 1234);
  /* More than a WAV header can describe (4 GiB) is refused before any of it is written, and
   * what came before stays a valid file. */
  assert_int_equal(encoder_write_silence(enc, (size_t)UINT32_MAX / 2), LECTOR_EWAVFULL);
  uint64_t frames;
  assert_int_equal(encoder_close(enc, &frames), 0);
  assert_int_equal(frames, 10005);
  close(fd);

  SF_INFO info = {0};
  SNDFILE *sf = sf_open(path, SFM_READ, &info);
  assert_non_null(sf);
  assert_int_equal(info.format, SF_FORMAT_WAV | SF_FORMAT_PCM_16);
  assert_int_equal(info.frames, 10005);
  int16_t out[10005];
  assert_int_equal(sf_read_short(sf, out, 10005), 10005);
  assert_memory_equal(in, out, sizeof in);
  for (int i = 10000; i < 10005; i++)
    assert_int_equal(out[i], 0);
  sf_close(sf);
  unlink(path);
  free(path);
}

static unsigned char *slurp(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  assert_non_null(f);
  unsigned char *buf = malloc(1 << 20);
  assert_non_null(buf);
  *len = fread(buf, 1, 1 << 20, f);
  assert_true(*len < (1 << 20));
  fclose(f);
  return buf;
}

/* The encoder hands a WAV file's samples to libsndfile raw (sf_write_raw, no conversion): the
 * file must still be byte for byte the one sf_write_short writes for the same samples and tags
 * (odd and even lengths, none, non-ASCII). */
static void test_wav_same_bytes_as_libsndfile(void **state)
{
  const char *tags[][2] = {{NULL, NULL}, {"Odd", "Ab"}, {TITLE, "Lector Tests"}, {"", "x"}};
  for (size_t t = 0; t < sizeof tags / sizeof tags[0]; t++) {
    char *ours = temp_path("wav"), *theirs = temp_path("wav");
    int fd = open(ours, O_RDWR | O_TRUNC);
    struct encoder *enc = NULL;
    assert_int_equal(encoder_open(&enc, fd, ENCODER_WAV, RATE, tags[t][0], tags[t][1]), 0);
    uint64_t n = write_signal(enc);
    assert_int_equal(encoder_close(enc, NULL), 0);
    close(fd);

    /* The same with libsndfile alone, as encoder.c used it for WAV. */
    SF_INFO info = {.samplerate = RATE, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
    SNDFILE *sf = sf_open(theirs, SFM_WRITE, &info);
    assert_non_null(sf);
    if (tags[t][0] && *tags[t][0])
      sf_set_string(sf, SF_STR_TITLE, tags[t][0]);
    if (tags[t][1] && *tags[t][1])
      sf_set_string(sf, SF_STR_ARTIST, tags[t][1]);
    sf_set_string(sf, SF_STR_SOFTWARE, "lector " LECTOR_VERSION);
    int16_t tone[RATE], zeros[RATE / 2] = {0};
    for (int i = 0; i < RATE; i++)
      tone[i] = (int16_t)(8000 * sin(2 * M_PI * 440 * i / RATE));
    assert_int_equal(sf_write_short(sf, tone, RATE), RATE);
    assert_int_equal(sf_write_short(sf, zeros, RATE / 2), RATE / 2);
    assert_int_equal(sf_write_short(sf, tone, RATE), RATE);
    assert_int_equal(n, 2 * RATE + RATE / 2);
    sf_close(sf);

    size_t a_len, b_len;
    unsigned char *a = slurp(ours, &a_len), *b = slurp(theirs, &b_len);
    assert_int_equal(a_len, b_len);
    assert_memory_equal(a, b, a_len);
    free(a);
    free(b);
    unlink(ours);
    unlink(theirs);
    free(ours);
    free(theirs);
  }
}

/* A full disk: the errno of the failed write comes back, not a vague encoder error. */
static void test_full_disk(void **state)
{
  int fd = open("/dev/full", O_RDWR);
  if (fd < 0)
    skip();
  struct encoder *enc = NULL;
  int rc = encoder_open(&enc, fd, ENCODER_WAV, RATE, NULL, NULL);
  if (rc == 0) {
    int16_t buf[RATE] = {0};
    for (int i = 0; i < 50 && rc == 0; i++)
      rc = encoder_write(enc, buf, RATE);
    int close_rc = encoder_close(enc, NULL);
    if (!rc)
      rc = close_rc;
  }
  assert_int_equal(rc, -ENOSPC);
  close(fd);
}

static void test_format_from_path(void **state)
{
  enum encoder_format f;
  assert_int_equal(encoder_format_from_path("a/b.WAV", &f), 0);
  assert_int_equal(f, ENCODER_WAV);
  assert_int_equal(encoder_format_from_path("x.flac", &f), 0);
  assert_int_equal(f, ENCODER_FLAC);
  assert_int_equal(encoder_format_from_path("x.ogg", &f), 0);
  assert_int_equal(f, ENCODER_VORBIS);
  assert_int_equal(encoder_format_from_path("x.opus", &f), 0);
  assert_int_equal(f, ENCODER_OPUS);
  assert_int_equal(encoder_format_from_path("x.mp3", &f), 0);
  assert_int_equal(f, ENCODER_MP3);
  assert_int_equal(encoder_format_from_path("x.aac", &f), LECTOR_EFORMAT);
  assert_int_equal(encoder_format_from_path("dir.wav/x", &f), LECTOR_EFORMAT);
  assert_int_equal(encoder_format_from_path(".wav", &f), LECTOR_EFORMAT);
  assert_int_equal(encoder_output_rate(ENCODER_OPUS, 22050), 48000);
  assert_int_equal(encoder_output_rate(ENCODER_OPUS, 16000), 16000);
  assert_int_equal(encoder_output_rate(ENCODER_VORBIS, 22050), 22050);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_format_from_path),
    cmocka_unit_test(test_wav_exact_samples),
    cmocka_unit_test(test_wav_same_bytes_as_libsndfile),
    cmocka_unit_test(test_wav),
    cmocka_unit_test(test_flac),
    cmocka_unit_test(test_vorbis),
    cmocka_unit_test(test_opus),
    cmocka_unit_test(test_mp3),
    cmocka_unit_test(test_full_disk),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
