/* segment_text() alone on one file, without loading or printing: the segmenter's share of
 * `lector segment`. Built and run by bench/segment; prints the median seconds of RUNS runs. */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "text/segmenter.h"

static int count(void *user, size_t start, size_t end)
{
  (void)start;
  (void)end;
  ++*(size_t *)user;
  return 0;
}

static int by_value(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
  if (argc != 3)
    return 2;
  FILE *f = fopen(argv[1], "rb");
  if (!f)
    return 1;
  fseek(f, 0, SEEK_END);
  long len = ftell(f);
  rewind(f);
  char *text = malloc((size_t)len + 1);
  if (!text || fread(text, 1, (size_t)len, f) != (size_t)len)
    return 1;
  fclose(f);
  int runs = atoi(argv[2]);
  double times[64];
  if (runs < 1 || runs > 64)
    return 2;
  size_t sentences = 0;
  for (int r = 0; r < runs; r++) {
    struct timespec a, b;
    sentences = 0;
    clock_gettime(CLOCK_MONOTONIC, &a);
    segment_text(text, 0, (size_t)len, count, &sentences);
    clock_gettime(CLOCK_MONOTONIC, &b);
    times[r] = (double)(b.tv_sec - a.tv_sec) + (double)(b.tv_nsec - a.tv_nsec) / 1e9;
  }
  qsort(times, (size_t)runs, sizeof *times, by_value);
  printf("%.6f %zu\n", times[runs / 2], sentences);
  free(text);
  return 0;
}
