/* The names a network and its links may have. A Linux interface name holds
 * at most IFNAMSIZ-1 = 15 bytes (netdevice(7)): a bridge named after its
 * network, and a veth named after its container, must fit. */
#ifndef MYDOCKER_NAMES_H
#define MYDOCKER_NAMES_H

#include <net/if.h>

enum { CONTAINER_ID_MAX = 64 };

/* A network name is also its bridge's name: 1 to 15 of [A-Za-z0-9_.-],
 * starting with a letter or digit. -1 and *why when it is not. */
int network_name_check(const char *name, const char **why);

/* A container ID: 1 to 64 of [A-Za-z0-9_.-], starting with a letter or
 * digit (so it can be a file name and part of an iptables comment). */
int container_id_check(const char *id, const char **why);

/* The veth pair of a container: "md" + 8 hex characters for the host end,
 * the same + "p" for the peer (renamed eth0 once inside). The 8 characters
 * are the ID's own first 8 when they are lowercase hex (a runtime's ID, so
 * `ip link` shows whose veth it is), else a hash of the whole ID. */
void veth_names(const char *container_id, char host[IFNAMSIZ], char peer[IFNAMSIZ]);

#endif
