/* Keeps a file that is being written on its way to the disk, so that the fsync before it is
 * renamed into place (util/atomic_file) finds nothing left to do. On ext4 that fsync cost
 * 35-45 ms of a WAV export's end for 66 MB even when every byte had already been written back
 * (sync_file_range): what it waits for is the journal commit of the allocations. Committed
 * every few MB by a thread of its own (fdatasync waits for the disk, it uses little CPU), the
 * final fsync takes under a millisecond. */
#ifndef LECTOR_EXPORT_WRITEBACK_H
#define LECTOR_EXPORT_WRITEBACK_H

struct writeback;

/* Starts the thread for fd (borrowed). Returns 0 or a negative errno; *out is NULL then, and
 * the file is only synced by its owner. */
int writeback_start(struct writeback **out, int fd);

/* Asks for a sync of what has been written so far; returns at once. Requests made while a
 * sync is running are served by one more sync. */
void writeback_kick(struct writeback *wb);

/* Waits for a running sync, ends the thread and frees wb (NULL: nothing). Returns 0, or the
 * negative errno of the first failed sync: an error a sync reports is not reported again to
 * the next one on the same file, so it must not be lost here. */
int writeback_stop(struct writeback *wb);

#endif
