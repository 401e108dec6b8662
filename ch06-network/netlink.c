/* rtnetlink through libnl-route-3; see netlink.h. Each step is one
 * request (RTM_NEWLINK, RTM_NEWADDR, RTM_NEWROUTE, RTM_DELLINK), narrated by
 * --trace the way ip(8) would be written. rtnetlink(7), libnl's docs. */
#include "netlink.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <net/if.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/route.h>
#include <sched.h>
#include <stdio.h>
#include <unistd.h>

#include "cidr.h"
#include "file.h"
#include "log.h"
#include "trace.h"

/* libnl answers with its own codes (-NLE_EXIST); the trace layer speaks
 * errno, for its names and hints. */
static int errno_of(int nl_error)
{
	static const struct {
		int nl;
		int error;
	} table[] = {
		{ NLE_EXIST, EEXIST },	  { NLE_NODEV, ENODEV },   { NLE_OBJ_NOTFOUND, ENODEV },
		{ NLE_PERM, EPERM },	  { NLE_NOACCESS, EACCES }, { NLE_BUSY, EBUSY },
		{ NLE_INVAL, EINVAL },	  { NLE_RANGE, ERANGE },   { NLE_NOMEM, ENOMEM },
		{ NLE_NOADDR, EADDRNOTAVAIL }, { NLE_OPNOTSUPP, EOPNOTSUPP }, { NLE_AGAIN, EAGAIN },
	};

	if (nl_error < 0)
		nl_error = -nl_error;
	for (size_t i = 0; i < sizeof(table) / sizeof(table[0]); i++)
		if (table[i].nl == nl_error)
			return table[i].error;
	return EIO;
}

/* One request's result, traced ("rtnl_link_add(bridge "md-a") = 0") and,
 * on failure, reported once. Returns 0 or -1. */
static int netlink_result(const char *call, const char *args, int nl_error)
{
	return trace_call(call, args, nl_error < 0 ? -1 : 0, nl_error < 0 ? errno_of(nl_error) : 0) < 0 ? -1 : 0;
}

/* A NETLINK_ROUTE socket, talking to the namespace the thread is in now. */
static struct nl_sock *rtnl_open(void)
{
	struct nl_sock *sock = nl_socket_alloc();
	int error;

	if (!sock) {
		log_error("nl_socket_alloc failed (out of memory, or libnl not loaded)");
		return NULL;
	}
	error = nl_connect(sock, NETLINK_ROUTE);
	if (error < 0) {
		log_error("connect to rtnetlink: %s", nl_geterror(error));
		nl_socket_free(sock);
		return NULL;
	}
	return sock;
}

/* Looks name up; NULL (not reported) when there is none. */
static struct rtnl_link *link_get(struct nl_sock *sock, const char *name)
{
	struct rtnl_link *link = NULL;

	if (rtnl_link_get_kernel(sock, 0, name, &link) < 0)
		return NULL;
	return link;
}

int link_exists(const char *name)
{
	struct nl_sock *sock = rtnl_open();
	struct rtnl_link *link;

	if (!sock)
		return -1;
	link = link_get(sock, name);
	if (link)
		rtnl_link_put(link);
	nl_socket_free(sock);
	return link != NULL;
}

static struct rtnl_link *link_get_reported(struct nl_sock *sock, const char *name)
{
	struct rtnl_link *link = link_get(sock, name);

	if (!link)
		log_error("no network interface named %s", name);
	return link;
}

/* ip link set NAME [name NEW_NAME] [master INDEX] [up]: one RTM_NEWLINK
 * with only the attributes that change. */
struct link_change {
	const char *new_name;
	int master;
	int netns_fd;
	bool up;
};

static int link_apply(struct nl_sock *sock, const char *name, const struct link_change *wanted)
{
	struct rtnl_link *link = link_get_reported(sock, name);
	struct rtnl_link *change = rtnl_link_alloc();
	char args[160];
	int error = -NLE_NOMEM;

	if (!link || !change)
		goto out;
	if (wanted->new_name)
		rtnl_link_set_name(change, wanted->new_name);
	if (wanted->master > 0)
		rtnl_link_set_master(change, wanted->master);
	if (wanted->netns_fd >= 0)
		rtnl_link_set_ns_fd(change, wanted->netns_fd);
	if (wanted->up)
		rtnl_link_set_flags(change, IFF_UP);
	error = rtnl_link_change(sock, link, change, 0);
	snprintf(args, sizeof(args), "\"%s\"%s%s%s%s%s", name, wanted->new_name ? ", name " : "",
		 wanted->new_name ? wanted->new_name : "", wanted->master > 0 ? ", master" : "",
		 wanted->netns_fd >= 0 ? ", netns fd" : "", wanted->up ? ", up" : "");
	error = netlink_result("rtnl_link_change", args, error);
out:
	if (change)
		rtnl_link_put(change);
	if (link)
		rtnl_link_put(link);
	return error < 0 ? -1 : 0;
}

