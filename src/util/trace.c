#include "util/trace.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <jansson.h>

#include "util/atomic_file.h"

struct trace {
  pthread_mutex_t lock;   /* serialises lines written by the UI and player threads */
  FILE *file;             /* lock */
  int error;              /* lock: the first write that failed */
  struct atomic_file af;  /* until published (a file, not a stream) */
  bool pending;           /* af holds a temporary file not yet in place */
};

static struct timespec clock_origin;
static pthread_once_t clock_once = PTHREAD_ONCE_INIT;

static void clock_init(void)
{
  clock_gettime(CLOCK_MONOTONIC, &clock_origin);
}

void trace_clock_start(void)
{
  pthread_once(&clock_once, clock_init);
}

/* Seconds since trace_clock_start(). */
static double trace_now(void)
{
  trace_clock_start();
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (double)(now.tv_sec - clock_origin.tv_sec) +
         (double)(now.tv_nsec - clock_origin.tv_nsec) / 1e9;
}

/* A FIFO or a device (/dev/stderr, /dev/full) is a stream: written as it is, nothing in it to
 * lose. Non-blocking, so that a FIFO without a reader fails (ENXIO) instead of hanging. */
static int open_stream(const char *path, FILE **out)
{
  int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC | O_NONBLOCK);
  if (fd < 0)
    return -errno;
  int flags = fcntl(fd, F_GETFL);
  if (flags >= 0)
    fcntl(fd, F_SETFL, flags & ~O_NONBLOCK);
  *out = fdopen(fd, "w");
  if (!*out) {
    int rc = -errno;
    close(fd);
    return rc;
  }
  return 0;
}

/* A file: written beside the target and put in place by trace_publish. */
static int open_file(struct trace *tr, const char *path, bool force)
{
  int rc = atomic_file_open(&tr->af, path, force);
  if (rc)
    return rc;
  int fd = dup(tr->af.fd);   /* the stream's own: commit closes af's */
  tr->file = fd >= 0 ? fdopen(fd, "w") : NULL;
  if (!tr->file) {
    rc = -errno;
    if (fd >= 0)
      close(fd);
    atomic_file_abort(&tr->af);
    return rc;
  }
  tr->pending = true;
  return 0;
}

int trace_create(const char *path, bool force, struct trace **out)
{
  struct trace *tr = calloc(1, sizeof *tr);
  if (!tr)
    return -ENOMEM;
  struct stat st;
  int rc;
  if (stat(path, &st) == 0 && (S_ISFIFO(st.st_mode) || S_ISCHR(st.st_mode)))
    rc = open_stream(path, &tr->file);
  else if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
    rc = -EISDIR;
  else
    rc = open_file(tr, path, force);
  if (rc) {
    free(tr);
    return rc;
  }
  pthread_mutex_init(&tr->lock, NULL);
  *out = tr;
  return 0;
}

int trace_publish(struct trace *tr)
{
  if (!tr || !tr->pending)
    return 0;
  pthread_mutex_lock(&tr->lock);
  tr->pending = false;
  int rc = fflush(tr->file) == 0 ? 0 : -errno;
  if (rc)
    atomic_file_abort(&tr->af);
  else
    rc = atomic_file_commit(&tr->af);
  pthread_mutex_unlock(&tr->lock);
  return rc;
}

int trace_open(const char *path, struct trace **out)
{
  int rc = trace_create(path, true, out);
  if (!rc && (rc = trace_publish(*out)) != 0) {
    trace_close(*out);
    *out = NULL;
  }
  return rc;
}

int trace_close(struct trace *tr)
{
  if (!tr)
    return 0;
  int rc = tr->error;
  if (fclose(tr->file) != 0 && !rc)
    rc = -errno;
  if (tr->pending)
    atomic_file_abort(&tr->af);   /* never published: the run failed, nothing lands */
  pthread_mutex_destroy(&tr->lock);
  free(tr);
  return rc;
}

/* Adds "t" and writes obj as one line; takes ownership of obj. Flushed at once so that a test
 * reading the trace sees each event as it happens. */
static void write_line(struct trace *tr, json_t *obj)
{
  if (!obj)
    return;
  json_object_set_new(obj, "t", json_real(trace_now()));
  char *line = json_dumps(obj, JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(9));
  json_decref(obj);
  if (!line)
    return;
  pthread_mutex_lock(&tr->lock);
  if (!tr->error && (fputs(line, tr->file) < 0 || fputc('\n', tr->file) < 0 ||
                     fflush(tr->file) != 0))
    tr->error = errno ? -errno : -EIO;   /* said once, when the trace closes */
  pthread_mutex_unlock(&tr->lock);
  free(line);
}

void trace_event(struct trace *tr, const char *event)
{
  if (tr)
    write_line(tr, json_pack("{s:s}", "event", event));
}

void trace_key(struct trace *tr, const char *key_name)
{
  if (tr)
    write_line(tr, json_pack("{s:s,s:s}", "event", "key", "key", key_name));
}

void trace_position(struct trace *tr, const char *event, size_t paragraph, size_t sentence)
{
  if (tr)
    write_line(tr, json_pack("{s:s,s:I,s:I}", "event", event, "paragraph", (json_int_t)paragraph,
                             "sentence", (json_int_t)sentence));
}

void trace_state(struct trace *tr, const char *state)
{
  if (tr)
    write_line(tr, json_pack("{s:s,s:s}", "event", "state", "state", state));
}

void trace_announce(struct trace *tr, const char *text)
{
  if (tr)
    write_line(tr, json_pack("{s:s,s:s}", "event", "announce", "text", text));
}
