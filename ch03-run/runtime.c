/* The runtime's two tables and the steps they are made of; see runtime.h.
 * clone(2), execve(2), pipe(2), user_namespaces(7), cgroups(7). */
#include "runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "fault.h"
#include "file.h"
#include "idmap.h"
#include "log.h"
#include "process.h"
#include "selfexec.h"
#include "trace.h"
#include "usermap.h"

extern char **environ;

/* init finds its end of the pipe here, as the book's ExtraFiles[0]; and
 * the end of a second pipe, back to the parent, at 4: it closes when init
 * execs the command (O_CLOEXEC), which tells the parent the container is
 * set up; a byte on it instead says init failed. */
enum { CONFIG_FD = 3, READY_FD = 4 };

static size_t count_steps(const struct parent_step *steps)
{
	size_t count = 0;

	while (steps[count].name)
		count++;
	return count;
}

struct parent_step *parent_steps_insert(const struct parent_step *base, const char *after,
					const struct parent_step *extra)
{
	size_t base_count = count_steps(base), extra_count = count_steps(extra), at = 0;
	struct parent_step *steps;

	while (at < base_count && strcmp(base[at].name, after) != 0)
		at++;
	if (at == base_count) {
		log_error("no step \"%s\" to insert after", after);
		return NULL;
	}
	steps = calloc(base_count + extra_count + 1, sizeof(*steps));
	if (!steps) {
		log_errno("calloc");
		return NULL;
	}
	memcpy(steps, base, (at + 1) * sizeof(*steps));
	memcpy(steps + at + 1, extra, extra_count * sizeof(*steps));
	memcpy(steps + at + 1 + extra_count, base + at + 1, (base_count - at - 1) * sizeof(*steps));
	return steps;
}

int runtime_describe(struct container *container, char **command, const char *name)
{
	container->config_fd = container->ready_fd = -1;
	container->terminal.master_fd = -1;
	container->command = command;
	container->clone_flags = RUN_NAMESPACES;
	container->user_namespace |= geteuid() != 0;
	if (name)
		snprintf(container->name, sizeof(container->name), "mydocker-%s", name);
	else
		snprintf(container->name, sizeof(container->name), "mydocker-run-%d", (int)getpid());
	/* Every argument, byte for byte: the pipe carries any length. */
	for (char **arg = command; *arg; arg++)
		if (message_add(&container->config, "arg", *arg) < 0)
			return -1;
	if (container->no_private && message_add(&container->config, "private", "no") < 0)
		return -1;
	return 0;
}

int runtime_run(const struct parent_step *steps, struct container *container)
{
	int code = EXIT_RUNTIME_FAILED;

	if (runtime_start(steps, container) == 0) {
		code = runtime_wait(container);
		runtime_cleanup(steps, container);
	}
	message_free(&container->config);
	message_free(&container->go);
	return code;
}

/* The PID signals are passed on to; only the handler reads it. */
static volatile pid_t forward_to = -1;

static void forward_signal(int signal_number)
{
	int saved = errno;

	if (forward_to > 0)
		kill(forward_to, signal_number);
	errno = saved;
}

static const int forwarded_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 };
#define FORWARDED_COUNT (sizeof(forwarded_signals) / sizeof(forwarded_signals[0]))

void runtime_forwarded_signals(sigset_t *set)
{
	sigemptyset(set);
	for (size_t i = 0; i < FORWARDED_COUNT; i++)
		sigaddset(set, forwarded_signals[i]);
}

/* A signal sent to the runtime while it starts the container must not
 * kill it half-way, nor be lost: it waits, blocked, until runtime_wait can
 * pass it on. The child unblocks them before it becomes init. */
static void block_forwarded_signals(sigset_t *previous)
{
	sigset_t forwarded;

	runtime_forwarded_signals(&forwarded);
	sigprocmask(SIG_BLOCK, &forwarded, previous);
}

int runtime_start(const struct parent_step *steps, struct container *container)
{
	container->steps_done = 0;
	block_forwarded_signals(&container->signals_before);
	for (const struct parent_step *step = steps; step->name; step++) {
		long long started = trace_clock_us();
		int result;

		trace_note("== %s", step->name);
		fault_point("parent", (int)(step - steps) + 1, step->name);
		result = step->run(container);
		trace_step_time(step->name, started);
		if (result < 0) {
			runtime_cleanup(steps, container);
			sigprocmask(SIG_SETMASK, &container->signals_before, NULL);
			return -1;
		}
		container->steps_done++;
	}
	container->started = true;
	return 0;
}

