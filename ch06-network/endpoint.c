/* A container on a network: connect and disconnect; see network.h.
 * A veth pair is a cable with two ends (veth(4)): one stays on the host and
 * joins the bridge, the other goes into the container's namespace as eth0.
 * -p is a DNAT rule: packets for the host's port get the container's
 * address and port as destination (iptables-extensions(8), DNAT). */
#include "network.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "iptables.h"
#include "ipam.h"
#include "log.h"
#include "netlink.h"
#include "statefile.h"
#include "trace.h"

static int endpoint_path(const char *state_root, const char *network, const char *container_id, char *buf,
			 size_t size)
{
	return path_join(buf, size, "%s/networks/%s/endpoints/%s.json", state_root, network, container_id);
}

static json_t *endpoint_to_json(const struct endpoint *endpoint)
{
	char address[IPV4_TEXT_SIZE], port[16];
	json_t *ports = json_array();

	for (int i = 0; ports && i < endpoint->port_count; i++) {
		snprintf(port, sizeof(port), "%u:%u", endpoint->ports[i].host_port, endpoint->ports[i].container_port);
		json_array_append_new(ports, json_string(port));
	}
	ipv4_format(endpoint->address, address);
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:o}", "network", endpoint->network, "container",
			 endpoint->container_id, "address", address, "veth", endpoint->veth_host, "peer",
			 endpoint->veth_peer, "ports", ports);
}

static int endpoint_from_json(json_t *record, struct endpoint *endpoint)
{
	const char *network, *container, *address, *veth, *peer, *why;
	json_t *ports, *port;
	size_t index;

	if (json_unpack(record, "{s:s, s:s, s:s, s:s, s:s, s:o}", "network", &network, "container", &container,
			"address", &address, "veth", &veth, "peer", &peer, "ports", &ports) < 0 ||
	    !json_is_array(ports) || json_array_size(ports) > ENDPOINT_PORTS_MAX ||
	    ipv4_parse(address, &endpoint->address) < 0)
		return -1;
	snprintf(endpoint->network, sizeof(endpoint->network), "%s", network);
	snprintf(endpoint->container_id, sizeof(endpoint->container_id), "%s", container);
	snprintf(endpoint->veth_host, sizeof(endpoint->veth_host), "%s", veth);
	snprintf(endpoint->veth_peer, sizeof(endpoint->veth_peer), "%s", peer);
	endpoint->port_count = 0;
	json_array_foreach(ports, index, port) {
		if (!json_is_string(port) ||
		    port_mapping_parse(json_string_value(port), &endpoint->ports[endpoint->port_count++], &why) < 0)
			return -1;
	}
	return 0;
}

int endpoint_load(const char *state_root, const char *network, const char *container_id, struct endpoint *endpoint,
		  bool quiet)
{
	char path[PATH_MAX];
	json_error_t error;
	json_t *record;
	int result = 0;

	if (endpoint_path(state_root, network, container_id, path, sizeof(path)) < 0)
		return -1;
	if (!path_exists(path)) {
		if (!quiet)
			log_error("container %s is not connected to network %s", container_id, network);
		return -1;
	}
	record = json_load_file(path, 0, &error);
	if (!record || endpoint_from_json(record, endpoint) < 0) {
		log_error("%s: a damaged record%s%s", path, record ? "" : ": ", record ? "" : error.text);
		result = -1;
	}
	json_decref(record);
	return result;
}

/* What connect's steps share. */
struct connect_context {
	const char *state_root;
	struct network network;
	struct ipam ipam;
	struct endpoint endpoint;
	int netns_fd;
	char tag[IPTABLES_TAG_SIZE];
};

static int take_address(void *argument)
{
	struct connect_context *context = argument;

	return ipam_allocate(&context->ipam, &context->endpoint.address);
}

static int release_address(void *argument)
{
	struct connect_context *context = argument;

	return ipam_release(&context->ipam, context->endpoint.address);
}

static int create_veth(void *argument)
{
	struct connect_context *context = argument;

	return veth_create(context->endpoint.veth_host, context->endpoint.veth_peer, context->network.name);
}

static int delete_veth(void *argument)
{
	return link_delete(((struct connect_context *)argument)->endpoint.veth_host);
}

/* The host end, like the bridge, takes no IPv6 router advertisements
 * (CVE-2020-13401): a container must not become the host's router. */
static int refuse_router_advertisements(void *argument)
{
	return accept_ra_off(((struct connect_context *)argument)->endpoint.veth_host);
}

static int move_peer(void *argument)
{
	struct connect_context *context = argument;

	return link_move_to_netns(context->endpoint.veth_peer, context->netns_fd);
}

static int configure_peer(void *argument)
{
	struct connect_context *context = argument;

	return container_interface_setup(context->netns_fd, context->endpoint.veth_peer, context->endpoint.address,
					 context->network.subnet.prefix, context->network.gateway);
}

