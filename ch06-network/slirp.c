/* Networks for a user who is not root; see slirp.h. slirp4netns is run
 * with argv (posix_spawn), its --ready-fd and --exit-fd on pipes: we wait
 * until tap0 is configured, and it ends when we close our end (or when we
 * die, which closes it too). */
#include "slirp.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "netlink.h"
#include "process.h"
#include "trace.h"
#include "usermap.h"

extern char **environ;

/* slirp4netns finds these numbers in its --ready-fd and --exit-fd. */
enum { SLIRP_READY_FD = 3, SLIRP_EXIT_FD = 4 };

bool user_mode_network(const char *name)
{
	return name && (strcmp(name, NONE_NETWORK) == 0 || strcmp(name, SLIRP_NETWORK) == 0);
}

int user_mode_network_check(const char *name, int port_count)
{
	if (name && !user_mode_network(name) && geteuid() != 0) {
		log_error("--net %s: bridge networks need root (a bridge, veth pairs and NAT rules need CAP_NET_ADMIN on "
			  "the host); as a user, use --net slirp or --net none",
			  name);
		return -1;
	}
	if (!user_mode_network(name))
		return 0;
	if (port_count && strcmp(name, NONE_NETWORK) == 0) {
		log_error("-p with --net none: that container has only lo; use --net slirp");
		return -1;
	}
	if (strcmp(name, SLIRP_NETWORK) == 0 && !program_installed("slirp4netns")) {
		log_error("--net slirp needs slirp4netns (Debian package slirp4netns), which is not installed");
		return -1;
	}
	return 0;
}

int user_runtime_dir(const char *fallback, char *dir, size_t size)
{
	const char *runtime = getenv("XDG_RUNTIME_DIR");

	if (!runtime || runtime[0] != '/')
		return path_join(dir, size, "%s", fallback);
	if (path_join(dir, size, "%s/mydocker", runtime) < 0 || make_directories(dir, 0700) < 0)
		return -1;
	return 0;
}

int slirp_hostfwd_request(const struct port_mapping *port, char *buf, size_t size)
{
	int length = snprintf(buf, size,
			      "{\"execute\": \"add_hostfwd\", \"arguments\": {\"proto\": \"tcp\", \"host_addr\": "
			      "\"127.0.0.1\", \"host_port\": %u, \"guest_port\": %u}}",
			      port->host_port, port->container_port);

	return length < 0 || (size_t)length >= size ? -1 : length;
}

/* ip link set lo up, inside the container: from a child that joins its
 * user namespace (for the right to) and then its network namespace. */
static int loopback_up_in(pid_t init)
{
	char path[64];
	pid_t child = fork_into_user_namespace_of(init);
	int fd;

	if (child < 0)
		return -1;
	if (child == 0) {
		snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)init);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0 || k_setns(fd, CLONE_NEWNET, path) < 0)
			_exit(1);
		_exit(loopback_up() < 0 ? 1 : 0);
	}
	return wait_for_exit(child) == 0 ? 0 : -1;
}

/* posix_spawn's file actions: the two pipes at 3 and 4, no output. */
static int slirp_actions(posix_spawn_file_actions_t *actions, int ready_fd, int exit_fd)
{
	if (posix_spawn_file_actions_init(actions) != 0)
		return -1;
	if (posix_spawn_file_actions_adddup2(actions, ready_fd, SLIRP_READY_FD) != 0 ||
	    posix_spawn_file_actions_adddup2(actions, exit_fd, SLIRP_EXIT_FD) != 0 ||
	    posix_spawn_file_actions_addopen(actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0) != 0 ||
	    posix_spawn_file_actions_addopen(actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0) != 0 ||
	    posix_spawn_file_actions_addopen(actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0) != 0) {
		posix_spawn_file_actions_destroy(actions);
		return -1;
	}
	return 0;
}

/* posix_spawn slirp4netns with the child's pipe ends as fds 3 and 4
 * (first copied above 4, so neither dup2 lands on the other's source). */
static int spawn_slirp(char *const argv[], int ready_fd, int exit_fd, pid_t *pid)
{
	int ready_high = fcntl(ready_fd, F_DUPFD_CLOEXEC, 10);
	int exit_high = fcntl(exit_fd, F_DUPFD_CLOEXEC, 10);
	posix_spawn_file_actions_t actions;
	int error = EMFILE;

	if (ready_high >= 0 && exit_high >= 0 && slirp_actions(&actions, ready_high, exit_high) == 0) {
		error = posix_spawnp(pid, "slirp4netns", &actions, NULL, argv, environ);
		posix_spawn_file_actions_destroy(&actions);
	}
	if (ready_high >= 0)
		close(ready_high);
	if (exit_high >= 0)
		close(exit_high);
	if (error) {
		errno = error;
		log_errno("run slirp4netns");
		*pid = 0;
		return -1;
	}
	return 0;
}