/* ip addr add ADDRESS/PREFIX dev NAME */
static int address_add(struct nl_sock *sock, const char *name, uint32_t address, int prefix)
{
	struct rtnl_link *link = link_get_reported(sock, name);
	struct rtnl_addr *request = rtnl_addr_alloc();
	uint32_t network_order = htonl(address);
	struct nl_addr *local = nl_addr_build(AF_INET, &network_order, sizeof(network_order));
	char text[IPV4_TEXT_SIZE];
	char args[80];
	int error = -NLE_NOMEM;

	if (!link || !request || !local)
		goto out;
	nl_addr_set_prefixlen(local, prefix);
	rtnl_addr_set_ifindex(request, rtnl_link_get_ifindex(link));
	rtnl_addr_set_local(request, local);
	error = rtnl_addr_add(sock, request, 0);
	ipv4_format(address, text);
	snprintf(args, sizeof(args), "%s/%d dev \"%s\"", text, prefix, name);
	error = netlink_result("rtnl_addr_add", args, error);
out:
	if (local)
		nl_addr_put(local);
	if (request)
		rtnl_addr_put(request);
	if (link)
		rtnl_link_put(link);
	return error < 0 ? -1 : 0;
}

int bridge_create(const char *name, uint32_t gateway, int prefix)
{
	struct nl_sock *sock = rtnl_open();
	struct rtnl_link *bridge = rtnl_link_bridge_alloc();
	struct link_change up = { .netns_fd = -1, .up = true };
	char args[64];
	int result = -1;

	if (!sock || !bridge)
		goto out;
	rtnl_link_set_name(bridge, name);
	snprintf(args, sizeof(args), "bridge \"%s\"", name);
	if (netlink_result("rtnl_link_add", args, rtnl_link_add(sock, bridge, NLM_F_CREATE | NLM_F_EXCL)) < 0)
		goto out;
	if (address_add(sock, name, gateway, prefix) < 0 || link_apply(sock, name, &up) < 0) {
		link_delete(name);
		goto out;
	}
	result = 0;
out:
	if (bridge)
		rtnl_link_put(bridge);
	if (sock)
		nl_socket_free(sock);
	return result;
}

int link_delete(const char *name)
{
	struct nl_sock *sock = rtnl_open();
	struct rtnl_link *link;
	char args[64];
	int result = -1;

	if (!sock)
		return -1;
	link = link_get(sock, name);
	if (!link) {
		trace_note("ip link del %s: already gone", name);
		result = 0;
		goto out;
	}
	snprintf(args, sizeof(args), "\"%s\"", name);
	result = netlink_result("rtnl_link_delete", args, rtnl_link_delete(sock, link));
	rtnl_link_put(link);
out:
	nl_socket_free(sock);
	return result;
}

int veth_create(const char *host_name, const char *peer_name, const char *bridge)
{
	struct nl_sock *sock = rtnl_open();
	struct rtnl_link *veth = rtnl_link_veth_alloc();
	struct rtnl_link *master = NULL, *peer;
	struct link_change join = { .netns_fd = -1, .up = true };
	char args[96];
	int result = -1;

	if (!sock || !veth)
		goto out;
	master = link_get_reported(sock, bridge);
	if (!master)
		goto out;
	join.master = rtnl_link_get_ifindex(master);
	rtnl_link_set_name(veth, host_name);
	peer = rtnl_link_veth_get_peer(veth); /* a new reference: put it back */
	rtnl_link_set_name(peer, peer_name);
	rtnl_link_put(peer);
	snprintf(args, sizeof(args), "veth \"%s\" peer \"%s\"", host_name, peer_name);
	if (netlink_result("rtnl_link_add", args, rtnl_link_add(sock, veth, NLM_F_CREATE | NLM_F_EXCL)) < 0)
		goto out;
	if (link_apply(sock, host_name, &join) < 0) {
		link_delete(host_name);
		goto out;
	}
	result = 0;
out:
	if (master)
		rtnl_link_put(master);
	if (veth)
		rtnl_link_veth_release(veth); /* the pair: rtnl_link_put would leak the peer */
	if (sock)
		nl_socket_free(sock);
	return result;
}

int link_move_to_netns(const char *name, int netns_fd)
{
	struct nl_sock *sock = rtnl_open();
	struct link_change move = { .netns_fd = netns_fd };
	int result;

	if (!sock)
		return -1;
	result = link_apply(sock, name, &move);
	nl_socket_free(sock);
	return result;
}

