/* A crash at any step leaves nothing rm -f cannot find; see recovery.h.
 * cgroups(7) (cgroup.procs), umount2(2), proc(5) (mountinfo). */
#include "recovery.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "cgroup.h"
#include "devices.h"
#include "file.h"
#include "log.h"
#include "systemd.h"
#include "trace.h"

int command_steps(struct mydocker *mydocker, int argc, char **argv)
{
	const struct mydocker_flavor *flavor = mydocker->flavor;
	int number = 0;

	if (argc > 1) {
		fprintf(strcmp(argv[1], "--help") == 0 ? stdout : stderr,
			"usage: mydocker steps\nLists run's steps as MYDOCKER_FAIL_AT=parent:N or init:N names them.\n");
		return strcmp(argv[1], "--help") == 0 ? 0 : 2;
	}
	for (const struct parent_step *step = flavor->run_steps; step->name; step++)
		printf("parent:%d\t%s\n", ++number, step->name);
	number = 0;
	for (const struct init_step *step = flavor->init_steps; step->name; step++)
		printf("init:%d\t%s\n", ++number, step->name);
	return 0;
}

/* Mount points under directory, in this mount namespace, deepest first
 * (mountinfo lists parents before children). */
static void unmount_under(const char *directory)
{
	static char text[1 << 20];
	char *mounts[256];
	int count = 0;
	size_t length = strlen(directory);

	if (read_file("/proc/self/mountinfo", text, sizeof(text), true) < 0)
		return;
	for (char *line = strtok(text, "\n"); line && count < 256; line = strtok(NULL, "\n")) {
		char point[4096];

		if (sscanf(line, "%*s %*s %*s %*s %4095s", point) == 1 && strncmp(point, directory, length) == 0 &&
		    (point[length] == '/' || point[length] == '\0'))
			mounts[count++] = strdup(point);
	}
	while (count > 0) {
		char *point = mounts[--count];

		if (point && umount2(point, MNT_DETACH) < 0 && errno != EINVAL && errno != ENOENT)
			log_errno("umount %s", point);
		free(point);
	}
}

void chapter5_release(struct mydocker *mydocker, const struct record *record)
{
	char directory[PATH_MAX];

	/* What is left in its cgroups is the container's, whatever its PID:
	 * a crash between clone and the record leaves an init nobody named. */
	if (record->cgroup[0]) {
		systemd_scope_remove(record->cgroup);
		cgroup_remove_by_name(record->cgroup);
	}
	devices_cgroup_remove(record->id);
	if (path_join(directory, sizeof(directory), "%s/containers/%s", mydocker->root, record->name) == 0)
		unmount_under(directory);
}
