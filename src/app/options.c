#include "app/options.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdint.h>
#include <string.h>
#include <sys/stat.h>

#include "audio/sink.h"
#include "export/encoder.h"
#include "speech/reading_rules.h"
#include "text/normalise.h"
#include "text/lang.h"

enum {
  ON_READ = 1 << CMD_READ,
  ON_EXPORT = 1 << CMD_EXPORT,
  ON_SEGMENT = 1 << CMD_SEGMENT,
  ON_VOICES = 1 << CMD_VOICES,
  ON_SPEAKING = ON_READ | ON_EXPORT,
  ON_ALL = ON_READ | ON_EXPORT | ON_SEGMENT | ON_VOICES,
};

/* Long-only options get ids above the char range. */
enum {
  OPT_VOLUME = 256, OPT_LEXICON, OPT_INPUT_FORMAT, OPT_AUDIO, OPT_TRACE, OPT_PAUSED, OPT_RESTART,
  OPT_PLAIN, OPT_ANNOUNCE, OPT_TIMINGS, OPT_TITLE, OPT_ARTIST, OPT_SPLIT, OPT_JSON, OPT_SPEECH,
  OPT_FORMAT, OPT_SYNC,
  OPT_URLS, OPT_PUNCTUATION, OPT_LANG, OPT_FROM,
};

struct option_spec {
  struct option opt;
  unsigned commands;   /* ON_* mask of the commands that take it */
};

static const struct option_spec specs[] = {
  {{"help", no_argument, NULL, 'h'}, ON_ALL},
  {{"version", no_argument, NULL, 'V'}, ON_ALL},
  {{"voice", required_argument, NULL, 'v'}, ON_SPEAKING | ON_SEGMENT},
  {{"speed", required_argument, NULL, 's'}, ON_SPEAKING},
  {{"pitch", required_argument, NULL, 'p'}, ON_SPEAKING},
  {{"volume", required_argument, NULL, OPT_VOLUME}, ON_SPEAKING},
  {{"lexicon", required_argument, NULL, OPT_LEXICON}, ON_SPEAKING | ON_SEGMENT},
  {{"input-format", required_argument, NULL, OPT_INPUT_FORMAT}, ON_READ | ON_EXPORT | ON_SEGMENT},
  {{"audio", required_argument, NULL, OPT_AUDIO}, ON_READ},
  {{"trace", required_argument, NULL, OPT_TRACE}, ON_READ},
  {{"paused", no_argument, NULL, OPT_PAUSED}, ON_READ},
  {{"restart", no_argument, NULL, OPT_RESTART}, ON_READ},
  {{"plain", no_argument, NULL, OPT_PLAIN}, ON_READ},
  {{"announce", no_argument, NULL, OPT_ANNOUNCE}, ON_READ},
  {{"output", required_argument, NULL, 'o'}, ON_EXPORT},
  {{"timings", required_argument, NULL, OPT_TIMINGS}, ON_EXPORT},
  {{"format", required_argument, NULL, OPT_FORMAT}, ON_EXPORT},
  {{"sync", required_argument, NULL, OPT_SYNC}, ON_EXPORT},
  {{"jobs", required_argument, NULL, 'j'}, ON_EXPORT},
  {{"from", required_argument, NULL, OPT_FROM}, ON_EXPORT},
  {{"force", no_argument, NULL, 'f'}, ON_READ | ON_EXPORT},
  {{"quiet", no_argument, NULL, 'q'}, ON_EXPORT},
  {{"title", required_argument, NULL, OPT_TITLE}, ON_EXPORT},
  {{"artist", required_argument, NULL, OPT_ARTIST}, ON_EXPORT},
  {{"split", required_argument, NULL, OPT_SPLIT}, ON_EXPORT},
  {{"json", no_argument, NULL, OPT_JSON}, ON_SEGMENT},
  {{"speech", no_argument, NULL, OPT_SPEECH}, ON_SEGMENT},
  {{"urls", required_argument, NULL, OPT_URLS}, ON_SPEAKING | ON_SEGMENT},
  {{"punctuation", required_argument, NULL, OPT_PUNCTUATION}, ON_SPEAKING | ON_SEGMENT},
  {{"lang", required_argument, NULL, OPT_LANG}, ON_READ | ON_EXPORT | ON_SEGMENT},
};
#define N_SPECS (sizeof specs / sizeof specs[0])