void runtime_cleanup(const struct parent_step *steps, struct container *container)
{
	while (container->steps_done > 0) {
		const struct parent_step *step = &steps[--container->steps_done];

		if (step->undo) {
			long long started = trace_clock_us();
			char name[160];

			trace_note("== undo: %s", step->name);
			step->undo(container);
			snprintf(name, sizeof(name), "undo: %s", step->name);
			trace_step_time(name, started);
		}
	}
}


int runtime_wait(struct container *container)
{
	struct sigaction forward = { .sa_handler = forward_signal };
	struct sigaction previous[FORWARDED_COUNT];
	long long started;
	int code;

	/* The container's PID 1 gets only signals it has a handler for (the
	 * kernel protects a namespace's init): a shell that traps TERM ends, a
	 * bare `sleep` does not, as under docker without --init. */
	forward_to = container->child.pid;
	sigemptyset(&forward.sa_mask);
	for (size_t i = 0; i < FORWARDED_COUNT; i++)
		sigaction(forwarded_signals[i], &forward, &previous[i]);
	/* What arrived while the container started is passed on now. */
	sigprocmask(SIG_SETMASK, &container->signals_before, NULL);
	started = trace_clock_us();
	if (container->tty)
		terminal_relay(&container->terminal, container->child.pid, container->interactive);
	else if (container->stdio)
		container->stdio->relay(container);
	code = child_finish(&container->child, 0);
	trace_step_time("wait for the container to end (init's steps, then the command)", started);
	forward_to = -1;
	for (size_t i = 0; i < FORWARDED_COUNT; i++)
		sigaction(forwarded_signals[i], &previous[i], NULL);
	return code;
}

int step_create_cgroup(struct container *container)
{
	if (!container->has_limits)
		return 0;
	container->cgroup = cgroup_create(container->name, &container->limits);
	return container->cgroup ? 0 : -1;
}

void undo_create_cgroup(struct container *container)
{
	if (container->cgroup)
		cgroup_destroy(container->cgroup);
	container->cgroup = NULL;
}

/* The child's first act after the parent lets it go: become init, by
 * executing this very program again, with the pipes' ends as fd 3 and 4. */
static int exec_self_as_init(void *argument)
{
	struct container *container = argument;
	/* All moved out of the way first, so that none lands on another's
	 * number; dup2 to a new number clears O_CLOEXEC: these cross the execve. */
	int config_fd = fcntl(container->config_fd, F_DUPFD_CLOEXEC, 10);
	int ready_fd = fcntl(container->ready_fd, F_DUPFD_CLOEXEC, 10);
	/* init cannot see our --trace flag: it is a new program. */
	char *argv[] = { (char *)log_program(), "init", trace_enabled() ? "--trace" : NULL, NULL };
	sigset_t unblocked;

	/* A later chapter's stdio (chapter 5: pipes, a session of its own). */
	if (container->stdio && container->stdio->in_child(container) < 0)
		return EXIT_RUNTIME_FAILED;
	if (config_fd < 0 || ready_fd < 0 || dup2(config_fd, CONFIG_FD) < 0 || dup2(ready_fd, READY_FD) < 0) {
		log_errno("give init its pipes as fds %d and %d", CONFIG_FD, READY_FD);
		return EXIT_RUNTIME_FAILED;
	}
	/* The parent blocks the signals it passes on while it starts us:
	 * init (and so the command) starts with none blocked. */
	sigemptyset(&unblocked);
	sigprocmask(SIG_SETMASK, &unblocked, NULL);
	if (container->tty && terminal_attach(&container->terminal) < 0)
		return EXIT_RUNTIME_FAILED;
	if (!container->interactive && !container->tty) {
		int null = open("/dev/null", O_RDONLY | O_CLOEXEC);

		if (null < 0 || dup2(null, STDIN_FILENO) < 0) {
			log_errno("open /dev/null as stdin");
			return EXIT_RUNTIME_FAILED;
		}
		close(null);
	}
	/* From chapter 5 on, a copy of this program nobody can write: init is
	 * in the container, where /proc/1/exe leads to it (CVE-2019-5736). */
	if (container->protect_binary) {
		exec_protected_self(argv, environ);
		return EXIT_RUNTIME_FAILED;
	}
	/* /proc/self/exe is this program, whatever its path: the kernel keeps
	 * the link to the executable it loaded (see NOTES: CVE-2019-5736). */
	k_execve("/proc/self/exe", argv, environ);
	return EXIT_RUNTIME_FAILED;
}

