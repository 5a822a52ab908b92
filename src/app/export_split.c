#include "app/export_split.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "app/commands.h"
#include "export/sidecar.h"
#include "util/error.h"

/* What the signal handler removes: the temporary directory of this process, if any. */
static volatile int signal_parent_fd = -1, signal_temp_fd = -1;
static char signal_temp_name[TEMP_NAME_SIZE];

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

/* The directory `name` in parent, to list; NULL when it cannot be opened. */
static DIR *open_dir_at(int parent_fd, const char *name)
{
  int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW);
  DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
  if (!dir && fd >= 0)
    close(fd);
  return dir;
}

/* Removes the files of directory `name` in parent (no subdirectory: a split writes none), then
 * the directory. */
static void remove_dir(int parent_fd, const char *name)
{
  DIR *dir = open_dir_at(parent_fd, name);
  if (!dir)
    return;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL)
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
      unlinkat(dirfd(dir), e->d_name, 0);
  closedir(dir);
  unlinkat(parent_fd, name, AT_REMOVEDIR);
}

/* Removes the temporary directories for name left by a process that is gone (killed with
 * SIGKILL before it could clean up), as atomic_file does for its files. */
static void remove_stale(int parent_fd, const char *name)
{
  DIR *dir = open_dir_at(parent_fd, ".");
  if (!dir)
    return;
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    pid_t pid = temp_name_owner(e->d_name, name);
    struct stat st;
    if (pid > 0 && pid != getpid() && kill(pid, 0) != 0 && errno == ESRCH &&
        fstatat(parent_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode) &&
        st.st_uid == geteuid())
      remove_dir(parent_fd, e->d_name);
  }
  closedir(dir);
}

int export_split_open(struct export_split *s, const char *output, bool force)
{
  *s = (struct export_split){.active = true, .force = force, .parent_fd = -1, .temp_fd = -1};
  char *path = export_split_dir(output);
  char *parent = path ? strdup(path) : NULL;
  if (!parent) {
    free(path);
    return -ENOMEM;
  }
  const char *slash = strrchr(path, '/');
  s->name = strdup(slash ? slash + 1 : path);
  s->parent_fd = open(slash ? dirname(parent) : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  int rc = s->parent_fd < 0 ? -errno : !s->name ? -ENOMEM : 0;
  free(path);
  free(parent);
  if (rc)
    return rc;
  remove_stale(s->parent_fd, s->name);
  /* A unique name of the usual kind (.BOOK.lector-PID-XXXXXX), taken as a file, then a
   * directory in its place. */
  int fd = temp_name_create(s->parent_fd, s->name, s->temp_name);
  if (fd < 0)
    return fd;
  close(fd);
  unlinkat(s->parent_fd, s->temp_name, 0);
  if (mkdirat(s->parent_fd, s->temp_name, 0777) != 0) {
    s->temp_name[0] = '\0';
    return -errno;
  }
  s->temp_fd = openat(s->parent_fd, s->temp_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (s->temp_fd < 0)
    return -errno;
  memcpy(signal_temp_name, s->temp_name, sizeof signal_temp_name);
  signal_temp_fd = s->temp_fd;
  signal_parent_fd = s->parent_fd;
  return 0;
}

/* Writes data as the file `name` of the temporary directory. */
static int write_file(struct export_split *s, const char *name, const char *data, size_t len)
{
  int fd = openat(s->temp_fd, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
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
  int fd = openat(s->temp_fd, name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0666);
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
    playlist_name(list_name, sizeof list_name, s->name);
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

static void forget(struct export_split *s)
{
  signal_temp_fd = signal_parent_fd = -1;
  if (s->temp_fd >= 0)
    close(s->temp_fd);
  s->temp_fd = -1;
  s->temp_name[0] = '\0';
}

int export_split_commit(struct export_split *s)
{
  int rc = fsync(s->temp_fd) == 0 ? 0 : -errno;
  bool exchanged = false;
  if (!rc && renameat2(s->parent_fd, s->temp_name, s->parent_fd, s->name, RENAME_NOREPLACE)) {
    rc = -errno;
    /* Under --force, export_split_check found a split's directory there: exchange the two,
     * then remove the old one, now under the temporary name. */
    if (rc == -EEXIST && s->force &&
        renameat2(s->parent_fd, s->temp_name, s->parent_fd, s->name, RENAME_EXCHANGE) == 0)
      rc = 0, exchanged = true;
  }
  if (rc || exchanged)
    remove_dir(s->parent_fd, s->temp_name);
  if (!rc)
    fsync(s->parent_fd);
  forget(s);
  return rc;
}

void export_split_abort(struct export_split *s)
{
  if (s->temp_name[0] && s->parent_fd >= 0)
    remove_dir(s->parent_fd, s->temp_name);
  forget(s);
  if (s->parent_fd >= 0)
    close(s->parent_fd);
  s->parent_fd = -1;
  free(s->name);
  s->name = NULL;
}

void export_split_abort_from_signal(void)
{
  int dir = signal_temp_fd, parent = signal_parent_fd;
  if (dir < 0 || parent < 0)
    return;
  /* getdents64 and unlinkat are system calls: safe in a handler, unlike readdir. */
  char buf[4096];
  lseek(dir, 0, SEEK_SET);
  for (;;) {
    long n = syscall(SYS_getdents64, dir, buf, sizeof buf);
    if (n <= 0)
      break;
    for (long off = 0; off < n;) {
      struct dirent64 *e = (struct dirent64 *)(buf + off);
      const char *name = e->d_name;
      if (!(name[0] == '.' && (!name[1] || (name[1] == '.' && !name[2]))))
        unlinkat(dir, name, 0);
      off += e->d_reclen;
    }
  }
  unlinkat(parent, signal_temp_name, AT_REMOVEDIR);
}