static const char *command_names[] = {"read", "export", "segment", "voices"};

static const char *usage_read =
  "Usage: lector [OPTIONS] [FILE|-]\n"
  "Reads FILE aloud in the control panel (plain text, Markdown or HTML; - reads stdin).\n"
  "\n"
  "  -v, --voice NAME        voice profile, espeak-ng voice or language code (en-gb, fr)\n"
  "  -s, --speed WPM         words per minute (" READING_STR(READING_SPEED_MIN) "-"
  READING_STR(READING_SPEED_MAX) ")\n"
  "  -p, --pitch " READING_STR(READING_PITCH_MIN) "-" READING_STR(READING_PITCH_MAX)
  "        voice pitch\n"
  "      --volume " READING_STR(READING_VOLUME_MIN) "-" READING_STR(READING_VOLUME_MAX)
  "      loudness in percent\n"
  "      --lexicon FILE      pronunciation lexicon (word = how to say it)\n"
  "      --urls MODE         links: site (default: \"example.org\"), full or silent\n"
  "      --punctuation LEVEL none, some (default: what changes meaning), most or all\n"
  "      --input-format F    txt, md or html (default: from the name, else the content)\n"
  "      --lang TAG          the text's language (de, fr, pt-BR): overrides the file's and\n"
  "                          detection\n"
  "      --audio OUT         auto, device, null (silent, real time) or FILE.wav\n"
  "      --trace FILE        write reader events as JSON lines\n"
  "  -f, --force             replace the --trace and --audio files if they exist\n"
  "      --paused            open paused\n"
  "      --restart           start from the top instead of the saved position\n"
  "      --plain             no full-screen panel: one line per sentence (screen readers)\n"
  "      --announce          say changes of speed, volume and voice, the end, a failed search\n"
  "  -h, --help              show this help and exit\n"
  "  -V, --version           show the version and exit\n"
  "\n"
  "Commands (each with its own --help):\n"
  "  lector export [OPTIONS] FILE|- -o OUT   write audio (.wav .flac .ogg .opus .mp3 .m4b)\n"
  "  lector segment [--json] FILE|-          print the text as lector will read it\n"
  "  lector segment --speech FILE|-          the text as sent to the synthesiser\n"
  "  lector voices                           list voice profiles and espeak-ng voices\n"
  "\n"
  "Keys in the panel: Space play/pause, Down/Up paragraph, Right/Left sentence, ? help, q quit.\n";

