/* -p HOST:CONTAINER, a TCP port of the host mapped to one of a container,
 * as docker run -p writes it. tcp(7). */
#ifndef MYDOCKER_PORTS_H
#define MYDOCKER_PORTS_H

#include <stdint.h>

struct port_mapping {
	uint16_t host_port;
	uint16_t container_port;
};

/* Parses "8080:80": two port numbers from 1 to 65535. -1 and *why on
 * anything else ("80", "0:80", "70000:80", "a:b"). */
int port_mapping_parse(const char *text, struct port_mapping *mapping, const char **why);

#endif
