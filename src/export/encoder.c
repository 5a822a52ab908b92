#include "export/encoder.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sndfile.h>
#include <soxr.h>
#include <taglib/tag_c.h>

#include "export/encoder_av.h"
#include "export/encoder_vorbis.h"
#include "export/writeback.h"
#include "util/error.h"

/* Frames per libsndfile call: libvorbis crashes when given millions of frames at once, and
 * small blocks keep the encoder's own buffers small. */
#define BLOCK 4096
/* Bytes gathered before a write to the file: libsndfile writes WAV and FLAC a block (a few
 * KB) at a time, a system call each. */
#define OUT_BUFFER (256u << 10)
/* Bytes written between two syncs by the writeback thread (flush_out). */
#define WRITEBACK_EVERY (4u << 20)

struct encoder {
  SNDFILE *sf;
  SF_VIRTUAL_IO vio;
  int fd;              /* borrowed */
  int io_error;        /* first errno of a failed read/write/seek on fd, 0 if none */
  int in_rate, out_rate;
  soxr_t soxr;         /* NULL unless out_rate != in_rate */
  float *resampled;    /* BLOCK-sized output buffer of soxr */
  uint64_t frames;     /* frames handed to libsndfile */
  unsigned char *out;  /* OUT_BUFFER bytes written by libsndfile, not yet on fd */
  size_t n_out;
  size_t unsynced;     /* bytes written since the last writeback_kick */
  struct writeback *wb;  /* started once WRITEBACK_EVERY bytes were written; may stay NULL */
  uint64_t max_frames; /* what the format's header can describe; 0: no limit */
  struct encoder_av *av; /* M4B: libavcodec does the encoding, none of the above is used */
  struct encoder_vorbis *vorbis; /* Ogg Vorbis: encoded on all cores; fd and out[] are used */
  bool raw_pcm;        /* WAV on a little-endian machine: samples go to libsndfile as they are */
  int source_fd;       /* >= 0 during encoder_write_file's sf_write_raw: see vio_write */
  off_t source_offset;
  size_t source_len;   /* the bytes sf_write_raw was given: all vio_write may take from fd */
  bool no_sendfile;    /* the file systems refused sendfile once: read and write instead */
  int16_t *file_buf;   /* FILE_READ samples read by encoder_write_file; NULL until needed */
};

/* Samples encoder_write_file reads at a time where the kernel cannot copy them for it. */
#define FILE_READ 65536

static const struct {
  const char *ext;
  enum encoder_format format;
} extensions[] = {
  {"wav", ENCODER_WAV}, {"flac", ENCODER_FLAC}, {"ogg", ENCODER_VORBIS},
  {"oga", ENCODER_VORBIS}, {"opus", ENCODER_OPUS}, {"mp3", ENCODER_MP3},
  {"m4b", ENCODER_M4B},
};

int encoder_format_from_path(const char *path, enum encoder_format *out)
{
  const char *slash = strrchr(path, '/');
  const char *base = slash ? slash + 1 : path;
  const char *dot = strrchr(base, '.');
  if (!dot || dot == base)
    return LECTOR_EFORMAT;
  for (size_t i = 0; i < sizeof extensions / sizeof extensions[0]; i++)
    if (strcasecmp(dot + 1, extensions[i].ext) == 0) {
      *out = extensions[i].format;
      return 0;
    }
  return LECTOR_EFORMAT;
}

int encoder_output_rate(enum encoder_format format, int in_rate)
{
  if (format != ENCODER_OPUS)
    return in_rate;
  switch (in_rate) {
  case 8000: case 12000: case 16000: case 24000: case 48000: return in_rate;
  default: return 48000;
  }
}

/* libsndfile virtual I/O on the borrowed fd, so that the errno of a failed write (ENOSPC,
 * EFBIG, EIO) reaches the caller instead of only a libsndfile message. */

/* Writes data[0, len) to fd, retrying short writes; returns how much was written. The first
 * error is kept in enc->io_error (a write of 0 bytes counts as a full disk). */
static size_t write_fully(struct encoder *enc, const void *data, size_t len)
{
  size_t done = 0;
  while (done < len) {
    ssize_t n = write(enc->fd, (const char *)data + done, len - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (!enc->io_error)
        enc->io_error = n < 0 ? errno : ENOSPC;
      break;
    }
    done += (size_t)n;
  }
  return done;
}

