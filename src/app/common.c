#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/commands.h"
#include "app/fetch.h"
#include "app/load_url.h"
#include "speech/lang_voices.h"
#include "speech/voice_resolve.h"
#include "text/document.h"
#include "text/lexicon.h"
#include "text/loader.h"
#include "util/error.h"
#include "util/xdg.h"

/* Length of the valid UTF-8 sequence at p (2-4), or 0 when p does not start one. */
static int utf8_len(const unsigned char *p)
{
  int n = p[0] >= 0xf0 && p[0] <= 0xf4 ? 4 : p[0] >= 0xe0 ? 3 : p[0] >= 0xc2 ? 2 : 0;
  if (p[0] >= 0xf5)
    return 0;
  for (int i = 1; i < n; i++)
    if ((p[i] & 0xc0) != 0x80)
      return 0;
  /* Overlong three- and four-byte forms, surrogates, beyond U+10FFFF. */
  if ((p[0] == 0xe0 && p[1] < 0xa0) || (p[0] == 0xed && p[1] >= 0xa0) ||
      (p[0] == 0xf0 && p[1] < 0x90) || (p[0] == 0xf4 && p[1] >= 0x90))
    return 0;
  return n;
}

/* Messages quote file names, setting names and lines from files the user did not write; a
 * control character among them would reach the terminal (ESC; CSI as U+009B, or as a lone byte
 * 0x9B that a terminal outside UTF-8 mode obeys) or break the one-line promise (newline). They
 * are printed as visible escapes instead: \xNN for a byte, \u00NN for a C1 character. Bytes that
 * are not UTF-8 (Latin-1 file names) pass, but for the C1 range. */
static void put_escaped(const char *s, FILE *out)
{
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    int n = *p >= 0x80 ? utf8_len(p) : 1;
    if (*p < 0x20 || *p == 0x7f || (n == 0 && *p <= 0x9f))
      fprintf(out, "\\x%02x", *p);
    else if (n == 2 && *p == 0xc2 && p[1] <= 0x9f)
      fprintf(out, "\\u%04x", *++p);   /* C1 control, U+0080..U+009F in UTF-8 */
    else if (n > 1) {
      fwrite(p, 1, (size_t)n, out);
      p += n - 1;
    } else
      fputc(*p, out);
  }
}

/* The whole line is built in memory and written at once: stderr is unbuffered, and a byte per
 * system call made 80,000 warnings take seconds. */
__attribute__((format(printf, 2, 0)))
static void vreport(const char *prefix, const char *fmt, va_list ap)
{
  char *msg = NULL;
  if (vasprintf(&msg, fmt, ap) < 0) {
    fputs(prefix, stderr);
    fputs("(out of memory formatting a message)\n", stderr);
    return;
  }
  char *line = NULL;
  size_t len = 0;
  FILE *mem = open_memstream(&line, &len);
  if (mem) {
    fputs(prefix, mem);
    put_escaped(msg, mem);
    fputc('\n', mem);
  }
  if (mem && fclose(mem) == 0)
    fwrite(line, 1, len, stderr);
  else {
    fputs(prefix, stderr);
    put_escaped(msg, stderr);
    fputc('\n', stderr);
  }
  free(line);
  free(msg);
}

void app_error(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vreport("lector: ", fmt, ap);
  va_end(ap);
}

void app_note(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vreport("lector: ", fmt, ap);
  va_end(ap);
}

void app_warning(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vreport("lector: warning: ", fmt, ap);
  va_end(ap);
}

void app_write_error(const char *what, const char *path, int rc)
{
  if (rc == -EEXIST)
    app_error("'%s' already exists; use --force to replace it", path);
  else
    app_error("cannot write %s '%s': %s", what, path, lector_strerror(rc));
}

/* ---- warnings from one file: the first few, then how many more ---- */

#define WARNINGS_SHOWN 20

static struct {
  char *source;        /* the file now warning; NULL when none */
  unsigned long count;
} warned;

/* n with thousands separated by commas, as people read counts. */
static void format_count(unsigned long n, char *buf, size_t len)
{
  char digits[32];
  int d = snprintf(digits, sizeof digits, "%lu", n);
  size_t at = 0;
  for (int i = 0; i < d && at + 2 < len; i++) {
    if (i > 0 && (d - i) % 3 == 0)
      buf[at++] = ',';
    buf[at++] = digits[i];
  }
  buf[at] = '\0';
}

void app_file_warnings_end(void)
{
  if (warned.source && warned.count > WARNINGS_SHOWN) {
    char more[40];
    format_count(warned.count - WARNINGS_SHOWN, more, sizeof more);
    app_warning("%s: \u2026 and %s more", warned.source, more);
  }
  free(warned.source);
  warned.source = NULL;
  warned.count = 0;
}

