/* A mapped host port, reserved: bound by the process that lives as long as
 * the container (the foreground runtime, or the -d monitor), as
 * docker-proxy does, so that no host program and no other runtime gets
 * it while the DNAT rule sends its packets to the container; and refused
 * when something on the host has it already. bind(2), tcp(7), proc(5)
 * (/proc/net/tcp, /proc/PID/fd). */
#ifndef MYDOCKER_HOSTPORT_H
#define MYDOCKER_HOSTPORT_H

#include "network.h"

/* The sockets holding a container's host ports; count of them open. */
struct host_ports {
	int sockets[ENDPOINT_PORTS_MAX];
	int count;
};

/* Binds and listens on 0.0.0.0:HOST for each mapping (O_CLOEXEC: init
 * never gets them). When one is taken, says in one line who holds it
 * ("host port 18790 is in use (by PID 4242, python3): pick another"),
 * closes what it bound and returns -1. */
int host_ports_reserve(const struct port_mapping *ports, int count, struct host_ports *held);

/* Closes what host_ports_reserve bound; the ports are free again. */
void host_ports_release(struct host_ports *held);

/* Who listens on TCP port in this network namespace: fills pid and its
 * command name; -1 when nobody can be found. */
int host_port_holder(uint16_t port, pid_t *pid, char *command, size_t size);

#endif
