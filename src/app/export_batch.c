/* Running a batch export (see export_batch.h): one child per document, at most -j at a time,
 * one progress line, then the summary. */
#include "app/export_batch_internal.h"

#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app/commands.h"
#include "app/export_signals.h"
#include "export/pipeline.h"
#include "util/child.h"
#include "util/stop_signals.h"

static volatile sig_atomic_t batch_stop;  /* the signal that asked to stop, 0 if none */

static void on_signal(int sig)
{
  if (!batch_stop)
    batch_stop = sig;
}

bool export_batch_wanted(const struct lector_options *opts)
{
  size_t len = opts->output ? strlen(opts->output) : 0;
  return opts->from || opts->n_inputs > 1 || (len > 1 && opts->output[len - 1] == '/');
}

/* The output directory: -o without its trailing slashes, made when missing (its parent must
 * exist). Several inputs need -o to be a directory. Returns 0 or the exit status. */
static int prepare_dir(struct batch *b, const struct lector_options *opts)
{
  b->dir = strdup(opts->output);
  if (!b->dir) {
    app_error("out of memory");
    return 1;
  }
  size_t len = strlen(b->dir);
  bool slash = len > 1 && b->dir[len - 1] == '/';
  while (len > 1 && b->dir[len - 1] == '/')
    b->dir[--len] = '\0';
  struct stat st;
  int found = stat(b->dir, &st) == 0 ? 0 : errno;
  if (!found && S_ISDIR(st.st_mode))
    return 0;
  if (!slash || found != ENOENT) {
    app_error("many documents need -o to be a directory: -o DIR/ (got '%s')", opts->output);
    return 2;
  }
  if (mkdir(b->dir, 0777) == 0)
    return 0;
  app_write_error("directory", b->dir, -errno);
  return 1;
}

/* ---- one document ---- */

/* In the child of one document: the one-document export, quiet, its messages into err.
 * Never returns. */
static void run_document(const struct lector_options *opts, const struct batch *b,
                         const struct batch_item *it, int jobs, const struct export_signals *sigs)
{
  child_default_signals();
  for (size_t i = 0; i < EXPORT_N_STOP; i++)
    if (sigs->ignored[i])
      signal(export_stop_signals[i], SIG_IGN);
  fflush(stderr);
  dup2(fileno(it->err), STDERR_FILENO);
  struct lector_options o = *opts;
  o.input = it->input;
  o.output = it->output;
  o.inputs = NULL;
  o.n_inputs = 0;
  o.from = NULL;
  o.format = b->ext;
  o.quiet = true;
  o.jobs = jobs;
  /* A stale output (older than its input) is replaced: that is what "skip what is up to date"
   * means. An output that appeared since the plan is still refused. */
  o.force = opts->force || it->exists;
  int status = cmd_export(&o);
  fflush(stderr);
  _exit(status);
}

static int start_document(const struct lector_options *opts, const struct batch *b,
                          struct batch_item *it, int jobs, const struct export_signals *sigs)
{
  it->err = tmpfile();
  if (!it->err)
    return -errno;
  sigset_t old;
  stop_signals_hold(&old);
  pid_t pid = child_fork();
  if (pid == 0)
    run_document(opts, b, it, jobs, sigs);
  stop_signals_release(&old);
  if (pid < 0) {
    fclose(it->err);
    it->err = NULL;
    return pid;
  }
  it->pid = pid;
  it->state = BATCH_RUNNING;
  return 0;
}

/* The reason of a failed document: the last line it printed, without "lector: ". */
static void read_reason(struct batch_item *it, int status)
{
  char line[sizeof it->reason];
  it->reason[0] = '\0';
  rewind(it->err);
  while (fgets(line, sizeof line, it->err)) {
    line[strcspn(line, "\n")] = '\0';
    if (!line[0])
      continue;
    const char *text = strncmp(line, "lector: ", 8) == 0 ? line + 8 : line;
    memmove(it->reason, text, strlen(text) + 1);
  }
  if (!it->reason[0] && WIFSIGNALED(status))
    snprintf(it->reason, sizeof it->reason, "stopped by signal %d", WTERMSIG(status));
  else if (!it->reason[0])
    snprintf(it->reason, sizeof it->reason, "failed (exit status %d)", WEXITSTATUS(status));
}

/* A child ended: its item is done, failed, or (interrupted) back to not done. */
static void document_ended(struct batch *b, pid_t pid, int status)
{
  for (size_t i = 0; i < b->n; i++) {
    struct batch_item *it = &b->items[i];
    if (it->state != BATCH_RUNNING || it->pid != pid)
      continue;
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    if (ok)
      it->state = BATCH_DONE;
    else if (batch_stop)
      it->state = BATCH_TODO;   /* stopped on request: its export left nothing */
    else {
      it->state = BATCH_FAILED;
      read_reason(it, status);
    }
    fclose(it->err);
    it->err = NULL;
    it->pid = 0;
    return;
  }
}

