/* Links, addresses and routes through rtnetlink, with libnl-route-3 (C's
 * counterpart of the Go netlink package the book uses): a bridge with the
 * gateway's address, a veth pair with one end on the bridge and the other
 * moved into a container's network namespace, renamed eth0, addressed and
 * given a default route. rtnetlink(7), veth(4), ip-link(8), setns(2). */
#ifndef MYDOCKER_NETLINK_H
#define MYDOCKER_NETLINK_H

#include <stdint.h>

/* 1 when an interface of that name exists in this namespace, 0 when not,
 * -1 on error (reported). */
int link_exists(const char *name);

/* ip link add NAME type bridge; ip addr add GATEWAY/PREFIX dev NAME;
 * ip link set NAME up. A failure after the add deletes the bridge. */
int bridge_create(const char *name, uint32_t gateway, int prefix);

/* ip link del NAME. A missing link is not an error (removal is idempotent);
 * deleting one end of a veth pair deletes both. */
int link_delete(const char *name);

/* ip link add HOST type veth peer name PEER; ip link set HOST master
 * BRIDGE up. A failure after the add deletes the pair. */
int veth_create(const char *host_name, const char *peer_name, const char *bridge);

/* ip link set NAME netns FD: the link leaves this namespace. */
int link_move_to_netns(const char *name, int netns_fd);

/* Inside the namespace netns_fd (entered with setns(2) and left again):
 * rename peer_name to eth0, give it ADDRESS/PREFIX, set it and lo up, and
 * route everything else through gateway; there, accept_ra 0 (all, default,
 * eth0) and ping_group_range "0 2147483647". The caller must be single-threaded
 * (setns moves only the calling thread). */
int container_interface_setup(int netns_fd, const char *peer_name, uint32_t address, int prefix, uint32_t gateway);

/* net.ipv6.conf.INTERFACE.accept_ra = 0, in this process's namespace
 * (nothing when the kernel has no IPv6). 0 or -1. */
int accept_ra_off(const char *interface);

/* ip link set lo up, in this process's network namespace. 0 or -1. */
int loopback_up(void);

#endif
