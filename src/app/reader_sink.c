#include "app/reader_sink.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "util/offthread.h"

struct sink_job {
  const char *spec;   /* borrowed from argv, which outlives any thread */
  struct sink_options options;
  struct sink *sink;
  char notice[256];
};

static int sink_job_run(void *arg)
{
  struct sink_job *job = arg;
  return sink_open(job->spec, &job->options, &job->sink, job->notice, sizeof job->notice);
}

static void sink_job_abandoned(void *arg)
{
  struct sink_job *job = arg;
  sink_close(job->sink);
  free(job);
}

int reader_sink_open(const char *spec, const struct sink_options *opts, const int wake[2],
                     int (*stopped)(void), struct sink **out, char *notice, size_t notice_len)
{
  struct sink_job *job = calloc(1, sizeof *job);
  if (!job)
    return -ENOMEM;
  job->spec = spec;
  job->options = *opts;
  struct offthread_call call = {sink_job_run, sink_job_abandoned, job, wake[1], wake[0], stopped};
  int rc = offthread_run(&call);
  if (rc == -ECANCELED)
    return rc;   /* the job is the thread's now */
  if (!rc) {
    *out = job->sink;
    if (notice_len)
      snprintf(notice, notice_len, "%s", job->notice);
  }
  free(job);
  return rc;
}
