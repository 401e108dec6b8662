/* IPAM, IP address management: one allocator per subnet, a bitmap on disk
 * with one bit per address (bit i of the file = network address + i), read,
 * changed and written back whole under an exclusive flock(2), so two runtimes
 * starting containers at once never hand out the same address. The network
 * address, the gateway (network + 1) and the broadcast address are never
 * given out. A /8 is 2 MiB of bits; a /30 one byte. */
#ifndef MYDOCKER_IPAM_H
#define MYDOCKER_IPAM_H

#include <limits.h>
#include <stddef.h>
#include <stdint.h>

#include "cidr.h"

struct ipam {
	struct cidr subnet;
	char bitmap_path[PATH_MAX]; /* DIRECTORY/10.213.1.0_24.bitmap */
	char lock_path[PATH_MAX];   /* DIRECTORY/10.213.1.0_24.lock */
};

/* Names the allocator of subnet kept in directory (which must exist);
 * touches nothing on disk. */
int ipam_open(struct ipam *ipam, const char *directory, const struct cidr *subnet);

/* Takes the lowest free address: 0, or -1 reported (errno ENOSPC when the
 * subnet is full). */
int ipam_allocate(const struct ipam *ipam, uint32_t *address);

/* Gives an address back. Releasing a free address does nothing (so an undo
 * may run twice); an address outside the subnet, or a reserved one, is an
 * error. */
int ipam_release(const struct ipam *ipam, uint32_t address);

/* 1 when address is taken, 0 when free, -1 on error. */
int ipam_is_allocated(const struct ipam *ipam, uint32_t address);

/* Removes the bitmap and the lock file (network rm). */
int ipam_remove(const struct ipam *ipam);

/* The bitmap in memory, for the above and for unit tests. */
size_t ipam_bitmap_bytes(const struct cidr *subnet);
/* Marks the network address, the gateway and the broadcast address. */
void ipam_bitmap_reserve(uint8_t *bits, const struct cidr *subnet);
/* The index of the lowest clear bit below count, or -1 when all are set. */
long ipam_bitmap_first_free(const uint8_t *bits, uint32_t count);
int ipam_bit_get(const uint8_t *bits, uint32_t index);
void ipam_bit_set(uint8_t *bits, uint32_t index, int value);

#endif
