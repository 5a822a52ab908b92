/* Standard input, output and error, open whatever lector was started with. */
#ifndef LECTOR_UTIL_STD_FDS_H
#define LECTOR_UTIL_STD_FDS_H

/* Opens /dev/null on any of fds 0-2 that is closed (`2>&-`). Otherwise the next file opened
 * (a temporary audio file) would become fd 2, and a warning would be written into it. Call first
 * thing in main(). Returns 0, or a negative errno when /dev/null cannot be opened (then lector
 * must not go on: it would write into its own files). */
int std_fds_ensure(void);

#endif