/* Counts n bytes written to fd.
 *
 * The caller fsyncs the finished file before renaming it into place; done only then, the
 * writeback and its journal commit were a tenth of a short export's time. So what has been
 * written is synced every 4 MB by a thread (writeback.h) while synthesis goes on, and the
 * final fsync finds little left to do. Files shorter than that never start the thread. */
static void count_written(struct encoder *enc, size_t n)
{
  enc->unsynced += n;
  if (enc->unsynced >= WRITEBACK_EVERY) {
    if (!enc->wb && writeback_start(&enc->wb, enc->fd) != 0)
      sync_file_range(enc->fd, 0, 0, SYNC_FILE_RANGE_WRITE);  /* no thread: a hint at least */
    writeback_kick(enc->wb);
    enc->unsynced = 0;
  }
}

/* Writes the gathered bytes to fd. Returns false after an error (in enc->io_error). */
static bool flush_out(struct encoder *enc)
{
  count_written(enc, write_fully(enc, enc->out, enc->n_out));
  enc->n_out = 0;
  return !enc->io_error;
}

/* Copies count bytes from source_fd at source_offset to fd: in the kernel (sendfile), or
 * through out[] where the file systems refuse that. Returns how many. */
static size_t copy_from_source(struct encoder *enc, size_t count)
{
  size_t done = 0;
  while (done < count && !enc->io_error) {
    ssize_t n;
    if (!enc->no_sendfile) {
      n = sendfile(enc->fd, enc->source_fd, &enc->source_offset, count - done);
      if (n < 0 && (errno == EINVAL || errno == ENOSYS) && done == 0) {
        enc->no_sendfile = true;
        continue;
      }
    } else {
      size_t want = count - done < OUT_BUFFER ? count - done : OUT_BUFFER;
      n = pread(enc->source_fd, enc->out, want, enc->source_offset);
      if (n > 0 && write_fully(enc, enc->out, (size_t)n) != (size_t)n)
        break;
      if (n > 0)
        enc->source_offset += n;
    }
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0) {
      if (!enc->io_error)
        enc->io_error = n < 0 ? errno : EIO;  /* 0: the source ended before its samples */
      break;
    }
    done += (size_t)n;
  }
  count_written(enc, done);
  return done;
}

/* Ends the writeback thread; a sync that failed counts as a failed write. */
static void stop_writeback(struct encoder *enc)
{
  int rc = writeback_stop(enc->wb);
  enc->wb = NULL;
  if (rc && !enc->io_error)
    enc->io_error = -rc;
}

static sf_count_t vio_get_filelen(void *user)
{
  struct encoder *enc = user;
  if (!flush_out(enc))
    return -1;
  struct stat st;
  if (fstat(enc->fd, &st) != 0) {
    if (!enc->io_error)
      enc->io_error = errno;
    return -1;
  }
  return st.st_size;
}

static sf_count_t vio_seek(sf_count_t offset, int whence, void *user)
{
  struct encoder *enc = user;
  if (!flush_out(enc))
    return -1;
  off_t pos = lseek(enc->fd, (off_t)offset, whence);
  if (pos < 0 && !enc->io_error)
    enc->io_error = errno;
  return pos;
}

static sf_count_t vio_read(void *ptr, sf_count_t count, void *user)
{
  struct encoder *enc = user;
  if (!flush_out(enc))
    return 0;
  sf_count_t done = 0;
  while (done < count) {
    ssize_t n = read(enc->fd, (char *)ptr + done, (size_t)(count - done));
    if (n < 0 && errno == EINTR)
      continue;
    if (n < 0 && !enc->io_error)
      enc->io_error = errno;
    if (n <= 0)
      break;
    done += n;
  }
  return done;
}

static sf_count_t vio_write(const void *ptr, sf_count_t count, void *user)
{
  struct encoder *enc = user;
  if (enc->io_error)
    return 0;
  if (enc->source_fd >= 0) {
    /* encoder_write_file's samples: ptr is not theirs, they come from source_fd. Anything else
     * libsndfile would write meanwhile (it writes nothing else today) fails rather than be
     * replaced by samples. */
    if ((size_t)count != enc->source_len) {
      enc->io_error = EIO;
      return 0;
    }
    if (!flush_out(enc))
      return 0;
    return (sf_count_t)copy_from_source(enc, (size_t)count);
  }
  if (enc->n_out + (size_t)count > OUT_BUFFER && !flush_out(enc))
    return 0;
  if ((size_t)count >= OUT_BUFFER) {
    /* Too big to gather: straight to the file. */
    return (sf_count_t)write_fully(enc, ptr, (size_t)count);
  }
  memcpy(enc->out + enc->n_out, ptr, (size_t)count);
  enc->n_out += (size_t)count;
  return count;
}

