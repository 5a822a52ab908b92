/* Command-line parsing: the contract of DESIGN.md. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "app/options.h"

static int parse(struct lector_options *o, char *err, int argc, ...)
{
  char *argv[16];
  va_list ap;
  va_start(ap, argc);
  for (int i = 0; i < argc; i++)
    argv[i] = va_arg(ap, char *);
  va_end(ap);
  argv[argc] = NULL;
  return options_parse(argc, argv, o, err, 256);
}

static void test_reader_defaults(void **state)
{
  struct lector_options o;
  char err[256];
  assert_int_equal(parse(&o, err, 2, "lector", "a.txt"), 0);
  assert_int_equal(o.command, CMD_READ);
  assert_string_equal(o.input, "a.txt");
  assert_string_equal(o.audio, "auto");
  assert_int_equal(o.speed, -1);
}

static void test_export_options(void **state)
{
  struct lector_options o;
  char err[256];
  assert_int_equal(parse(&o, err, 9, "lector", "export", "-j", "2", "in.md", "-o", "out.ogg",
                         "--timings", "t.json"), 0);
  assert_int_equal(o.command, CMD_EXPORT);
  assert_int_equal(o.jobs, 2);
  assert_string_equal(o.input, "in.md");
  assert_string_equal(o.output, "out.ogg");
  assert_string_equal(o.timings, "t.json");
}

static void test_usage_errors(void **state)
{
  struct lector_options o;
  char err[256];
  assert_int_equal(parse(&o, err, 3, "lector", "export", "in.txt"), 2);
  assert_non_null(strstr(err, "-o"));
  assert_int_equal(parse(&o, err, 3, "lector", "--bogus", "in.txt"), 2);
  assert_non_null(strstr(err, "--bogus"));
  assert_int_equal(parse(&o, err, 4, "lector", "segment", "--audio=null", "in.txt"), 2);
  assert_non_null(strstr(err, "does not apply"));
  assert_int_equal(parse(&o, err, 4, "lector", "-s", "fast", "in.txt"), 2);
  assert_int_equal(parse(&o, err, 4, "lector", "-s", "9000", "in.txt"), 2);
  assert_int_equal(parse(&o, err, 4, "lector", "segment", "a", "b"), 2);
  assert_int_equal(parse(&o, err, 2, "lector", "segment"), 2);
  assert_int_equal(parse(&o, err, 3, "lector", "voices", "x"), 2);
  assert_int_equal(parse(&o, err, 2, "lector", "--voice"), 2);
  assert_non_null(strstr(err, "needs a value"));
  assert_int_equal(parse(&o, err, 4, "lector", "--audio", "nul", "in.txt"), 2);
  assert_string_equal(err, "--audio must be auto, device, null or a FILE.wav, not 'nul'");
  assert_int_equal(parse(&o, err, 4, "lector", "--audio", "rec.WAV", "in.txt"), 0);
  /* A value given to a flag names the flag, whatever getopt keeps in optopt. */
  assert_int_equal(parse(&o, err, 4, "lector", "segment", "--json=1", "in.txt"), 2);
  assert_string_equal(err, "option '--json' takes no value");
  assert_int_equal(parse(&o, err, 3, "lector", "--paused=yes", "in.txt"), 2);
  assert_string_equal(err, "option '--paused' takes no value");
  /* An unknown letter inside a cluster is named, not the option before it. */
  assert_int_equal(parse(&o, err, 5, "lector", "segment", "--json", "-Zx", "in.txt"), 2);
  assert_string_equal(err, "unknown option '-Z' (try 'lector segment --help')");
  /* ':' marks a value in getopt's option string; as an option letter it is unknown. */
  assert_int_equal(parse(&o, err, 4, "lector", "segment", "-:j", "in.txt"), 2);
  assert_string_equal(err, "unknown option '-:' (try 'lector segment --help')");
  assert_int_equal(parse(&o, err, 6, "lector", "export", "--title=a=b", "-:q", "in.txt", "-o"), 2);
  assert_string_equal(err, "unknown option '-:' (try 'lector export --help')");
  assert_int_equal(parse(&o, err, 3, "lector", "-Z", "in.txt"), 2);
  assert_string_equal(err, "unknown option '-Z' (try 'lector --help')");
}

