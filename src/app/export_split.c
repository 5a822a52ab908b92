#include "app/export_split.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "app/commands.h"
#include "export/sidecar.h"
#include "util/atomic_dir.h"
#include "util/error.h"
#include "util/temp_name.h"

char *export_split_dir(const char *output)
{
  char *dir = strdup(output);
  if (!dir)
    return NULL;
  char *slash = strrchr(dir, '/');
  char *base = slash ? slash + 1 : dir;
  char *dot = strrchr(base, '.');
  if (dot && dot > base)
    *dot = '\0';
  return dir;
}

/* The playlist's name in the directory: BOOK.m3u8. */
static void playlist_name(char *buf, size_t len, const char *dir_path)
{
  const char *slash = strrchr(dir_path, '/');
  snprintf(buf, len, "%s.m3u8", slash ? slash + 1 : dir_path);
}

/* Whether the directory at path is one a split wrote: its playlist there, no subdirectory. */
static bool made_by_split(const char *path)
{
  DIR *dir = opendir(path);
  if (!dir)
    return false;
  char playlist[TEMP_NAME_SIZE + 8];
  playlist_name(playlist, sizeof playlist, path);
  bool has_playlist = false, has_dir = false;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    struct stat st;
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
      continue;
    if (fstatat(dirfd(dir), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || S_ISDIR(st.st_mode))
      has_dir = true;
    if (strcmp(e->d_name, playlist) == 0)
      has_playlist = true;
  }
  closedir(dir);
  return has_playlist && !has_dir;
}

int export_split_check(const char *output, bool force)
{
  char *path = export_split_dir(output);
  if (!path) {
    app_error("export failed: %s", lector_strerror(-ENOMEM));
    return 1;
  }
  struct stat st;
  int status = 0;
  if (lstat(path, &st) == 0) {
    if (!force) {
      app_error("'%s' already exists; use --force to replace it", path);
      status = 1;
    } else if (!S_ISDIR(st.st_mode) || !made_by_split(path)) {
      app_error("'%s' is not a directory that --split made; it is not replaced", path);
      status = 1;
    }
  }
  free(path);
  return status;
}

int export_split_open(struct export_split *s, const char *output, bool force)
{
  *s = (struct export_split){.active = true, .dir = {.parent_fd = -1, .fd = -1}};
  char *path = export_split_dir(output);
  if (!path)
    return -ENOMEM;
  int rc = atomic_dir_open(&s->dir, path, force);
  free(path);
  return rc;
}

/* Writes data as the file `name` of the temporary directory. */
static int write_file(struct export_split *s, const char *name, const char *data, size_t len)
{
  int fd = openat(s->dir.fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0)
    return -errno;
  int rc = 0;
  for (size_t done = 0; done < len && !rc;) {
    ssize_t n = write(fd, data + done, len - done);
    if (n < 0 && errno != EINTR)
      rc = -errno;
    else if (n > 0)
      done += (size_t)n;
  }
  if (!rc && fsync(fd) != 0)
    rc = -errno;
  close(fd);
  s->bytes += len;
  return rc;
}

/* Encodes one part into the file `name`. */
static int write_part(struct export_split *s, struct split_reader **reader, int in_fd,
                      const struct split_part *part, const char *name,
                      enum encoder_format format, const char *artist,
                      volatile sig_atomic_t *cancel, uint64_t *frames)
{
  int fd = openat(s->dir.fd, name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
  if (fd < 0)
    return -errno;
  int rc = split_encode(reader, in_fd, part, fd, format, artist, cancel, frames);
  char by_fd[48];
  snprintf(by_fd, sizeof by_fd, "/proc/self/fd/%d", fd);
  if (!rc)
    rc = encoder_tag_file(by_fd, format, part->title, artist);  /* MP3's ID3v2 */
  struct stat st;
  if (!rc && fsync(fd) != 0)
    rc = -errno;
  if (!rc && fstat(fd, &st) == 0)
    s->bytes += (uint64_t)st.st_size;
  close(fd);
  s->files++;
  return rc;
}

static const char *extension_of(enum encoder_format format)
{
  static const char *const names[] = {
    [ENCODER_WAV] = "wav", [ENCODER_FLAC] = "flac", [ENCODER_VORBIS] = "ogg",
    [ENCODER_OPUS] = "opus", [ENCODER_MP3] = "mp3", [ENCODER_M4B] = "m4b",
  };
  return names[format];
}

int export_split_write(struct export_split *s, const struct sidecar *sc, uint64_t frames,
                       int rate, int in_fd, enum split_by by, enum encoder_format format,
                       const char *title, const char *artist, volatile sig_atomic_t *cancel)
{
  struct split_part *parts;
  size_t n;
  int rc = split_plan(sc, frames, by, title, &parts, &n);
  if (rc)
    return rc;
  char **names = calloc(n, sizeof *names);
  uint64_t *written = calloc(n, sizeof *written);
  struct split_reader *reader = NULL;
  rc = names && written ? 0 : -ENOMEM;
  for (size_t i = 0; i < n && !rc; i++) {
    char name[TEMP_NAME_SIZE];
    split_file_name(name, sizeof name, i + 1, n, parts[i].title, extension_of(format));
    names[i] = strdup(name);
    rc = names[i] ? write_part(s, &reader, in_fd, &parts[i], name, format, artist, cancel,
                               &written[i])
                  : -ENOMEM;
  }
  split_reader_close(reader);
  if (!rc) {
    char *playlist = split_playlist(parts, written, names, n, encoder_output_rate(format, rate));
    char list_name[TEMP_NAME_SIZE + 8];
    playlist_name(list_name, sizeof list_name, s->dir.name);
    rc = playlist ? write_file(s, list_name, playlist, strlen(playlist)) : -ENOMEM;
    free(playlist);
  }
  for (size_t i = 0; names && i < n; i++)
    free(names[i]);
  free(names);
  free(written);
  free(parts);
  return rc;
}

int export_split_commit(struct export_split *s)
{
  return atomic_dir_commit(&s->dir);
}

void export_split_abort(struct export_split *s)
{
  atomic_dir_abort(&s->dir);
}
