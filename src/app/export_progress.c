#include "app/export_progress.h"

#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>

double progress_since(const struct timespec *a, const struct timespec *b)
{
  return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

void progress_clock(char *buf, size_t len, double seconds)
{
  long s = (long)(seconds + 0.5);
  if (s >= 3600)
    snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else
    snprintf(buf, len, "%ld:%02ld", s / 60, s % 60);
}

void progress_draw(void *user, const struct export_progress *p)
{
  struct progress *pr = user;
  if (!pr->enabled)
    return;
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  bool last = p->sentences_done == p->n_sentences;
  if (!last && progress_since(&pr->last_draw, &now) < 0.1)
    return;
  pr->last_draw = now;

  double f = p->n_sentences ? (double)p->sentences_done / (double)p->n_sentences : 1.0;
  struct winsize ws;
  int cols = ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col ? ws.ws_col : 80;
  char audio[32], eta[32] = "";
  progress_clock(audio, sizeof audio, p->audio_seconds);
  double elapsed = progress_since(&pr->started, &now);
  if (f > 0.01 && elapsed > 0.5 && !last) {
    char clock[24];
    progress_clock(clock, sizeof clock, elapsed * (1 - f) / f);
    snprintf(eta, sizeof eta, "  ETA %s", clock);
  }
  char tail[96];
  int tail_len = snprintf(tail, sizeof tail, " %3d%%  %s of audio%s", (int)(f * 100), audio, eta);
  int bar = cols - 1 - tail_len - 2;
  if (bar > 40)
    bar = 40;
  char line[160];
  int n = 0;
  if (bar >= 10) {
    int filled = (int)(f * bar);
    line[n++] = '[';
    for (int i = 0; i < bar; i++)
      line[n++] = i < filled ? '#' : '.';
    line[n++] = ']';
  }
  n += snprintf(line + n, sizeof line - (size_t)n, "%s", tail);
  if (n > cols - 1)
    n = cols - 1;
  /* Pad over a longer previous line rather than relying on terminal escapes. */
  fprintf(stderr, "\r%.*s%*s", n, line, pr->width > n ? pr->width - n : 0, "");
  fflush(stderr);
  pr->width = n;
}

void progress_clear(struct progress *pr, bool after_ctrl_c)
{
  if (!pr->enabled || pr->width == 0)
    return;
  /* Ctrl-C: the terminal echoed "^C" after the bar; it goes too. */
  fprintf(stderr, "\r%*s\r", pr->width + (after_ctrl_c ? 2 : 0), "");
  fflush(stderr);
  pr->width = 0;
}