/* slirp4netns --configure ... PID tap0; waits for its ready byte. */
static int start_slirp(pid_t init, struct slirp *slirp)
{
	char pid_text[16], ready_arg[24], exit_arg[24];
	char *argv[] = { "slirp4netns", "--configure", "--mtu=65520", "--disable-host-loopback", ready_arg, exit_arg,
			 "--api-socket", slirp->socket_path, pid_text, "tap0", NULL };
	int ready[2], exit_pipe[2] = { -1, -1 }, result = -1;
	char byte;

	snprintf(pid_text, sizeof(pid_text), "%d", (int)init);
	snprintf(ready_arg, sizeof(ready_arg), "--ready-fd=%d", SLIRP_READY_FD);
	snprintf(exit_arg, sizeof(exit_arg), "--exit-fd=%d", SLIRP_EXIT_FD);
	if (pipe2(ready, O_CLOEXEC) < 0) {
		log_errno("pipe");
		return -1;
	}
	if (pipe2(exit_pipe, O_CLOEXEC) < 0) {
		log_errno("pipe");
		goto out;
	}
	trace_note("slirp4netns --configure --mtu=65520 --disable-host-loopback --api-socket %s %s tap0",
		   slirp->socket_path, pid_text);
	if (spawn_slirp(argv, ready[1], exit_pipe[0], &slirp->pid) < 0)
		goto out;
	close(ready[1]);
	ready[1] = -1;
	if (read(ready[0], &byte, 1) != 1) {
		log_error("slirp4netns did not get ready (run it by hand to see why: slirp4netns --configure PID tap0)");
		goto out;
	}
	slirp->exit_fd = exit_pipe[1];
	exit_pipe[1] = -1;
	result = 0;
out:
	for (int i = 0; i < 2; i++) {
		if (ready[i] >= 0)
			close(ready[i]);
		if (exit_pipe[i] >= 0)
			close(exit_pipe[i]);
	}
	return result;
}

/* One request on the API socket: add_hostfwd; the answer is {"return":
 * {"id": N}} or {"error": ...}. */
static int forward_port(const struct slirp *slirp, const struct port_mapping *port)
{
	struct sockaddr_un address = { .sun_family = AF_UNIX };
	char request[256], answer[512];
	int fd = -1, length = slirp_hostfwd_request(port, request, sizeof(request));
	ssize_t got = -1;

	snprintf(address.sun_path, sizeof(address.sun_path), "%s", slirp->socket_path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (length < 0 || fd < 0 || connect(fd, (struct sockaddr *)&address, sizeof(address)) < 0 ||
	    write(fd, request, (size_t)length) != length || shutdown(fd, SHUT_WR) < 0 ||
	    (got = read(fd, answer, sizeof(answer) - 1)) <= 0) {
		log_errno("-p %u:%u: ask slirp4netns at %s", port->host_port, port->container_port, slirp->socket_path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	close(fd);
	answer[got] = '\0';
	trace_note("slirp4netns: %s -> %s", request, answer);
	if (!strstr(answer, "\"return\"")) {
		log_error("-p %u:%u: slirp4netns refused: %s", port->host_port, port->container_port, answer);
		return -1;
	}
	return 0;
}

int user_mode_network_connect(const char *name, pid_t init, const char *socket_dir, const char *id,
			      const struct port_mapping *ports, int port_count, struct slirp *slirp)
{
	slirp->pid = 0;
	slirp->exit_fd = -1;
	slirp->socket_path[0] = '\0';
	if (loopback_up_in(init) < 0)
		return -1;
	if (strcmp(name, SLIRP_NETWORK) != 0)
		return 0;
	if (path_join(slirp->socket_path, sizeof(slirp->socket_path), "%s/%s.slirp4netns.sock", socket_dir, id) < 0 ||
	    start_slirp(init, slirp) < 0)
		goto fail;
	for (int i = 0; i < port_count; i++)
		if (forward_port(slirp, &ports[i]) < 0)
			goto fail;
	return 0;
fail:
	user_mode_network_disconnect(slirp);
	return -1;
}

void user_mode_network_disconnect(struct slirp *slirp)
{
	if (slirp->exit_fd >= 0)
		close(slirp->exit_fd);
	slirp->exit_fd = -1;
	/* Closing --exit-fd (or never handing it over) ends it. */
	if (slirp->pid > 0)
		wait_for_exit(slirp->pid);
	slirp->pid = 0;
	if (slirp->socket_path[0])
		unlink(slirp->socket_path);
	slirp->socket_path[0] = '\0';
}
