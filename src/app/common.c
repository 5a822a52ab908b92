#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>

#include "app/commands.h"
#include "speech/voice_resolve.h"
#include "text/document.h"
#include "text/lexicon.h"
#include "text/loader.h"
#include "util/error.h"
#include "util/xdg.h"

/* Messages quote file names, setting names and lines from files the user did not write; a
 * control character among them would reach the terminal (ESC, CSI as U+009B) or break the
 * one-line promise (newline). They are printed as visible \xNN escapes instead. */
static void put_escaped(const char *s, FILE *out)
{
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p < 0x20 || *p == 0x7f)
      fprintf(out, "\\x%02x", *p);
    else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
      fprintf(out, "\\u%04x", *++p);   /* C1 control, U+0080..U+009F in UTF-8 */
    else
      fputc(*p, out);
  }
}

__attribute__((format(printf, 2, 0)))
static void vreport(const char *prefix, const char *fmt, va_list ap)
{
  char *msg = NULL;
  if (vasprintf(&msg, fmt, ap) < 0) {
    fputs(prefix, stderr);
    fputs("(out of memory formatting a message)\n", stderr);
    return;
  }
  fputs(prefix, stderr);
  put_escaped(msg, stderr);
  fputc('\n', stderr);
  free(msg);
}

void app_error(const char *fmt, ...)
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

int app_load_document(const struct lector_options *opts, struct document **out)
{
  const char *path = opts->input;
  int rc = document_load_file_lang(path, opts->input_format, opts->lang, out);
  if (rc) {
    const char *shown = (path[0] == '-' && !path[1]) ? "standard input" : path;
    if (lector_error_is_errno(rc))
      app_error("cannot open '%s': %s", shown, lector_strerror(rc));
    else
      app_error("cannot read '%s': %s", shown, lector_strerror(rc));
    return 1;
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

static void lexicon_warning(void *user, const char *source, unsigned line, const char *why)
{
  (void)user;
  app_warning("%s:%u: %s (line skipped)", source, line, why);
}

int app_load_lexicon(const struct lector_options *opts, struct lexicon **out)
{
  *out = NULL;
  if (opts->lexicon) {
    int rc = lexicon_load(opts->lexicon, lexicon_warning, NULL, out);
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
    int rc = lexicon_load(path, lexicon_warning, NULL, out);
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
  int rc = voice_resolve(&req, out, msg, sizeof msg);
  if (rc) {
    app_error("%s", msg);
    return 1;
  }
  if (msg[0])
    app_warning("%s", msg);
  return 0;
}
