/* `lector export --split chapter|heading`: the audio cut into one file per section, and an
 * .m3u8 playlist of them.
 *
 * The export first writes the whole audio losslessly (FLAC, at the voice's rate, timings
 * recorded); split_plan() cuts it at the sections' starts, and split_encode() encodes each part
 * in the output format from the decoded samples, so every file starts on the exact sample where
 * its section's first sentence starts (no cut at a codec's frame boundary, each file with its
 * own encoder delay signalled). This module names and encodes; app/export_split.c makes the
 * directory and puts it in place. */
#ifndef LECTOR_EXPORT_SPLIT_H
#define LECTOR_EXPORT_SPLIT_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "export/encoder.h"

struct sidecar;

enum split_by { SPLIT_NONE, SPLIT_CHAPTER, SPLIT_HEADING };

struct split_part {
  uint64_t start, end;  /* frames of the whole audio */
  const char *title;    /* borrowed */
};

/* The parts: a cut where each section starts (SPLIT_CHAPTER: the sections at the chapter level
 * and above, sections_chapter_level; SPLIT_HEADING: every section), the text before the first
 * one a part of its own titled `title`; parts that would be empty are left out. Together they
 * cover [0, frames). *out is malloc'd. Returns 0 or -ENOMEM. */
int split_plan(const struct sidecar *sc, uint64_t frames, enum split_by by, const char *title,
               struct split_part **out, size_t *n);

/* The file name of part `number` (1-based) of `count`: "07 Title.ext", the number as wide as
 * count's (at least 2 digits) so that names sort in order, the title made safe: no '/', no
 * control character, none of \:*?"<>| (refused by other systems' file systems), no leading
 * dot or trailing dot or space, at most about 100 bytes cut on a UTF-8 boundary; "Part" when
 * nothing is left. */
void split_file_name(char *buf, size_t len, size_t number, size_t count, const char *title,
                     const char *ext);

/* Reads the next end - start frames of the FLAC file on in_fd (read in order, part after part,
 * through *reader: NULL at first, freed by split_reader_close) and encodes them to out_fd
 * (empty, seekable) in format with the title and artist tags. *frames gets the frames written
 * (at the format's rate). Stops with -ECANCELED once *cancel is set. Returns 0 or a negative
 * code as encoder_write does. */
struct split_reader;
int split_encode(struct split_reader **reader, int in_fd, const struct split_part *part,
                 int out_fd, enum encoder_format format, const char *artist,
                 volatile sig_atomic_t *cancel, uint64_t *frames);
void split_reader_close(struct split_reader *reader);

/* The playlist: #EXTM3U, then #EXTINF:seconds,title and the file name of each part (names as
 * split_file_name made them). Returns a malloc'd NUL-terminated string or NULL (no memory). */
char *split_playlist(const struct split_part *parts, const uint64_t *frames, char *const *names,
                     size_t n, int rate);

#endif
