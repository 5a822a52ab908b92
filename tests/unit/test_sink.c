/* Audio sinks: the null clock, the wav recording of what was played, drop, and a quiet "auto". */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>
#include <sndfile.h>

#include "audio/sink.h"
#include "util/error.h"
#include "util/temp_name.h"

#define RATE 22050

static char tmpdir[4096];

static int setup_dir(void **state)
{
  const char *base = getenv("LECTOR_TEST_TMP");
  snprintf(tmpdir, sizeof tmpdir, "%s/sinkXXXXXX", base && *base ? base : "/tmp");
  return mkdtemp(tmpdir) ? 0 : -1;
}

static void path_in_tmp(char *out, size_t len, const char *name)
{
  snprintf(out, len, "%s/%s", tmpdir, name);
}

/* A recognisable signal: sample i of block `tag` is unique within the test. */
static int16_t *make_block(size_t n, int tag)
{
  int16_t *b = malloc(n * sizeof *b);
  assert_non_null(b);
  for (size_t i = 0; i < n; i++)
    b[i] = (int16_t)(tag * 1000 + (int)(i % 997) - 498 + (tag % 2 ? 1 : 0));
  return b;
}

static int16_t *read_wav(const char *path, size_t *n)
{
  SF_INFO info = {0};
  SNDFILE *f = sf_open(path, SFM_READ, &info);
  assert_non_null(f);
  assert_int_equal(info.samplerate, RATE);
  assert_int_equal(info.channels, 1);
  int16_t *buf = malloc(((size_t)info.frames + 1) * sizeof *buf);
  assert_non_null(buf);
  *n = (size_t)sf_read_short(f, buf, info.frames);
  assert_int_equal((sf_count_t)*n, info.frames);
  sf_close(f);
  return buf;
}

static void test_untimed_null_consumes_at_once(void **state)
{
  struct sink_options opts = { .sample_rate = RATE, .untimed = true };
  struct sink *s;
  char notice[256];
  assert_int_equal(sink_open("null", &opts, &s, notice, sizeof notice), 0);
  assert_string_equal(notice, "");
  assert_string_equal(sink_name(s), "null");
  assert_int_equal(sink_sample_rate(s), RATE);
  int16_t *b = make_block(RATE * 5, 1);   /* five seconds, consumed at once */
  assert_int_equal(sink_write(s, b, RATE * 5), 0);
  assert_int_equal(sink_position(s), RATE * 5);
  assert_true(sink_writable(s) >= RATE);
  assert_int_equal(sink_drain(s), 0);
  assert_int_equal(sink_position(s), RATE * 5);
  free(b);
  sink_close(s);
}

static void test_timed_null_plays_in_real_time(void **state)
{
  struct sink_options opts = { .sample_rate = RATE };
  struct sink *s;
  assert_int_equal(sink_open("null", &opts, &s, NULL, 0), 0);
  size_t n = RATE / 4;   /* 250 ms: more than the queue holds, so write waits for the clock */
  int16_t *b = make_block(n, 2);
  assert_int_equal(sink_write(s, b, n), 0);
  uint64_t p1 = sink_position(s);
  assert_true(p1 > 0);   /* the queue holds at most ~100 ms, so some was played */
  assert_true(p1 <= n);
  assert_true(sink_writable(s) < (size_t)RATE);
  assert_int_equal(sink_drain(s), 0);
  assert_int_equal(sink_position(s), n);
  assert_true(sink_writable(s) > 0);
  free(b);
  sink_close(s);
}

/* The recording is what was played: written audio enters it as the clock plays it. */
static void test_untimed_wav_records_everything(void **state)
{
  char path[4200];
  path_in_tmp(path, sizeof path, "untimed.wav");
  struct sink_options opts = { .sample_rate = RATE, .untimed = true };
  struct sink *s;
  assert_int_equal(sink_open(path, &opts, &s, NULL, 0), 0);
  assert_string_equal(sink_name(s), "wav");
  int16_t *a = make_block(3000, 3), *b = make_block(5000, 4);
  assert_int_equal(sink_write(s, a, 3000), 0);
  sink_drop(s);   /* nothing is queued when untimed: all of a was played */
  assert_int_equal(sink_write(s, b, 5000), 0);
  sink_close(s);
  size_t n;
  int16_t *rec = read_wav(path, &n);
  assert_int_equal(n, 8000);
  assert_memory_equal(rec, a, 3000 * sizeof *a);
  assert_memory_equal(rec + 3000, b, 5000 * sizeof *b);
  free(rec);
  free(a);
  free(b);
}

/* Timed: a drop discards what was queued and not yet played; the recording is the played prefix
 * of a followed by all of b. Whatever the timing, the split point k must be consistent. */