int step_open_terminal(struct container *container)
{
	return container->tty ? terminal_open(&container->terminal) : 0;
}

void undo_open_terminal(struct container *container)
{
	terminal_close(&container->terminal);
}

/* in_cgroup: a cgroup made before the clone (v2) is where init starts:
 * clone3's CLONE_INTO_CGROUP, no cgroup.procs write (step_join_cgroup
 * skips it). */
static int start_child(struct container *container, bool in_cgroup)
{
	int cgroup_fd = in_cgroup && container->cgroup ? cgroup_directory_fd(container->cgroup) : -1;
	pid_t pid = child_start_in_cgroup(&container->child, cgroup_fd);

	if (cgroup_fd >= 0)
		close(cgroup_fd);
	return pid < 0 ? -1 : 0;
}

static int start_init(struct container *container, bool in_cgroup)
{
	int config[2] = { -1, -1 };
	int ready[2] = { -1, -1 };

	if (pipe2(config, O_CLOEXEC) < 0 || pipe2(ready, O_CLOEXEC) < 0) {
		log_errno("pipe");
		goto fail;
	}
	/* The child's ends, for exec_self_as_init. */
	container->config_fd = config[0];
	container->ready_fd = ready[1];
	container->child.flags = container->clone_flags | (container->user_namespace ? CLONE_NEWUSER : 0);
	container->child.main = exec_self_as_init;
	container->child.context = container;
	if (start_child(container, in_cgroup) < 0)
		goto fail;
	/* From here the parent keeps only its ends: it writes the
	 * configuration, and reads whether init got to the command. */
	close(config[0]);
	close(ready[1]);
	container->config_fd = config[1];
	container->ready_fd = ready[0];
	return 0;
fail:
	for (int i = 0; i < 2; i++) {
		if (config[i] >= 0)
			close(config[i]);
		if (ready[i] >= 0)
			close(ready[i]);
	}
	container->config_fd = container->ready_fd = -1;
	return -1;
}

int step_start_init(struct container *container)
{
	return start_init(container, false);
}

int step_start_init_in_cgroup(struct container *container)
{
	return start_init(container, true);
}

void undo_start_init(struct container *container)
{
	if (container->config_fd >= 0)
		close(container->config_fd);
	if (container->ready_fd >= 0)
		close(container->ready_fd);
	container->config_fd = container->ready_fd = -1;
	if (container->child.pid > 0)
		child_finish(&container->child, SIGKILL);
}

int step_map_user(struct container *container)
{
	if (!container->user_namespace)
		return 0;
	/* The user is root inside; with a subordinate range, more (usermap.c). */
	user_map_note();
	return user_map_apply(container->child.pid);
}

int step_join_cgroup(struct container *container)
{
	if (!container->cgroup || container->child.in_cgroup)
		return 0;
	return cgroup_add_process(container->cgroup, container->child.pid);
}

int step_release_init(struct container *container)
{
	return child_release(&container->child);
}

/* For the narration: is init blocked in read(2) on its pipe? Linux shows
 * a sleeping process's system call in /proc/PID/syscall: "0 0x3 ..." is
 * read (SYS_read, 0 on x86_64) on fd 3. Polled, with a bound: only the
 * narration waits for it. */
static void narrate_blocked_init(pid_t pid)
{
	char path[64];
	char text[256];
	char blocked[32];
	struct timespec pause = { 0, 1000000 };

	if (!trace_enabled())
		return;
	snprintf(path, sizeof(path), "/proc/%d/syscall", (int)pid);
	snprintf(blocked, sizeof(blocked), "%d 0x%x ", SYS_read, CONFIG_FD);
	for (int tries = 0; tries < 2000; tries++) {
		if (read_file(path, text, sizeof(text), true) < 0)
			return;
		if (strncmp(text, blocked, strlen(blocked)) == 0) {
			trace_note("init (PID %d) is blocked in read(3, ...): it waits for its command", (int)pid);
			return;
		}
		nanosleep(&pause, NULL);
	}
}

/* Sends message to init: if init died, the write fails with EPIPE rather
 * than killing us. */
static int send_to_init(struct container *container, const struct message *message)
{
	struct sigaction ignore = { .sa_handler = SIG_IGN };
	struct sigaction previous;
	int result;

	sigemptyset(&ignore.sa_mask);
	sigaction(SIGPIPE, &ignore, &previous);
	result = message_send(container->config_fd, message);
	sigaction(SIGPIPE, &previous, NULL);
	return result;
}

static void close_config_pipe(struct container *container)
{
	close(container->config_fd);
	container->config_fd = -1;
}

