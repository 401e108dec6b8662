/* Networks: create, list, remove; see network.h. A bridge is a virtual
 * switch (ip-link(8) type bridge); its address is the containers' gateway;
 * MASQUERADE gives their packets the host's address on the way out.
 * jansson's json_pack/json_unpack, iptables-extensions(8), proc(5). */
#include "network.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "iptables.h"
#include "ipam.h"
#include "log.h"
#include "netlink.h"
#include "statefile.h"
#include "trace.h"

static const char ip_forward_path[] = "/proc/sys/net/ipv4/ip_forward";

int network_directory(const char *state_root, const char *name, char *buf, size_t size)
{
	return path_join(buf, size, "%s/networks/%s", state_root, name);
}

int networks_lock_path(const char *state_root, char *buf, size_t size)
{
	return path_join(buf, size, "%s/networks/lock", state_root);
}

void network_tag(const char *network, const char *container_id, char *buf)
{
	snprintf(buf, IPTABLES_TAG_SIZE, "%s%s%s%s", IPTABLES_TAG_PREFIX, network, container_id ? "/" : "",
		 container_id ? container_id : "");
}

int network_run_steps(const struct network_step *steps, size_t count, void *context)
{
	for (size_t done = 0; done < count; done++) {
		trace_note("step: %s", steps[done].name);
		if (steps[done].run(context) == 0)
			continue;
		log_error("could not %s; undoing what was done", steps[done].name);
		while (done-- > 0)
			if (steps[done].undo)
				steps[done].undo(context);
		return -1;
	}
	return 0;
}

/* The record: network.json. */
static int record_path(const char *state_root, const char *name, char *buf, size_t size)
{
	return path_join(buf, size, "%s/networks/%s/network.json", state_root, name);
}

int network_load(const char *state_root, const char *name, struct network *network)
{
	char path[PATH_MAX];
	const char *driver, *subnet, *gateway, *why;
	json_error_t error;
	json_t *record;
	int result = -1;

	if (network_name_check(name, &why) < 0) {
		log_error("network name \"%s\" %s", name, why);
		return -1;
	}
	if (record_path(state_root, name, path, sizeof(path)) < 0)
		return -1;
	if (!path_exists(path)) {
		log_error("no network named %s (see network ls)", name);
		return -1;
	}
	record = json_load_file(path, 0, &error);
	if (!record) {
		log_error("%s: %s", path, error.text);
		return -1;
	}
	if (json_unpack_ex(record, &error, 0, "{s:s, s:s, s:s}", "driver", &driver, "subnet", &subnet, "gateway",
			   &gateway) < 0 ||
	    cidr_parse(subnet, &network->subnet, &why) < 0 || ipv4_parse(gateway, &network->gateway) < 0) {
		log_error("%s: a damaged record", path);
		goto out;
	}
	snprintf(network->name, sizeof(network->name), "%s", name);
	snprintf(network->driver, sizeof(network->driver), "%s", driver);
	result = 0;
out:
	json_decref(record);
	return result;
}

/* What create's steps share. */
struct create_context {
	const char *state_root;
	struct network network;
	char directory[PATH_MAX];
	char tag[IPTABLES_TAG_SIZE];
};

static int write_network_record(void *argument)
{
	struct create_context *context = argument;
	char subnet[CIDR_TEXT_SIZE], gateway[IPV4_TEXT_SIZE], path[PATH_MAX];
	json_t *record;
	char *text = NULL;
	int result = -1;

	cidr_format(&context->network.subnet, subnet);
	ipv4_format(context->network.gateway, gateway);
	record = json_pack("{s:s, s:s, s:s, s:s, s:s}", "name", context->network.name, "driver",
			   context->network.driver, "subnet", subnet, "gateway", gateway, "bridge",
			   context->network.name);
	if (record)
		text = json_dumps(record, JSON_INDENT(2));
	if (!text) {
		log_error("could not make the record of %s", context->network.name);
		goto out;
	}
	if (path_join(path, sizeof(path), "%s/endpoints", context->directory) < 0 || make_directories(path, 0700) < 0 ||
	    record_path(context->state_root, context->network.name, path, sizeof(path)) < 0)
		goto out;
	result = write_file_atomically(path, text, 0644);
out:
	free(text);
	json_decref(record);
	return result;
}

static int remove_network_record(void *argument)
{
	struct create_context *context = argument;

	return remove_tree(context->directory);
}

static int create_bridge(void *argument)
{
	struct create_context *context = argument;

	return bridge_create(context->network.name, context->network.gateway, context->network.subnet.prefix);
}