static const char *usage_export =
  "Usage: lector export [OPTIONS] FILE|- -o OUT\n"
  "       lector export [OPTIONS] -o DIR/ FILE... [--from LIST]\n"
  "Writes FILE as speech to OUT; the format comes from OUT's extension:\n"
  ".wav (16-bit PCM), .flac, .ogg (Vorbis), .opus (Ogg Opus), .mp3, .m4b (AAC audiobook);\n"
  ".mp3, .opus and .m4b get a chapter per section of the text. Talking books (text and\n"
  "voice together): .epub (EPUB 3), --format daisy202 (DAISY 2.02, in directory OUT).\n"
  "With -o DIR/ (or several files), one file per input in DIR, named after it (--format,\n"
  "default ogg); outputs newer than their input are skipped unless -f.\n"
  "\n"
  "  -o, --output OUT        the audio file to write; - for standard output (a pipe), which\n"
  "                          gets the whole file once it is complete\n"
  "      --format F          wav, flac, ogg, opus, mp3, m4b, epub or daisy202, whatever\n"
  "                          OUT's extension (for -o -: wav unless given)\n"
  "      --timings FILE      sentence and word times: .json, .vtt, .srt or .lrc\n"
  "      --sync sentence|word  talking books: highlight each sentence (default) or word\n"
  "  -j, --jobs N            synthesis worker processes (default: online CPUs); with many\n"
  "                          documents, documents exported at once\n"
  "      --from LIST         with -o DIR/: also the files named in LIST, one a line (- stdin)\n"
  "  -f, --force             replace OUT (and the timings file) if it exists\n"
  "  -q, --quiet             no progress bar, and no line saying what was written\n"
  "      --title TEXT        title tag (default: the first heading, else the file name)\n"
  "      --artist TEXT       artist tag (default: the byline, when the document has one)\n"
  "      --split chapter|heading  one file per chapter (or heading) in a directory named\n"
  "                          after OUT (book.mp3: book/01 Title.mp3 ...), with book.m3u8\n"
  "  -v, --voice NAME        voice profile, espeak-ng voice or language code\n"
  "  -s, --speed WPM         words per minute\n"
  "  -p, --pitch " READING_STR(READING_PITCH_MIN) "-" READING_STR(READING_PITCH_MAX)
  "        voice pitch\n"
  "      --volume " READING_STR(READING_VOLUME_MIN) "-" READING_STR(READING_VOLUME_MAX)
  "      loudness in percent\n"
  "      --lexicon FILE      pronunciation lexicon\n"
  "      --urls MODE         links: site (default: \"example.org\"), full or silent\n"
  "      --punctuation LEVEL none, some (default: what changes meaning), most or all\n"
  "      --input-format F    txt, md or html\n"
  "      --lang TAG          the text's language (de, pt-BR)\n"
  "  -h, --help              show this help and exit\n";

static const char *usage_segment =
  "Usage: lector segment [--json] [--speech] FILE|-\n"
  "Prints the text exactly as lector will read it: one sentence a line, an empty line between\n"
  "paragraphs.\n"
  "\n"
  "      --json              paragraphs and sentences with kinds and byte offsets, as JSON\n"
  "      --speech            the text sent to the synthesiser (after normalisation and lexicon)\n"
  "      --lexicon FILE      pronunciation lexicon (for --speech)\n"
  "  -v, --voice NAME        the language whose reading rules --speech applies (de, en-us)\n"
  "      --urls MODE         links: site (default: \"example.org\"), full or silent\n"
  "      --punctuation LEVEL none, some (default: what changes meaning), most or all\n"

  "      --input-format F    txt, md or html\n"
  "      --lang TAG          the text's language (de, pt-BR)\n"
  "  -h, --help              show this help and exit\n";

static const char *usage_voices =
  "Usage: lector voices\n"
  "Lists lector's voice profiles and the voices installed with espeak-ng.\n"
  "Any of them, or a language code such as en-gb or fr, can be given to -v/--voice.\n";

const char *options_usage(enum lector_command command)
{
  switch (command) {
  case CMD_EXPORT: return usage_export;
  case CMD_SEGMENT: return usage_segment;
  case CMD_VOICES: return usage_voices;
  case CMD_READ: break;
  }
  return usage_read;
}

static int parse_int(const char *s, int lo, int hi, const char *what, int *out, char *err,
                     size_t err_len)
{
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno || end == s || *end || v < lo || v > hi) {
    snprintf(err, err_len, "%s must be a whole number from %d to %d, not '%s'", what, lo, hi, s);
    return 2;
  }
  *out = (int)v;
  return 0;
}

