/* mydocker exec [-i] [-t] NAME COMMAND...: a new process inside a running
 * container: it joins the container's cgroup and every one of its
 * namespaces with setns(2) -- the user namespace first, since it grants the
 * rights to join the others; the mount namespace last -- then forks, so the
 * child lands in the PID namespace too, and runs COMMAND with the
 * container's environment. The book needed a cgo constructor for this: Go's
 * runtime is multi-threaded by then, and a threaded process cannot join a
 * mount namespace (EINVAL). A C program is one thread: no such problem.
 * setns(2), namespaces(7). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "cgroup.h"
#include "containers.h"
#include "devices.h"
#include "log.h"
#include "namespaces.h"
#include "process.h"
#include "relay.h"
#include "rootless.h"
#include "security.h"
#include "systemd.h"
#include "terminal.h"
#include "trace.h"

struct joined {
	int fds[8];
	int types[8];
	char paths[8][64];
	int count;
};

/* Opens every namespace of pid that differs from ours, in the table's
 * order (user first), and mnt moved to the end. */
static int open_namespaces(pid_t pid, struct joined *joined)
{
	const struct namespace_kind *mount = NULL;

	for (const struct namespace_kind *kind = namespace_kinds; kind->name; kind++) {
		char ours[64], theirs[64];

		if (kind->flag == CLONE_NEWNS) {
			mount = kind;
			continue;
		}
		if (namespace_identity(0, kind->name, ours, sizeof(ours)) < 0 ||
		    namespace_identity(pid, kind->name, theirs, sizeof(theirs)) < 0)
			return -1;
		if (strcmp(ours, theirs) == 0)
			continue;
		snprintf(joined->paths[joined->count], sizeof(joined->paths[0]), "/proc/%d/ns/%s", (int)pid, kind->name);
		joined->types[joined->count++] = (int)kind->flag;
	}
	snprintf(joined->paths[joined->count], sizeof(joined->paths[0]), "/proc/%d/ns/%s", (int)pid, mount->name);
	joined->types[joined->count++] = CLONE_NEWNS;
	/* All opened before any is joined: once in the mount namespace, the
	 * host's /proc is gone. */
	for (int i = 0; i < joined->count; i++) {
		joined->fds[i] = open(joined->paths[i], O_RDONLY | O_CLOEXEC);
		if (joined->fds[i] < 0) {
			log_errno("open %s", joined->paths[i]);
			return -1;
		}
	}
	return 0;
}

static int join_namespaces(struct joined *joined)
{
	for (int i = 0; i < joined->count; i++) {
		if (k_setns(joined->fds[i], joined->types[i], joined->paths[i]) < 0)
			return -1;
		close(joined->fds[i]);
		joined->fds[i] = -1;
	}
	return 0;
}

/* The child: in the PID namespace now; its terminal or its pipes (a
 * session of its own either way), then the command. */
static int start_command(const struct record *record, struct terminal *terminal, const struct stdio_pipes *pipes,
			 bool interactive, char **command)
{
	if (terminal->master_fd >= 0 ? terminal_attach(terminal) < 0 : stdio_pipes_attach(pipes) < 0)
		return EXIT_RUNTIME_FAILED;
	if (!interactive && terminal->master_fd < 0) {
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

		if (null < 0 || dup2(null, STDIN_FILENO) < 0)
			return EXIT_RUNTIME_FAILED;
	}
	if (k_chdir("/") < 0)
		return EXIT_RUNTIME_FAILED;
	if (close_range(3, ~0U, 0) < 0) {
		log_errno("close_range");
		return EXIT_RUNTIME_FAILED;
	}
	return exec_command(command, (char **)record->env);
}

/* Without -t: the command's stdio relayed until it ends; the signals
 * sent to us go to it (it is in a session of its own: the caller's
 * terminal's ^C reaches us only). */
static void relay_command(struct stdio_pipes *pipes, pid_t child, int signal_fd)
{
	struct relay relay = { .pipes = pipes, .stdin_fd = pipes->ours[0] >= 0 ? STDIN_FILENO : -1,
			       .sinks = { { .fd = STDOUT_FILENO }, { .fd = STDERR_FILENO } },
			       .until_fd = relay_pidfd(child), .drain = true, .signal_fd = signal_fd,
			       .forward_to = child };

	stdio_pipes_close_container_ends(pipes);
	if (relay.until_fd < 0)
		return;
	relay_run(&relay);
	close(relay.until_fd);
}

/* The container's cgroup: on v2, the one its init is in, whoever made it
 * (a systemd scope, or mydocker); on v1, the groups named in the record. */
static struct cgroup *container_cgroup(const struct record *record)
{
	char directory[1024];

	if (cgroup_of_process(record->init.pid, directory, sizeof(directory)) == 0)
		return cgroup_open_path(directory);
	return cgroup_open(record->cgroup);
}

