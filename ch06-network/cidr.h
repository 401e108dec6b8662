/* IPv4 subnets written as CIDR (10.213.1.0/24): the network address, how
 * many leading bits are the network, and the addresses inside it.
 * ip(7), inet_pton(3), RFC 4632. Addresses are host byte order here. */
#ifndef MYDOCKER_CIDR_H
#define MYDOCKER_CIDR_H

#include <stdbool.h>
#include <stdint.h>

/* The prefixes a network may have: a /8 is 16M addresses (a 2 MiB bitmap);
 * a /30 is the smallest with a gateway and one container. */
enum { CIDR_PREFIX_MIN = 8, CIDR_PREFIX_MAX = 30 };

/* "255.255.255.255/32" and its terminator. */
enum { CIDR_TEXT_SIZE = 19, IPV4_TEXT_SIZE = 16 };

struct cidr {
	uint32_t network; /* host order, host bits zero */
	int prefix;       /* CIDR_PREFIX_MIN .. CIDR_PREFIX_MAX */
};

/* Parses "A.B.C.D/N". Refuses host bits set ("10.0.0.5/24": did you mean
 * 10.0.0.0/24?), like docker, and prefixes outside 8..30. On error returns
 * -1 with *why set (static text), and no message printed. */
int cidr_parse(const char *text, struct cidr *cidr, const char **why);

/* Parses a dotted quad into host order; -1 if it is not one. */
int ipv4_parse(const char *text, uint32_t *address);

/* "10.213.1.0/24"; buf must have CIDR_TEXT_SIZE bytes. */
void cidr_format(const struct cidr *cidr, char *buf);
/* "10.213.1.2"; buf must have IPV4_TEXT_SIZE bytes. */
void ipv4_format(uint32_t address, char *buf);

/* How many addresses the subnet spans, network and broadcast included. */
uint32_t cidr_size(const struct cidr *cidr);
/* The index-th address (0 = the network address). */
uint32_t cidr_address(const struct cidr *cidr, uint32_t index);
/* The first usable address, which the bridge holds: network + 1. */
uint32_t cidr_gateway(const struct cidr *cidr);
/* The last address: all host bits set. */
uint32_t cidr_broadcast(const struct cidr *cidr);
bool cidr_contains(const struct cidr *cidr, uint32_t address);
/* Two subnets overlap when one contains the other's network address. */
bool cidr_overlaps(const struct cidr *a, const struct cidr *b);

#endif
