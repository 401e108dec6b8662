/* mydocker logs [-f] NAME: what a detached container wrote to its stdout
 * and stderr; -f follows the log until the container ends (inotify tells
 * when it grows, a pidfd when the monitor is gone). inotify(7). */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <sys/inotify.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "containers.h"
#include "file.h"
#include "log.h"

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

/* Until the monitor (which outlives the container) has ended. */
static int follow(int log_fd, const char *path, const struct record *record)
{
	int watch = inotify_init1(IN_CLOEXEC);
	int pidfd = (int)syscall(SYS_pidfd_open, record->monitor.pid, 0);
	struct pollfd polled[2] = { { .fd = watch, .events = POLLIN }, { .fd = pidfd, .events = POLLIN } };
	char events[4096];
	int result = -1;

	if (watch < 0 || inotify_add_watch(watch, path, IN_MODIFY) < 0) {
		log_errno("watch %s", path);
		goto out;
	}
	if (pidfd < 0 || !process_is_alive(&record->monitor)) {
		result = copy_new(log_fd);
		goto out;
	}
	for (;;) {
		if (copy_new(log_fd) < 0)
			goto out;
		if (poll(polled, 2, -1) < 0 && errno != EINTR)
			goto out;
		if (polled[0].revents & POLLIN && read(watch, events, sizeof(events)) < 0)
			goto out;
		if (polled[1].revents & POLLIN) {
			result = copy_new(log_fd);
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

int command_logs(struct mydocker *mydocker, int argc, char **argv)
{
	bool seen[2] = { false, false };
	const char *values[2] = { NULL, NULL };
	int first = parse_flags(argc, argv, "fh", "", seen, values);
	char name[CONTAINER_NAME_MAX + 1], path[PATH_MAX];
	struct record record;
	int log_fd, result;

	if (first < 0 || seen[1] || first != argc - 1) {
		fprintf(seen[1] ? stdout : stderr, "usage: mydocker logs [-f] NAME\n"
			"Prints what a detached container wrote; -f follows until it ends.\n");
		return seen[1] ? 0 : 2;
	}
	if (record_find(mydocker->root, argv[first], name, sizeof(name)) < 0 ||
	    record_load(mydocker->root, name, &record, false) < 0)
		return 1;
	if (path_join(path, sizeof(path), "%s/containers/%s/container.log", mydocker->root, name) < 0)
		goto failed;
	log_fd = open(path, O_RDONLY | O_CLOEXEC);
	if (log_fd < 0) {
		log_error("%s has no log: only detached containers (-d) keep one", name);
		goto failed;
	}
	result = seen[0] ? follow(log_fd, path, &record) : copy_new(log_fd);
	close(log_fd);
	record_free(&record);
	return result < 0 ? 1 : 0;
failed:
	record_free(&record);
	return 1;
}