/* ip route add default via GATEWAY dev NAME */
static int default_route_add(struct nl_sock *sock, const char *name, uint32_t gateway)
{
	struct rtnl_link *link = link_get_reported(sock, name);
	struct rtnl_route *route = rtnl_route_alloc();
	struct rtnl_nexthop *hop = rtnl_route_nh_alloc();
	uint32_t any = 0, via = htonl(gateway);
	struct nl_addr *destination = nl_addr_build(AF_INET, &any, sizeof(any));
	struct nl_addr *next = nl_addr_build(AF_INET, &via, sizeof(via));
	char text[IPV4_TEXT_SIZE];
	char args[80];
	int error = -NLE_NOMEM;

	if (!link || !route || !hop || !destination || !next)
		goto out;
	nl_addr_set_prefixlen(destination, 0);
	rtnl_route_set_family(route, AF_INET);
	rtnl_route_set_dst(route, destination);
	rtnl_route_nh_set_gateway(hop, next);
	rtnl_route_nh_set_ifindex(hop, rtnl_link_get_ifindex(link));
	rtnl_route_add_nexthop(route, hop);
	hop = NULL; /* the route owns it now */
	error = rtnl_route_add(sock, route, NLM_F_EXCL);
	ipv4_format(gateway, text);
	snprintf(args, sizeof(args), "default via %s dev \"%s\"", text, name);
	error = netlink_result("rtnl_route_add", args, error);
out:
	if (next)
		nl_addr_put(next);
	if (destination)
		nl_addr_put(destination);
	if (hop)
		rtnl_route_nh_free(hop);
	if (route)
		rtnl_route_put(route);
	if (link)
		rtnl_link_put(link);
	return error < 0 ? -1 : 0;
}

/* The steps inside the container's namespace, with a socket opened there
 * (a netlink socket talks to the namespace it was created in). */
static int configure_inside(const char *peer_name, uint32_t address, int prefix, uint32_t gateway)
{
	struct nl_sock *sock = rtnl_open();
	struct link_change rename = { .new_name = "eth0", .netns_fd = -1 };
	struct link_change up = { .netns_fd = -1, .up = true };
	int result = -1;

	if (!sock)
		return -1;
	if (link_apply(sock, peer_name, &rename) < 0 || address_add(sock, "eth0", address, prefix) < 0 ||
	    link_apply(sock, "eth0", &up) < 0 || link_apply(sock, "lo", &up) < 0 ||
	    default_route_add(sock, "eth0", gateway) < 0)
		goto out;
	result = 0;
out:
	nl_socket_free(sock);
	return result;
}

int accept_ra_off(const char *interface)
{
	char path[PATH_MAX];

	if (!path_exists("/proc/sys/net/ipv6"))
		return 0; /* IPv6 is off in this kernel: nothing to accept */
	if (path_join(path, sizeof(path), "/proc/sys/net/ipv6/conf/%s/accept_ra", interface) < 0)
		return -1;
	return write_file(path, "0");
}

/* The namespace's own settings, written from here (its /proc/sys/net is
 * the one of the namespace we are in): no IPv6 router advertisements on
 * any of its interfaces (CVE-2020-13401); and ping without CAP_NET_RAW,
 * through ICMP datagram sockets, for every group, as docker and podman
 * set it: the capability is dropped, so forged ARP and raw packets are
 * out of reach, and ping still works (icmp(7), ping_group_range). */
static int namespace_settings(void)
{
	static const char *const interfaces[] = { "all", "default", "eth0" };

	for (size_t i = 0; i < sizeof(interfaces) / sizeof(interfaces[0]); i++)
		if (accept_ra_off(interfaces[i]) < 0)
			return -1;
	return write_file("/proc/sys/net/ipv4/ping_group_range", "0 2147483647");
}

int container_interface_setup(int netns_fd, const char *peer_name, uint32_t address, int prefix, uint32_t gateway)
{
	int host = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	int result;

	if (host < 0) {
		log_errno("open /proc/self/ns/net");
		return -1;
	}
	if (k_setns(netns_fd, CLONE_NEWNET, "the container's netns") < 0) {
		close(host);
		return -1;
	}
	result = configure_inside(peer_name, address, prefix, gateway);
	if (result == 0)
		result = namespace_settings();
	/* Back home: every later step (iptables, records) is the host's. */
	if (k_setns(host, CLONE_NEWNET, "/proc/self/ns/net of the host") < 0) {
		log_error("could not return to the host's network namespace");
		result = -1;
	}
	close(host);
	return result;
}

int loopback_up(void)
{
	struct nl_sock *sock = rtnl_open();
	struct link_change up = { .netns_fd = -1, .up = true };
	int result;

	if (!sock)
		return -1;
	result = link_apply(sock, "lo", &up);
	nl_socket_free(sock);
	return result;
}
