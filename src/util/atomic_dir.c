#include "util/atomic_dir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "util/stop_signals.h"
#include "util/temp_name.h"

/* For the signal handler: the open temporary directory (one at a time in lector). */
static volatile sig_atomic_t signal_parent_fd = -1, signal_fd = -1;
static char signal_temp_name[TEMP_NAME_SIZE];

/* Removes the files in dir_fd: readdir is not async-signal-safe, the getdents64 system call
 * is. */
static void remove_files_raw(int dir_fd)
{
  char buf[4096];
  for (int pass = 0; pass < 64; pass++) {
    long n = syscall(SYS_getdents64, dir_fd, buf, sizeof buf);
    if (n <= 0)
      break;
    for (long off = 0; off < n;) {
      struct {
        unsigned long long ino;
        long long off;
        unsigned short reclen;
        unsigned char type;
        char name[];
      } *d = (void *)(buf + off);
      if (strcmp(d->name, ".") != 0 && strcmp(d->name, "..") != 0)
        unlinkat(dir_fd, d->name, 0);
      off += d->reclen;
    }
    lseek(dir_fd, 0, SEEK_SET);
  }
}

void atomic_dir_abort_from_signal(void)
{
  if (signal_fd < 0)
    return;
  remove_files_raw(signal_fd);
  unlinkat(signal_parent_fd, signal_temp_name, AT_REMOVEDIR);
}

/* Removes the temporary directories for name that a process now gone left behind (killed with
 * SIGKILL before it could clean up), as temp_name_remove_stale does for files: directories of
 * this user only. */
static void remove_stale(int parent_fd, const char *name)
{
  int fd = openat(parent_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  DIR *dir = fd >= 0 ? fdopendir(fd) : NULL;
  if (!dir) {
    if (fd >= 0)
      close(fd);
    return;
  }
  struct dirent *e;
  while ((e = readdir(dir)) != NULL) {
    pid_t pid = temp_name_owner(e->d_name, name);
    struct stat st;
    if (pid <= 0 || pid == getpid() || kill(pid, 0) == 0 || errno != ESRCH ||
        fstatat(parent_fd, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode) ||
        st.st_uid != geteuid())
      continue;
    int old = openat(parent_fd, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (old >= 0) {
      remove_files_raw(old);
      close(old);
    }
    unlinkat(parent_fd, e->d_name, AT_REMOVEDIR);
  }
  closedir(dir);
}

/* The temporary directory, named as lector's temporary files are (util/temp_name.h): taken as a
 * file, then a directory in its place. Returns 0 or a negative errno. */
static int make_temp_dir(struct atomic_dir *ad)
{
  char temp[TEMP_NAME_SIZE];
  int fd = temp_name_create(ad->parent_fd, ad->name, temp);
  if (fd < 0)
    return fd;
  close(fd);
  unlinkat(ad->parent_fd, temp, 0);
  if (mkdirat(ad->parent_fd, temp, 0777) != 0)
    return -errno;
  ad->temp_name = strdup(temp);
  ad->fd = openat(ad->parent_fd, temp, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (!ad->temp_name || ad->fd < 0) {
    int rc = ad->fd < 0 ? -errno : -ENOMEM;
    unlinkat(ad->parent_fd, temp, AT_REMOVEDIR);  /* still empty */
    free(ad->temp_name);
    ad->temp_name = NULL;
    return rc;
  }
  memcpy(signal_temp_name, temp, sizeof temp);
  signal_parent_fd = ad->parent_fd;
  signal_fd = ad->fd;
  return 0;
}

int atomic_dir_open(struct atomic_dir *ad, const char *target, bool force)
{
  memset(ad, 0, sizeof *ad);
  ad->parent_fd = ad->fd = -1;
  ad->force = force;
  int rc = temp_name_open_parent(target, &ad->parent_fd, &ad->name);
  if (rc)
    return rc;
  struct stat st;
  if (!force && fstatat(ad->parent_fd, ad->name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
    atomic_dir_abort(ad);
    return -EEXIST;
  }
  remove_stale(ad->parent_fd, ad->name);
  /* A signal between the directory's making and its registration for the handler would leave
   * it behind. */
  sigset_t old;
  stop_signals_hold(&old);
  rc = make_temp_dir(ad);
  stop_signals_release(&old);
  if (rc)
    atomic_dir_abort(ad);
  return rc;
}

static void close_all(struct atomic_dir *ad)
{
  signal_fd = signal_parent_fd = -1;
  if (ad->fd >= 0)
    close(ad->fd);
  if (ad->parent_fd >= 0)
    close(ad->parent_fd);
  ad->fd = ad->parent_fd = -1;
  free(ad->name);
  free(ad->temp_name);
  ad->name = ad->temp_name = NULL;
}

void atomic_dir_abort(struct atomic_dir *ad)
{
  if (ad->temp_name && ad->fd >= 0) {
    remove_files_raw(ad->fd);
    unlinkat(ad->parent_fd, ad->temp_name, AT_REMOVEDIR);
  }
  close_all(ad);
}

/* Whether dir_fd's entry name is a directory holding files only. */
static bool holds_files_only(int dir_fd, const char *name)
{
  int fd = openat(dir_fd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0)
    return errno == ENOTDIR;  /* a file: replaced like a file */
  DIR *d = fdopendir(fd);
  if (!d) {
    close(fd);
    return false;
  }
  bool ok = true;
  struct dirent *e;
  while (ok && (e = readdir(d)))
    if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0)
      ok = e->d_type == DT_REG;
  closedir(d);
  return ok;
}

int atomic_dir_commit(struct atomic_dir *ad)
{
  if (!ad->temp_name)
    return -EINVAL;
  if (fsync(ad->fd) != 0) {
    int rc = -errno;
    atomic_dir_abort(ad);
    return rc;
  }
  struct stat st;
  bool exists = fstatat(ad->parent_fd, ad->name, &st, AT_SYMLINK_NOFOLLOW) == 0;
  int rc = 0;
  if (!exists) {
    if (renameat2(ad->parent_fd, ad->temp_name, ad->parent_fd, ad->name, RENAME_NOREPLACE))
      rc = -errno;
  } else if (!ad->force) {
    rc = -EEXIST;
  } else if (!holds_files_only(ad->parent_fd, ad->name)) {
    rc = -ENOTEMPTY;
  } else if (renameat2(ad->parent_fd, ad->temp_name, ad->parent_fd, ad->name, RENAME_EXCHANGE)) {
    rc = -errno;
  } else {
    /* The old book is now under the temporary name: remove it. */
    if (S_ISDIR(st.st_mode)) {
      int old = openat(ad->parent_fd, ad->temp_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
      if (old >= 0) {
        remove_files_raw(old);
        close(old);
      }
      unlinkat(ad->parent_fd, ad->temp_name, AT_REMOVEDIR);
    } else {
      unlinkat(ad->parent_fd, ad->temp_name, 0);
    }
    free(ad->temp_name);
    ad->temp_name = NULL;
  }
  if (rc) {
    atomic_dir_abort(ad);
    return rc;
  }
  free(ad->temp_name);
  ad->temp_name = NULL;
  fsync(ad->parent_fd);
  close_all(ad);
  return 0;
}
