#include "export/split.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sndfile.h>

#include "export/sidecar.h"
#include "text/document.h"
#include "text/section.h"
#include "util/error.h"

/* Bytes of a title kept in a file name: room for the number, the extension and a temporary
 * prefix within NAME_MAX (255). */
#define TITLE_BYTES 100
/* Frames decoded and encoded at a time. */
#define BLOCK 8192

static bool is_cut(const struct doc_section *sec, enum split_by by, unsigned chapter_level)
{
  return by == SPLIT_HEADING || sec->level <= chapter_level;
}

int split_plan(const struct sidecar *sc, uint64_t frames, enum split_by by, const char *title,
               struct split_part **out, size_t *n)
{
  const struct document *doc = sc->doc;
  *out = NULL;
  *n = 0;
  struct split_part *parts = calloc(doc->n_sections + 1, sizeof *parts);
  if (!parts)
    return -ENOMEM;
  unsigned level = sections_chapter_level(doc);
  parts[0] = (struct split_part){0, frames, title && *title ? title : "Part"};
  size_t k = 1;
  for (size_t i = 0; i < doc->n_sections; i++) {
    const struct doc_section *sec = &doc->sections[i];
    if (!is_cut(sec, by, level))
      continue;
    uint64_t start = sc->sentences[doc->paragraphs[sec->first].first_sentence].start;
    if (start >= frames)
      continue;
    /* A part that would be empty (nothing before the first section, two sections starting
     * together) gives way to the one that starts there. */
    if (start <= parts[k - 1].start)
      k--;
    else
      parts[k - 1].end = start;
    parts[k++] = (struct split_part){start, frames, sec->title};
  }
  *out = parts;
  *n = k;
  return 0;
}

static bool unsafe_in_name(unsigned char c)
{
  return c < 0x20 || c == 0x7f || strchr("/\\:*?\"<>|", c);
}

void split_file_name(char *buf, size_t len, size_t number, size_t count, const char *title,
                     const char *ext)
{
  int width = 2;
  for (size_t c = count; c >= 100; c /= 10)
    width++;
  char safe[TITLE_BYTES + 1];
  size_t n = 0;
  for (const unsigned char *p = (const unsigned char *)title; *p && n < TITLE_BYTES; p++) {
    char c = unsafe_in_name(*p) ? ' ' : (char)*p;
    if (c == ' ' && (n == 0 || safe[n - 1] == ' '))
      continue;  /* no leading or doubled spaces */
    safe[n++] = c;
  }
  /* Cut on a character boundary: drop a partial UTF-8 sequence at the end. */
  if (n == TITLE_BYTES) {
    size_t lead = n;
    while (lead > 0 && ((unsigned char)safe[lead - 1] & 0xC0) == 0x80)
      lead--;
    if (lead > 0 && (unsigned char)safe[lead - 1] >= 0xC0) {
      unsigned char c = (unsigned char)safe[lead - 1];
      size_t want = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
      if (n - (lead - 1) < want)
        n = lead - 1;
    }
  }
  while (n > 0 && (safe[n - 1] == ' ' || safe[n - 1] == '.'))
    n--;
  size_t skip = 0;
  while (skip < n && (safe[skip] == '.' || safe[skip] == ' '))
    skip++;  /* no hidden file, no "../" look */
  safe[n] = '\0';
  const char *shown = skip < n ? safe + skip : "Part";
  snprintf(buf, len, "%0*zu %s.%s", width, number, shown, ext);
}

struct split_reader {
  SNDFILE *sf;
};

void split_reader_close(struct split_reader *reader)
{
  if (!reader)
    return;
  if (reader->sf)
    sf_close(reader->sf);
  free(reader);
}

static int reader_open(struct split_reader **out, int in_fd)
{
  struct split_reader *r = calloc(1, sizeof *r);
  if (!r)
    return -ENOMEM;
  if (lseek(in_fd, 0, SEEK_SET) != 0) {
    free(r);
    return -errno;
  }
  SF_INFO info = {0};
  r->sf = sf_open_fd(in_fd, SFM_READ, &info, 0);
  if (!r->sf || info.channels != 1) {
    split_reader_close(r);
    return LECTOR_EENCODE;
  }
  *out = r;
  return 0;
}

int split_encode(struct split_reader **reader, int in_fd, const struct split_part *part,
                 int out_fd, enum encoder_format format, const char *artist,
                 volatile sig_atomic_t *cancel, uint64_t *frames)
{
  int rc = *reader ? 0 : reader_open(reader, in_fd);
  if (rc)
    return rc;
  SF_INFO info;
  sf_command((*reader)->sf, SFC_GET_CURRENT_SF_INFO, &info, sizeof info);
  struct encoder *enc;
  rc = encoder_open(&enc, out_fd, format, info.samplerate, part->title, artist);
  if (rc)
    return rc;
  int16_t block[BLOCK];
  for (uint64_t left = part->end - part->start; left > 0 && !rc;) {
    sf_count_t want = left < BLOCK ? (sf_count_t)left : BLOCK;
    if (cancel && *cancel)
      rc = -ECANCELED;
    else if (sf_read_short((*reader)->sf, block, want) != want)
      rc = LECTOR_EENCODE;
    else
      rc = encoder_write(enc, block, (size_t)want);
    left -= (uint64_t)want;
  }
  int close_rc = encoder_close(enc, frames);
  return rc ? rc : close_rc;
}

char *split_playlist(const struct split_part *parts, const uint64_t *frames, char *const *names,
                     size_t n, int rate)
{
  char *text = NULL;
  size_t len = 0;
  FILE *f = open_memstream(&text, &len);
  if (!f)
    return NULL;
  fputs("#EXTM3U\n", f);
  for (size_t i = 0; i < n; i++) {
    fprintf(f, "#EXTINF:%.3f,", (double)frames[i] / rate);
    /* A title is one line: a line break would start an entry of its own. */
    for (const char *p = parts[i].title; *p; p++)
      fputc(*p == '\n' || *p == '\r' ? ' ' : *p, f);
    fprintf(f, "\n%s\n", names[i]);
  }
  if (fclose(f) != 0) {
    free(text);
    return NULL;
  }
  return text;
}