/* The getopt_long tables from specs. */
static void build_getopt(struct option longopts[N_SPECS + 1], char shortopts[2 * N_SPECS + 2])
{
  /* A leading ':' makes getopt report a missing value as ':' instead of printing. */
  size_t n_short = 0;
  shortopts[n_short++] = ':';
  for (size_t i = 0; i < N_SPECS; i++) {
    longopts[i] = specs[i].opt;
    if (specs[i].opt.val < 256) {
      shortopts[n_short++] = (char)specs[i].opt.val;
      if (specs[i].opt.has_arg == required_argument)
        shortopts[n_short++] = ':';
    }
  }
  shortopts[n_short] = '\0';
  longopts[N_SPECS] = (struct option){0};
}

/* "lector --help" or "lector segment --help": where to look after a usage error. */
static const char *help_for(enum lector_command command)
{
  static const char *help[] = {"lector --help", "lector export --help", "lector segment --help",
                               "lector voices --help"};
  return help[command];
}

/* getopt_long returned '?' or ':' for sub_argv: the one-line usage error. */
static void getopt_error(int c, char **sub_argv, const char *shortopts,
                         enum lector_command command, char *err, size_t err_len)
{
  if (c == ':') {
    snprintf(err, err_len, "option '%s' needs a value", sub_argv[optind - 1]);
    return;
  }
  /* optopt is 0 for an unknown long option, and the option's val for a long option given
   * a value it does not take (a short option never fails otherwise: a missing value is
   * ':'); any other optopt is an unknown short option, perhaps inside a cluster (-qZ),
   * where optind has not moved on. ':' is in shortopts only as the mark of a value. */
  bool known = optopt >= 256 || (optopt > 0 && optopt != ':' && strchr(shortopts + 1, optopt));
  const char *arg = sub_argv[optind - 1];
  const char *eq = strncmp(arg, "--", 2) == 0 ? strchr(arg, '=') : NULL;
  if (optopt && !known)
    snprintf(err, err_len, "unknown option '-%c' (try '%s')", optopt, help_for(command));
  else if (optopt && eq)
    snprintf(err, err_len, "option '%.*s' takes no value", (int)(eq - arg), arg);
  else
    snprintf(err, err_len, "unknown option '%s' (try '%s')", arg, help_for(command));
}

/* Applies option c (its value in optarg) to *out. Returns 0 or the exit status 2. */
/* --urls and --punctuation: names from text/normalise.h. */
static int apply_speech_choice(bool urls, struct lector_options *out, char *err, size_t err_len)
{
  int v = urls ? normalise_urls_parse(optarg) : normalise_punct_parse(optarg);
  if (v < 0) {
    snprintf(err, err_len, urls ? "--urls must be full, site or silent, not '%s'"
                                : "--punctuation must be none, some, most or all, not '%s'", optarg);
    return 2;
  }
  if (urls)
    out->urls = v;
  else
    out->punctuation = v;
  return 0;
}

/* The options whose value is one of a set, or must have a form: checked here, where the
 * message can name what is accepted. */