/* ---- progress and summary ---- */

struct counts {
  size_t done, skipped, failed, running, todo;
};

static struct counts count(const struct batch *b)
{
  struct counts c = {0};
  for (size_t i = 0; i < b->n; i++)
    switch (b->items[i].state) {
    case BATCH_DONE: c.done++; break;
    case BATCH_SKIPPED: c.skipped++; break;
    case BATCH_FAILED: c.failed++; break;
    case BATCH_RUNNING: c.running++; break;
    case BATCH_TODO: c.todo++; break;
    }
  return c;
}

/* One line, redrawn in place: "12 of 50 documents: 10 written, 1 up to date, 1 failed". */
static void draw_progress(const struct batch *b, bool enabled)
{
  if (!enabled)
    return;
  struct counts c = count(b);
  fprintf(stderr, "\rlector: %zu of %zu documents: %zu written, %zu up to date, %zu failed ",
          c.done + c.skipped + c.failed, b->n, c.done, c.skipped, c.failed);
  fflush(stderr);
}

/* The summary, then one line per failed document. Returns the exit status. */
static int summarise(const struct batch *b, bool progress, bool quiet)
{
  struct counts c = count(b);
  if (progress)
    fputs("\r\033[K", stderr);
  if (batch_stop) {
    app_error("interrupted: %zu written, %zu up to date, %zu failed, %zu not done; "
              "nothing partial was left", c.done, c.skipped, c.failed, c.todo);
  } else if (!quiet || c.failed) {
    app_note("%zu of %zu documents: %zu written, %zu up to date (skipped), %zu failed",
             c.done + c.skipped + c.failed, b->n, c.done, c.skipped, c.failed);
  }
  for (size_t i = 0; i < b->n; i++)
    if (b->items[i].state == BATCH_FAILED)
      app_error("failed: %s: %s", b->items[i].input, b->items[i].reason);
  if (batch_stop)
    return 128 + batch_stop;
  return c.failed ? 1 : 0;
}

/* ---- the run ---- */

static void forward_stop(const struct batch *b)
{
  for (size_t i = 0; i < b->n; i++)
    if (b->items[i].state == BATCH_RUNNING)
      kill(b->items[i].pid, batch_stop);
}

/* Starts documents while there are slots, waits for one to end; until all have. */
static void schedule(const struct lector_options *opts, struct batch *b, int slots, int jobs,
                     const struct export_signals *sigs, bool progress)
{
  size_t next = 0;
  bool forwarded = false;
  for (;;) {
    struct counts c = count(b);
    while (!batch_stop && (int)c.running < slots && next < b->n) {
      struct batch_item *it = &b->items[next++];
      if (it->state != BATCH_TODO)
        continue;
      int rc = start_document(opts, b, it, jobs, sigs);
      if (rc) {
        it->state = BATCH_FAILED;
        snprintf(it->reason, sizeof it->reason, "cannot start: %s", strerror(-rc));
      } else {
        c.running++;
      }
    }
    if (c.running == 0 && (batch_stop || next >= b->n))
      return;
    if (batch_stop && !forwarded) {
      /* Ctrl-C reached them too; a SIGTERM to lector alone did not. */
      forward_stop(b);
      forwarded = true;
    }
    int status;
    pid_t pid = waitpid(-1, &status, 0);
    if (pid > 0) {
      document_ended(b, pid, status);
      draw_progress(b, progress);
    } else if (errno == ECHILD) {
      return;
    }
  }
}

int export_batch_run(const struct lector_options *opts)
{
  if (opts->timings) {
    app_error("--timings names one file: export documents one at a time for their timings");
    return 2;
  }
  struct batch b = {.ext = opts->format ? opts->format : EXPORT_BATCH_DEFAULT_FORMAT};
  int status = prepare_dir(&b, opts);
  if (!status)
    status = batch_plan(&b, opts);
  if (status) {
    batch_free(&b);
    return status;
  }

  struct export_signals sigs;
  export_signals_install(&sigs, on_signal);

  struct counts c = count(&b);
  int total = opts->jobs > 0 ? opts->jobs : export_default_jobs();
  int slots = c.todo < (size_t)total ? (int)(c.todo ? c.todo : 1) : total;
  /* Fewer documents than jobs: the rest go to synthesis workers within each. */
  int jobs = total / slots > 0 ? total / slots : 1;
  bool progress = !opts->quiet && isatty(STDERR_FILENO);
  draw_progress(&b, progress);
  schedule(opts, &b, slots, jobs, &sigs, progress);
  status = summarise(&b, progress, opts->quiet);

  export_signals_restore(&sigs);
  batch_free(&b);
  return status;
}
