/* -v HOSTDIR:DIR[:ro]: a volume is a bind mount of a host directory into
 * the container (seed 000: no union mount needed). mount(2) MS_BIND. */
#ifndef MYDOCKER_VOLUME_H
#define MYDOCKER_VOLUME_H

#include <limits.h>
#include <stdbool.h>

struct volume {
	char source[PATH_MAX];   /* on the host, absolute */
	char target[PATH_MAX];   /* in the container, absolute */
	bool read_only;
};

/* Parses HOSTDIR:DIR or HOSTDIR:DIR:ro (or :rw). Both paths absolute, the
 * target not "/" and without "..". -1 and *why on error. Pure. */
int parse_volume(const char *text, struct volume *volume, const char **why);

#endif
