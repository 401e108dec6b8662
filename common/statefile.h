/* State on disk that two runtimes may touch at once: a lock (flock(2)) taken
 * around every read-modify-write, and files replaced whole (rename(2)), so a
 * reader sees the old text or the new, never half of one. */
#ifndef MYDOCKER_STATEFILE_H
#define MYDOCKER_STATEFILE_H

#include <stdbool.h>
#include <sys/stat.h>
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

/* The state root holds what containers run from: whoever else can write
 * it, or rename a directory above it, can plant an image or swap a record
 * for a symbolic link. Why a directory met on the way to the state root is
 * unsafe for caller, or NULL: the root itself (last) must be the caller's
 * own directory, not a symbolic link, writable by no one else; a directory
 * above must be root's or the caller's and writable by no one else unless
 * sticky (as /tmp: others cannot rename what is not theirs). Pure. */
const char *state_directory_problem(const struct stat *info, uid_t caller, bool last);

/* Walks root from "/" once, one O_PATH|O_NOFOLLOW descriptor per component
 * (fstat, never the path twice), checking each as above and making a
 * missing one 0700 only once all before it passed. A symbolic link above
 * the root is followed when root or the caller owns it. 0, or -1 with one
 * line naming the directory and the reason (nothing made). */
int state_root_make_private(const char *root);

#endif
