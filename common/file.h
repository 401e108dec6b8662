/* Small files, paths and trees, with errors that name the path. */
#ifndef MYDOCKER_FILE_H
#define MYDOCKER_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* Writes text to an existing kernel file (/proc/PID/uid_map, a cgroup's
 * memory.max) in one write(2), traced as write("path", "text") = n. */
int write_file(const char *path, const char *text);

/* write(2) until all of data is through (it may take less, on a pipe
 * above PIPE_BUF in particular), through EINTR, and EAGAIN on a
 * descriptor someone made non-blocking (poll(2) waits). 0, or -1 with
 * errno (not reported: the caller names the object). */
int write_all(int fd, const void *data, size_t length);

/* Creates or truncates an ordinary file with text in it. */
int create_file(const char *path, const char *text, mode_t mode);

/* Reads at most size-1 bytes and terminates them; returns the length read,
 * or -1 (reported unless quiet). */
ssize_t read_file(const char *path, char *buf, size_t size, bool quiet);

/* mkdir -p: makes the missing directories of path with mode. */
int make_directories(const char *path, mode_t mode);

/* rm -rf that stays on path's filesystem: it never descends into another
 * mount (a volume still bind-mounted inside is left alone). A missing path
 * is not an error. */
int remove_tree(const char *path);

/* True when path exists (lstat). */
bool path_exists(const char *path);

/* snprintf that fails (-1, ENAMETOOLONG, reported) instead of cutting. */
int path_join(char *buf, size_t size, const char *format, ...) __attribute__((format(printf, 3, 4)));

#endif
