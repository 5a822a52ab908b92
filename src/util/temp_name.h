/* The names of lector's temporary files beside a target NAME: `.NAME.lector-PID-XXXXXX`.
 *
 * NAME is shortened (to whole bytes; Linux names are bytes) so that the whole name fits
 * NAME_MAX: a valid 255-byte target still gets a temporary file. The PID says which process
 * created it, so that one killed before it could clean up (SIGKILL, a power cut is another
 * story) has its leftovers removed by the next process writing the same target. */
#ifndef LECTOR_UTIL_TEMP_NAME_H
#define LECTOR_UTIL_TEMP_NAME_H

#include <limits.h>
#include <stdbool.h>
#include <sys/types.h>

#define TEMP_NAME_SIZE (NAME_MAX + 1)

/* Creates a new temporary file for `name` in dir_fd (O_EXCL, mode 0600, O_CLOEXEC), its name in
 * out. Returns the descriptor or a negative errno. */
int temp_name_create(int dir_fd, const char *name, char out[TEMP_NAME_SIZE]);

/* The PID in a temporary name made for `name`, or 0 when `entry` is not one. */
pid_t temp_name_owner(const char *entry, const char *name);

/* Removes the temporaries for `name` in dir_fd whose process no longer exists: regular files
 * owned by this user only. Returns how many were removed. */
int temp_name_remove_stale(int dir_fd, const char *name);

/* Opens the directory that holds target ("DIR/" names DIR; a bare name is in ".") into
 * *parent_fd and gives target's last component, malloc'd, in *name: where its temporaries go.
 * Returns 0 or a negative errno (nothing left open). */
int temp_name_open_parent(const char *target, int *parent_fd, char **name);

#endif
