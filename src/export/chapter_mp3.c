#include "export/chapter_mp3.h"

#include <errno.h>
#include <lame/lame.h>
#include <sndfile.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "util/grow.h"

/* Speech at 22050 Hz mono: MPEG-2 layer III, a core media type of EPUB 3 and DAISY 2.02 alike.
 * 56 kbit/s is the least whose frames (182 bytes) hold the LAME tag: at 48, LAME silently
 * writes none. */
#define MP3_KBPS 56
#define BLOCK 8192  /* frames read and encoded at a time */

struct chapter_audio {
  SNDFILE *sf;
  SF_INFO info;
};

int chapter_audio_open(struct chapter_audio **out, int fd)
{
  struct chapter_audio *a = calloc(1, sizeof *a);
  if (!a)
    return -ENOMEM;
  if (lseek(fd, 0, SEEK_SET) < 0) {
    free(a);
    return -errno;
  }
  a->sf = sf_open_fd(fd, SFM_READ, &a->info, 0);
  if (!a->sf || a->info.channels != 1) {
    if (a->sf)
      sf_close(a->sf);
    free(a);
    return LECTOR_EENCODE;
  }
  *out = a;
  return 0;
}

void chapter_audio_close(struct chapter_audio *a)
{
  if (!a)
    return;
  sf_close(a->sf);
  free(a);
}

int chapter_audio_rate(const struct chapter_audio *a)
{
  return a->info.samplerate;
}

uint64_t chapter_audio_frames(const struct chapter_audio *a)
{
  return (uint64_t)a->info.frames;
}

static lame_global_flags *lame_start(int rate)
{
  lame_global_flags *gf = lame_init();
  if (!gf)
    return NULL;
  lame_set_num_channels(gf, 1);
  lame_set_mode(gf, MONO);
  lame_set_in_samplerate(gf, rate);
  lame_set_out_samplerate(gf, rate);
  lame_set_VBR(gf, vbr_off);
  lame_set_brate(gf, MP3_KBPS);
  lame_set_quality(gf, 7);  /* fast; speech loses nothing audible */
  lame_set_bWriteVbrTag(gf, 1);           /* room for the LAME tag frame, first */
  lame_set_write_id3tag_automatic(gf, 0); /* so that the tag frame is at offset 0 */
  if (lame_init_params(gf) < 0) {
    lame_close(gf);
    return NULL;
  }
  return gf;
}

/* Makes room for `more` bytes after the len written. */
static int reserve(char **data, size_t *cap, size_t len, size_t more)
{
  return grow_for((void **)data, cap, len + more, 1, 64 * 1024);
}

static int encode_range(struct chapter_audio *a, lame_global_flags *gf, uint64_t start,
                        uint64_t end, char **data, size_t *len, size_t *cap)
{
  if (sf_seek(a->sf, (sf_count_t)start, SEEK_SET) < 0)
    return LECTOR_EENCODE;
  short pcm[BLOCK];
  for (uint64_t pos = start; pos < end;) {
    size_t want = end - pos < BLOCK ? (size_t)(end - pos) : BLOCK;
    sf_count_t got = sf_readf_short(a->sf, pcm, (sf_count_t)want);
    if (got <= 0)
      return LECTOR_EENCODE;
    size_t room = (size_t)got * 5 / 4 + 7200;  /* lame.h's worst case */
    if (reserve(data, cap, *len, room))
      return -ENOMEM;
    int n = lame_encode_buffer(gf, pcm, NULL, (int)got, (unsigned char *)*data + *len, (int)room);
    if (n < 0)
      return LECTOR_EENCODE;
    *len += (size_t)n;
    pos += (uint64_t)got;
  }
  if (reserve(data, cap, *len, 7200))
    return -ENOMEM;
  int n = lame_encode_flush(gf, (unsigned char *)*data + *len, 7200);
  if (n < 0)
    return LECTOR_EENCODE;
  *len += (size_t)n;
  /* The tag frame (delay, padding, length) over the placeholder LAME wrote first. */
  unsigned char tag[2880];
  size_t tag_len = lame_get_lametag_frame(gf, tag, sizeof tag);
  if (tag_len == 0 || tag_len > *len)
    return LECTOR_EENCODE;
  memcpy(*data, tag, tag_len);
  return 0;
}

int chapter_audio_mp3(struct chapter_audio *a, uint64_t start, uint64_t end, char **data,
                      size_t *len)
{
  lame_global_flags *gf = lame_start(a->info.samplerate);
  if (!gf)
    return LECTOR_EENCODE;
  char *buf = NULL;
  size_t n = 0, cap = 0;
  int rc = encode_range(a, gf, start, end, &buf, &n, &cap);
  lame_close(gf);
  if (rc) {
    free(buf);
    return rc;
  }
  *data = buf;
  *len = n;
  return 0;
}