static int delete_bridge(void *argument)
{
	return link_delete(((struct create_context *)argument)->network.name);
}

/* The host reaching a mapped port as 127.0.0.1: after OUTPUT's DNAT the
 * packet leaves by the bridge with a loopback source, which the kernel
 * drops as a martian unless route_localnet is on for that interface (only
 * this bridge: the setting goes away with it). It also lets in packets
 * FOR 127.0.0.1 from the bridge: a container routing 127.0.0.1 to its
 * gateway would reach what the host serves on loopback only
 * (CVE-2020-8558); network_rules drops those. */
static int enable_route_localnet(void *argument)
{
	char path[PATH_MAX];

	if (path_join(path, sizeof(path), "/proc/sys/net/ipv4/conf/%s/route_localnet",
		      ((struct create_context *)argument)->network.name) < 0)
		return -1;
	return write_file(path, "1");
}

/* A bridge takes IPv6 router advertisements by default: a container
 * sending one would become the host's IPv6 router (CVE-2020-13401). */
static int refuse_router_advertisements(void *argument)
{
	return accept_ra_off(((struct create_context *)argument)->network.name);
}

/* net.ipv4.ip_forward: off on a fresh host, and then nothing leaves the
 * bridge for the outside (the book's "the container cannot reach out").
 * Turned on with the first network; if it was off, a marker file says so,
 * and the last network removed turns it off again. */
static int forwarding_marker_path(const char *state_root, char *buf, size_t size)
{
	return path_join(buf, size, "%s/networks/ip_forward-was-off", state_root);
}

static int forwarding_on(void *argument)
{
	struct create_context *context = argument;
	char value[8], marker[PATH_MAX];

	if (read_file(ip_forward_path, value, sizeof(value), false) < 0)
		return -1;
	if (value[0] == '1')
		return 0;
	if (forwarding_marker_path(context->state_root, marker, sizeof(marker)) < 0 ||
	    write_file_atomically(marker, "net.ipv4.ip_forward was 0 before the first network\n", 0644) < 0)
		return -1;
	return write_file(ip_forward_path, "1");
}

/* True when a network other than except has a record under state_root. */
static bool other_networks(const char *state_root, const char *except)
{
	char path[PATH_MAX];
	struct dirent *entry;
	bool found = false;
	DIR *directory;

	if (path_join(path, sizeof(path), "%s/networks", state_root) < 0 || !(directory = opendir(path)))
		return false;
	while (!found && (entry = readdir(directory))) {
		char record[PATH_MAX];

		if (entry->d_name[0] == '.' || strcmp(entry->d_name, except) == 0)
			continue;
		found = record_path(state_root, entry->d_name, record, sizeof(record)) == 0 && path_exists(record);
	}
	closedir(directory);
	return found;
}

static int forwarding_restore(const char *state_root, const char *except)
{
	char marker[PATH_MAX];

	if (forwarding_marker_path(state_root, marker, sizeof(marker)) < 0 || !path_exists(marker) ||
	    other_networks(state_root, except))
		return 0;
	/* Another state root's network (another runtime, a test) still needs
	 * forwarding: its FORWARD rules say so. */
	if (iptables_has_tag_prefix("filter", IPTABLES_TAG_PREFIX) != 0) {
		trace_note("ip_forward stays on: another mydocker network still has FORWARD rules");
		return 0;
	}
	if (write_file(ip_forward_path, "0") < 0)
		return -1;
	if (unlink(marker) < 0) {
		log_errno("remove %s", marker);
		return -1;
	}
	return 0;
}

static int forwarding_off(void *argument)
{
	struct create_context *context = argument;

	return forwarding_restore(context->state_root, context->network.name);
}