int step_send_config(struct container *container)
{
	int result;

	narrate_blocked_init(container->child.pid);
	result = send_to_init(container, &container->config);
	close_config_pipe(container);
	return result;
}

int step_send_config_early(struct container *container)
{
	narrate_blocked_init(container->child.pid);
	/* The pipe stays open: a second message on it lets init run the command. */
	return send_to_init(container, &container->config);
}

int step_let_init_run_command(struct container *container)
{
	int result = send_to_init(container, &container->go);

	close_config_pipe(container);
	return result;
}

int init_wait_to_run_command(struct container *container)
{
	int result = message_receive(CONFIG_FD, &container->go);

	close(CONFIG_FD);
	if (result < 0)
		/* EOF: the parent failed (and undoes what it made) or died. */
		log_error("the runtime gave up before the command could run");
	return result;
}

int step_wait_for_command(struct container *container)
{
	char failed;
	ssize_t got;

	while ((got = read(container->ready_fd, &failed, 1)) < 0 && errno == EINTR)
		;
	close(container->ready_fd);
	container->ready_fd = -1;
	if (got != 0) {
		/* init said why on stderr; here only that it did not get there. */
		log_error("the container's init failed before running the command");
		return -1;
	}
	trace_note("init's end of the ready pipe closed: it exec'd the command (or died)");
	return 0;
}

bool runtime_is_init(int argc, char **argv)
{
	if (argc < 2 || argc > 3 || strcmp(argv[1], "init") != 0)
		return false;
	if (argc == 3 && strcmp(argv[2], "--trace") != 0)
		return false;
	trace_enable(trace_enabled() || argc == 3);
	return true;
}

int runtime_init(const struct init_step *steps, struct container *container)
{
	char **command;
	char **environment;
	int code;

	trace_set_side("init");
	if (fcntl(CONFIG_FD, F_GETFD) < 0 || fcntl(READY_FD, F_GETFD) < 0) {
		log_error("init is started by run itself, with its pipes on fds %d and %d", CONFIG_FD, READY_FD);
		return EXIT_RUNTIME_FAILED;
	}
	trace_note("reading the configuration from fd %d", CONFIG_FD);
	if (message_receive(CONFIG_FD, &container->config) < 0)
		return EXIT_RUNTIME_FAILED;
	/* Nothing but 0, 1 and 2 may reach the command: not our pipes (both
	 * close at execve; the parent may still say "go" on the configuration's,
	 * see init_wait_to_run_command), and not what the caller let us
	 * inherit without O_CLOEXEC. */
	if (fcntl(CONFIG_FD, F_SETFD, FD_CLOEXEC) < 0 || close_range(READY_FD + 1, ~0U, 0) < 0 ||
	    fcntl(READY_FD, F_SETFD, FD_CLOEXEC) < 0) {
		log_errno("close init's descriptors");
		return EXIT_RUNTIME_FAILED;
	}
	for (const struct init_step *step = steps; step->name; step++) {
		long long started = trace_clock_us();
		int result;

		trace_note("== %s", step->name);
		fault_point("init", (int)(step - steps) + 1, step->name);
		result = step->run(container);
		trace_step_time(step->name, started);
		if (result < 0) {
			if (write(READY_FD, "x", 1) < 0)
				log_errno("tell the parent init failed");
			message_free(&container->config);
			message_free(&container->go);
			return EXIT_RUNTIME_FAILED;
		}
	}
	command = message_values(&container->config, "arg");
	environment = message_values(&container->config, "env");
	if (!command || !command[0] || !environment) {
		log_error("init was given no command");
		free(command);
		free(environment);
		return EXIT_RUNTIME_FAILED;
	}
	code = exec_command(command, environment[0] ? environment : environ);
	free(command);
	free(environment);
	message_free(&container->config);
	message_free(&container->go);
	return code;
}

int init_make_mounts_private(struct container *container)
{
	const char *cursor = NULL;
	const char *private = message_next(&container->config, "private", &cursor);

	/* Without this, on a host whose / is shared (systemd's default), the
	 * proc mount below propagates to the host and breaks its /proc once
	 * the container is gone: seed 002's second-run failure. */
	if (private && strcmp(private, "no") == 0) {
		trace_note("NOT making mounts private (seed 002's pitfall)");
		return 0;
	}
	return k_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
}

int init_mount_proc(struct container *container)
{
	(void)container;
	/* A proc mounted by a process of the new PID namespace shows that
	 * namespace's processes only. */
	return k_mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}