static void test_timed_wav_drop_discards_unplayed(void **state)
{
  char path[4200];
  path_in_tmp(path, sizeof path, "timed.wav");
  struct sink_options opts = { .sample_rate = RATE };
  struct sink *s;
  assert_int_equal(sink_open(path, &opts, &s, NULL, 0), 0);
  size_t na = RATE / 20, nb = RATE / 10;   /* 50 ms, 100 ms */
  int16_t *a = make_block(na, 5), *b = make_block(nb, 6);
  assert_int_equal(sink_write(s, a, na), 0);
  sink_drop(s);
  uint64_t at_drop = sink_position(s);
  assert_true(at_drop <= na);
  assert_int_equal(sink_write(s, b, nb), 0);
  assert_int_equal(sink_drain(s), 0);
  assert_int_equal(sink_position(s), at_drop + nb);
  sink_close(s);
  size_t n;
  int16_t *rec = read_wav(path, &n);
  assert_int_equal(n, at_drop + nb);
  size_t k = n - nb;
  assert_memory_equal(rec, a, k * sizeof *a);
  assert_memory_equal(rec + k, b, nb * sizeof *b);
  free(rec);
  free(a);
  free(b);
}

/* Files of this process can grow to `bytes` at most, as on a disk that is full; a write past
 * that fails with EFBIG (SIGXFSZ is ignored). Returns the limit to restore. */
static struct rlimit limit_file_size(rlim_t bytes)
{
  signal(SIGXFSZ, SIG_IGN);
  struct rlimit old;
  assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
  struct rlimit full = { .rlim_cur = bytes, .rlim_max = old.rlim_max };
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &full), 0);
  return old;
}

/* A recording that fails (the disk is full) says so once; nothing more is recorded, and no
 * new error raised, until the next write tries again: a drop in between (the player stopping)
 * does not leave a stale error that would stop that next write at once. */
static void test_timed_wav_failure_is_reported_once(void **state)
{
  char path[4200];
  path_in_tmp(path, sizeof path, "full.wav");
  struct sink_options opts = { .sample_rate = RATE };
  struct sink *s;
  assert_int_equal(sink_open(path, &opts, &s, NULL, 0), 0);
  struct rlimit old = limit_file_size(4096);
  size_t nb = RATE / 10;   /* 100 ms: 4.4 kB, beyond the limit once played */
  int16_t *b = make_block(nb, 7);
  int rc = 0;
  for (int i = 0; i < 50 && rc == 0; i++)
    rc = sink_write(s, b, nb);
  assert_int_equal(rc, -EFBIG);
  /* What is still queued becomes due (and would be recorded) while the player stops; the rest
   * is dropped. The queue holds at most ~100 ms, so this wait is short. */
  while (sink_writable(s) < nb / 2)
    ;
  sink_drop(s);
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
  assert_int_equal(sink_write(s, b, nb), 0);   /* space again: the write goes on */
  assert_int_equal(sink_drain(s), 0);
  sink_close(s);
  size_t n;
  int16_t *rec = read_wav(path, &n);
  /* A valid file: what fitted before the limit, then the audio written after space was
   * freed, nothing written twice or over. */
  size_t fitted = (4096 - 44) / sizeof *b;
  assert_int_equal(n, fitted + nb);
  assert_memory_equal(rec, b, fitted * sizeof *b);
  assert_memory_equal(rec + fitted, b, nb * sizeof *b);
  free(rec);
  free(b);
}

/* Audio heard just before close that cannot be recorded (the disk filled) is an error close
 * returns: nobody else would know the recording is incomplete. */
/* The recording is written beside its path until the sink closes (issue 21): its size so far is
 * that of this process's temporary file. */
static int stat_recording(const char *path, struct stat *st)
{
  char dir[4200];
  snprintf(dir, sizeof dir, "%s", path);
  char *slash = strrchr(dir, '/');
  *slash = '\0';
  DIR *d = opendir(dir);
  if (!d)
    return -1;
  int rc = -1;
  struct dirent *e;
  while (rc != 0 && (e = readdir(d)) != NULL)
    if (temp_name_owner(e->d_name, slash + 1) == getpid()) {
      char temp[8400];
      snprintf(temp, sizeof temp, "%s/%s", dir, e->d_name);
      rc = stat(temp, st);
    }
  closedir(d);
  return rc;
}

static void test_timed_wav_close_reports_unrecorded_end(void **state)
{
  char path[4200];
  path_in_tmp(path, sizeof path, "close-full.wav");
  struct sink_options opts = { .sample_rate = RATE };
  struct sink *s;
  assert_int_equal(sink_open(path, &opts, &s, NULL, 0), 0);
  size_t nb = RATE / 10;
  int16_t *b = make_block(nb, 8);
  assert_int_equal(sink_write(s, b, nb), 0);   /* queued: recorded as the clock plays it */
  struct stat st;
  assert_int_equal(stat_recording(path, &st), 0);
  struct rlimit old = limit_file_size((rlim_t)st.st_size);
  while (sink_position(s) == 0)   /* some of it has been heard */
    ;
  assert_int_equal(sink_close(s), -EFBIG);
  assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
  free(b);
}