static sf_count_t vio_tell(void *user)
{
  struct encoder *enc = user;
  off_t pos = lseek(enc->fd, 0, SEEK_CUR);
  return pos < 0 ? pos : pos + (off_t)enc->n_out;
}

static int failure(const struct encoder *enc)
{
  return enc->io_error ? -enc->io_error : LECTOR_EENCODE;
}

static int sf_format_of(enum encoder_format format)
{
  switch (format) {
  case ENCODER_WAV: return SF_FORMAT_WAV | SF_FORMAT_PCM_16;
  case ENCODER_FLAC: return SF_FORMAT_FLAC | SF_FORMAT_PCM_16;
  case ENCODER_OPUS: return SF_FORMAT_OGG | SF_FORMAT_OPUS;
  case ENCODER_MP3: return SF_FORMAT_MPEG | SF_FORMAT_MPEG_LAYER_III;
  case ENCODER_VORBIS: break; /* encoder_vorbis */
  case ENCODER_M4B: break;    /* encoder_av */
  }
  return 0;
}

/* Where encoder_vorbis puts its pages: gathered in out[] like libsndfile's. */
static int put_vorbis_pages(void *user, const unsigned char *data, size_t len)
{
  struct encoder *enc = user;
  return vio_write(data, (sf_count_t)len, enc) == (sf_count_t)len ? 0 : failure(enc);
}

static void encoder_free(struct encoder *enc)
{
  stop_writeback(enc);
  if (enc->sf)
    sf_close(enc->sf);
  if (enc->soxr)
    soxr_delete(enc->soxr);
  free(enc->resampled);
  free(enc->out);
  free(enc->file_buf);
  free(enc);
}

int encoder_open(struct encoder **out, int fd, enum encoder_format format, int in_rate,
                 const char *title, const char *artist)
{
  *out = NULL;
  struct encoder *enc = calloc(1, sizeof *enc);
  if (!enc)
    return -ENOMEM;
  enc->fd = fd;
  enc->source_fd = -1;
  enc->in_rate = in_rate;
  enc->out_rate = encoder_output_rate(format, in_rate);
  if (format == ENCODER_M4B) {
    int rc = encoder_av_open(&enc->av, fd, in_rate, title, artist);
    if (rc) {
      free(enc);
      return rc;
    }
    *out = enc;
    return 0;
  }
  enc->vio = (SF_VIRTUAL_IO){vio_get_filelen, vio_seek, vio_read, vio_write, vio_tell};
  enc->out = malloc(OUT_BUFFER);
  if (!enc->out) {
    free(enc);
    return -ENOMEM;
  }
  if (format == ENCODER_VORBIS) {
    int rc = encoder_vorbis_open(&enc->vorbis, in_rate, title, artist, put_vorbis_pages, enc);
    if (rc) {
      flush_out(enc);
      encoder_free(enc);
      return rc;
    }
    *out = enc;
    return 0;
  }

  /* A WAV header holds 32-bit sizes: libsndfile would write a longer file whose header lies
   * (and which it then refuses to read). Room is left for the header and the tags. */
  if (format == ENCODER_WAV)
    enc->max_frames = (UINT32_MAX - (64u << 10)) / sizeof(int16_t);
  /* A WAV file's samples are 16-bit little-endian, the machine's own here: sf_write_raw hands
   * them to the file as they are, where sf_write_short copies them through its buffer a few KB
   * at a time (a tenth of the parent's CPU in a long export). */
  enc->raw_pcm = format == ENCODER_WAV && enc->out_rate == in_rate &&
                 __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__;
  if (enc->out_rate != in_rate) {
    soxr_error_t err = NULL;
    soxr_io_spec_t io = soxr_io_spec(SOXR_INT16_I, SOXR_FLOAT32_I);
    soxr_quality_spec_t q = soxr_quality_spec(SOXR_HQ, 0);
    enc->soxr = soxr_create(in_rate, enc->out_rate, 1, &err, &io, &q, NULL);
    enc->resampled = malloc(BLOCK * sizeof *enc->resampled);
    if (err || !enc->soxr || !enc->resampled) {
      encoder_free(enc);
      return err ? LECTOR_EENCODE : -ENOMEM;
    }
  }

  SF_INFO info = {.samplerate = enc->out_rate, .channels = 1, .format = sf_format_of(format)};
  enc->sf = sf_open_virtual(&enc->vio, SFM_WRITE, &info, enc);
  if (!enc->sf) {
    int rc = failure(enc);
    encoder_free(enc);
    return rc;
  }
  /* Tags go in before the first sample: Ogg and FLAC write them in the stream header. MP3 is
   * tagged afterwards (encoder_tag_file): libsndfile only writes ID3v1 there, which loses
   * anything beyond Latin-1 and 30 bytes. */
  if (format != ENCODER_MP3) {
    if (title && *title)
      sf_set_string(enc->sf, SF_STR_TITLE, title);
    if (artist && *artist)
      sf_set_string(enc->sf, SF_STR_ARTIST, artist);
    sf_set_string(enc->sf, SF_STR_SOFTWARE, "lector " LECTOR_VERSION);
  }
  *out = enc;
  return 0;
}