void app_file_warning(const char *source, unsigned line, const char *why)
{
  if (!warned.source || strcmp(warned.source, source) != 0) {
    app_file_warnings_end();
    warned.source = strdup(source);
  }
  if (++warned.count <= WARNINGS_SHOWN)
    app_warning("%s:%u: %s (line skipped)", source, line, why);
}

/* Why the input could not be loaded. LECTOR_ETOOBIG is the size limit or a structural one
 * (nesting); the size of a regular file tells which, a pipe's cannot. */
static void report_load_error(const char *path, int rc)
{
  bool is_stdin = path[0] == '-' && !path[1];
  const char *shown = is_stdin ? "standard input" : path;
  const size_t limit_mib = LOADER_MAX_INPUT_BYTES >> 20;
  struct stat st;
  int known = rc == LECTOR_ETOOBIG ? (is_stdin ? fstat(STDIN_FILENO, &st) : stat(path, &st)) : -1;
  if (rc == -EINTR)
    app_error("interrupted while reading '%s'", shown);
  else if (known == 0 && S_ISREG(st.st_mode) && (size_t)st.st_size > LOADER_MAX_INPUT_BYTES)
    app_error("cannot read '%s': longer than lector's limit of %zu MiB", shown, limit_mib);
  else if (known == 0 && !S_ISREG(st.st_mode))
    app_error("cannot read '%s': longer than lector's limit of %zu MiB, or nested too deeply",
              shown, limit_mib);
  else if (lector_error_is_errno(rc))
    app_error("cannot open '%s': %s", shown, lector_strerror(rc));
  else
    app_error("cannot read '%s': %s", shown, lector_strerror(rc));
}

int app_load_document(const struct lector_options *opts, struct document **out)
{
  const char *path = opts->input;
  if (fetch_is_url(path)) {
    if (app_load_url(opts, out))
      return 1;
  } else {
    int rc = document_load_file_lang(path, opts->input_format, opts->lang, out);
    if (rc) {
      report_load_error(path, rc);
      return 1;
    }
  }
  /* An empty document is one error line; a warning about its encoding would only be noise. */
  if ((*out)->n_paragraphs == 0) {
    if (path[0] == '-' && !path[1])
      app_error("standard input has no text to read");
    else
      app_error("'%s' has no text to read", path);
    document_free(*out);
    *out = NULL;
    return 1;
  }
  if ((*out)->warning)
    app_warning("%s", (*out)->warning);
  return 0;
}

void app_line_warning(void *user, const char *source, unsigned line, const char *why)
{
  (void)user;
  if (line == 0)
    app_warning("%s; left out", why);   /* the whole file, and why names it */
  else
    app_file_warning(source, line, why);
}

int app_load_lexicon(const struct lector_options *opts, struct lexicon **out)
{
  *out = NULL;
  if (opts->lexicon) {
    int rc = lexicon_load(opts->lexicon, app_line_warning, NULL, out);
    app_file_warnings_end();
    if (rc) {
      app_error("cannot read lexicon '%s': %s", opts->lexicon, lector_strerror(rc));
      return 1;
    }
    return 0;
  }
  char *dir = xdg_config_dir();
  if (!dir)
    return 0;
  char *path = NULL;
  if (asprintf(&path, "%s/lexicon", dir) >= 0) {
    int rc = lexicon_load(path, app_line_warning, NULL, out);
    app_file_warnings_end();
    if (rc && rc != -ENOENT)
      app_warning("ignoring lexicon '%s': %s", path, lector_strerror(rc));
    free(path);
  }
  free(dir);
  return 0;
}

int app_resolve_voice(const struct lector_options *opts, const char *doc_lang,
                      struct voice_profile *out)
{
  struct voice_request req = {opts->voice, doc_lang, opts->speed, opts->pitch, opts->volume};
  char msg[512];
  int rc = voice_resolve_warn(&req, app_line_warning, NULL, out, msg, sizeof msg);
  app_file_warnings_end();
  if (rc) {
    app_error("%s", msg);
    return 1;
  }
  if (msg[0])
    app_warning("%s", msg);
  return 0;
}

int app_resolve_lang_voices(const struct document *doc, const struct voice_profile *base,
                            struct lang_voices *out, char *note, size_t note_len)
{
  if (lang_voices_resolve(doc, base, out)) {
    app_error("%s", lector_strerror(-ENOMEM));
    return 1;
  }
  for (size_t i = 1; i < out->n; i++) {
    if (!out->v[i].missing)
      continue;
    char line[160];
    snprintf(line, sizeof line, "no espeak-ng voice for language '%.36s': read with the "
             "document's voice", out->v[i].tag);
    app_warning("%s", line);
    if (note && note_len && !note[0])
      snprintf(note, note_len, "%s", line);
  }
  return 0;
}
