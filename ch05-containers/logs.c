/* mydocker logs [-f] NAME: what a detached container wrote to its stdout
 * and stderr, across the files its monitor rotated (container.log.2,
 * container.log.1, container.log: oldest first); -f follows the log until
 * the container ends, across rotations too (inotify tells when the
 * directory changes, a pidfd when the monitor is gone). inotify(7). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "containers.h"
#include "file.h"
#include "log.h"

/* More than any --log-max-files allows. */
enum { MAX_LOG_FILES = 128 };

/* Copies what the log holds past where we are; -1 on error. */
static int copy_new(int log_fd)
{
	char buffer[65536];
	ssize_t got;

	while ((got = read(log_fd, buffer, sizeof(buffer))) > 0)
		if (fwrite(buffer, 1, (size_t)got, stdout) != (size_t)got)
			return -1;
	fflush(stdout);
	return got < 0 ? -1 : 0;
}

static bool same_file(int fd, const struct stat *other)
{
	struct stat status;

	return fstat(fd, &status) == 0 && status.st_dev == other->st_dev && status.st_ino == other->st_ino;
}

/* Opens the log's files, newest first: a rotation between two opens
 * shows the same file under the next name, which is then skipped. Fills
 * fds oldest first; returns how many (0: no log at all). */
static int open_log_files(const char *path, int *fds)
{
	int opened[MAX_LOG_FILES], count = 0;
	char file[PATH_MAX + 16];

	for (int index = 0; index < MAX_LOG_FILES; index++) {
		struct stat status;
		bool seen = false;
		int fd;

		if (rotating_log_file(path, index, file, sizeof(file)) < 0 || (fd = open(file, O_RDONLY | O_CLOEXEC)) < 0)
			break;
		for (int i = 0; i < count && fstat(fd, &status) == 0 && !seen; i++)
			seen = same_file(opened[i], &status);
		if (seen) {
			close(fd);
			continue;
		}
		opened[count++] = fd;
	}
	for (int i = 0; i < count; i++)
		fds[i] = opened[count - 1 - i];
	return count;
}

/* The file written after the one fd reads, once the monitor rotated it:
 * the next newer name than the one it has now (FILE.2 -> FILE.1 -> FILE). */
static int open_next(const char *path, int fd)
{
	char file[PATH_MAX + 16];
	int next = 0; /* not found (rotated out already): the current file */

	for (int index = 1; index < MAX_LOG_FILES; index++) {
		struct stat status;

		if (rotating_log_file(path, index, file, sizeof(file)) < 0 || stat(file, &status) < 0)
			break;
		if (same_file(fd, &status)) {
			next = index - 1;
			break;
		}
	}
	if (rotating_log_file(path, next, file, sizeof(file)) < 0)
		return -1;
	return open(file, O_RDONLY | O_CLOEXEC);
}

/* Whether path (the current file) is no longer the one fd reads. */
static bool rotated(const char *path, int fd)
{
	struct stat status;

	return stat(path, &status) == 0 && !same_file(fd, &status);
}

/* Copies the rest of *log_fd, and of every file written after it. */
static int copy_across_rotations(const char *path, int *log_fd)
{
	while (rotated(path, *log_fd)) {
		/* The monitor renames a file only once it is done with it. */
		int next;

		if (copy_new(*log_fd) < 0 || (next = open_next(path, *log_fd)) < 0)
			return -1;
		close(*log_fd);
		*log_fd = next;
	}
	return copy_new(*log_fd);
}

/* Until the monitor (which outlives the container) has ended. */
static int follow(int *log_fd, const char *directory, const char *path, const struct record *record)
{
	int watch = inotify_init1(IN_CLOEXEC);
	int pidfd = (int)syscall(SYS_pidfd_open, record->monitor.pid, 0);
	struct pollfd polled[2] = { { .fd = watch, .events = POLLIN }, { .fd = pidfd, .events = POLLIN } };
	char events[4096];
	int result = -1;

	/* The directory: the log grows, or a new one replaces it. */
	if (watch < 0 || inotify_add_watch(watch, directory, IN_MODIFY | IN_CREATE | IN_MOVED_TO) < 0) {
		log_errno("watch %s", directory);
		goto out;
	}
	if (pidfd < 0 || !process_is_alive(&record->monitor)) {
		result = copy_across_rotations(path, log_fd);
		goto out;
	}
	for (;;) {
		if (copy_across_rotations(path, log_fd) < 0)
			goto out;
		if (poll(polled, 2, -1) < 0 && errno != EINTR)
			goto out;
		if (polled[0].revents & POLLIN && read(watch, events, sizeof(events)) < 0)
			goto out;
		if (polled[1].revents & POLLIN) {
			result = copy_across_rotations(path, log_fd);
			goto out;
		}
	}
out:
	if (watch >= 0)
		close(watch);
	if (pidfd >= 0)
		close(pidfd);
	return result;
}

/* Every file oldest first; -f: the newest is then followed. */
static int print_log(const char *directory, bool follow_it, const struct record *record)
{
	char path[PATH_MAX];
	int fds[MAX_LOG_FILES];
	int count, result = 0;

	if (path_join(path, sizeof(path), "%s/container.log", directory) < 0)
		return -1;
	count = open_log_files(path, fds);
	if (count == 0) {
		log_error("%s has no log: only detached containers (-d) keep one", record->name);
		return -1;
	}
	for (int i = 0; i < count - 1; i++) {
		if (result == 0)
			result = copy_new(fds[i]);
		close(fds[i]);
	}
	if (result == 0)
		result = follow_it ? follow(&fds[count - 1], directory, path, record)
				   : copy_across_rotations(path, &fds[count - 1]);
	close(fds[count - 1]);
	return result;
}

int command_logs(struct mydocker *mydocker, int argc, char **argv)
{
	bool seen[2] = { false, false };
	const char *values[2] = { NULL, NULL };
	int first = parse_flags(argc, argv, "fh", "", seen, values);
	char name[CONTAINER_NAME_MAX + 1], directory[PATH_MAX];
	struct record record;
	int result = -1;

	if (first < 0 || seen[1] || first != argc - 1) {
		fprintf(seen[1] ? stdout : stderr, "usage: mydocker logs [-f] NAME\n"
			"Prints what a detached container wrote, across its rotated log files; -f follows until it ends.\n");
		return seen[1] ? 0 : 2;
	}
	if (record_find(mydocker->root, argv[first], name, sizeof(name)) < 0 ||
	    record_load(mydocker->root, name, &record, false) < 0)
		return 1;
	if (path_join(directory, sizeof(directory), "%s/containers/%s", mydocker->root, name) == 0)
		result = print_log(directory, seen[0], &record);
	record_free(&record);
	return result < 0 ? 1 : 0;
}
