/* Networks for a user who is not root (issue 10). A bridge, a veth pair and
 * NAT rules need CAP_NET_ADMIN on the host: root, or a setuid helper. Two
 * networks need neither:
 *   --net none    the container's own network namespace with lo up, nothing else;
 *   --net slirp   a user-mode network: slirp4netns, running as the user,
 *                 joins the container's namespaces, makes tap0 there
 *                 (10.0.2.100/24, gateway 10.0.2.2) and turns its packets
 *                 into ordinary sockets on the host; -p HOST:CONTAINER asks
 *                 it (over its API socket) to forward 127.0.0.1:HOST.
 * slirp4netns(1), user_namespaces(7), unix(7). */
#ifndef MYDOCKER_SLIRP_H
#define MYDOCKER_SLIRP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ports.h"

#define SLIRP_NETWORK "slirp"
#define NONE_NETWORK "none"
#define SLIRP_ADDRESS "10.0.2.100"

/* What a container on a user-mode network holds. */
struct slirp {
	pid_t pid;        /* slirp4netns; 0 when none */
	int exit_fd;      /* its --exit-fd's other end: closing it ends it */
	char socket_path[108];
};

/* True for "none" and "slirp": the networks that need no root. */
bool user_mode_network(const char *name);

/* Before anything is made: -p only with slirp; slirp needs slirp4netns.
 * Bridges (any other name) for a user who is not root: one clear line.
 * 0 or -1 (reported). */
int user_mode_network_check(const char *name, int port_count);

/* After init exists, before it runs: lo up in its network namespace; for
 * slirp, start slirp4netns on it (waiting until tap0 is ready) and ask for
 * each port. runtime_dir is where the API socket goes. 0 or -1 (reported,
 * nothing left). */
int user_mode_network_connect(const char *name, pid_t init, const char *socket_dir, const char *id,
			      const struct port_mapping *ports, int port_count, struct slirp *slirp);

/* Ends slirp4netns (if any) and removes its socket. */
void user_mode_network_disconnect(struct slirp *slirp);

/* Where runtime files go: $XDG_RUNTIME_DIR/mydocker (made 0700), else
 * fallback. 0 or -1. */
int user_runtime_dir(const char *fallback, char *dir, size_t size);

/* The JSON request that asks slirp4netns to forward 127.0.0.1:HOST to the
 * container's port. Pure. Returns its length or -1 when it does not fit. */
int slirp_hostfwd_request(const struct port_mapping *port, char *buf, size_t size);

#endif
