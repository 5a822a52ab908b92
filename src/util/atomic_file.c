#include "util/atomic_file.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util/stop_signals.h"

/* Temporary paths still to be removed if a signal ends the process. Fixed-size so that the
 * signal handler needs no allocation; the paths themselves are owned by their atomic_file. */
#define MAX_PENDING 16
static const char *volatile pending[MAX_PENDING];

static void pending_add(const char *path)
{
  for (int i = 0; i < MAX_PENDING; i++)
    if (!pending[i]) {
      pending[i] = path;
      return;
    }
}

static void pending_remove(const char *path)
{
  for (int i = 0; i < MAX_PENDING; i++)
    if (pending[i] == path)
      pending[i] = NULL;
}

void atomic_file_abort_all_from_signal(void)
{
  for (int i = 0; i < MAX_PENDING; i++)
    if (pending[i])
      unlink(pending[i]);
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
static int rename_no_replace(const char *temp, const char *target)
{
  if (renameat2(AT_FDCWD, temp, AT_FDCWD, target, RENAME_NOREPLACE) == 0)
    return 0;
  if (errno != EINVAL && errno != ENOSYS)
    return -errno;
  if (link(temp, target) == 0)
    return 0;
  if (errno != EPERM && errno != ENOTSUP && errno != ENOSYS)
    return -errno;
  struct stat st;
  if (lstat(target, &st) == 0)
    return -EEXIST;
  return rename(temp, target) == 0 ? 0 : -errno;
}

int atomic_file_open(struct atomic_file *af, const char *target, bool force)
{
  memset(af, 0, sizeof *af);
  af->fd = -1;
  af->force = force;
  struct stat st;
  if (!force && lstat(target, &st) == 0)   /* a dangling link too: commit would not replace it */
    return -EEXIST;
  af->target = strdup(target);
  if (!af->target)
    return -ENOMEM;

  const char *slash = strrchr(target, '/');
  int dir_len = slash ? (int)(slash - target) + 1 : 0;
  const char *base = slash ? slash + 1 : target;
  if (asprintf(&af->temp_path, "%.*s.%s.lector-XXXXXX", dir_len, target, base) < 0) {
    af->temp_path = NULL;
    free(af->target);
    af->target = NULL;
    return -ENOMEM;
  }
  /* The file is registered for the signal handlers before a signal can end the process with
   * it unregistered. */
  sigset_t old_mask;
  stop_signals_hold(&old_mask);
  af->fd = mkostemp(af->temp_path, O_CLOEXEC);
  int rc = af->fd < 0 ? -errno : 0;
  if (!rc)
    pending_add(af->temp_path);
  stop_signals_release(&old_mask);
  if (rc) {
    free(af->temp_path);
    free(af->target);
    af->temp_path = af->target = NULL;
    return rc;
  }
  /* mkostemp creates 0600; an exported file should get the mode any new file would. Should
   * fchmod fail, the file stays 0600: private, which loses nothing. */
  (void)fchmod(af->fd, 0666 & ~process_umask());
  return 0;
}

/* Keeps the temporary file (it holds an old file that could not go back): no longer removed,
 * its name moves to kept_path. */
static void keep_temp(struct atomic_file *af)
{
  pending_remove(af->temp_path);
  af->kept_path = af->temp_path;
  af->temp_path = NULL;
}

void atomic_file_abort(struct atomic_file *af)
{
  if (af->fd >= 0) {
    close(af->fd);
    af->fd = -1;
  }
  if (af->temp_path) {
    unlink(af->temp_path);   /* then unregistered: a signal in between finds nothing left */
    pending_remove(af->temp_path);
    free(af->temp_path);
    af->temp_path = NULL;
  }
  free(af->target);
  af->target = NULL;
}

/* fsyncs and closes the temporary file: the data is then on disk under its temporary name. */
static int flush_temp(struct atomic_file *af)
{
  int rc = 0;
  if (af->fd >= 0) {
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
  if (!af->force)
    /* Fails with EEXIST rather than replacing a file that appeared meanwhile. */
    return rename_no_replace(af->temp_path, af->target);
  if (keep_old) {
    /* An exchange would swap a directory out of sight too: one is never replaced. */
    struct stat st;
    if (lstat(af->target, &st) == 0 && S_ISDIR(st.st_mode))
      return -EISDIR;
    if (renameat2(AT_FDCWD, af->temp_path, AT_FDCWD, af->target, RENAME_EXCHANGE) == 0) {
      *kept_old = true;
      return 0;
    }
    /* ENOENT: there is no old file to keep; EINVAL/ENOSYS: the file system cannot exchange,
     * and the old file is replaced as a plain commit would. */
    if (errno != ENOENT && errno != EINVAL && errno != ENOSYS)
      return -errno;
  }
  return rename(af->temp_path, af->target) == 0 ? 0 : -errno;
}

int atomic_file_commit(struct atomic_file *af)
{
  int rc = flush_temp(af);
  bool kept_old;
  if (!rc)
    rc = place(af, false, &kept_old);
  atomic_file_abort(af);  /* removes the temporary name (or the file, on failure) */
  return rc;
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
  /* No signal may end the process between the two renames, with one file in place alone. */
  sigset_t old_mask;
  stop_signals_hold(&old_mask);

  bool kept_old = false, unused;
  rc = place(first, true, &kept_old);
  if (!rc) {
    rc2 = place(second, false, &unused);
    if (rc2) {
      /* Undo the first: its old file comes back (and the new one goes to the temporary name,
       * removed below), or the file this commit created is removed. */
      if (!kept_old)
        unlink(first->target);
      else if (renameat2(AT_FDCWD, first->temp_path, AT_FDCWD, first->target,
                         RENAME_EXCHANGE) != 0)
        keep_temp(first);   /* the old file stays under the temporary name, not lost */
    }
  }
  /* Removes what is left under the temporary names: the old file after a successful exchange,
   * the new one after a failure. */
  atomic_file_abort(first);
  atomic_file_abort(second);
  stop_signals_release(&old_mask);
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