/* A first word close to a command's name and naming no file is a mistyped command. Tests run in
 * the source tree, where no file is called "exprot". */
static void test_mistyped_command(void **state)
{
  struct lector_options o;
  char err[256];
  assert_int_equal(parse(&o, err, 3, "lector", "exprot", "f.txt"), 2);
  assert_string_equal(err, "unknown command 'exprot' (did you mean export?)");
  assert_int_equal(parse(&o, err, 2, "lector", "voice"), 2);
  assert_string_equal(err, "unknown command 'voice' (did you mean voices?)");
  assert_int_equal(parse(&o, err, 3, "lector", "segmnet", "-"), 2);
  assert_string_equal(err, "unknown command 'segmnet' (did you mean segment?)");
  /* Far from every command: a file to read, whether it exists or not. */
  assert_int_equal(parse(&o, err, 2, "lector", "article.txt"), 0);
  assert_int_equal(parse(&o, err, 2, "lector", "xyz"), 0);
  /* An existing file wins over the likeness. */
  char dir[512], here[4096];
  const char *tmp = getenv("LECTOR_TEST_TMP");
  snprintf(dir, sizeof dir, "%s/optionsXXXXXX", tmp ? tmp : "/tmp");
  assert_non_null(mkdtemp(dir));
  assert_non_null(getcwd(here, sizeof here));
  assert_int_equal(chdir(dir), 0);
  FILE *f = fopen("exprot", "w");
  assert_non_null(f);
  fclose(f);
  int rc = parse(&o, err, 2, "lector", "exprot");
  unlink("exprot");
  assert_int_equal(chdir(here), 0);
  rmdir(dir);
  assert_int_equal(rc, 0);
  assert_string_equal(o.input, "exprot");
}

/* --format names the audio format whatever -o's extension; -o - is standard output. */
static void test_format(void **state)
{
  struct lector_options o;
  char err[256];
  assert_int_equal(parse(&o, err, 7, "lector", "export", "in.txt", "-o", "-", "--format", "ogg"), 0);
  assert_string_equal(o.output, "-");
  assert_string_equal(o.format, "ogg");
  assert_int_equal(parse(&o, err, 7, "lector", "export", "in.txt", "-o", "-", "--format", "aac"), 2);
  assert_string_equal(err, "--format must be wav, flac, ogg, opus, mp3, m4b, epub or daisy202, not 'aac'");
  assert_int_equal(parse(&o, err, 9, "lector", "export", "in.txt", "-o", "b", "--format", "daisy202",
                         "--sync", "word"), 0);
  assert_true(o.sync_words);
  assert_int_equal(parse(&o, err, 7, "lector", "export", "in.txt", "-o", "b.epub", "--sync", "all"), 2);
  assert_string_equal(err, "--sync must be sentence or word, not 'all'");
  assert_int_equal(parse(&o, err, 4, "lector", "--format", "wav", "in.txt"), 2);
  assert_non_null(strstr(err, "does not apply"));
}

static void test_stdin_and_help(void **state)
{
  struct lector_options o;
  char err[256];
  assert_int_equal(parse(&o, err, 4, "lector", "segment", "--json", "-"), 0);
  assert_string_equal(o.input, "-");
  assert_true(o.json);
  assert_int_equal(parse(&o, err, 3, "lector", "export", "--help"), 0);
  assert_true(o.help);
  assert_int_equal(o.command, CMD_EXPORT);
}

int main(void)
{
  const struct CMUnitTest tests[] = {
    cmocka_unit_test(test_reader_defaults),
    cmocka_unit_test(test_export_options),
    cmocka_unit_test(test_usage_errors),
    cmocka_unit_test(test_mistyped_command),
    cmocka_unit_test(test_format),
    cmocka_unit_test(test_stdin_and_help),
  };
  return cmocka_run_group_tests(tests, NULL, NULL);
}
