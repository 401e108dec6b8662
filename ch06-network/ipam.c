/* The IPAM bitmap; see ipam.h. flock(2), rename(2).
 * The book's allocator kept one character per address in a JSON string and
 * read only the first 2000 bytes of its file: past 2000 addresses (any /16)
 * it forgot what it had given, and two containers got one address. Here one
 * bit per address, the whole file read, and a lock around each change. */
#include "ipam.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "statefile.h"
#include "trace.h"

size_t ipam_bitmap_bytes(const struct cidr *subnet)
{
	return (cidr_size(subnet) + 7) / 8;
}

int ipam_bit_get(const uint8_t *bits, uint32_t index)
{
	return (bits[index / 8] >> (index % 8)) & 1;
}

void ipam_bit_set(uint8_t *bits, uint32_t index, int value)
{
	if (value)
		bits[index / 8] |= (uint8_t)(1u << (index % 8));
	else
		bits[index / 8] &= (uint8_t)~(1u << (index % 8));
}

void ipam_bitmap_reserve(uint8_t *bits, const struct cidr *subnet)
{
	ipam_bit_set(bits, 0, 1);
	ipam_bit_set(bits, cidr_gateway(subnet) - subnet->network, 1);
	ipam_bit_set(bits, cidr_broadcast(subnet) - subnet->network, 1);
}

long ipam_bitmap_first_free(const uint8_t *bits, uint32_t count)
{
	for (uint32_t byte = 0; byte * 8 < count; byte++) {
		if (bits[byte] == 0xff)
			continue;
		for (uint32_t index = byte * 8; index < byte * 8 + 8 && index < count; index++)
			if (!ipam_bit_get(bits, index))
				return (long)index;
	}
	return -1;
}

int ipam_open(struct ipam *ipam, const char *directory, const struct cidr *subnet)
{
	char network[IPV4_TEXT_SIZE];

	ipv4_format(subnet->network, network);
	ipam->subnet = *subnet;
	if (path_join(ipam->bitmap_path, sizeof(ipam->bitmap_path), "%s/%s_%d.bitmap", directory, network,
		      subnet->prefix) < 0 ||
	    path_join(ipam->lock_path, sizeof(ipam->lock_path), "%s/%s_%d.lock", directory, network, subnet->prefix) < 0)
		return -1;
	return 0;
}

/* Reads the whole bitmap (the book read 2000 bytes); a missing file is a
 * fresh subnet with only the reserved addresses taken. */
static int bitmap_load(const struct ipam *ipam, uint8_t *bits, size_t size)
{
	int fd = open(ipam->bitmap_path, O_RDONLY | O_CLOEXEC);
	size_t used = 0;

	memset(bits, 0, size);
	if (fd < 0 && errno == ENOENT) {
		ipam_bitmap_reserve(bits, &ipam->subnet);
		return 0;
	}
	if (fd < 0) {
		log_errno("open %s", ipam->bitmap_path);
		return -1;
	}
	while (used < size) {
		ssize_t got = read(fd, bits + used, size - used);

		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		used += (size_t)got;
	}
	close(fd);
	if (used != size) {
		log_error("%s: expected %zu bytes of bitmap, read %zu: the file is damaged", ipam->bitmap_path, size,
			  used);
		return -1;
	}
	return 0;
}

/* Runs change on the bitmap under the lock, and writes it back when change
 * returns 1 (0: nothing to write, -1: failed, reported). */
static int ipam_update(const struct ipam *ipam, int (*change)(const struct ipam *, uint8_t *, void *), void *context)
{
	size_t size = ipam_bitmap_bytes(&ipam->subnet);
	uint8_t *bits = malloc(size);
	int lock = -1;
	int result = -1;

	if (!bits) {
		log_errno("allocate a bitmap of %zu bytes", size);
		return -1;
	}
	lock = state_lock(ipam->lock_path);
	if (lock < 0 || bitmap_load(ipam, bits, size) < 0)
		goto out;
	result = change(ipam, bits, context);
	if (result == 1)
		result = write_bytes_atomically(ipam->bitmap_path, bits, size, 0644);
out:
	state_unlock(lock);
	free(bits);
	return result;
}

static int take_lowest(const struct ipam *ipam, uint8_t *bits, void *context)
{
	long index = ipam_bitmap_first_free(bits, cidr_size(&ipam->subnet));
	char subnet[CIDR_TEXT_SIZE];

	if (index < 0) {
		cidr_format(&ipam->subnet, subnet);
		log_error("no free address left in %s: every address is taken", subnet);
		errno = ENOSPC;
		return -1;
	}
	ipam_bit_set(bits, (uint32_t)index, 1);
	*(uint32_t *)context = cidr_address(&ipam->subnet, (uint32_t)index);
	return 1;
}

int ipam_allocate(const struct ipam *ipam, uint32_t *address)
{
	char text[IPV4_TEXT_SIZE];

	if (ipam_update(ipam, take_lowest, address) < 0)
		return -1;
	ipv4_format(*address, text);
	trace_note("ipam: %s taken in %s", text, ipam->bitmap_path);
	return 0;
}

/* An address this allocator may hand out: inside, and not reserved. */
static int check_usable(const struct ipam *ipam, uint32_t address)
{
	char text[IPV4_TEXT_SIZE];
	char subnet[CIDR_TEXT_SIZE];

	if (cidr_contains(&ipam->subnet, address) && address != ipam->subnet.network &&
	    address != cidr_gateway(&ipam->subnet) && address != cidr_broadcast(&ipam->subnet))
		return 0;
	ipv4_format(address, text);
	cidr_format(&ipam->subnet, subnet);
	log_error("%s is not an address %s hands out", text, subnet);
	errno = EINVAL;
	return -1;
}

static int give_back(const struct ipam *ipam, uint8_t *bits, void *context)
{
	uint32_t index = *(uint32_t *)context - ipam->subnet.network;

	if (!ipam_bit_get(bits, index))
		return 0;
	ipam_bit_set(bits, index, 0);
	return 1;
}

int ipam_release(const struct ipam *ipam, uint32_t address)
{
	char text[IPV4_TEXT_SIZE];

	if (check_usable(ipam, address) < 0 || ipam_update(ipam, give_back, &address) < 0)
		return -1;
	ipv4_format(address, text);
	trace_note("ipam: %s free again in %s", text, ipam->bitmap_path);
	return 0;
}

static int read_bit(const struct ipam *ipam, uint8_t *bits, void *context)
{
	uint32_t *address = context;

	*address = (uint32_t)ipam_bit_get(bits, *address - ipam->subnet.network);
	return 0;
}

int ipam_is_allocated(const struct ipam *ipam, uint32_t address)
{
	if (!cidr_contains(&ipam->subnet, address)) {
		errno = EINVAL;
		return -1;
	}
	if (ipam_update(ipam, read_bit, &address) < 0)
		return -1;
	return (int)address;
}

int ipam_remove(const struct ipam *ipam)
{
	if (unlink(ipam->bitmap_path) < 0 && errno != ENOENT) {
		log_errno("remove %s", ipam->bitmap_path);
		return -1;
	}
	if (unlink(ipam->lock_path) < 0 && errno != ENOENT) {
		log_errno("remove %s", ipam->lock_path);
		return -1;
	}
	return 0;
}