/* The network's rules, each tagged mydocker:NAME. */
static int network_rules(const struct network *network, const char *tag, bool add)
{
	char subnet[CIDR_TEXT_SIZE];
	const char *bridge = network->name;
	const struct iptables_rule rules[] = {
		/* the containers' packets leave with the host's address */
		{ "nat", "POSTROUTING", false, { "-s", subnet, "!", "-o", bridge, "-j", "MASQUERADE", NULL } },
		/* the host's own 127.0.0.1 DNATed to a container: the container
		 * must answer the gateway, not its own loopback */
		{ "nat", "POSTROUTING", false, { "-s", "127.0.0.0/8", "-o", bridge, "-j", "MASQUERADE", NULL } },
		/* CVE-2020-8558, as kube-proxy closed it: what comes in by the
		 * bridge for 127.0.0.0/8 is dropped, unless it answers the host
		 * (ESTABLISHED) or was a mapped port's DNAT */
		{ "filter", "INPUT", true, { "-i", bridge, "-d", "127.0.0.0/8", "-m", "conntrack", "!", "--ctstate",
					     "RELATED,ESTABLISHED,DNAT", "-j", "DROP", NULL } },
		/* ahead of a FORWARD policy or rule that drops (docker's hosts) */
		{ "filter", "FORWARD", true, { "-i", bridge, "-j", "ACCEPT", NULL } },
		{ "filter", "FORWARD", true, { "-o", bridge, "-j", "ACCEPT", NULL } },
	};

	if (!add)
		return iptables_remove_tagged(tag);
	cidr_format(&network->subnet, subnet);
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (iptables_add(&rules[i], tag) < 0)
			return -1;
	return 0;
}

static int add_network_rules(void *argument)
{
	struct create_context *context = argument;

	return network_rules(&context->network, context->tag, true);
}

static int remove_network_rules(void *argument)
{
	struct create_context *context = argument;

	return network_rules(&context->network, context->tag, false);
}

/* Networks are isolated from each other, as docker's are: FORWARD jumps
 * first to STAGE-1, where a packet from a bridge to anywhere else goes on
 * to STAGE-2, which drops it if that is another of our bridges. The two
 * chains and the jump are shared by every network (of every state root)
 * and go with the last; each network's two rules carry its tag. */
#define ISOLATION_STAGE_1 "MYDOCKER-ISOLATION-STAGE-1"
#define ISOLATION_STAGE_2 "MYDOCKER-ISOLATION-STAGE-2"
#define ISOLATION_TAG IPTABLES_TAG_PREFIX "-isolation" /* no network name starts with '-' */

static const struct iptables_rule isolation_jump = { "filter", "FORWARD", true, { "-j", ISOLATION_STAGE_1, NULL } };

static int add_isolation_rules(void *argument)
{
	struct create_context *context = argument;
	const char *bridge = context->network.name;
	const struct iptables_rule rules[] = {
		{ "filter", ISOLATION_STAGE_1, false, { "-i", bridge, "!", "-o", bridge, "-j", ISOLATION_STAGE_2, NULL } },
		{ "filter", ISOLATION_STAGE_2, false, { "-o", bridge, "-j", "DROP", NULL } },
	};

	if (iptables_chain_ensure("filter", ISOLATION_STAGE_2) < 0 ||
	    iptables_chain_ensure("filter", ISOLATION_STAGE_1) < 0)
		return -1;
	for (size_t i = 0; i < sizeof(rules) / sizeof(rules[0]); i++)
		if (iptables_add(&rules[i], context->tag) < 0)
			return -1;
	/* Back to the top of FORWARD, above the ACCEPT rules this network
	 * just inserted there (docker moves its jumps the same way). */
	if (iptables_delete(&isolation_jump, ISOLATION_TAG) < 0)
		return -1;
	return iptables_add(&isolation_jump, ISOLATION_TAG);
}

/* The shared chains and jump, once no network has a rule in them. */
static int remove_isolation_if_unused(void)
{
	int count = iptables_chain_rule_count("filter", ISOLATION_STAGE_1);

	if (count != 0)
		return 0; /* other networks still there, or no chain at all */
	trace_note("step: the last network: remove the isolation chains");
	if (iptables_delete(&isolation_jump, ISOLATION_TAG) < 0 ||
	    iptables_chain_delete("filter", ISOLATION_STAGE_1) < 0 ||
	    iptables_chain_delete("filter", ISOLATION_STAGE_2) < 0)
		return -1;
	return 0;
}

static int remove_isolation_rules(void *argument)
{
	struct create_context *context = argument;

	if (iptables_remove_tagged(context->tag) < 0)
		return -1;
	return remove_isolation_if_unused();
}

static const struct network_step create_steps[] = {
	{ "write the network's record", write_network_record, remove_network_record },
	{ "create the bridge with the gateway's address", create_bridge, delete_bridge },
	{ "let the host reach mapped ports as 127.0.0.1 (route_localnet)", enable_route_localnet, NULL },
	{ "take no IPv6 router advertisements on the bridge (accept_ra 0)", refuse_router_advertisements, NULL },
	{ "turn on IPv4 forwarding", forwarding_on, forwarding_off },
	{ "add the NAT, FORWARD and loopback-guard rules", add_network_rules, remove_network_rules },
	{ "isolate it from the other networks (MYDOCKER-ISOLATION-STAGE-1/2)", add_isolation_rules,
	  remove_isolation_rules },
};