static int write_frames(struct encoder *enc, const void *frames, size_t n, bool is_float)
{
  sf_count_t done = is_float ? sf_write_float(enc->sf, frames, (sf_count_t)n)
                             : sf_write_short(enc->sf, frames, (sf_count_t)n);
  if (done != (sf_count_t)n || enc->io_error)
    return failure(enc);
  enc->frames += n;
  return 0;
}

/* Runs n input samples (NULL: flush) through the resampler, encoding what comes out. */
static int resample(struct encoder *enc, const int16_t *samples, size_t n)
{
  for (;;) {
    size_t used = 0, made = 0;
    soxr_error_t err = soxr_process(enc->soxr, samples, samples ? n : 0, &used, enc->resampled,
                                    BLOCK, &made);
    if (err)
      return LECTOR_EENCODE;
    if (made) {
      int rc = write_frames(enc, enc->resampled, made, true);
      if (rc)
        return rc;
    }
    if (samples) {
      samples += used;
      n -= used;
      if (n == 0 && made < BLOCK)
        return 0;
    } else if (made == 0) {
      return 0;
    }
  }
}

/* Refuses n more frames that the format could not describe, before any is written. */
static int check_room(const struct encoder *enc, size_t n)
{
  return enc->max_frames && enc->frames + n > enc->max_frames ? LECTOR_EWAVFULL : 0;
}

int encoder_write(struct encoder *enc, const int16_t *samples, size_t n)
{
  if (enc->av) {
    enc->frames += n;
    return encoder_av_write(enc->av, samples, n);
  }
  if (enc->vorbis) {
    enc->frames += n;
    return encoder_vorbis_write(enc->vorbis, samples, n);
  }
  int full = check_room(enc, n);
  if (full)
    return full;
  if (enc->raw_pcm) {
    sf_count_t bytes = (sf_count_t)(n * sizeof *samples);
    if (sf_write_raw(enc->sf, samples, bytes) != bytes || enc->io_error)
      return failure(enc);
    enc->frames += n;
    return 0;
  }
  while (n > 0) {
    size_t block = n < BLOCK ? n : BLOCK;
    int rc = enc->soxr ? resample(enc, samples, block) : write_frames(enc, samples, block, false);
    if (rc)
      return rc;
    samples += block;
    n -= block;
  }
  return 0;
}

