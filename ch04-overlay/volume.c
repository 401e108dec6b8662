/* -v HOSTDIR:DIR[:ro]; see volume.h. */
#include "volume.h"

#include <stdio.h>
#include <string.h>

/* A path a volume may use: absolute, and no ".." component. */
static const char *path_problem(const char *path)
{
	if (path[0] != '/')
		return "volume paths must be absolute";
	for (const char *p = path; (p = strstr(p, "..")); p += 2)
		if ((p == path || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
			return "volume paths may not hold \"..\"";
	return NULL;
}

int parse_volume(const char *text, struct volume *volume, const char **why)
{
	const char *first = strchr(text, ':');
	const char *second = first ? strchr(first + 1, ':') : NULL;
	size_t source_length = first ? (size_t)(first - text) : 0;
	size_t target_length = first ? (second ? (size_t)(second - first - 1) : strlen(first + 1)) : 0;

	*volume = (struct volume){ .read_only = false };
	if (!first || source_length == 0 || target_length == 0) {
		*why = "a volume is HOSTDIR:DIR or HOSTDIR:DIR:ro";
		return -1;
	}
	if (second && strcmp(second + 1, "ro") != 0 && strcmp(second + 1, "rw") != 0) {
		*why = "a volume's mode is ro or rw";
		return -1;
	}
	if (source_length >= sizeof(volume->source) || target_length >= sizeof(volume->target)) {
		*why = "volume path too long";
		return -1;
	}
	memcpy(volume->source, text, source_length);
	memcpy(volume->target, first + 1, target_length);
	volume->read_only = second && strcmp(second + 1, "ro") == 0;
	if ((*why = path_problem(volume->source)) || (*why = path_problem(volume->target)))
		return -1;
	if (strspn(volume->target, "/") == target_length) {
		*why = "a volume cannot cover the container's /";
		return -1;
	}
	return 0;
}
