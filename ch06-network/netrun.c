/* What chapter 6 adds to mydocker run; see netrun.h. The container's end
 * of the veth pair is moved into its network namespace from outside, by
 * the parent, through /proc/PID/ns/net, after init exists and before it
 * runs anything: init has no network steps of its own. */
#include "netrun.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "netcli.h"
#include "trace.h"

static struct networked_container *networked(struct container *container)
{
	return container->chapter;
}

static int set_network(struct container *container, const char *value)
{
	networked(container)->network = value;
	return 0;
}

static int add_port(struct container *container, const char *value)
{
	struct networked_container *self = networked(container);
	const char *why;

	if (self->port_count == ENDPOINT_PORTS_MAX) {
		log_error("-p %s: at most %d ports", value, ENDPOINT_PORTS_MAX);
		return -1;
	}
	if (port_mapping_parse(value, &self->ports[self->port_count], &why) < 0) {
		log_error("-p %s: %s", value, why);
		return -1;
	}
	self->port_count++;
	return 0;
}

const struct run_option network_run_options[] = {
	{ "net", 0, "NAME", set_network, "join network NAME (mydocker network create): eth0, an address, a route" },
	{ "publish", 'p', "HOST:CONTAINER", add_port,
	  "map a TCP port of the host to the container (with --net); the port is held while it runs" },
	{ NULL, 0, NULL, NULL, NULL },
};

int check_network_options(struct container *container)
{
	struct networked_container *self = networked(container);
	struct network network;

	/* none and slirp need no root; bridges do (slirp.c). */
	if (user_mode_network_check(self->network, self->port_count) < 0)
		return -1;
	if (user_mode_network(self->network)) {
		snprintf(self->managed.record.network, sizeof(self->managed.record.network), "%s", self->network);
		return 0;
	}
	if (!self->network) {
		if (self->port_count == 0)
			return 0;
		log_error("-p needs --net NAME: a port is mapped to the container's address on a network");
		return -1;
	}
	if (network_load(self->managed.image.root_option ? self->managed.image.root_option : self->managed.mydocker->root,
			 self->network, &network) < 0)
		return -1;
	/* Before anything is made: a port a host program (or another
	 * runtime) has is refused here, with nothing to undo; from here the
	 * port is ours until the container ends. */
	if (host_ports_reserve(self->ports, self->port_count, &self->host_ports) < 0)
		return -1;
	snprintf(self->managed.record.network, sizeof(self->managed.record.network), "%s", self->network);
	return 0;
}

/* "8080:80,8443:443", for the record and ps. */
static void format_ports(const struct networked_container *self, char *text, size_t size)
{
	size_t used = 0;

	text[0] = '\0';
	for (int i = 0; i < self->port_count && used < size; i++)
		used += (size_t)snprintf(text + used, size - used, "%s%u:%u", i ? "," : "", self->ports[i].host_port,
					 self->ports[i].container_port);
}

/* --net none or slirp: lo up; slirp4netns; its port forwards. */
static int connect_user_mode(struct container *container, struct networked_container *self)
{
	struct record *record = &self->managed.record;
	char socket_dir[PATH_MAX];

	if (user_runtime_dir(self->managed.image.layers.directory, socket_dir, sizeof(socket_dir)) < 0 ||
	    user_mode_network_connect(self->network, container->child.pid, socket_dir, record->id, self->ports,
				      self->port_count, &self->slirp) < 0)
		return -1;
	if (self->slirp.pid > 0)
		snprintf(record->ip, sizeof(record->ip), "%s", SLIRP_ADDRESS);
	format_ports(self, record->ports, sizeof(record->ports));
	return 0;
}

static int step_connect(struct container *container)
{
	struct networked_container *self = networked(container);
	struct record *record = &self->managed.record;
	struct endpoint endpoint;
	char path[64];
	int netns, result;

	if (!self->network)
		return 0;
	if (user_mode_network(self->network))
		return connect_user_mode(container, self);
	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)container->child.pid);
	netns = open(path, O_RDONLY | O_CLOEXEC);
	if (netns < 0) {
		log_errno("open %s", path);
		return -1;
	}
	result = network_connect(self->managed.image.root, self->network, record->id, netns, self->ports, self->port_count,
				 &endpoint);
	close(netns);
	if (result < 0)
		return -1;
	ipv4_format(endpoint.address, record->ip);
	format_ports(self, record->ports, sizeof(record->ports));
	return 0;
}

static void undo_connect(struct container *container)
{
	struct networked_container *self = networked(container);

	if (user_mode_network(self->network))
		user_mode_network_disconnect(&self->slirp);
	else if (self->network)
		network_disconnect(self->managed.image.root, self->network, self->managed.record.id);
}

/* The record was written before the network existed (chapter 5's table
 * writes it once, early): the address and ports, known now, go in a second
 * save, for networked containers only. */
static int step_record_address(struct container *container)
{
	struct networked_container *self = networked(container);

	if (!self->network || (!self->managed.record.ip[0] && !self->managed.record.ports[0]))
		return 0;
	return record_save(self->managed.image.root, &self->managed.record);
}

/* The host ports were bound by the check (before anything was made); this
 * step is where they are let go: its undo runs after the connect's, once
 * the DNAT rules are gone, in whichever process waits for the container
 * (the foreground runtime, or the -d monitor). */
static int step_hold_host_ports(struct container *container)
{
	trace_note("holding %d host port(s) bound while the container lives", networked(container)->host_ports.count);
	return 0;
}

static void undo_hold_host_ports(struct container *container)
{
	host_ports_release(&networked(container)->host_ports);
}

const struct parent_step network_parent_steps[] = {
	{ "keep the -p host ports bound (reserved at the check) until the container ends", step_hold_host_ports,
	  undo_hold_host_ports },
	{ "connect to the network: veth into the container, eth0, address, route, -p rules", step_connect, undo_connect },
	{ "write the record again, with the address and ports (ps shows them)", step_record_address, NULL },
	{ NULL, NULL, NULL },
};

void release_network(struct mydocker *mydocker, const struct record *record)
{
	struct endpoint endpoint;

	chapter5_flavor.release(mydocker, record);
	if (record->network[0] && !user_mode_network(record->network) && endpoint_load(mydocker->root, record->network, record->id, &endpoint, true) == 0)
		network_disconnect(mydocker->root, record->network, record->id);
}

int command_network(struct mydocker *mydocker, int argc, char **argv)
{
	if (geteuid() != 0 && argc > 1 && strcmp(argv[1], "ls") != 0 && strcmp(argv[1], "--help") != 0) {
		log_error("network %s: bridge networks need root (CAP_NET_ADMIN on the host, or a setuid helper); as a "
			  "user, run with --net slirp or --net none",
			  argv[1]);
		return 1;
	}
	return network_command(mydocker->root, argc - 1, argv + 1);
}
