/* mydocker stop [-t SECONDS] NAME... and rm [-f] NAME...: SIGTERM, then
 * SIGKILL after the timeout; signals go through a pidfd taken after
 * checking the process's start time, so a PID reused by a stranger is never
 * signalled. rm removes the record, the log, the layer and any cgroup left.
 * pidfd_open(2), pidfd_send_signal(2). */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "containers.h"
#include "file.h"
#include "log.h"
#include "process.h"
#include "size.h"
#include "trace.h"

/* A pidfd for exactly this process, or -1 when it is gone. The start time
 * is checked after pidfd_open: from then on the pidfd cannot name another. */
static int open_process(const struct process_identity *identity)
{
	int fd = identity->pid > 0 ? (int)syscall(SYS_pidfd_open, identity->pid, 0) : -1;

	if (fd >= 0 && !process_is_alive(identity)) {
		close(fd);
		fd = -1;
	}
	return fd;
}

bool wait_for_process_end(const struct process_identity *identity, int milliseconds)
{
	int fd = open_process(identity);
	struct pollfd polled = { .fd = fd, .events = POLLIN };
	int ready;

	if (fd < 0)
		return true;
	while ((ready = poll(&polled, 1, milliseconds)) < 0 && errno == EINTR)
		;
	close(fd);
	return ready > 0;
}

static int send_signal(int pidfd, int signal_number, pid_t pid)
{
	char args[64];
	int result = (int)syscall(SYS_pidfd_send_signal, pidfd, signal_number, NULL, 0);

	snprintf(args, sizeof(args), "pidfd of %d, SIG%s", (int)pid, sigabbrev_np(signal_number));
	k_expect_failure(); /* ESRCH: it ended meanwhile */
	return (int)trace_call("pidfd_send_signal", args, result, errno);
}

int stop_container(const char *root, const struct record *record, int timeout_seconds)
{
	int pidfd = open_process(&record->init);
	struct record ended;

	if (pidfd >= 0) {
		send_signal(pidfd, SIGTERM, record->init.pid);
		if (!wait_for_process_end(&record->init, timeout_seconds * 1000)) {
			if (timeout_seconds > 0)
				say("%s did not end within %d s of SIGTERM: SIGKILL", record->name, timeout_seconds);
			send_signal(pidfd, SIGKILL, record->init.pid);
			wait_for_process_end(&record->init, 5000);
		}
		close(pidfd);
	}
	/* Its monitor records how it ended and removes its cgroup. */
	if (wait_for_process_end(&record->monitor, 5000) && record_load(root, record->name, &ended, true) == 0) {
		if (ended.status == STATUS_RUNNING) {
			/* No monitor left to say: mark it ourselves. */
			ended.status = STATUS_EXITED;
			ended.exit_code = -1;
			record_save(root, &ended);
		}
		record_free(&ended);
	}
	return process_is_alive(&record->init) ? -1 : 0;
}

/* The flags and the containers named after them, for stop and rm. */
static int each_named(struct mydocker *mydocker, int argc, char **argv, int first,
		      int (*act)(struct mydocker *, struct record *, const char *), const char *option)
{
	int failed = 0;

	for (int i = first; i < argc; i++) {
		char name[CONTAINER_NAME_MAX + 1];
		struct record record;

		if (record_find(mydocker->root, argv[i], name, sizeof(name)) < 0 ||
		    record_load(mydocker->root, name, &record, false) < 0) {
			failed = 1;
			continue;
		}
		if (act(mydocker, &record, option) < 0)
			failed = 1;
		else
			printf("%s\n", argv[i]);
		record_free(&record);
	}
	return failed;
}

static int stop_one(struct mydocker *mydocker, struct record *record, const char *timeout)
{
	return stop_container(mydocker->root, record, atoi(timeout));
}

int command_stop(struct mydocker *mydocker, int argc, char **argv)
{
	bool seen[2] = { false, false };
	const char *values[2] = { "10", NULL };
	long long seconds;
	const char *why;
	int first = parse_flags(argc, argv, "th", "t", seen, values);

	if (first < 0 || seen[1] || first >= argc) {
		fprintf(seen[1] ? stdout : stderr, "usage: mydocker stop [-t SECONDS] NAME...\n"
			"SIGTERM, then SIGKILL after SECONDS (default 10).\n");
		return seen[1] ? 0 : 2;
	}
	if (parse_number(values[0], 0, 3600, &seconds, &why) < 0) {
		log_error("-t %s: %s", values[0], why);
		return 2;
	}
	return each_named(mydocker, argc, argv, first, stop_one, values[0]);
}

/* A start in progress holds the container's lock (run.c,
 * step_lock_while_starting) until it has started or undone all it made.
 * Until its record is written its directory looks like a crashed start's
 * (broken, nothing to stop), and after, the start still makes cgroups:
 * removing the directory under it left a container, or its devices cgroup,
 * that no record names. So rm waits for the end of the start, then reads
 * the record again. */
static int wait_for_start_then_reload(struct mydocker *mydocker, struct record *record)
{
	char name[CONTAINER_NAME_MAX + 1];

	snprintf(name, sizeof(name), "%s", record->name);
	if (wait_until_started(mydocker->root, name) < 0)
		return -1;
	record_free(record);
	return record_load(mydocker->root, name, record, false);
}

static int remove_one(struct mydocker *mydocker, struct record *record, const char *force)
{
	char directory[PATH_MAX];

	if (wait_for_start_then_reload(mydocker, record) < 0)
		return -1;
	if (record_live_status(record) == STATUS_RUNNING) {
		if (!force) {
			log_error("%s is running: stop it first, or rm -f", record->name);
			return -1;
		}
		if (stop_container(mydocker->root, record, 0) < 0)
			return -1;
	}
	/* Its monitor releases what it held; if the monitor is gone, we do. */
	wait_for_process_end(&record->monitor, 5000);
	if (mydocker->flavor->release)
		mydocker->flavor->release(mydocker, record);
	if (path_join(directory, sizeof(directory), "%s/containers/%s", mydocker->root, record->name) < 0)
		return -1;
	/* remove_tree never crosses into a mount: a volume's files are safe. */
	return store_remove_tree(directory);
}

int command_rm(struct mydocker *mydocker, int argc, char **argv)
{
	bool seen[2] = { false, false };
	const char *values[2] = { NULL, NULL };
	int first = parse_flags(argc, argv, "fh", "", seen, values);

	if (first < 0 || seen[1] || first >= argc) {
		fprintf(seen[1] ? stdout : stderr, "usage: mydocker rm [-f] NAME...\n"
			"Removes containers: record, log, layer, cgroup. -f: stop running ones first.\n");
		return seen[1] ? 0 : 2;
	}
	return each_named(mydocker, argc, argv, first, remove_one, seen[0] ? "force" : NULL);
}
