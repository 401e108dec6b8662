/* libnl-route-3 and libnl-3, loaded on first use. Linked the usual way,
 * both are mapped and relocated by the dynamic loader at every execve of
 * mydocker, three per container (mydocker, its sealed copy, then init),
 * and libnl-route's constructor reads /etc/libnl/classid, although a
 * container without a network never talks netlink. So the programs do not
 * link them: each libnl function netlink.c calls is defined here, with
 * libnl's own prototype (the headers check them), and calls the real one,
 * found with dlopen(3) and dlsym(3) the first time. As lazyarchive.c does
 * for libarchive; see NOTES.md (Performance), `ldd ch06/mydocker`. */
#include <dlfcn.h>
#include <netlink/addr.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/link/bridge.h>
#include <netlink/route/link/veth.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>
#include <netlink/socket.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>

#include "log.h"

/* The sonames: libnl 3's ABI, stable since 3.2 (2011). libnl-route needs
 * libnl-3, so libnl-3 is loaded first; Debian's package for both is
 * libnl-route-3-200 (it depends on libnl-3-200). */
static const char core_library[] = "libnl-3.so.200";
static const char route_library[] = "libnl-route-3.so.200";

/* The real function `name` (nl_... from libnl-3, rtnl_... from
 * libnl-route), or NULL (reported once) when the libraries cannot be
 * loaded. They are tried once: a missing library stays missing. */
static void *real(const char *name)
{
	static void *core, *route;
	static bool tried, reported;
	void *function = NULL;

	if (!tried) {
		tried = true;
		core = dlopen(core_library, RTLD_NOW | RTLD_LOCAL);
		route = core ? dlopen(route_library, RTLD_NOW | RTLD_LOCAL) : NULL;
	}
	if (route)
		function = dlsym(strncmp(name, "rtnl_", 5) == 0 ? route : core, name);
	if (!function && !reported) {
		log_error("cannot load %s from libnl: %s (apt-get install libnl-route-3-200)", name, dlerror());
		reported = true;
	}
	return function;
}

/* The real `name` as a pointer of the type the libnl header declares for
 * it: one cast, from dlsym's void *, that the compiler checks against the
 * prototype this file defines. */
#define REAL(name) ((__typeof__(name) *)real(#name))

/* Each function below calls the real one, or, when libnl is missing, fails
 * the way libnl reports a failure: NULL from the constructors (..._alloc,
 * nl_addr_build), which netlink.c always calls first and checks, and
 * -NLE_FAILURE from the rest, which then never run; setters do nothing. */

/* ---- libnl-3: sockets, addresses, errors ---- */

struct nl_sock *nl_socket_alloc(void)
{
	__typeof__(nl_socket_alloc) *function = REAL(nl_socket_alloc);

	return function ? function() : NULL;
}

void nl_socket_free(struct nl_sock *sock)
{
	__typeof__(nl_socket_free) *function = REAL(nl_socket_free);

	if (function)
		function(sock);
}

int nl_connect(struct nl_sock *sock, int protocol)
{
	__typeof__(nl_connect) *function = REAL(nl_connect);

	return function ? function(sock, protocol) : -NLE_FAILURE;
}

const char *nl_geterror(int error)
{
	__typeof__(nl_geterror) *function = REAL(nl_geterror);

	return function ? function(error) : "libnl could not be loaded";
}

struct nl_addr *nl_addr_build(int family, const void *buffer, size_t size)
{
	__typeof__(nl_addr_build) *function = REAL(nl_addr_build);

	return function ? function(family, buffer, size) : NULL;
}

void nl_addr_set_prefixlen(struct nl_addr *address, int prefix)
{
	__typeof__(nl_addr_set_prefixlen) *function = REAL(nl_addr_set_prefixlen);

	if (function)
		function(address, prefix);
}

void nl_addr_put(struct nl_addr *address)
{
	__typeof__(nl_addr_put) *function = REAL(nl_addr_put);

	if (function)
		function(address);
}

/* ---- libnl-route: links ---- */

struct rtnl_link *rtnl_link_alloc(void)
{
	__typeof__(rtnl_link_alloc) *function = REAL(rtnl_link_alloc);

	return function ? function() : NULL;
}

struct rtnl_link *rtnl_link_bridge_alloc(void)
{
	__typeof__(rtnl_link_bridge_alloc) *function = REAL(rtnl_link_bridge_alloc);

	return function ? function() : NULL;
}

struct rtnl_link *rtnl_link_veth_alloc(void)
{
	__typeof__(rtnl_link_veth_alloc) *function = REAL(rtnl_link_veth_alloc);

	return function ? function() : NULL;
}

struct rtnl_link *rtnl_link_veth_get_peer(struct rtnl_link *veth)
{
	__typeof__(rtnl_link_veth_get_peer) *function = REAL(rtnl_link_veth_get_peer);

	return function ? function(veth) : NULL;
}

void rtnl_link_veth_release(struct rtnl_link *veth)
{
	__typeof__(rtnl_link_veth_release) *function = REAL(rtnl_link_veth_release);

	if (function)
		function(veth);
}

void rtnl_link_put(struct rtnl_link *link)
{
	__typeof__(rtnl_link_put) *function = REAL(rtnl_link_put);

	if (function)
		function(link);
}

int rtnl_link_get_kernel(struct nl_sock *sock, int ifindex, const char *name, struct rtnl_link **result)
{
	__typeof__(rtnl_link_get_kernel) *function = REAL(rtnl_link_get_kernel);

	return function ? function(sock, ifindex, name, result) : -NLE_FAILURE;
}

