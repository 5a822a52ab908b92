/* Writing a file so that it appears whole or not at all.
 *
 * The data goes to a temporary file in the target's directory; commit renames it into place,
 * abort removes it. Without `force`, an existing target is never replaced: commit fails with
 * -EEXIST and the temporary file is removed. With `force`, the file replaced keeps its mode and
 * group (as cp and sed -i do); a new file gets the mode the umask gives.
 *
 * The directory is held open from open to commit, and every step names files relative to it:
 * renaming the folder meanwhile moves the export with it instead of stranding the temporary
 * file. The temporary name, `.NAME.lector-PID-XXXXXX` (NAME shortened so that it fits
 * NAME_MAX), carries the creating process: a later open for the same target removes the
 * temporaries whose process is gone (one killed with SIGKILL). */
#ifndef LECTOR_UTIL_ATOMIC_FILE_H
#define LECTOR_UTIL_ATOMIC_FILE_H

#include <stdbool.h>
#include <stddef.h>

struct atomic_file {
  char *target;     /* owned: the path as given */
  char *temp_path;  /* owned; a path that opens the temporary file (through the directory
                     * descriptor when /proc allows); NULL once committed or aborted */
  char *kept_path;  /* owned; set when commit_both could not put an old file back: where it is */
  int fd;           /* open on the temporary file; -1 once closed */
  bool force;
  int dir_fd;       /* the target's directory; -1 once closed */
  char *name;       /* owned: the target's name in dir_fd */
  char *temp_name;  /* owned: the temporary file's name in dir_fd */
};

/* Reads the process umask for the files created later, which get the mode any new file would.
 * umask(2) can only be read by setting it, so call this while the process has one thread. */
void atomic_file_learn_umask(void);

/* Creates the temporary file. Fails early with -EEXIST when the target exists and !force, and
 * with -EISDIR when it is a directory. */
int atomic_file_open(struct atomic_file *af, const char *target, bool force);
/* fsyncs, closes and renames into place. On failure the temporary file is removed. */
int atomic_file_commit(struct atomic_file *af);
/* Commits two files so that both land or neither does: if the second cannot be put in place,
 * the first is undone (an old file it replaced is put back, by an exchange where the file
 * system allows one). Both are closed afterwards, whatever the result; on failure
 * *first_failed tells which of the two the error is about, and should the old file of the
 * first not go back, first->kept_path says where it was left (free it). The two directories
 * are locked (flock) meanwhile, so that two processes committing the same pair cannot
 * interleave and leave the first file of one beside the second of the other. */
int atomic_file_commit_both(struct atomic_file *first, struct atomic_file *second,
                            bool *first_failed);
/* Closes and removes the temporary file. Safe to call after commit (then it does nothing). */
void atomic_file_abort(struct atomic_file *af);

/* Writes len bytes of data to path atomically (open, write, commit). */
int atomic_file_write(const char *path, const void *data, size_t len, bool force);

/* Async-signal-safe: removes every temporary file still open in this process. For SIGINT and
 * SIGTERM handlers, which then exit. */
void atomic_file_abort_all_from_signal(void);

#endif