/* The subnet must not overlap a route the host has (eth0's subnet, a VPN):
 * its packets would go to the bridge, or the containers' to the wrong
 * place. /proc/net/route lists IPv4 routes, addresses in hex as stored
 * (network order); the default route (mask 0) covers everything and is
 * not a conflict. proc(5). */
static int check_host_routes(const struct cidr *subnet)
{
	char text[64 * 1024], *save = NULL;
	char network_text[CIDR_TEXT_SIZE];

	if (read_file("/proc/net/route", text, sizeof(text), false) < 0)
		return -1;
	for (char *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char device[IFNAMSIZ + 1];
		unsigned int destination, gateway, flags, mask;
		struct cidr route;

		if (sscanf(line, "%16s %x %x %x %*d %*d %*d %x", device, &destination, &gateway, &flags, &mask) != 5 ||
		    mask == 0)
			continue;
		route.network = ntohl(destination);
		route.prefix = __builtin_popcount(mask);
		if (cidr_overlaps(subnet, &route)) {
			cidr_format(&route, network_text);
			log_error("the subnet overlaps %s, a route of the host on %s: pick another", network_text,
				  device);
			return -1;
		}
	}
	return 0;
}

/* No other network of this state root may hold any of the addresses. */
static int check_other_networks(const char *state_root, const struct cidr *subnet)
{
	char path[PATH_MAX], text[CIDR_TEXT_SIZE];
	struct dirent *entry;
	DIR *directory;
	int result = 0;

	if (path_join(path, sizeof(path), "%s/networks", state_root) < 0)
		return -1;
	directory = opendir(path);
	if (!directory)
		return 0;
	while (result == 0 && (entry = readdir(directory))) {
		struct network other;
		char record[PATH_MAX];

		if (entry->d_name[0] == '.' || record_path(state_root, entry->d_name, record, sizeof(record)) < 0 ||
		    !path_exists(record) || network_load(state_root, entry->d_name, &other) < 0)
			continue;
		if (cidr_overlaps(subnet, &other.subnet)) {
			cidr_format(&other.subnet, text);
			log_error("the subnet overlaps network %s (%s)", other.name, text);
			result = -1;
		}
	}
	closedir(directory);
	return result;
}

/* What a create checks before it makes anything: the driver and the
 * subnet first... */
static int check_input(struct create_context *context, const char *driver, const char *subnet)
{
	const char *why;

	if (strcmp(driver, NETWORK_DRIVER_BRIDGE) != 0) {
		log_error("unknown network driver \"%s\": this runtime has only \"bridge\"", driver);
		return -1;
	}
	if (cidr_parse(subnet, &context->network.subnet, &why) < 0) {
		log_error("bad subnet \"%s\": %s", subnet, why);
		return -1;
	}
	context->network.gateway = cidr_gateway(&context->network.subnet);
	snprintf(context->network.driver, sizeof(context->network.driver), "%s", driver);
	return 0;
}

/* ...then, under the lock, what is taken: the name, an interface, the
 * addresses. */
static int check_conflicts(struct create_context *context)
{
	const char *name = context->network.name;

	if (path_exists(context->directory)) {
		log_error("a network named %s exists already", name);
		return -1;
	}
	switch (link_exists(name)) {
	case 1:
		log_error("the host has an interface named %s already (ip link): pick another name", name);
		return -1;
	case -1:
		return -1;
	}
	if (check_other_networks(context->state_root, &context->network.subnet) < 0 ||
	    check_host_routes(&context->network.subnet) < 0)
		return -1;
	return 0;
}

static int networks_directory_make(const char *state_root)
{
	char path[PATH_MAX];

	if (path_join(path, sizeof(path), "%s/networks", state_root) < 0)
		return -1;
	return make_directories(path, 0700);
}

int network_create(const char *state_root, const char *name, const char *driver, const char *subnet)
{
	struct create_context context = { .state_root = state_root };
	char lock_path[PATH_MAX];
	const char *why;
	int lock, result = -1;

	if (network_name_check(name, &why) < 0) {
		log_error("network name \"%s\" %s", name, why);
		return -1;
	}
	snprintf(context.network.name, sizeof(context.network.name), "%s", name);
	if (check_input(&context, driver, subnet) < 0)
		return -1;
	network_tag(name, NULL, context.tag);
	if (network_directory(state_root, name, context.directory, sizeof(context.directory)) < 0 ||
	    networks_lock_path(state_root, lock_path, sizeof(lock_path)) < 0 || networks_directory_make(state_root) < 0)
		return -1;
	lock = state_lock(lock_path);
	if (lock < 0)
		return -1;
	if (check_conflicts(&context) == 0)
		result = network_run_steps(create_steps, sizeof(create_steps) / sizeof(create_steps[0]), &context);
	state_unlock(lock);
	return result;
}

