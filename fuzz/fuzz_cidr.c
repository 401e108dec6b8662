/* Subnets and addresses: network create --subnet 10.213.1.0/24 (chapter 6);
 * what parses must format back and hold its own gateway. */
#include "fuzz.h"

#include <stdlib.h>

#include "cidr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	char formatted[64];
	struct cidr cidr, again;
	uint32_t address;
	const char *why;

	if (!text)
		return 0;
	if (cidr_parse(text, &cidr, &why) == 0) {
		cidr_format(&cidr, formatted);
		if (cidr_parse(formatted, &again, &why) != 0 || again.network != cidr.network ||
		    again.prefix != cidr.prefix || !cidr_contains(&cidr, cidr_gateway(&cidr)))
			abort();
		cidr_broadcast(&cidr);
		cidr_address(&cidr, cidr_size(&cidr) - 1);
	}
	if (ipv4_parse(text, &address) == 0)
		ipv4_format(address, formatted);
	free(text);
	return 0;
}
