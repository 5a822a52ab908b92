#include "util/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/stop_signals.h"
#include "util/temp_name.h"

/* Temporary files still to be removed if a signal ends the process. Fixed-size so that the
 * signal handler needs no allocation; the names themselves are owned by their atomic_file. */
#define MAX_PENDING 16
static const char *volatile pending_name[MAX_PENDING];
static volatile int pending_dir[MAX_PENDING];

static void pending_add(int dir_fd, const char *name)
{
  for (int i = 0; i < MAX_PENDING; i++)
    if (!pending_name[i]) {
      pending_dir[i] = dir_fd;
      pending_name[i] = name;
      return;
    }
}

static void pending_remove(const char *name)
{
  for (int i = 0; i < MAX_PENDING; i++)
    if (pending_name[i] == name)
      pending_name[i] = NULL;
}

void atomic_file_abort_all_from_signal(void)
{
  for (int i = 0; i < MAX_PENDING; i++)
    if (pending_name[i])
      unlinkat(pending_dir[i], pending_name[i], 0);
}

/* The umask, as atomic_file_learn_umask found it; -1 before. */
static int learned_umask = -1;

void atomic_file_learn_umask(void)
{
  mode_t mask = umask(0);
  umask(mask);
  learned_umask = (int)(mask & 0777);
}

/* The umask, without changing it once threads may exist: umask(2) can only be read by setting
 * it, and another thread creating a file meanwhile would get the wrong mode. When neither main()
 * nor /proc told it, the strictest mask is the safe guess: a file too private can be opened up,
 * one too open may already have been read. */
static mode_t process_umask(void)
{
  if (learned_umask >= 0)
    return (mode_t)learned_umask;
  mode_t mask = 0077;
  FILE *f = fopen("/proc/self/status", "re");
  if (!f)
    return mask;
  char line[128];
  unsigned int value;
  while (fgets(line, sizeof line, f))
    if (sscanf(line, "Umask: %o", &value) == 1) {
      mask = (mode_t)(value & 0777);
      break;
    }
  fclose(f);
  return mask;
}

/* Moves temp into place unless target exists. renameat2(RENAME_NOREPLACE) does it in one step;
 * file systems without it (EINVAL) get link(), and those without hard links either (FAT: EPERM;
 * some FUSE: ENOSYS) a check followed by rename, the best they allow. */
