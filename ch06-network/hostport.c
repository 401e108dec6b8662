/* Reserving a mapped host port; see hostport.h. A DNAT rule alone takes
 * the port's packets from whatever listens there, silently: the bind is
 * what makes the kernel say "in use". bind(2), tcp(7), proc(5). */
#include "hostport.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "trace.h"

/* The inode of a socket on local TCP port, from /proc/net/tcp and tcp6
 * (this namespace's): a listener (state 0A) first, else any. 0: none. */
static unsigned long socket_inode(uint16_t port)
{
	static const char *const tables[] = { "/proc/net/tcp", "/proc/net/tcp6" };
	unsigned long found = 0;

	for (size_t i = 0; i < sizeof(tables) / sizeof(tables[0]); i++) {
		FILE *table = fopen(tables[i], "re");
		char line[512], state[4];
		unsigned int local_port;
		unsigned long inode;

		if (!table)
			continue;
		while (fgets(line, sizeof(line), table))
			if (sscanf(line, " %*d: %*[0-9A-Fa-f]:%x %*[0-9A-Fa-f]:%*x %3s %*s %*s %*s %*s %*s %lu",
				   &local_port, state, &inode) == 3 && local_port == port && inode != 0 &&
			    (!found || strcmp(state, "0A") == 0))
				found = inode;
		fclose(table);
	}
	return found;
}

/* True when one of PID's descriptors is the socket "socket:[INODE]". */
static bool process_has_socket(int pid, const char *wanted)
{
	char path[64], link[64];
	struct dirent *entry;
	bool found = false;
	DIR *fds;

	snprintf(path, sizeof(path), "/proc/%d/fd", pid);
	fds = opendir(path);
	if (!fds)
		return false; /* gone, or a kernel thread */
	while (!found && (entry = readdir(fds))) {
		ssize_t length = readlinkat(dirfd(fds), entry->d_name, link, sizeof(link) - 1);

		if (length > 0) {
			link[length] = '\0';
			found = strcmp(link, wanted) == 0;
		}
	}
	closedir(fds);
	return found;
}

int host_port_holder(uint16_t port, pid_t *pid, char *command, size_t size)
{
	unsigned long inode = socket_inode(port);
	char wanted[48], path[64];
	struct dirent *entry;
	DIR *proc;
	int result = -1;

	if (!inode || !(proc = opendir("/proc")))
		return -1;
	snprintf(wanted, sizeof(wanted), "socket:[%lu]", inode);
	while (result < 0 && (entry = readdir(proc))) {
		if (!isdigit((unsigned char)entry->d_name[0]) || !process_has_socket(atoi(entry->d_name), wanted))
			continue;
		*pid = (pid_t)atoi(entry->d_name);
		snprintf(path, sizeof(path), "/proc/%d/comm", (int)*pid);
		if (read_file(path, command, size, true) < 0)
			snprintf(command, size, "?");
		command[strcspn(command, "\n")] = '\0';
		result = 0;
	}
	closedir(proc);
	return result;
}

static void report_port_in_use(uint16_t port)
{
	char command[64];
	pid_t pid;

	if (host_port_holder(port, &pid, command, sizeof(command)) == 0)
		log_error("host port %u is in use (by PID %d, %s): pick another", port, (int)pid, command);
	else
		log_error("host port %u is in use (by another program): pick another", port);
}

/* One port: 0.0.0.0:PORT, bound and listening (a listener is what
 * `ss -ltnp` and the next runtime's check see). No SO_REUSEADDR: a
 * server that sets it still cannot bind beside us. -1 reported. */
static int reserve_one(uint16_t port)
{
	struct sockaddr_in address = { .sin_family = AF_INET, .sin_port = htons(port),
				       .sin_addr.s_addr = htonl(INADDR_ANY) };
	char args[64];
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
	int result, error;

	if (fd < 0) {
		log_errno("socket(AF_INET, SOCK_STREAM) for host port %u", port);
		return -1;
	}
	snprintf(args, sizeof(args), "TCP 0.0.0.0:%u, to reserve it for the container", port);
	result = bind(fd, (struct sockaddr *)&address, sizeof(address));
	if (result == 0)
		result = listen(fd, 1);
	error = errno;
	/* In use is the user's answer, said once below, not a trace error. */
	if (result < 0 && error == EADDRINUSE)
		k_expect_failure();
	if (trace_call("bind and listen", args, result, error) == 0)
		return fd;
	if (error == EADDRINUSE)
		report_port_in_use(port);
	close(fd);
	return -1;
}

int host_ports_reserve(const struct port_mapping *ports, int count, struct host_ports *held)
{
	held->count = 0;
	for (int i = 0; i < count; i++) {
		int fd = -1;

		/* Twice in one run would find the holder to be ourselves. */
		for (int j = 0; j < i; j++)
			if (ports[j].host_port == ports[i].host_port) {
				log_error("-p: host port %u is mapped twice", ports[i].host_port);
				host_ports_release(held);
				return -1;
			}
		fd = reserve_one(ports[i].host_port);
		if (fd < 0) {
			host_ports_release(held);
			return -1;
		}
		held->sockets[held->count++] = fd;
	}
	return 0;
}

void host_ports_release(struct host_ports *held)
{
	while (held->count > 0)
		close(held->sockets[--held->count]);
}
