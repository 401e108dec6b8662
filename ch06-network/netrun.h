/* What chapter 6 adds to mydocker run: --net NAME and -p HOST:CONTAINER,
 * and the step that puts the container on its network. */
#ifndef MYDOCKER_NETRUN_H
#define MYDOCKER_NETRUN_H

#include "containers.h"
#include "hostport.h"
#include "network.h"
#include "slirp.h"

/* container->chapter points here; chapter 5's part first. */
struct networked_container {
	struct managed_container managed;
	const char *network;                        /* --net */
	struct port_mapping ports[ENDPOINT_PORTS_MAX];
	int port_count;
	struct host_ports host_ports;               /* -p's host ports, bound */
	struct slirp slirp;                         /* --net slirp (rootless) */
};

extern const struct run_option network_run_options[];
/* Inserted after chapter 5's STEP_JOIN_CGROUP. */
extern const struct parent_step network_parent_steps[];

/* The flavor's check: the network exists; -p needs --net; each -p host
 * port is free, and is bound from here on (hostport.h). */
int check_network_options(struct container *container);
/* The flavor's release: what chapter 5 releases, then the network. */
void release_network(struct mydocker *mydocker, const struct record *record);
/* mydocker network create|ls|rm. */
int command_network(struct mydocker *mydocker, int argc, char **argv);

#endif