int encoder_write_file(struct encoder *enc, int fd, uint64_t offset, size_t n)
{
  if (n == 0)
    return 0;
  /* Once the header is out (the first samples wrote it), sf_write_raw hands a WAV file's bytes
   * to vio_write in one call, without looking at them (no peak chunk, no header update while
   * writing): vio_write then takes them from fd instead, and libsndfile counts them as its
   * own, so the header it writes at the end holds their length. */
  if (enc->raw_pcm && enc->frames > 0) {
    int full = check_room(enc, n);
    if (full)
      return full;
    sf_count_t bytes = (sf_count_t)(n * sizeof(int16_t));
    enc->source_fd = fd;
    enc->source_offset = (off_t)offset;
    enc->source_len = (size_t)bytes;
    sf_count_t done = sf_write_raw(enc->sf, enc->out, bytes);
    enc->source_fd = -1;
    if (done != bytes || enc->io_error)
      return failure(enc);
    enc->frames += n;
    return 0;
  }
  if (!enc->file_buf && !(enc->file_buf = malloc(FILE_READ * sizeof *enc->file_buf)))
    return -ENOMEM;
  while (n > 0) {
    size_t want = n < FILE_READ ? n : FILE_READ;
    ssize_t got = pread(fd, enc->file_buf, want * sizeof(int16_t), (off_t)offset);
    if (got < 0 && errno == EINTR)
      continue;
    if (got <= 0 || got % (ssize_t)sizeof(int16_t))
      return got < 0 ? -errno : -EIO;  /* 0: the file ended before its samples */
    size_t samples = (size_t)got / sizeof(int16_t);
    int rc = encoder_write(enc, enc->file_buf, samples);
    if (rc)
      return rc;
    offset += (uint64_t)got;
    n -= samples;
  }
  return 0;
}

int encoder_write_silence(struct encoder *enc, size_t n)
{
  static const int16_t zeros[BLOCK];
  if (enc->vorbis) {
    enc->frames += n;
    return encoder_vorbis_write_silence(enc->vorbis, n);
  }
  int full = check_room(enc, n);
  if (full)
    return full;
  while (n > 0) {
    size_t block = n < BLOCK ? n : BLOCK;
    int rc = encoder_write(enc, zeros, block);
    if (rc)
      return rc;
    n -= block;
  }
  return 0;
}

uint64_t encoder_map(const struct encoder *enc, uint64_t pos)
{
  if (enc->out_rate == enc->in_rate)
    return pos;
  /* soxr compensates its filter delay: output frame k is input time k / out_rate. */
  return (pos * (uint64_t)enc->out_rate + (uint64_t)enc->in_rate / 2) / (uint64_t)enc->in_rate;
}

int encoder_close(struct encoder *enc, uint64_t *frames)
{
  return encoder_close_stats(enc, frames, NULL);
}

int encoder_close_stats(struct encoder *enc, uint64_t *frames, double *thread_cpu)
{
  int rc = 0;
  if (thread_cpu)
    *thread_cpu = 0;
  if (enc->av) {
    rc = encoder_av_close(enc->av);
    if (frames)
      *frames = enc->frames;
    encoder_free(enc);   /* none of its libsndfile state was made: only the buffers */
    return rc;
  }
  if (enc->vorbis) {
    rc = encoder_vorbis_close(enc->vorbis, frames, thread_cpu);
    flush_out(enc);
    stop_writeback(enc);
    if (!rc && enc->io_error)
      rc = failure(enc);
    encoder_free(enc);
    return rc;
  }
  if (enc->soxr)
    rc = resample(enc, NULL, 0);
  /* sf_close writes the trailer (WAV sizes, last Ogg page, FLAC STREAMINFO): a full disk shows
   * up here too. */
  int close_rc = sf_close(enc->sf);
  enc->sf = NULL;
  flush_out(enc);
  stop_writeback(enc);
  if (!rc && (close_rc != 0 || enc->io_error))
    rc = failure(enc);
  if (frames)
    *frames = enc->frames;
  encoder_free(enc);
  return rc;
}

int encoder_tag_file(const char *path, enum encoder_format format, const char *title,
                     const char *artist)
{
  if (format != ENCODER_MP3 || ((!title || !*title) && (!artist || !*artist)))
    return 0;
  taglib_set_strings_unicode(1);
  taglib_set_string_management_enabled(0);
  TagLib_File *file = taglib_file_new_type(path, TagLib_File_MPEG);
  if (!file)
    return LECTOR_EENCODE;
  int rc = 0;
  TagLib_Tag *tag = taglib_file_is_valid(file) ? taglib_file_tag(file) : NULL;
  if (!tag) {
    rc = LECTOR_EENCODE;
  } else {
    if (title && *title)
      taglib_tag_set_title(tag, title);
    if (artist && *artist)
      taglib_tag_set_artist(tag, artist);
    if (!taglib_file_save(file))
      rc = LECTOR_EENCODE;
  }
  taglib_file_free(file);
  return rc;
}