static int rename_no_replace(int dir, const char *temp, const char *target)
{
  if (renameat2(dir, temp, dir, target, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return -errno;
  if (linkat(dir, temp, dir, target, 0) == 0)
    return 0;
  if (errno != EPERM && errno != ENOTSUP && errno != ENOSYS)
    return -errno;
  struct stat st;
  if (fstatat(dir, target, &st, AT_SYMLINK_NOFOLLOW) == 0)
    return -EEXIST;
  return renameat(dir, temp, dir, target) == 0 ? 0 : -errno;
}

/* Frees what open allocated and closes the directory. */
static void release(struct atomic_file *af)
{
  free(af->target);
  free(af->name);
  free(af->temp_name);
  free(af->temp_path);
  af->target = af->name = af->temp_name = af->temp_path = NULL;
  if (af->dir_fd >= 0)
    close(af->dir_fd);
  af->dir_fd = -1;
}

/* Splits target into its directory (opened into af->dir_fd) and its name. */
static int open_dir(struct atomic_file *af, const char *target)
{
  const char *slash = strrchr(target, '/');
  const char *base = slash ? slash + 1 : target;
  if (!*base)
    return -EISDIR;   /* "dir/": no file name to write */
  char *dir = slash ? strndup(target, slash == target ? 1 : (size_t)(slash - target))
                    : strdup(".");
  af->target = strdup(target);
  af->name = strdup(base);
  if (!dir || !af->target || !af->name) {
    free(dir);
    return -ENOMEM;
  }
  af->dir_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (af->dir_fd < 0 && errno == EACCES)   /* a folder one may write but not list */
    af->dir_fd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
  int rc = af->dir_fd < 0 ? -errno : 0;
  free(dir);
  return rc;
}

/* Where the temporary file is, as the user would name it. */
static char *shown_temp_path(const struct atomic_file *af)
{
  const char *slash = strrchr(af->target, '/');
  int dir_len = slash ? (int)(slash - af->target) + 1 : 0;
  char *shown = NULL;
  if (asprintf(&shown, "%.*s%s", dir_len, af->target, af->temp_name) < 0)
    return NULL;
  return shown;
}

/* The path given to those who open the temporary file by name (the tagger): through
 * /proc/self/fd the directory descriptor still finds it after the folder was renamed. */
static char *opening_temp_path(const struct atomic_file *af)
{
  char *path = NULL;
  if (access("/proc/self/fd", X_OK) != 0)
    return shown_temp_path(af);
  if (asprintf(&path, "/proc/self/fd/%d/%s", af->dir_fd, af->temp_name) < 0)
    return NULL;
  return path;
}

int atomic_file_open(struct atomic_file *af, const char *target, bool force)
{
  memset(af, 0, sizeof *af);
  af->fd = af->dir_fd = -1;
  af->force = force;
  int rc = open_dir(af, target);
  struct stat st;
  if (!rc && fstatat(af->dir_fd, af->name, &st, AT_SYMLINK_NOFOLLOW) == 0) {
    if (S_ISDIR(st.st_mode))
      rc = -EISDIR;
    else if (!force)   /* a dangling link too: commit would not replace it */
      rc = -EEXIST;
  }
  if (rc) {
    release(af);
    return rc;
  }
  temp_name_remove_stale(af->dir_fd, af->name);
  af->temp_name = malloc(TEMP_NAME_SIZE);
  if (!af->temp_name) {
    release(af);
    return -ENOMEM;
  }
  /* The file is registered for the signal handlers before a signal can end the process with
   * it unregistered. */
  sigset_t old_mask;
  stop_signals_hold(&old_mask);
  af->fd = temp_name_create(af->dir_fd, af->name, af->temp_name);
  rc = af->fd < 0 ? af->fd : 0;
  if (!rc)
    pending_add(af->dir_fd, af->temp_name);
  stop_signals_release(&old_mask);
  if (rc) {
    af->fd = -1;
    release(af);
    return rc;
  }
  af->temp_path = opening_temp_path(af);
  if (!af->temp_path) {
    atomic_file_abort(af);
    return -ENOMEM;
  }
  /* The file stays 0600 while it is written (it may hold the whole text); flush_temp gives it
   * its final mode. */
  return 0;
}

/* Keeps the temporary file (it holds an old file that could not go back): no longer removed,
 * kept_path says where it is. */
static void keep_temp(struct atomic_file *af)
{
  pending_remove(af->temp_name);
  af->kept_path = shown_temp_path(af);
  free(af->temp_name);
  af->temp_name = NULL;
}

void atomic_file_abort(struct atomic_file *af)
{
  if (af->fd >= 0) {
    close(af->fd);
    af->fd = -1;
  }
  if (af->temp_name) {
    unlinkat(af->dir_fd, af->temp_name, 0);   /* then unregistered: a signal finds nothing */
    pending_remove(af->temp_name);
  }
  release(af);
}

/* The mode (and group) the file gets: those of the file it replaces, as cp and sed -i keep
 * them (a private timings file stays private), else what the umask gives a new file. Failing
 * leaves it 0600: private, which loses nothing. */
static void set_final_mode(struct atomic_file *af)
{
  struct stat st;
  if (af->force && fstatat(af->dir_fd, af->name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
      S_ISREG(st.st_mode)) {
    if (fchown(af->fd, (uid_t)-1, st.st_gid) != 0)
      st.st_mode &= ~(mode_t)S_ISGID;   /* the group's privilege stays with its group */
    (void)fchmod(af->fd, st.st_mode & 07777);
    return;
  }
  (void)fchmod(af->fd, 0666 & ~process_umask());
}

/* fsyncs and closes the temporary file: the data is then on disk under its temporary name. */
static int flush_temp(struct atomic_file *af)
{
  int rc = 0;
  if (af->fd >= 0) {
    set_final_mode(af);
    if (fsync(af->fd) != 0 && errno != EINVAL)
      rc = -errno;
    if (close(af->fd) != 0 && !rc)
      rc = -errno;
    af->fd = -1;
  }
  return rc;
}

/* Renames the flushed temporary file into place. With `keep_old` and force, an existing target
 * is exchanged rather than replaced, so the old file waits under the temporary name until the
 * caller knows whether to put it back (*kept_old is then true). */
static int place(struct atomic_file *af, bool keep_old, bool *kept_old)
{
  *kept_old = false;
  int dir = af->dir_fd;
  if (!af->force)
    /* Fails with EEXIST rather than replacing a file that appeared meanwhile. */
    return rename_no_replace(dir, af->temp_name, af->name);
  struct stat st;
  if (fstatat(dir, af->name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(st.st_mode))
    return -EISDIR;   /* never replaced, nor swapped out of sight */
  if (keep_old) {
    if (renameat2(dir, af->temp_name, dir, af->name, RENAME_EXCHANGE) == 0) {
      *kept_old = true;
      return 0;
    }
    /* ENOENT: there is no old file to keep; EINVAL/ENOSYS: the file system cannot exchange,
     * and the old file is replaced as a plain commit would. */
    if (errno != ENOENT && errno != EINVAL && errno != ENOSYS)
      return -errno;
  }
  return renameat(dir, af->temp_name, dir, af->name) == 0 ? 0 : -errno;
}

int atomic_file_commit(struct atomic_file *af)
{
  int rc = flush_temp(af);
  bool kept_old;
  if (!rc)
    rc = place(af, false, &kept_old);
  if (!rc) {
    pending_remove(af->temp_name);
    free(af->temp_name);   /* it is the target's name now: nothing to remove */
    af->temp_name = NULL;
  }
  atomic_file_abort(af);  /* removes the file on failure; frees */
  return rc;
}

/* Locks a's and b's directories (once when they are the same), in a fixed order so that two
 * processes never wait for each other. Where flock does not work (some network file
 * systems) the commit goes ahead unlocked, as before. lock[] receives the locked fds. */
static void lock_dirs(const struct atomic_file *a, const struct atomic_file *b, int lock[2])
{
  struct stat sa, sb;
  lock[0] = a->dir_fd;
  lock[1] = b->dir_fd;
  if (fstat(a->dir_fd, &sa) != 0 || fstat(b->dir_fd, &sb) != 0) {
    lock[0] = lock[1] = -1;
    return;
  }
  if (sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino)
    lock[1] = -1;
  else if (sa.st_dev > sb.st_dev || (sa.st_dev == sb.st_dev && sa.st_ino > sb.st_ino)) {
    lock[0] = b->dir_fd;
    lock[1] = a->dir_fd;
  }
  for (int i = 0; i < 2; i++)
    while (lock[i] >= 0 && flock(lock[i], LOCK_EX) != 0)
      if (errno != EINTR) {
        lock[i] = -1;
        break;
      }
}

static void unlock_dirs(const int lock[2])
{
  for (int i = 1; i >= 0; i--)
    if (lock[i] >= 0)
      flock(lock[i], LOCK_UN);
}

/* Undoes the first file of a pair after the second failed: its old file comes back (and the
 * new one goes to the temporary name, removed by abort), or the file created is removed. */
static void undo_first(struct atomic_file *first, bool kept_old)
{
  if (!kept_old) {
    unlinkat(first->dir_fd, first->name, 0);
    pending_remove(first->temp_name);
    free(first->temp_name);   /* its name is gone with the file */
    first->temp_name = NULL;
  } else if (renameat2(first->dir_fd, first->temp_name, first->dir_fd, first->name,
                       RENAME_EXCHANGE) != 0) {
    keep_temp(first);   /* the old file stays under the temporary name, not lost */
  }
}

int atomic_file_commit_both(struct atomic_file *first, struct atomic_file *second,
                            bool *first_failed)
{
  /* Most failures (a full disk, an I/O error) show here, before either file has moved. */
  int rc = flush_temp(first);
  int rc2 = flush_temp(second);
  if (rc || rc2) {
    atomic_file_abort(first);
    atomic_file_abort(second);
    *first_failed = rc != 0;
    return rc ? rc : rc2;
  }
  int lock[2];
  lock_dirs(first, second, lock);
  /* No signal may end the process between the two renames, with one file in place alone. */
  sigset_t old_mask;
  stop_signals_hold(&old_mask);

  bool kept_old = false, unused;
  rc = place(first, true, &kept_old);
  if (!rc) {
    rc2 = place(second, false, &unused);
    if (rc2)
      undo_first(first, kept_old);
    else {
      pending_remove(second->temp_name);
      free(second->temp_name);   /* in place: nothing of it to remove */
      second->temp_name = NULL;
    }
  }
  /* Removes what is left under the temporary names: the old file after a successful exchange,
   * the new ones after a failure. */
  atomic_file_abort(first);
  atomic_file_abort(second);
  stop_signals_release(&old_mask);
  unlock_dirs(lock);
  *first_failed = rc != 0;
  return rc ? rc : rc2;
}

int atomic_file_write(const char *path, const void *data, size_t len, bool force)
{
  struct atomic_file af;
  int rc = atomic_file_open(&af, path, force);
  if (rc)
    return rc;
  const char *p = data;
  while (len > 0) {
    ssize_t n = write(af.fd, p, len);
    if (n < 0) {
      if (errno == EINTR)
        continue;
      rc = -errno;
      atomic_file_abort(&af);
      return rc;
    }
    p += n;
    len -= (size_t)n;
  }
  return atomic_file_commit(&af);
}