static int apply_checked_option(int c, struct lector_options *out, char *err, size_t err_len)
{
  int rc = 0;
  switch (c) {
  case OPT_INPUT_FORMAT:
    if (input_format_parse(optarg, &out->input_format) != 0) {
      snprintf(err, err_len, "input format must be txt, md or html, not '%s'", optarg);
      rc = 2;
    }
    break;
  case OPT_LANG:
    out->lang = optarg;
    if (!lang_tag_valid(optarg)) {
      snprintf(err, err_len, "--lang needs a language tag such as de or pt-BR, not '%s'", optarg);
      rc = 2;
    }
    break;
  case OPT_AUDIO:
    out->audio = optarg;
    if (!sink_spec_valid(optarg)) {
      snprintf(err, err_len, "--audio must be auto, device, null or a FILE.wav, not '%s'",
               optarg);
      rc = 2;
    }
    break;
  case OPT_SYNC:
    if (strcmp(optarg, "sentence") != 0 && strcmp(optarg, "word") != 0) {
      snprintf(err, err_len, "--sync must be sentence or word, not '%s'", optarg);
      rc = 2;
    }
    out->sync_words = strcmp(optarg, "word") == 0;
    break;
  case OPT_FORMAT: {
    enum encoder_format f;
    char name[32];
    out->format = optarg;
    if (strcmp(optarg, "epub") != 0 && strcmp(optarg, "daisy202") != 0 &&  /* talking books */
        (snprintf(name, sizeof name, "x.%s", optarg) >= (int)sizeof name ||
         encoder_format_from_path(name, &f) != 0)) {
      snprintf(err, err_len, "--format must be wav, flac, ogg, opus, mp3, m4b, epub or daisy202, "
               "not '%s'", optarg);
      rc = 2;
    }
    break;
  }
  case OPT_SPLIT:
    out->split = strcmp(optarg, "chapter") == 0   ? SPLIT_CHAPTER
                 : strcmp(optarg, "heading") == 0 ? SPLIT_HEADING
                                                  : SPLIT_NONE;
    if (!out->split) {
      snprintf(err, err_len, "--split must be chapter or heading, not '%s'", optarg);
      rc = 2;
    }
    break;
  default: break;
  }
  return rc;
}

static int apply_option(int c, struct lector_options *out, char *err, size_t err_len)
{
  int rc = 0;
  switch (c) {
  case 'h': out->help = true; break;
  case 'V': out->version = true; break;
  case 'v': out->voice = optarg; break;
  case 's': rc = parse_int(optarg, READING_SPEED_MIN, READING_SPEED_MAX, "speed", &out->speed, err, err_len); break;
  case 'p': rc = parse_int(optarg, READING_PITCH_MIN, READING_PITCH_MAX, "pitch", &out->pitch, err, err_len); break;
  case OPT_VOLUME: rc = parse_int(optarg, READING_VOLUME_MIN, READING_VOLUME_MAX, "volume", &out->volume, err, err_len); break;
  case OPT_LEXICON: out->lexicon = optarg; break;
  case OPT_TRACE: out->trace = optarg; break;
  case OPT_PAUSED: out->paused = true; break;
  case OPT_RESTART: out->restart = true; break;
  case OPT_PLAIN: out->plain = true; break;
  case OPT_ANNOUNCE: out->announce = true; break;
  case 'o': out->output = optarg; break;
  case OPT_TIMINGS: out->timings = optarg; break;
  case 'j': rc = parse_int(optarg, 1, 256, "jobs", &out->jobs, err, err_len); break;
  case OPT_FROM: out->from = optarg; break;
  case 'f': out->force = true; break;
  case 'q': out->quiet = true; break;
  case OPT_TITLE: out->title = optarg; break;
  case OPT_ARTIST: out->artist = optarg; break;
  case OPT_JSON: out->json = true; break;
  case OPT_SPEECH: out->speech = true; break;
  case OPT_URLS:
  case OPT_PUNCTUATION: rc = apply_speech_choice(c == OPT_URLS, out, err, err_len); break;
  default: rc = apply_checked_option(c, out, err, err_len); break;
  }
  return rc;
}

/* The operands left after the options (sub_argv[optind...]). Returns 0 or the exit status 2. */
static int take_operands(int sub_argc, char **sub_argv, struct lector_options *out, char *err,
                         size_t err_len)
{
  int operands = sub_argc - optind;
  if (out->command == CMD_VOICES) {
    if (operands > 0) {
      snprintf(err, err_len, "'voices' takes no file");
      return 2;
    }
    return 0;
  }
  if (out->command == CMD_EXPORT && operands > 0) {
    /* Several are many documents: export_batch decides whether -o suits them. */
    out->inputs = sub_argv + optind;
    out->n_inputs = operands;
  }
  if (operands > 1 && out->command != CMD_EXPORT) {
    snprintf(err, err_len, "one input file at a time, got %d (try '%s')", operands,
             help_for(out->command));
    return 2;
  }
  if (operands >= 1)
    out->input = sub_argv[optind];
  if (!out->input && out->command != CMD_READ && !(out->command == CMD_EXPORT && out->from)) {
    snprintf(err, err_len, "'%s' needs an input file, or - for stdin", command_names[out->command]);
    return 2;
  }
  if (out->command == CMD_EXPORT && !out->output) {
    snprintf(err, err_len, "'export' needs an output file: -o OUT");
    return 2;
  }
  return 0;
}

