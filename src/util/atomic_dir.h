/* A directory of files that appears whole or not at all: the files are written into a temporary
 * directory beside the target (`.NAME.lector-PID-XXXXXX`, util/temp_name.h; those of a process
 * that is gone are removed on open), which commit renames into place.
 * The directory holds files only (no subdirectories). Without force an existing target is never
 * replaced; with force it is exchanged with the new one and then removed, but only when it is
 * empty or holds only files (a directory of directories is no book lector wrote). */
#ifndef LECTOR_UTIL_ATOMIC_DIR_H
#define LECTOR_UTIL_ATOMIC_DIR_H

#include <stdbool.h>

struct atomic_dir {
  int parent_fd;   /* the target's parent; -1 when closed */
  int fd;          /* the temporary directory, to write into with openat; -1 when closed */
  char *name;      /* owned: the target's name in parent_fd */
  char *temp_name; /* owned: the temporary directory's name in parent_fd; NULL once gone */
  bool force;
};

/* Creates the temporary directory. -EEXIST when the target exists and !force. */
int atomic_dir_open(struct atomic_dir *ad, const char *target, bool force);
/* fsyncs the files and renames the directory into place. On failure it is removed. */
int atomic_dir_commit(struct atomic_dir *ad);
/* Removes the temporary directory and its files. Safe after commit (does nothing then). */
void atomic_dir_abort(struct atomic_dir *ad);
/* Async-signal-safe: removes the temporary directory of the one atomic_dir open in this process,
 * if any. For the handler of a signal that then exits. */
void atomic_dir_abort_from_signal(void);

#endif
