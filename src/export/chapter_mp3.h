/* The audio of a talking book's chapters: ranges of frames of the whole book's WAV (what
 * export_run wrote) encoded as MP3 files in memory, with libmp3lame.
 *
 * Why not libsndfile's MP3: it writes no LAME/Xing header, so a decoder cannot know LAME's
 * encoder delay and plays everything about 50 ms late; a media overlay's clip times would be off
 * by that much. Here each file starts with the LAME tag frame (encoder delay and padding), which
 * decoders (FFmpeg, browsers) use to drop the delay: frame N of the range decodes as sample N. */
#ifndef LECTOR_EXPORT_CHAPTER_MP3_H
#define LECTOR_EXPORT_CHAPTER_MP3_H

#include <stddef.h>
#include <stdint.h>

struct chapter_audio;

/* Opens the WAV on fd (borrowed, seekable; read from its start). Returns 0, LECTOR_EENCODE (not
 * a mono 16-bit file libsndfile reads) or -ENOMEM. */
int chapter_audio_open(struct chapter_audio **out, int fd);
void chapter_audio_close(struct chapter_audio *a);
int chapter_audio_rate(const struct chapter_audio *a);
uint64_t chapter_audio_frames(const struct chapter_audio *a);

/* Encodes frames [start, end) as a constant-bitrate mono MP3 (malloc'd into *data, *len).
 * Returns 0, -ENOMEM or LECTOR_EENCODE. */
int chapter_audio_mp3(struct chapter_audio *a, uint64_t start, uint64_t end, char **data,
                      size_t *len);

#endif
