/* User namespace ID maps: the lines of /proc/PID/uid_map and gid_map, and
 * who may write them. user_namespaces(7). */
#ifndef MYDOCKER_IDMAP_H
#define MYDOCKER_IDMAP_H

#include <stddef.h>
#include <sys/types.h>

struct id_map {
	unsigned long inside;   /* first ID in the namespace */
	unsigned long outside;  /* first ID in the parent namespace */
	unsigned long count;    /* how many */
};

/* "INSIDE OUTSIDE COUNT\n"; returns the length, or -1 if it does not fit. */
int id_map_line(const struct id_map *map, char *buf, size_t size);

/* Parses "INSIDE:OUTSIDE:COUNT" (count >= 1, no overflow of 32-bit IDs);
 * -1 and *why on error. */
int parse_id_map(const char *text, struct id_map *map, const char **why);

/* As the parent: denies setgroups (required before an unprivileged gid_map),
 * then writes uid_map and gid_map of pid. Returns 0 or -1 (reported). */
int write_id_maps(pid_t pid, const struct id_map *uid_map, const struct id_map *gid_map);

#endif
