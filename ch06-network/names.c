/* Names checked before anything is created; see names.h. netdevice(7). */
#include "names.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

static bool name_character(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '.' ||
	       c == '-';
}

/* The rule both kinds of name share; max is the longest allowed. */
static int name_check(const char *name, size_t max, const char *what, const char **why)
{
	size_t length = strlen(name);

	if (length == 0) {
		*why = "is empty";
		return -1;
	}
	if (length > max) {
		*why = what;
		return -1;
	}
	if (name[0] == '.' || name[0] == '-' || name[0] == '_') {
		*why = "must start with a letter or a digit";
		return -1;
	}
	for (size_t i = 0; i < length; i++) {
		if (!name_character(name[i])) {
			*why = "may hold only letters, digits, '_', '.' and '-'";
			return -1;
		}
	}
	return 0;
}

int network_name_check(const char *name, const char **why)
{
	return name_check(name, IFNAMSIZ - 1, "is longer than 15 characters, the limit of a bridge's name (IFNAMSIZ-1)",
			  why);
}

int container_id_check(const char *id, const char **why)
{
	return name_check(id, CONTAINER_ID_MAX, "is longer than 64 characters", why);
}

static bool starts_with_hex8(const char *id)
{
	for (int i = 0; i < 8; i++)
		if (!((id[i] >= '0' && id[i] <= '9') || (id[i] >= 'a' && id[i] <= 'f')))
			return false;
	return true;
}

/* FNV-1a, 32 bits: short, stable across runs, good enough to spread names. */
static uint32_t fnv1a(const char *text)
{
	uint32_t hash = 2166136261u;

	for (; *text; text++) {
		hash ^= (unsigned char)*text;
		hash *= 16777619u;
	}
	return hash;
}

void veth_names(const char *container_id, char host[IFNAMSIZ], char peer[IFNAMSIZ])
{
	char tag[9];

	if (starts_with_hex8(container_id))
		snprintf(tag, sizeof(tag), "%.8s", container_id);
	else
		snprintf(tag, sizeof(tag), "%08x", fnv1a(container_id));
	snprintf(host, IFNAMSIZ, "md%s", tag);
	snprintf(peer, IFNAMSIZ, "md%sp", tag);
}
