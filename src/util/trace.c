#include "util/trace.h"

#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <jansson.h>

struct trace {
  pthread_mutex_t lock;   /* serialises lines written by the UI and player threads */
  FILE *file;
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

int trace_open(const char *path, struct trace **out)
{
  struct trace *tr = calloc(1, sizeof *tr);
  if (!tr)
    return -ENOMEM;
  tr->file = fopen(path, "w");
  if (!tr->file) {
    int rc = -errno;
    free(tr);
    return rc;
  }
  pthread_mutex_init(&tr->lock, NULL);
  *out = tr;
  return 0;
}

void trace_close(struct trace *tr)
{
  if (!tr)
    return;
  fclose(tr->file);
  pthread_mutex_destroy(&tr->lock);
  free(tr);
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
  fputs(line, tr->file);
  fputc('\n', tr->file);
  fflush(tr->file);
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
