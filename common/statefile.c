/* Locked, atomic state files; see statefile.h. flock(2), rename(2),
 * fsync(2): a crash leaves the old file or the new one, never a mix. */
#include "statefile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "trace.h"

static int lock_with(const char *lock_path, int operation)
{
	int fd = open(lock_path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);

	if (fd < 0) {
		log_errno("open lock %s", lock_path);
		return -1;
	}
	while (flock(fd, operation) < 0) {
		if (errno == EINTR)
			continue;
		log_errno("flock %s", lock_path);
		close(fd);
		return -1;
	}
	return fd;
}

int state_lock(const char *lock_path)
{
	return lock_with(lock_path, LOCK_EX);
}

int state_lock_shared(const char *lock_path)
{
	return lock_with(lock_path, LOCK_SH);
}

void state_unlock(int fd)
{
	/* Closing the last fd of the open file description drops the flock. */
	if (fd >= 0)
		close(fd);
}

/* A rename is durable only once the directory holding it is synced. */
static int sync_directory_of(const char *path)
{
	char copy[PATH_MAX];
	int fd;
	int result;

	if (path_join(copy, sizeof(copy), "%s", path) < 0)
		return -1;
	fd = open(dirname(copy), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		log_errno("open directory of %s", path);
		return -1;
	}
	result = fsync(fd);
	if (result < 0)
		log_errno("fsync directory of %s", path);
	close(fd);
	return result;
}

/* durable: fsync the file before the rename and the directory after. */
static int replace_file(const char *path, const void *bytes, size_t length, mode_t mode, bool durable)
{
	char temp[PATH_MAX];
	int fd;

	if (path_join(temp, sizeof(temp), "%s.tmp.%d", path, (int)getpid()) < 0)
		return -1;
	fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
	if (fd < 0) {
		log_errno("create %s", temp);
		return -1;
	}
	if (write_all(fd, bytes, length) < 0 || (durable && fsync(fd) < 0)) {
		log_errno("write %s", temp);
		goto failed;
	}
	if (close(fd) < 0) {
		fd = -1;
		log_errno("close %s", temp);
		goto failed;
	}
	fd = -1;
	if (rename(temp, path) < 0) {
		log_errno("rename %s to %s", temp, path);
		goto failed;
	}
	return durable ? sync_directory_of(path) : 0;
failed:
	if (fd >= 0)
		close(fd);
	unlink(temp);
	return -1;
}

int write_bytes_atomically(const char *path, const void *bytes, size_t length, mode_t mode)
{
	return replace_file(path, bytes, length, mode, true);
}

int write_file_atomically(const char *path, const char *text, mode_t mode)
{
	return write_bytes_atomically(path, text, strlen(text), mode);
}

const char *state_directory_problem(const struct stat *info, uid_t caller, bool last)
{
	if (S_ISLNK(info->st_mode))
		return last ? "is a symbolic link (give the directory itself)" : "is a symbolic link of another user";
	if (!S_ISDIR(info->st_mode))
		return "is not a directory";
	if (last && info->st_uid != caller)
		return "is owned by another user (the state root must be your own directory)";
	if (!last && info->st_uid != caller && info->st_uid != 0)
		return "is owned by another user (every directory above the state root must be root's or yours)";
	if (!last && (info->st_mode & S_ISVTX))
		return NULL;
	if (info->st_mode & S_IWOTH)
		return "is writable by others (chmod o-w)";
	if (info->st_mode & S_IWGRP)
		return "is writable by its group (chmod g-w)";
	return NULL;
}

/* fd with its stat in *info, or -1 (fd closed) when fstat fails. */
static int with_stat(int fd, struct stat *info)
{
	if (fd >= 0 && fstat(fd, info) < 0) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Opens name in directory without following a link, making it (0700) when
 * missing; a link above the root that root or the caller owns is followed. */
static int open_component(int directory, const char *name, bool last, struct stat *info)
{
	int fd = openat(directory, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);

	if (fd < 0 && errno == ENOENT && (mkdirat(directory, name, 0700) == 0 || errno == EEXIST))
		fd = openat(directory, name, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	fd = with_stat(fd, info);
	if (fd >= 0 && S_ISLNK(info->st_mode) && !last && (info->st_uid == 0 || info->st_uid == geteuid())) {
		close(fd);
		fd = with_stat(openat(directory, name, O_PATH | O_DIRECTORY | O_CLOEXEC), info);
	}
	return fd;
}

/* One step of the walk: *directory becomes its child name (walked is the
 * path so far, for the message), checked. 0 or -1 (reported). */
static int step_into(int *directory, const char *root, const char *walked, const char *name, bool last)
{
	const char *problem;
	struct stat info;
	int child;

	if (strcmp(name, "..") == 0 || strcmp(name, ".") == 0) {
		log_error("the state root %s: give it without '.' or '..'", root);
		return -1;
	}
	child = open_component(*directory, name, last, &info);
	if (child < 0) {
		log_errno("the state root %s: open %s", root, walked);
		return -1;
	}
	close(*directory);
	*directory = child;
	problem = state_directory_problem(&info, geteuid(), last);
	if (problem && last)
		log_error("refusing the state root %s: it %s", root, problem);
	else if (problem)
		log_error("refusing the state root %s: %s above it %s", root, walked, problem);
	return problem ? -1 : 0;
}

int state_root_make_private(const char *root)
{
	char walked[PATH_MAX] = "", copy[PATH_MAX];
	char *save = NULL, *name, *next;
	int directory = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
	int result = -1;

	if (directory < 0 || path_join(copy, sizeof(copy), "%s", root) < 0) {
		log_errno("the state root %s", root);
		goto out;
	}
	for (name = strtok_r(copy, "/", &save); name; name = next) {
		next = strtok_r(NULL, "/", &save);
		snprintf(walked + strlen(walked), sizeof(walked) - strlen(walked), "/%s", name);
		if (step_into(&directory, root, walked, name, !next) < 0)
			goto out;
	}
	trace_note("the state root %s: walked from / by O_PATH|O_NOFOLLOW descriptors, yours alone", root);
	result = 0;
out:
	if (directory >= 0)
		close(directory);
	return result;
}