/* -p HOST:CONTAINER as two DNAT rules: PREROUTING for packets that come
 * in from other hosts (or containers), OUTPUT for the host's own, which
 * never pass PREROUTING. --dst-type LOCAL: any of the host's addresses. */
static int add_port_rules(void *argument)
{
	static const char *const chains[] = { "PREROUTING", "OUTPUT" };
	struct connect_context *context = argument;
	char address[IPV4_TEXT_SIZE], port[8], destination[32];

	ipv4_format(context->endpoint.address, address);
	for (int i = 0; i < context->endpoint.port_count; i++) {
		const struct port_mapping *mapping = &context->endpoint.ports[i];

		snprintf(port, sizeof(port), "%u", mapping->host_port);
		snprintf(destination, sizeof(destination), "%s:%u", address, mapping->container_port);
		for (size_t chain = 0; chain < sizeof(chains) / sizeof(chains[0]); chain++) {
			const struct iptables_rule rule = { "nat", chains[chain], false,
							    { "-p", "tcp", "-m", "addrtype", "--dst-type", "LOCAL",
							      "--dport", port, "-j", "DNAT", "--to-destination",
							      destination, NULL } };

			if (iptables_add(&rule, context->tag) < 0)
				return -1;
		}
	}
	return 0;
}

static int remove_port_rules(void *argument)
{
	return iptables_remove_tagged(((struct connect_context *)argument)->tag);
}

static int write_endpoint_record(void *argument)
{
	struct connect_context *context = argument;
	json_t *record = endpoint_to_json(&context->endpoint);
	char path[PATH_MAX];
	char *text = record ? json_dumps(record, JSON_INDENT(2)) : NULL;
	int result = -1;

	if (!text)
		log_error("could not make the record of %s", context->endpoint.container_id);
	else if (endpoint_path(context->state_root, context->network.name, context->endpoint.container_id, path,
			       sizeof(path)) == 0)
		result = write_file_atomically(path, text, 0644);
	free(text);
	json_decref(record);
	return result;
}

/* The parent's side of `run --net`: the book's list, in its order. */
static const struct network_step connect_steps[] = {
	{ "take an address from IPAM", take_address, release_address },
	{ "create the veth pair, its host end on the bridge", create_veth, delete_veth },
	{ "take no IPv6 router advertisements on the host end (accept_ra 0)", refuse_router_advertisements, NULL },
	{ "move the peer into the container's network namespace", move_peer, NULL },
	{ "inside: rename it eth0, address it, set it and lo up, route through the gateway; accept_ra 0, ping "
	  "without CAP_NET_RAW",
	  configure_peer, NULL },
	{ "map the ports (DNAT)", add_port_rules, remove_port_rules },
	{ "write the endpoint record", write_endpoint_record, NULL },
};

/* A host port maps to one container only: the first DNAT rule would win
 * and the second container would silently never get its packets. */
static int check_ports_in(const char *state_root, const char *network, const struct endpoint *wanted)
{
	char path[PATH_MAX];
	struct dirent *entry;
	DIR *directory;
	int result = 0;

	if (path_join(path, sizeof(path), "%s/networks/%s/endpoints", state_root, network) < 0)
		return -1;
	directory = opendir(path);
	if (!directory)
		return 0;
	while (result == 0 && (entry = readdir(directory))) {
		size_t length = strlen(entry->d_name);
		struct endpoint other;
		char id[CONTAINER_ID_MAX + 1];

		if (entry->d_name[0] == '.' || length < 6 || length - 5 > CONTAINER_ID_MAX ||
		    strcmp(entry->d_name + length - 5, ".json") != 0)
			continue;
		snprintf(id, sizeof(id), "%.*s", (int)(length - 5), entry->d_name);
		if (endpoint_load(state_root, network, id, &other, true) < 0)
			continue;
		for (int i = 0; i < wanted->port_count; i++)
			for (int j = 0; j < other.port_count; j++)
				if (wanted->ports[i].host_port == other.ports[j].host_port) {
					log_error("host port %u is mapped to container %s already", other.ports[j].host_port,
						  id);
					result = -1;
				}
	}
	closedir(directory);
	return result;
}

static int check_ports_free(const char *state_root, const struct endpoint *wanted)
{
	char path[PATH_MAX];
	struct dirent *entry;
	DIR *directory;
	int result = 0;

	if (wanted->port_count == 0)
		return 0;
	if (path_join(path, sizeof(path), "%s/networks", state_root) < 0 || !(directory = opendir(path)))
		return -1;
	while (result == 0 && (entry = readdir(directory)))
		if (entry->d_name[0] != '.' && entry->d_type == DT_DIR)
			result = check_ports_in(state_root, entry->d_name, wanted);
	closedir(directory);
	return result;
}

/* A netns fd that is the host's own namespace would get eth0, an address
 * and a default route on the host: refused. Namespaces are the same when
 * their nsfs inodes are (ioctl_ns(2)). */
