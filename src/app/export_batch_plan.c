/* The plan of a batch export (export_batch.h): the list of inputs (operands and --from), the
 * output named after each, and what needs no work (up to date) or cannot be done (no such file,
 * two inputs with one output name) before anything runs. */
#include "app/export_batch_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app/commands.h"
#include "app/fetch.h"
#include "util/grow.h"

static int add_input(struct batch *b, const char *path)
{
  if (grow_for((void **)&b->items, &b->cap, b->n, sizeof *b->items, 16))
    return -ENOMEM;
  struct batch_item *it = &b->items[b->n];
  memset(it, 0, sizeof *it);
  it->input = strdup(path);
  if (!it->input)
    return -ENOMEM;
  b->n++;
  return 0;
}

/* --from LIST: one path a line (a trailing CR is dropped, empty lines are skipped); "-" reads
 * standard input. Returns 0 or the exit status 1 (said why). */
static int read_list(struct batch *b, const char *list)
{
  bool std_in = strcmp(list, "-") == 0;
  FILE *f = std_in ? stdin : fopen(list, "r");
  if (!f) {
    app_error("cannot open '%s': %s", list, strerror(errno));
    return 1;
  }
  char *line = NULL;
  size_t cap = 0;
  ssize_t len;
  int rc = 0;
  while (!rc && (len = getline(&line, &cap, f)) >= 0) {
    while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
      line[--len] = '\0';
    if (len > 0)
      rc = add_input(b, line);
  }
  if (!rc && ferror(f))
    rc = -EIO;
  free(line);
  if (!std_in)
    fclose(f);
  if (rc) {
    app_error("cannot read '%s': %s", list, strerror(-rc));
    return 1;
  }
  return 0;
}

/* DIR/NAME.EXT for input path: its file name without its last extension. */
static char *output_name(const char *dir, const char *input, const char *ext)
{
  const char *slash = strrchr(input, '/');
  const char *base = slash ? slash + 1 : input;
  const char *dot = strrchr(base, '.');
  size_t stem = dot && dot != base ? (size_t)(dot - base) : strlen(base);
  if (stem == 0)
    return NULL;
  char *out = NULL;
  if (asprintf(&out, "%s/%.*s.%s", dir, (int)stem, base, ext) < 0)
    return NULL;
  return out;
}

static bool newer(const struct stat *a, const struct stat *b)
{
  return a->st_mtim.tv_sec > b->st_mtim.tv_sec ||
         (a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec >= b->st_mtim.tv_nsec);
}

static void fail_item(struct batch_item *it, const char *fmt, ...)
  __attribute__((format(printf, 2, 3)));

static void fail_item(struct batch_item *it, const char *fmt, ...)
{
  it->state = BATCH_FAILED;
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(it->reason, sizeof it->reason, fmt, ap);
  va_end(ap);
}

/* Decides what to do with item i: names its output, and marks it failed (no input, a name
 * taken by an earlier input) or skipped (its output is newer than it, without -f). */
static int plan_item(struct batch *b, size_t i, bool force)
{
  struct batch_item *it = &b->items[i];
  it->output = output_name(b->dir, it->input, b->ext);
  if (!it->output) {
    if (errno == ENOMEM)
      return -ENOMEM;
    fail_item(it, "'%s' names no file", it->input);
    return 0;
  }
  struct stat in, out;
  if (strcmp(it->input, "-") == 0) {
    fail_item(it, "standard input cannot be one of many documents");
    return 0;
  }
  if (fetch_is_url(it->input)) {
    fail_item(it, "a URL is exported on its own (lector export URL -o FILE)");
    return 0;
  }
  if (stat(it->input, &in) != 0) {
    fail_item(it, "cannot open '%s': %s", it->input, strerror(errno));
    return 0;
  }
  for (size_t j = 0; j < i; j++)
    if (b->items[j].output && strcmp(b->items[j].output, it->output) == 0) {
      fail_item(it, "its output '%s' is already that of '%s'", it->output, b->items[j].input);
      return 0;
    }
  if (lstat(it->output, &out) == 0) {
    it->exists = true;
    if (!force && S_ISREG(out.st_mode) && newer(&out, &in))
      it->state = BATCH_SKIPPED;
  }
  return 0;
}

int batch_plan(struct batch *b, const struct lector_options *opts)
{
  for (int i = 0; i < opts->n_inputs; i++)
    if (add_input(b, opts->inputs[i])) {
      app_error("out of memory");
      return 1;
    }
  if (opts->from && read_list(b, opts->from))
    return 1;
  if (b->n == 0) {
    app_error("no documents to export (--from '%s' is empty)", opts->from ? opts->from : "");
    return 1;
  }
  for (size_t i = 0; i < b->n; i++)
    if (plan_item(b, i, opts->force)) {
      app_error("out of memory");
      return 1;
    }
  return 0;
}

void batch_free(struct batch *b)
{
  for (size_t i = 0; i < b->n; i++) {
    free(b->items[i].input);
    free(b->items[i].output);
  }
  free(b->items);
  free(b->dir);
}