int rtnl_link_get_ifindex(struct rtnl_link *link)
{
	__typeof__(rtnl_link_get_ifindex) *function = REAL(rtnl_link_get_ifindex);

	return function ? function(link) : 0; /* libnl's "no index" */
}

void rtnl_link_set_name(struct rtnl_link *link, const char *name)
{
	__typeof__(rtnl_link_set_name) *function = REAL(rtnl_link_set_name);

	if (function)
		function(link, name);
}

void rtnl_link_set_master(struct rtnl_link *link, int ifindex)
{
	__typeof__(rtnl_link_set_master) *function = REAL(rtnl_link_set_master);

	if (function)
		function(link, ifindex);
}

void rtnl_link_set_ns_fd(struct rtnl_link *link, int fd)
{
	__typeof__(rtnl_link_set_ns_fd) *function = REAL(rtnl_link_set_ns_fd);

	if (function)
		function(link, fd);
}

void rtnl_link_set_flags(struct rtnl_link *link, unsigned int flags)
{
	__typeof__(rtnl_link_set_flags) *function = REAL(rtnl_link_set_flags);

	if (function)
		function(link, flags);
}

int rtnl_link_add(struct nl_sock *sock, struct rtnl_link *link, int flags)
{
	__typeof__(rtnl_link_add) *function = REAL(rtnl_link_add);

	return function ? function(sock, link, flags) : -NLE_FAILURE;
}

int rtnl_link_change(struct nl_sock *sock, struct rtnl_link *link, struct rtnl_link *change, int flags)
{
	__typeof__(rtnl_link_change) *function = REAL(rtnl_link_change);

	return function ? function(sock, link, change, flags) : -NLE_FAILURE;
}

int rtnl_link_delete(struct nl_sock *sock, const struct rtnl_link *link)
{
	__typeof__(rtnl_link_delete) *function = REAL(rtnl_link_delete);

	return function ? function(sock, link) : -NLE_FAILURE;
}

/* ---- libnl-route: addresses ---- */

struct rtnl_addr *rtnl_addr_alloc(void)
{
	__typeof__(rtnl_addr_alloc) *function = REAL(rtnl_addr_alloc);

	return function ? function() : NULL;
}

void rtnl_addr_set_ifindex(struct rtnl_addr *request, int ifindex)
{
	__typeof__(rtnl_addr_set_ifindex) *function = REAL(rtnl_addr_set_ifindex);

	if (function)
		function(request, ifindex);
}

int rtnl_addr_set_local(struct rtnl_addr *request, struct nl_addr *local)
{
	__typeof__(rtnl_addr_set_local) *function = REAL(rtnl_addr_set_local);

	return function ? function(request, local) : -NLE_FAILURE;
}

int rtnl_addr_add(struct nl_sock *sock, struct rtnl_addr *request, int flags)
{
	__typeof__(rtnl_addr_add) *function = REAL(rtnl_addr_add);

	return function ? function(sock, request, flags) : -NLE_FAILURE;
}

void rtnl_addr_put(struct rtnl_addr *request)
{
	__typeof__(rtnl_addr_put) *function = REAL(rtnl_addr_put);

	if (function)
		function(request);
}

/* ---- libnl-route: routes and their next hops ---- */

struct rtnl_route *rtnl_route_alloc(void)
{
	__typeof__(rtnl_route_alloc) *function = REAL(rtnl_route_alloc);

	return function ? function() : NULL;
}

struct rtnl_nexthop *rtnl_route_nh_alloc(void)
{
	__typeof__(rtnl_route_nh_alloc) *function = REAL(rtnl_route_nh_alloc);

	return function ? function() : NULL;
}

int rtnl_route_set_family(struct rtnl_route *route, uint8_t family)
{
	__typeof__(rtnl_route_set_family) *function = REAL(rtnl_route_set_family);

	return function ? function(route, family) : -NLE_FAILURE;
}

int rtnl_route_set_dst(struct rtnl_route *route, struct nl_addr *destination)
{
	__typeof__(rtnl_route_set_dst) *function = REAL(rtnl_route_set_dst);

	return function ? function(route, destination) : -NLE_FAILURE;
}

void rtnl_route_nh_set_gateway(struct rtnl_nexthop *hop, struct nl_addr *gateway)
{
	__typeof__(rtnl_route_nh_set_gateway) *function = REAL(rtnl_route_nh_set_gateway);

	if (function)
		function(hop, gateway);
}

void rtnl_route_nh_set_ifindex(struct rtnl_nexthop *hop, int ifindex)
{
	__typeof__(rtnl_route_nh_set_ifindex) *function = REAL(rtnl_route_nh_set_ifindex);

	if (function)
		function(hop, ifindex);
}

void rtnl_route_add_nexthop(struct rtnl_route *route, struct rtnl_nexthop *hop)
{
	__typeof__(rtnl_route_add_nexthop) *function = REAL(rtnl_route_add_nexthop);

	if (function)
		function(route, hop);
}

int rtnl_route_add(struct nl_sock *sock, struct rtnl_route *route, int flags)
{
	__typeof__(rtnl_route_add) *function = REAL(rtnl_route_add);

	return function ? function(sock, route, flags) : -NLE_FAILURE;
}

void rtnl_route_nh_free(struct rtnl_nexthop *hop)
{
	__typeof__(rtnl_route_nh_free) *function = REAL(rtnl_route_nh_free);

	if (function)
		function(hop);
}

void rtnl_route_put(struct rtnl_route *route)
{
	__typeof__(rtnl_route_put) *function = REAL(rtnl_route_put);

	if (function)
		function(route);
}
