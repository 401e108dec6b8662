/* Networks and the containers on them, as `mydocker network` and
 * `mydocker run --net NAME -p H:C` use them. A network is a record under
 * STATE_ROOT/networks/NAME/ (network.json, its IPAM bitmap, endpoints/ID.json
 * per connected container), a bridge named NAME with the gateway address,
 * and iptables rules tagged "mydocker:NAME". Records are JSON (jansson),
 * written atomically under STATE_ROOT/networks/lock (flock: exclusive to
 * create or remove a network, shared to connect or disconnect, so connects
 * run side by side and IPAM's own lock keeps their addresses apart).
 * Every function returns 0 or -1, having reported the failure once; bad
 * input creates nothing, and a failed step undoes the ones before it. */
#ifndef MYDOCKER_NETWORK_H
#define MYDOCKER_NETWORK_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <net/if.h>
#include <stdint.h>
#include <stdio.h>

#include "cidr.h"
#include "names.h"
#include "ports.h"

#define NETWORK_DRIVER_BRIDGE "bridge"

enum { ENDPOINT_PORTS_MAX = 32, NETWORK_DRIVER_SIZE = 16 };

struct network {
	char name[IFNAMSIZ];	/* also the bridge's name */
	char driver[NETWORK_DRIVER_SIZE];
	struct cidr subnet;
	uint32_t gateway;	/* the subnet's first address, on the bridge */
};

/* A container's place on a network. */
struct endpoint {
	char network[IFNAMSIZ];
	char container_id[CONTAINER_ID_MAX + 1];
	uint32_t address;
	char veth_host[IFNAMSIZ];	/* on the bridge */
	char veth_peer[IFNAMSIZ];	/* eth0 once inside */
	struct port_mapping ports[ENDPOINT_PORTS_MAX];
	int port_count;
};

/* mydocker network create --driver DRIVER --subnet CIDR NAME: checks the
 * name (and that no network or interface has it), the driver (bridge), the
 * CIDR and that it overlaps no other network nor a route of the host; then
 * the record, the bridge (up, gateway address, route_localnet on, accept_ra
 * off), IPv4 forwarding, and the rules: MASQUERADE for the subnet going out
 * any other interface and for 127.0.0.0/8 coming in to a mapped port,
 * INPUT dropping what the bridge brings for 127.0.0.0/8 (CVE-2020-8558),
 * FORWARD ACCEPT in and out of the bridge, and the isolation chains (no
 * packet from this bridge to another network's, nor back). */
int network_create(const char *state_root, const char *name, const char *driver, const char *subnet);

/* Reads NAME's record; -1 (reported) when there is no such network. */
int network_load(const char *state_root, const char *name, struct network *network);

/* mydocker network ls: NAME SUBNET GATEWAY DRIVER CONTAINERS on out. */
int network_list(const char *state_root, FILE *out);

/* mydocker network rm NAME: refused while a container is connected;
 * else removes the rules, the bridge, the records, and puts
 * net.ipv4.ip_forward back to 0 if the first network turned it on and no
 * mydocker network is left. */
int network_remove(const char *state_root, const char *name);

/* The per-container steps of `run --net NAME -p H:C`: an address from
 * IPAM, a veth pair (names from the container ID, see names.h) with its
 * host end on the bridge and the other end moved into the namespace
 * netns_fd (an open /proc/PID/ns/net), renamed eth0, addressed, up, with a
 * default route through the gateway and lo up, accept_ra off on both ends
 * and ping_group_range open inside; one DNAT rule per port in
 * PREROUTING (other hosts) and OUTPUT (the host itself); the endpoint
 * record. endpoint (may be NULL) receives what was done. */
int network_connect(const char *state_root, const char *network, const char *container_id, int netns_fd,
		    const struct port_mapping *ports, int port_count, struct endpoint *endpoint);

/* Undoes network_connect: DNAT rules, veth (both ends), address, record.
 * Works also when the container has exited (its end is gone already). */
int network_disconnect(const char *state_root, const char *network, const char *container_id);

/* The endpoint record of container_id on network; -1 when there is none
 * (reported unless quiet). */
int endpoint_load(const char *state_root, const char *network, const char *container_id, struct endpoint *endpoint,
		  bool quiet);

/* Paths of the records, for network.c and endpoint.c. */
int network_directory(const char *state_root, const char *name, char *buf, size_t size);
int networks_lock_path(const char *state_root, char *buf, size_t size);
/* The tag of a network's rules ("mydocker:NAME") or a container's
 * ("mydocker:NAME/ID"); buf has IPTABLES_TAG_SIZE bytes. */
void network_tag(const char *network, const char *container_id, char *buf);

/* A list of steps, each with its undo (NULL: nothing to undo, or undone
 * with an earlier step's undo): run in order; on a failure the done ones
 * are undone in reverse, so a failed create or connect leaves nothing. */
struct network_step {
	const char *name;
	int (*run)(void *context);
	int (*undo)(void *context);
};

int network_run_steps(const struct network_step *steps, size_t count, void *context);

#endif
