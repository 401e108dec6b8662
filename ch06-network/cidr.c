/* IPv4 CIDR arithmetic; see cidr.h. inet_pton(3), RFC 4632. */
#include "cidr.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include "size.h"

static uint32_t mask_of(int prefix)
{
	return prefix == 0 ? 0 : ~(uint32_t)0 << (32 - prefix);
}

int ipv4_parse(const char *text, uint32_t *address)
{
	struct in_addr parsed;

	/* inet_pton takes only the full dotted quad: no "10.1", no octal. */
	if (inet_pton(AF_INET, text, &parsed) != 1)
		return -1;
	*address = ntohl(parsed.s_addr);
	return 0;
}

int cidr_parse(const char *text, struct cidr *cidr, const char **why)
{
	char address_text[IPV4_TEXT_SIZE];
	const char *slash = strchr(text, '/');
	long long prefix;
	uint32_t address;

	if (!slash || (size_t)(slash - text) >= sizeof(address_text)) {
		*why = "expected ADDRESS/PREFIX, like 10.213.1.0/24";
		return -1;
	}
	snprintf(address_text, sizeof(address_text), "%.*s", (int)(slash - text), text);
	if (ipv4_parse(address_text, &address) < 0) {
		*why = "the address is not a dotted quad like 10.213.1.0";
		return -1;
	}
	if (!isdigit((unsigned char)slash[1]) || parse_number(slash + 1, CIDR_PREFIX_MIN, CIDR_PREFIX_MAX, &prefix, why) < 0) {
		*why = "the prefix must be a number from 8 to 30";
		return -1;
	}
	if (address & ~mask_of((int)prefix)) {
		*why = "host bits are set: give the network address (10.213.1.0/24, not 10.213.1.5/24)";
		return -1;
	}
	cidr->network = address;
	cidr->prefix = (int)prefix;
	return 0;
}

void ipv4_format(uint32_t address, char *buf)
{
	snprintf(buf, IPV4_TEXT_SIZE, "%u.%u.%u.%u", address >> 24, (address >> 16) & 0xff, (address >> 8) & 0xff,
		 address & 0xff);
}

void cidr_format(const struct cidr *cidr, char *buf)
{
	char address[IPV4_TEXT_SIZE];

	ipv4_format(cidr->network, address);
	snprintf(buf, CIDR_TEXT_SIZE, "%s/%d", address, cidr->prefix);
}

uint32_t cidr_size(const struct cidr *cidr)
{
	return (uint32_t)1 << (32 - cidr->prefix);
}

uint32_t cidr_address(const struct cidr *cidr, uint32_t index)
{
	return cidr->network + index;
}

uint32_t cidr_gateway(const struct cidr *cidr)
{
	return cidr->network + 1;
}

uint32_t cidr_broadcast(const struct cidr *cidr)
{
	return cidr->network | ~mask_of(cidr->prefix);
}

bool cidr_contains(const struct cidr *cidr, uint32_t address)
{
	return (address & mask_of(cidr->prefix)) == cidr->network;
}

bool cidr_overlaps(const struct cidr *a, const struct cidr *b)
{
	return cidr_contains(a, b->network) || cidr_contains(b, a->network);
}