/* Closing without drain keeps what was heard and loses what was still queued. */
static void test_timed_wav_close_keeps_heard_prefix(void **state)
{
  char path[4200];
  path_in_tmp(path, sizeof path, "close.wav");
  struct sink_options opts = { .sample_rate = RATE };
  struct sink *s;
  assert_int_equal(sink_open(path, &opts, &s, NULL, 0), 0);
  size_t na = RATE / 2;
  int16_t *a = make_block(na, 7);
  assert_int_equal(sink_write(s, a, na), 0);
  sink_close(s);
  size_t n;
  int16_t *rec = read_wav(path, &n);
  assert_true(n <= na);
  assert_true(n > 0);   /* 500 ms were written to a 100 ms queue: at least 400 ms were played */
  assert_memory_equal(rec, a, n * sizeof *a);
  free(rec);
  free(a);
}

struct poller {
  struct sink *s;
  atomic_bool stop;
  bool monotonic;
};

static void *poll_position(void *arg)
{
  struct poller *p = arg;
  uint64_t last = 0;
  while (!atomic_load(&p->stop)) {
    uint64_t pos = sink_position(p->s);
    if (pos < last)
      p->monotonic = false;
    last = pos;
  }
  return NULL;
}

/* sink_position() from another thread while the player thread writes and drops (TSan checks). */
static void test_position_from_another_thread(void **state)
{
  struct sink_options opts = { .sample_rate = RATE };
  struct sink *s;
  assert_int_equal(sink_open("null", &opts, &s, NULL, 0), 0);
  struct poller p = { .s = s, .monotonic = true };
  atomic_init(&p.stop, false);
  pthread_t t;
  assert_int_equal(pthread_create(&t, NULL, poll_position, &p), 0);
  int16_t *b = make_block(RATE / 20, 8);
  for (int i = 0; i < 4; i++) {
    assert_int_equal(sink_write(s, b, RATE / 20), 0);
    if (i == 1)
      sink_drop(s);
  }
  assert_int_equal(sink_drain(s), 0);
  atomic_store(&p.stop, true);
  pthread_join(t, NULL);
  assert_true(p.monotonic);
  free(b);
  sink_close(s);
}

static void test_bad_specs(void **state)
{
  struct sink_options opts = { .sample_rate = RATE };
  struct sink *s = NULL;
  char notice[64] = "x";
  assert_int_equal(sink_open("speakers", &opts, &s, notice, sizeof notice), -EINVAL);
  assert_string_equal(notice, "");
  assert_int_equal(sink_open("/nonexistent-dir/x.wav", &opts, &s, NULL, 0), -ENOENT);
  assert_null(s);
  sink_close(NULL);
}

/* "auto" must not print anything (ALSA, PulseAudio) on stderr: the notice is the only message. */
static void test_auto_is_quiet(void **state)
{
  char path[4200];
  path_in_tmp(path, sizeof path, "stderr.txt");
  fflush(stderr);
  int saved = dup(STDERR_FILENO);
  assert_true(saved >= 0);
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
  assert_true(fd >= 0);
  dup2(fd, STDERR_FILENO);
  close(fd);

  struct sink_options opts = { .sample_rate = RATE };
  struct sink *s = NULL, *d = NULL;
  char notice[256];
  int rc = sink_open("auto", &opts, &s, notice, sizeof notice);
  int rc_device = sink_open("device", &opts, &d, NULL, 0);

  fflush(stderr);
  dup2(saved, STDERR_FILENO);
  close(saved);

  struct stat st;
  assert_int_equal(stat(path, &st), 0);
  assert_int_equal(st.st_size, 0);
  assert_int_equal(rc, 0);
  if (!strcmp(sink_name(s), "null")) {
    /* No sound card (as on the build machines): silent reading, and the user is told. */
    assert_int_equal(rc_device, LECTOR_ENODEVICE);
    assert_non_null(strstr(notice, "No sound device found"));
    assert_non_null(strstr(notice, "lector export"));
  } else {
    assert_string_equal(sink_name(s), "device");
    assert_string_equal(notice, "");
  }
  sink_close(s);
  sink_close(d);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_untimed_null_consumes_at_once),
    cmocka_unit_test(test_timed_null_plays_in_real_time),
    cmocka_unit_test(test_untimed_wav_records_everything),
    cmocka_unit_test(test_timed_wav_drop_discards_unplayed),
    cmocka_unit_test(test_timed_wav_close_keeps_heard_prefix),
    cmocka_unit_test(test_timed_wav_failure_is_reported_once),
    cmocka_unit_test(test_timed_wav_close_reports_unrecorded_end),
    cmocka_unit_test(test_position_from_another_thread),
    cmocka_unit_test(test_bad_specs),
    cmocka_unit_test(test_auto_is_quiet),
  };
  return cmocka_run_group_tests(tests, setup_dir, NULL);
}