/* The IDs of the containers on a network, "a,b" (or "-"), and how many. */
static int network_containers(const char *state_root, const char *name, char *buf, size_t size)
{
	char path[PATH_MAX];
	struct dirent *entry;
	DIR *directory;
	size_t used = 0;
	int count = 0;

	snprintf(buf, size, "-");
	if (path_join(path, sizeof(path), "%s/networks/%s/endpoints", state_root, name) < 0)
		return -1;
	directory = opendir(path);
	if (!directory)
		return 0;
	while ((entry = readdir(directory))) {
		size_t length = strlen(entry->d_name);

		if (entry->d_name[0] == '.' || length < 6 || strcmp(entry->d_name + length - 5, ".json") != 0)
			continue;
		if (used < size)
			used += (size_t)snprintf(buf + used, size - used, "%s%.*s", count ? "," : "", (int)(length - 5),
						 entry->d_name);
		count++;
	}
	closedir(directory);
	return count;
}

/* The names of the networks, sorted, from their record directories. */
static int network_names(const char *state_root, struct dirent ***names)
{
	char path[PATH_MAX];
	int count;

	if (path_join(path, sizeof(path), "%s/networks", state_root) < 0)
		return -1;
	count = scandir(path, names, NULL, alphasort);
	if (count < 0 && errno == ENOENT) {
		*names = NULL;
		return 0;
	}
	if (count < 0)
		log_errno("read %s", path);
	return count;
}

int network_list(const char *state_root, FILE *out)
{
	struct dirent **names;
	int count = network_names(state_root, &names);

	if (count < 0)
		return -1;
	fprintf(out, "%-16s%-20s%-17s%-8s%s\n", "NAME", "SUBNET", "GATEWAY", "DRIVER", "CONTAINERS");
	for (int i = 0; i < count; i++) {
		char record[PATH_MAX], subnet[CIDR_TEXT_SIZE], gateway[IPV4_TEXT_SIZE], containers[1024];
		struct network network;

		if (names[i]->d_name[0] != '.' &&
		    record_path(state_root, names[i]->d_name, record, sizeof(record)) == 0 && path_exists(record) &&
		    network_load(state_root, names[i]->d_name, &network) == 0) {
			cidr_format(&network.subnet, subnet);
			ipv4_format(network.gateway, gateway);
			network_containers(state_root, network.name, containers, sizeof(containers));
			fprintf(out, "%-16s%-20s%-17s%-8s%s\n", network.name, subnet, gateway, network.driver,
				containers);
		}
		free(names[i]);
	}
	free(names);
	return 0;
}

/* The undo of create, step by step, each tolerating what is gone. */
static int network_teardown(const char *state_root, const struct network *network)
{
	char directory[PATH_MAX], tag[IPTABLES_TAG_SIZE];
	struct ipam ipam;
	int result = 0;

	network_tag(network->name, NULL, tag);
	if (network_directory(state_root, network->name, directory, sizeof(directory)) < 0 ||
	    ipam_open(&ipam, directory, &network->subnet) < 0)
		return -1;
	trace_note("step: remove the rules tagged %s", tag);
	result |= iptables_remove_tagged(tag);
	result |= remove_isolation_if_unused();
	trace_note("step: delete the bridge %s", network->name);
	result |= link_delete(network->name);
	trace_note("step: remove the records and the address bitmap");
	result |= ipam_remove(&ipam);
	result |= remove_tree(directory);
	result |= forwarding_restore(state_root, network->name);
	return result ? -1 : 0;
}

int network_remove(const char *state_root, const char *name)
{
	char lock_path[PATH_MAX], containers[1024];
	struct network network;
	int lock, count, result = -1;

	if (networks_lock_path(state_root, lock_path, sizeof(lock_path)) < 0 || network_load(state_root, name, &network) < 0)
		return -1;
	lock = state_lock(lock_path);
	if (lock < 0)
		return -1;
	count = network_containers(state_root, name, containers, sizeof(containers));
	if (count > 0)
		log_error("network %s is in use by %d container(s): %s; disconnect them first", name, count, containers);
	else if (count == 0)
		result = network_teardown(state_root, &network);
	state_unlock(lock);
	return result;
}
