/* The devices cgroup; see devices.h. */
#include "devices.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "containers.h"
#include "file.h"
#include "log.h"
#include "security.h"
#include "trace.h"

/* Docker's list, as "type major:minor access": mknod of anything is
 * allowed (the node is useless without the rights below), opening only these. */
static const char *const allowed_devices[] = {
	"c *:* m", "b *:* m",
	"c 1:3 rwm",   /* null */
	"c 1:5 rwm",   /* zero */
	"c 1:7 rwm",   /* full */
	"c 1:8 rwm",   /* random */
	"c 1:9 rwm",   /* urandom */
	"c 5:0 rwm",   /* tty */
	"c 5:1 rwm",   /* console */
	"c 5:2 rwm",   /* ptmx */
	"c 136:* rwm", /* pts/N */
};

/* /sys/fs/cgroup/devices/mydocker-NAME, or -1 when there is no v1 devices
 * hierarchy (v2 only: see devices.h). */
static int devices_directory(const char *group_name, char *path, size_t size)
{
	static char mountinfo[1 << 18];
	char mount[PATH_MAX];

	if (read_file("/proc/self/mountinfo", mountinfo, sizeof(mountinfo), true) < 0 ||
	    cgroup_mode() == CGROUP_MODE_V2 ||
	    cgroup_mount_from_mountinfo(mountinfo, cgroup_mode(), "devices", mount, sizeof(mount)) < 0)
		return -1;
	return path_join(path, size, "%s/%s", mount, group_name);
}

/* mydocker-dev-ID: named after the container's ID, unique on the machine
 * (two state roots may both hold a "web"). */
static void group_name(const char *id, char *name, size_t size)
{
	snprintf(name, size, "mydocker-dev-%s", id);
}

static const char *id_of(struct container *container)
{
	return ((struct managed_container *)container->chapter)->record.id;
}

static bool wanted(struct container *container)
{
	return !container_is_privileged(container) && !container->user_namespace;
}

bool devices_cgroup_wanted(struct container *container)
{
	return wanted(container);
}

int step_create_devices_cgroup(struct container *container)
{
	char group[64], directory[PATH_MAX], file[PATH_MAX];

	if (!wanted(container))
		return 0;
	group_name(id_of(container), group, sizeof(group));
	if (devices_directory(group, directory, sizeof(directory)) < 0) {
		trace_note("no cgroup v1 devices hierarchy: the device list is not enforced (see NOTES: Security)");
		return 0;
	}
	if (k_mkdir(directory, 0755) < 0)
		return -1;
	if (path_join(file, sizeof(file), "%s/devices.deny", directory) < 0 || write_file(file, "a") < 0)
		goto fail;
	for (size_t i = 0; i < sizeof(allowed_devices) / sizeof(allowed_devices[0]); i++)
		if (path_join(file, sizeof(file), "%s/devices.allow", directory) < 0 ||
		    write_file(file, allowed_devices[i]) < 0)
			goto fail;
	return 0;
fail:
	k_rmdir(directory);
	return -1;
}

void undo_create_devices_cgroup(struct container *container)
{
	if (wanted(container))
		devices_cgroup_remove(id_of(container));
}

int step_join_devices_cgroup(struct container *container)
{
	if (!wanted(container))
		return 0;
	return devices_cgroup_join(id_of(container), container->child.pid);
}

int devices_cgroup_tasks_file(struct container *container, const char *under, char *text, size_t size)
{
	char group[64], directory[PATH_MAX], file[PATH_MAX];

	group_name(id_of(container), group, sizeof(group));
	if (!wanted(container) || devices_directory(group, directory, sizeof(directory)) < 0 || !path_exists(directory))
		return 0;
	if (path_join(file, sizeof(file), "%s/tasks", directory) < 0)
		return -1;
	return cgroup_append_relative(file, under, text, size);
}

int devices_cgroup_join(const char *container_id, pid_t pid)
{
	char group[64], directory[PATH_MAX], file[PATH_MAX], text[32];

	group_name(container_id, group, sizeof(group));
	if (devices_directory(group, directory, sizeof(directory)) < 0 || !path_exists(directory))
		return 0;
	snprintf(text, sizeof(text), "%d", (int)pid);
	if (path_join(file, sizeof(file), "%s/cgroup.procs", directory) < 0)
		return -1;
	return write_file(file, text);
}

void cgroup_directory_kill(const char *directory)
{
	char file[PATH_MAX], text[8192];
	struct timespec pause = { 0, 2000000 };

	if (path_join(file, sizeof(file), "%s/cgroup.procs", directory) < 0)
		return;
	for (int tries = 0; tries < 1000; tries++) {
		if (read_file(file, text, sizeof(text), true) <= 0)
			return;
		for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
			kill((pid_t)atoi(line), SIGKILL);
		nanosleep(&pause, NULL);
	}
	log_error("%s: its processes would not die", directory);
}

int devices_cgroup_remove(const char *container_id)
{
	char group[64], directory[PATH_MAX];

	if (!container_id[0] || strchr(container_id, '/') || strcmp(container_id, "?") == 0)
		return 0;
	group_name(container_id, group, sizeof(group));
	if (devices_directory(group, directory, sizeof(directory)) < 0 || !path_exists(directory))
		return 0;
	cgroup_directory_kill(directory);
	k_expect_failure();
	if (k_rmdir(directory) < 0 && errno != ENOENT)
		return -1;
	return 0;
}