/* Root writes cgroup.procs; a user asks its systemd (systemd.h). */
static int join_cgroup(const struct record *record, struct cgroup *group)
{
	if (rootless() && systemd_running())
		return systemd_scope_attach(record->cgroup, getpid());
	return cgroup_add_process(group, getpid());
}

static int enter(struct mydocker *mydocker, const struct record *record, bool interactive, bool tty, char **command)
{
	struct joined joined = { .count = 0 };
	struct terminal terminal = { .master_fd = -1 };
	struct cgroup *group = record->cgroup[0] ? container_cgroup(record) : NULL;
	struct process_security security;
	struct stdio_pipes pipes;
	sigset_t signals_before;
	int signal_fd = -1;
	pid_t child;
	int code = EXIT_RUNTIME_FAILED;

	stdio_pipes_init(&pipes);
	/* Not dumpable: a process of the container may not ptrace us, nor
	 * open our /proc/PID/exe or fds, while we hold host resources. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 || open_namespaces(record->init.pid, &joined) < 0)
		goto out;
	/* The command gets no more than the container's init has. */
	if (security_of_process(record->init.pid, &security) < 0 || devices_cgroup_join(record->id, getpid()) < 0)
		goto out;
	if (group && join_cgroup(record, group) < 0)
		goto out;
	if (join_namespaces(&joined) < 0 || (tty && terminal_open(&terminal) < 0) ||
	    (!tty && stdio_pipes_open(&pipes, interactive, false) < 0))
		goto out;
	if (mydocker->flavor->exec_prepare && mydocker->flavor->exec_prepare(mydocker, record) < 0)
		goto out;
	fflush(NULL);
	/* Without -t, blocked before the fork: a SIGTERM meanwhile waits to
	 * be passed on. (-t: the terminal's ^C reaches the command as a key.) */
	sigprocmask(SIG_SETMASK, NULL, &signals_before);
	if (!tty)
		relay_block_signals(&signals_before);
	child = fork();
	if (child < 0) {
		log_errno("fork");
		goto out;
	}
	if (child == 0) {
		/* The command's side only: the runtime waiting here keeps what it
		 * needs (and ASan's leak check its ptrace). */
		sigprocmask(SIG_SETMASK, &signals_before, NULL);
		_exit(security_apply_for_exec(&security) < 0 ? EXIT_RUNTIME_FAILED
							  : start_command(record, &terminal, &pipes, interactive, command));
	}
	if (tty) {
		terminal_relay(&terminal, child, interactive);
	} else {
		/* Without a signalfd (reported), the output is relayed still. */
		signal_fd = relay_signal_fd();
		relay_command(&pipes, child, signal_fd);
	}
	code = wait_for_exit(child);
out:
	for (int i = 0; i < joined.count; i++)
		if (joined.fds[i] >= 0)
			close(joined.fds[i]);
	terminal_close(&terminal);
	stdio_pipes_close(&pipes);
	if (signal_fd >= 0)
		close(signal_fd);
	if (group)
		cgroup_close(group);
	return code;
}

int command_exec(struct mydocker *mydocker, int argc, char **argv)
{
	bool seen[3] = { false, false, false };
	const char *values[3] = { NULL, NULL, NULL };
	int first = parse_flags(argc, argv, "ith", "", seen, values);
	char name[CONTAINER_NAME_MAX + 1];
	struct record record;
	int code;

	if (first < 0 || seen[2] || first + 1 >= argc) {
		fprintf(seen[2] ? stdout : stderr, "usage: mydocker exec [-i] [-t] NAME COMMAND [ARG...]\n"
			"Runs COMMAND inside a running container: its namespaces, cgroup and environment.\n"
			"  -i  relay our stdin to it (else its stdin is /dev/null)\n"
			"  -t  a pseudo-terminal of its own (else pipes: never our terminal)\n");
		return seen[2] ? 0 : 2;
	}
	if (seen[1] && !isatty(STDIN_FILENO)) {
		log_error("-t: the input device is not a terminal");
		return 2;
	}
	if (record_find(mydocker->root, argv[first], name, sizeof(name)) < 0 ||
	    record_load(mydocker->root, name, &record, false) < 0)
		return EXIT_RUNTIME_FAILED;
	if (wait_until_started(mydocker->root, name) < 0) {
		record_free(&record);
		return EXIT_RUNTIME_FAILED;
	}
	if (record_live_status(&record) != STATUS_RUNNING) {
		log_error("%s is not running", name);
		record_free(&record);
		return EXIT_RUNTIME_FAILED;
	}
	code = enter(mydocker, &record, seen[0], seen[1], argv + first + 1);
	record_free(&record);
	/* This process has joined the container's PID namespace (for its
	 * children): leave without atexit work. AddressSanitizer's leak check,
	 * which stops the world with a ptracing thread, spins for ever there. */
	fflush(NULL);
	_exit(code);
}