/* Levenshtein distance of a and b, both shorter than 32 bytes (else a large number). */
static size_t edit_distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  if (la >= 32 || lb >= 32)
    return SIZE_MAX;
  size_t row[32];
  for (size_t j = 0; j <= lb; j++)
    row[j] = j;
  for (size_t i = 1; i <= la; i++) {
    size_t diag = row[0];
    row[0] = i;
    for (size_t j = 1; j <= lb; j++) {
      size_t up = row[j];
      size_t best = diag + (a[i - 1] != b[j - 1]);
      if (up + 1 < best)
        best = up + 1;
      if (row[j - 1] + 1 < best)
        best = row[j - 1] + 1;
      row[j] = best;
      diag = up;
    }
  }
  return row[lb];
}

/* The first word is no command: when it is no file either and close to a command's name, it is
 * a mistyped command ("exprot"), said so rather than read as a file. Returns 0 or 2. */
static int mistyped_command(const char *word, char *err, size_t err_len)
{
  struct stat st;
  if (word[0] == '-' || lstat(word, &st) == 0)
    return 0;
  for (int c = CMD_EXPORT; c <= CMD_VOICES; c++)
    if (edit_distance(word, command_names[c]) <= 2) {
      snprintf(err, err_len, "unknown command '%s' (did you mean %s?)", word, command_names[c]);
      return 2;
    }
  return 0;
}

int options_parse(int argc, char **argv, struct lector_options *out, char *err, size_t err_len)
{
  memset(out, 0, sizeof *out);
  out->command = CMD_READ;
  out->speed = out->pitch = out->volume = -1;
  out->urls = out->punctuation = -1;
  out->audio = "auto";
  err[0] = '\0';

  int first = 1;
  if (argc > 1) {
    for (int c = CMD_EXPORT; c <= CMD_VOICES; c++)
      if (strcmp(argv[1], command_names[c]) == 0) {
        out->command = (enum lector_command)c;
        first = 2;
      }
    if (first == 1 && mistyped_command(argv[1], err, err_len))
      return 2;
  }

  /* getopt_long wants argv[0] before the options; shift past the command word. */
  int sub_argc = argc - first + 1;
  char **sub_argv = argv + first - 1;
  struct option longopts[N_SPECS + 1];
  char shortopts[2 * N_SPECS + 2];
  build_getopt(longopts, shortopts);

  optind = 0;  /* 0, not 1: glibc then re-initialises for a new argv */
  opterr = 0;
  int c;
  while ((c = getopt_long(sub_argc, sub_argv, shortopts, longopts, NULL)) != -1) {
    if (c == '?' || c == ':') {
      getopt_error(c, sub_argv, shortopts, out->command, err, err_len);
      return 2;
    }
    const struct option_spec *spec = NULL;
    for (size_t i = 0; i < N_SPECS; i++)
      if (specs[i].opt.val == c)
        spec = &specs[i];
    if (spec && !(spec->commands & (1u << out->command))) {
      snprintf(err, err_len, "option '--%s' does not apply to '%s' (try '%s')", spec->opt.name,
               command_names[out->command], help_for(out->command));
      return 2;
    }
    int rc = apply_option(c, out, err, err_len);
    if (rc)
      return rc;
  }
  if (out->help || out->version)
    return 0;
  return take_operands(sub_argc, sub_argv, out, err, err_len);
}
