/* User namespace ID maps; see idmap.h and user_namespaces(7). */
#include "idmap.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"

int id_map_line(const struct id_map *map, char *buf, size_t size)
{
	int length = snprintf(buf, size, "%lu %lu %lu\n", map->inside, map->outside, map->count);

	return length < 0 || (size_t)length >= size ? -1 : length;
}

/* One field: a decimal number that fits a 32-bit ID, then the separator. */
static int parse_field(const char **text, char separator, unsigned long *value)
{
	char *end;

	if (**text < '0' || **text > '9')
		return -1;
	errno = 0;
	*value = strtoul(*text, &end, 10);
	if (errno || *value > 0xffffffffUL || *end != separator)
		return -1;
	*text = *end ? end + 1 : end;
	return 0;
}

int parse_id_map(const char *text, struct id_map *map, const char **why)
{
	const char *p = text;

	if (parse_field(&p, ':', &map->inside) < 0 || parse_field(&p, ':', &map->outside) < 0 ||
	    parse_field(&p, '\0', &map->count) < 0) {
		*why = "an ID map is INSIDE:OUTSIDE:COUNT, three numbers";
		return -1;
	}
	if (map->count == 0 || map->inside + map->count - 1 > 0xfffffffeUL ||
	    map->outside + map->count - 1 > 0xfffffffeUL) {
		*why = "an ID map needs a count of at least 1 that stays below 4294967295";
		return -1;
	}
	return 0;
}

int write_id_maps(pid_t pid, const struct id_map *uid_map, const struct id_map *gid_map)
{
	char path[64];
	char line[96];

	/* Since Linux 3.19 an unprivileged process must give up setgroups(2)
	 * before it may write gid_map, or it could drop a group that denies it
	 * access. */
	snprintf(path, sizeof(path), "/proc/%d/setgroups", (int)pid);
	if (write_file(path, "deny") < 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/uid_map", (int)pid);
	if (id_map_line(uid_map, line, sizeof(line)) < 0 || write_file(path, line) < 0)
		return -1;
	snprintf(path, sizeof(path), "/proc/%d/gid_map", (int)pid);
	if (id_map_line(gid_map, line, sizeof(line)) < 0 || write_file(path, line) < 0)
		return -1;
	return 0;
}
