/* Small files, paths and trees; see file.h. open(2), nftw(3). */
#include "file.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "trace.h"

int write_all(int fd, const void *data, size_t length)
{
	const char *next = data;

	while (length > 0) {
		ssize_t written = write(fd, next, length);

		if (written < 0 && errno == EAGAIN) {
			struct pollfd out = { .fd = fd, .events = POLLOUT };

			poll(&out, 1, -1);
			continue;
		}
		if (written < 0 && errno == EINTR)
			continue;
		if (written < 0)
			return -1;
		next += written;
		length -= (size_t)written;
	}
	return 0;
}

int write_file(const char *path, const char *text)
{
	char args[700];
	char quoted[2][320];
	size_t length = strlen(text);
	ssize_t written = -1;
	int error = 0;
	int fd = open(path, O_WRONLY | O_CLOEXEC);

	if (fd >= 0) {
		written = write(fd, text, length);
		error = errno;
		if (written >= 0 && (size_t)written != length) {
			written = -1;
			error = EIO;
		}
		close(fd);
	} else {
		error = errno;
	}
	if (!trace_call_needed(written))
		return 0;
	trace_quote(quoted[0], sizeof(quoted[0]), path, 300);
	trace_quote(quoted[1], sizeof(quoted[1]), text, 300);
	snprintf(args, sizeof(args), "%s, %s", quoted[0], quoted[1]);
	return trace_call("write", args, written, error) < 0 ? -1 : 0;
}

int create_file(const char *path, const char *text, mode_t mode)
{
	size_t length = strlen(text);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);

	if (fd < 0) {
		log_errno("create %s", path);
		return -1;
	}
	if (write(fd, text, length) != (ssize_t)length) {
		log_errno("write %s", path);
		close(fd);
		return -1;
	}
	if (close(fd) < 0) {
		log_errno("close %s", path);
		return -1;
	}
	return 0;
}

ssize_t read_file(const char *path, char *buf, size_t size, bool quiet)
{
	size_t used = 0;
	ssize_t got;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		if (!quiet)
			log_errno("open %s", path);
		return -1;
	}
	while (used + 1 < size && (got = read(fd, buf + used, size - 1 - used)) != 0) {
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			if (!quiet)
				log_errno("read %s", path);
			close(fd);
			return -1;
		}
		used += (size_t)got;
	}
	buf[used] = '\0';
	close(fd);
	return (ssize_t)used;
}

int make_directories(const char *path, mode_t mode)
{
	char partial[4096];
	size_t length = strlen(path);

	if (length == 0 || length >= sizeof(partial)) {
		errno = ENAMETOOLONG;
		log_errno("mkdir %s", path);
		return -1;
	}
	memcpy(partial, path, length + 1);
	for (char *slash = strchr(partial + 1, '/');; slash = strchr(slash + 1, '/')) {
		if (slash)
			*slash = '\0';
		if (mkdir(partial, mode) < 0 && errno != EEXIST) {
			log_errno("mkdir %s", partial);
			return -1;
		}
		if (!slash)
			break;
		*slash = '/';
	}
	return 0;
}

static int remove_one(const char *path, const struct stat *info, int kind, struct FTW *where)
{
	(void)info;
	(void)where;
	if (kind == FTW_DP ? rmdir(path) : unlink(path)) {
		if (errno == ENOENT)
			return 0;
		log_errno("remove %s", path);
		return -1;
	}
	return 0;
}

int remove_tree(const char *path)
{
	if (!path_exists(path))
		return 0;
	/* FTW_MOUNT: stay on this filesystem; FTW_PHYS: never follow links. */
	return nftw(path, remove_one, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT) == 0 ? 0 : -1;
}

bool path_exists(const char *path)
{
	struct stat info;

	return lstat(path, &info) == 0;
}

int path_join(char *buf, size_t size, const char *format, ...)
{
	va_list args;
	int length;

	va_start(args, format);
	length = vsnprintf(buf, size, format, args);
	va_end(args);
	if (length < 0 || (size_t)length >= size) {
		errno = ENAMETOOLONG;
		log_errno("path %.40s...", buf);
		return -1;
	}
	return 0;
}
