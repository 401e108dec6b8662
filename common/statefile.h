/* State on disk that two runtimes may touch at once: a lock (flock(2)) taken
 * around every read-modify-write, and files replaced whole (rename(2)), so a
 * reader sees the old text or the new, never half of one. */
#ifndef MYDOCKER_STATEFILE_H
#define MYDOCKER_STATEFILE_H

#include <sys/types.h>

/* Opens (creating it, 0600) lock_path and takes an exclusive flock on it,
 * waiting for the holder. Returns the fd (O_CLOEXEC), or -1, reported. */
int state_lock(const char *lock_path);

/* The same with a shared flock: many holders at once, none while an
 * exclusive holder has it (readers, or steps that only add their own part). */
int state_lock_shared(const char *lock_path);

/* Releases the lock (closing the fd); -1 is ignored. */
void state_unlock(int fd);

/* Writes length bytes to a temp file in path's directory, fsyncs it,
 * renames it over path and fsyncs the directory. Returns 0 or -1 (reported,
 * the temp file removed). */
int write_bytes_atomically(const char *path, const void *bytes, size_t length, mode_t mode);

/* The same for text. */
int write_file_atomically(const char *path, const char *text, mode_t mode);

#endif
