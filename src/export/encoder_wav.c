#include "export/encoder_wav.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#include <sndfile.h>

#include "util/error.h"

bool wav_raw_supported(void)
{
  return __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
}

/* A file in memory for libsndfile's virtual I/O. */
struct mem_file {
  unsigned char *buf;
  size_t len, pos;
  bool overflow;
};

static sf_count_t mem_filelen(void *user)
{
  return (sf_count_t)((struct mem_file *)user)->len;
}

static sf_count_t mem_seek(sf_count_t offset, int whence, void *user)
{
  struct mem_file *m = user;
  sf_count_t base = whence == SEEK_CUR ? (sf_count_t)m->pos
                    : whence == SEEK_END ? (sf_count_t)m->len
                                         : 0;
  if (base + offset < 0 || base + offset > WAV_HEADER_MAX)
    return -1;
  m->pos = (size_t)(base + offset);
  return (sf_count_t)m->pos;
}

static sf_count_t mem_read(void *ptr, sf_count_t count, void *user)
{
  struct mem_file *m = user;
  size_t n = m->pos < m->len ? m->len - m->pos : 0;
  if ((size_t)count < n)
    n = (size_t)count;
  memcpy(ptr, m->buf + m->pos, n);
  m->pos += n;
  return (sf_count_t)n;
}

static sf_count_t mem_write(const void *ptr, sf_count_t count, void *user)
{
  struct mem_file *m = user;
  if ((size_t)count > WAV_HEADER_MAX - m->pos) {
    m->overflow = true;
    return 0;
  }
  memcpy(m->buf + m->pos, ptr, (size_t)count);
  m->pos += (size_t)count;
  if (m->pos > m->len)
    m->len = m->pos;
  return count;
}

static sf_count_t mem_tell(void *user)
{
  return (sf_count_t)((struct mem_file *)user)->pos;
}

int wav_header_make(int rate, const char *title, const char *artist, unsigned char *out,
                    size_t *len)
{
  struct mem_file m = {out, 0, 0, false};
  SF_VIRTUAL_IO vio = {mem_filelen, mem_seek, mem_read, mem_write, mem_tell};
  SF_INFO info = {.samplerate = rate, .channels = 1, .format = SF_FORMAT_WAV | SF_FORMAT_PCM_16};
  SNDFILE *sf = sf_open_virtual(&vio, SFM_WRITE, &info, &m);
  if (!sf)
    return LECTOR_EENCODE;
  /* As encoder.c sets them for libsndfile's own WAV files. */
  if (title && *title)
    sf_set_string(sf, SF_STR_TITLE, title);
  if (artist && *artist)
    sf_set_string(sf, SF_STR_ARTIST, artist);
  sf_set_string(sf, SF_STR_SOFTWARE, "lector " LECTOR_VERSION);
  if (sf_close(sf) != 0 || m.overflow)
    return LECTOR_EENCODE;
  /* The samples go right after the data chunk's header, which must be last. */
  static const unsigned char empty_data[8] = {'d', 'a', 't', 'a', 0, 0, 0, 0};
  if (m.len < 12 + sizeof empty_data || memcmp(out, "RIFF", 4) != 0 ||
      memcmp(out + m.len - sizeof empty_data, empty_data, sizeof empty_data) != 0)
    return LECTOR_EENCODE;
  *len = m.len;
  return 0;
}

static int put_u32(int fd, off_t at, uint32_t v)
{
  unsigned char le[4] = {(unsigned char)v, (unsigned char)(v >> 8), (unsigned char)(v >> 16),
                         (unsigned char)(v >> 24)};
  ssize_t n = pwrite(fd, le, sizeof le, at);
  return n == (ssize_t)sizeof le ? 0 : n < 0 ? -errno : -ENOSPC;
}

int wav_header_finish(int fd, size_t header_len, uint64_t data_bytes)
{
  /* encoder.c refuses samples beyond what 32 bits describe (LECTOR_EWAVFULL). */
  int rc = put_u32(fd, 4, (uint32_t)(header_len - 8 + data_bytes));
  if (!rc)
    rc = put_u32(fd, (off_t)header_len - 4, (uint32_t)data_bytes);
  return rc;
}
