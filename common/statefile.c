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
