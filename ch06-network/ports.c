/* Parsing -p HOST:CONTAINER; see ports.h. */
#include "ports.h"

#include <stdio.h>
#include <string.h>

#include "size.h"

static int port_parse(const char *text, uint16_t *port, const char **why)
{
	long long value;

	if (parse_number(text, 1, 65535, &value, why) < 0 || text[0] == '+' || text[0] == '-') {
		*why = "a port is a number from 1 to 65535";
		return -1;
	}
	*port = (uint16_t)value;
	return 0;
}

int port_mapping_parse(const char *text, struct port_mapping *mapping, const char **why)
{
	const char *colon = strchr(text, ':');
	char host[8];

	if (!colon || strchr(colon + 1, ':')) {
		*why = "expected HOST_PORT:CONTAINER_PORT, like 8080:80";
		return -1;
	}
	if ((size_t)(colon - text) >= sizeof(host)) {
		*why = "a port is a number from 1 to 65535";
		return -1;
	}
	snprintf(host, sizeof(host), "%.*s", (int)(colon - text), text);
	if (port_parse(host, &mapping->host_port, why) < 0 || port_parse(colon + 1, &mapping->container_port, why) < 0)
		return -1;
	return 0;
}