static int check_not_host_namespace(int netns_fd)
{
	struct stat theirs, ours;

	if (fstat(netns_fd, &theirs) < 0 || stat("/proc/self/ns/net", &ours) < 0) {
		log_errno("stat the network namespaces");
		return -1;
	}
	if (theirs.st_dev == ours.st_dev && theirs.st_ino == ours.st_ino) {
		log_error("that process is in the host's network namespace: a container needs its own (unshare -n)");
		return -1;
	}
	return 0;
}

/* Everything connect checks before it makes anything. */
static int check_connect(struct connect_context *context, const char *container_id, const struct port_mapping *ports,
			 int port_count)
{
	struct endpoint *endpoint = &context->endpoint;
	struct endpoint existing;
	const char *why;

	if (container_id_check(container_id, &why) < 0) {
		log_error("container ID \"%s\" %s", container_id, why);
		return -1;
	}
	if (check_not_host_namespace(context->netns_fd) < 0)
		return -1;
	if (port_count < 0 || port_count > ENDPOINT_PORTS_MAX) {
		log_error("at most %d port mappings", ENDPOINT_PORTS_MAX);
		return -1;
	}
	snprintf(endpoint->network, sizeof(endpoint->network), "%s", context->network.name);
	snprintf(endpoint->container_id, sizeof(endpoint->container_id), "%s", container_id);
	veth_names(container_id, endpoint->veth_host, endpoint->veth_peer);
	memcpy(endpoint->ports, ports, sizeof(*ports) * (size_t)port_count);
	endpoint->port_count = port_count;
	if (endpoint_load(context->state_root, context->network.name, container_id, &existing, true) == 0) {
		log_error("container %s is connected to network %s already", container_id, context->network.name);
		return -1;
	}
	if (link_exists(endpoint->veth_host) != 0 || link_exists(endpoint->veth_peer) != 0) {
		log_error("an interface named %s or %s exists already: another container with an ID starting the same?",
			  endpoint->veth_host, endpoint->veth_peer);
		return -1;
	}
	return check_ports_free(context->state_root, endpoint);
}

/* Takes the shared networks lock: network rm (exclusive) waits for us, and
 * we for it; other connects go on at the same time. */
static int networks_lock_shared(const char *state_root)
{
	char lock_path[PATH_MAX];

	if (networks_lock_path(state_root, lock_path, sizeof(lock_path)) < 0)
		return -1;
	return state_lock_shared(lock_path);
}

int network_connect(const char *state_root, const char *network, const char *container_id, int netns_fd,
		    const struct port_mapping *ports, int port_count, struct endpoint *endpoint)
{
	struct connect_context context = { .state_root = state_root, .netns_fd = netns_fd };
	char directory[PATH_MAX];
	int lock, result = -1;

	if (network_load(state_root, network, &context.network) < 0)
		return -1;
	lock = networks_lock_shared(state_root);
	if (lock < 0)
		return -1;
	/* Loaded again under the lock: it may have been removed meanwhile. */
	if (network_load(state_root, network, &context.network) < 0 ||
	    network_directory(state_root, network, directory, sizeof(directory)) < 0 ||
	    ipam_open(&context.ipam, directory, &context.network.subnet) < 0 ||
	    check_connect(&context, container_id, ports, port_count) < 0)
		goto out;
	network_tag(network, container_id, context.tag);
	result = network_run_steps(connect_steps, sizeof(connect_steps) / sizeof(connect_steps[0]), &context);
	if (result == 0 && endpoint)
		*endpoint = context.endpoint;
out:
	state_unlock(lock);
	return result;
}

int network_disconnect(const char *state_root, const char *network, const char *container_id)
{
	struct connect_context context = { .state_root = state_root, .netns_fd = -1 };
	char directory[PATH_MAX], path[PATH_MAX];
	int lock, result = -1;

	lock = networks_lock_shared(state_root);
	if (lock < 0)
		return -1;
	if (network_load(state_root, network, &context.network) < 0 ||
	    endpoint_load(state_root, network, container_id, &context.endpoint, false) < 0 ||
	    network_directory(state_root, network, directory, sizeof(directory)) < 0 ||
	    ipam_open(&context.ipam, directory, &context.network.subnet) < 0 ||
	    endpoint_path(state_root, network, container_id, path, sizeof(path)) < 0)
		goto out;
	network_tag(network, container_id, context.tag);
	/* connect's undos, in reverse; each tolerates what is gone already. */
	result = 0;
	trace_note("step: remove the rules tagged %s", context.tag);
	result |= remove_port_rules(&context);
	trace_note("step: delete the veth pair %s", context.endpoint.veth_host);
	result |= delete_veth(&context);
	result |= release_address(&context);
	if (unlink(path) < 0 && errno != ENOENT) {
		log_errno("remove %s", path);
		result = -1;
	}
out:
	state_unlock(lock);
	return result ? -1 : 0;
}
