/* The devices cgroup; see devices.h. */
#include "devices.h"

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "containers.h"
#include "devicefilter.h"
#include "file.h"
#include "log.h"
#include "security.h"
#include "trace.h"

/* /sys/fs/cgroup/devices/mydocker-NAME on v1 and hybrid; on v2 the
 * container's own cgroup in the unified tree, for a container without
 * limits (see step_create_devices_cgroup). -1 when neither is mounted. */
static int devices_directory(const char *group_name, char *path, size_t size)
{
	static char mountinfo[1 << 18];
	char mount[PATH_MAX];

	if (read_file("/proc/self/mountinfo", mountinfo, sizeof(mountinfo), true) < 0 ||
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

/* cgroup v2 has no devices controller: the list is a BPF program attached
 * to the cgroup init goes into: the one with its limits, or without limits
 * a cgroup of its own, mydocker-dev-ID (no controllers: a place to attach
 * to). Hybrid hosts keep v1's controller, which already enforces it. */
static int attach_device_program(struct container *container, const char *own_directory)
{
	const char *directory = container->cgroup ? cgroup_display_path(container->cgroup) : own_directory;
	int fd, result;

	if (!container->cgroup && k_mkdir(own_directory, 0755) < 0)
		return -1;
	fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		log_errno("open %s", directory);
	result = fd < 0 ? -1 : device_filter_attach(fd, directory);
	if (fd >= 0)
		close(fd);
	if (result < 0 && !container->cgroup)
		k_rmdir(own_directory);
	return result;
}

/* v1: "a" denied, then each rule of the list allowed. */
static int write_device_list(const char *directory)
{
	char file[PATH_MAX], rule_text[64];

	if (path_join(file, sizeof(file), "%s/devices.deny", directory) < 0 || write_file(file, "a") < 0 ||
	    path_join(file, sizeof(file), "%s/devices.allow", directory) < 0)
		return -1;
	for (const struct device_rule *rule = device_allow_list; rule->type; rule++) {
		device_rule_text(rule, rule_text, sizeof(rule_text));
		if (write_file(file, rule_text) < 0)
			return -1;
	}
	return 0;
}

int step_create_devices_cgroup(struct container *container)
{
	char group[64], directory[PATH_MAX];

	if (!wanted(container))
		return 0;
	group_name(id_of(container), group, sizeof(group));
	if (devices_directory(group, directory, sizeof(directory)) < 0) {
		trace_note("no cgroup devices hierarchy: the device list is not enforced (see NOTES: Security)");
		return 0;
	}
	if (cgroup_mode() == CGROUP_MODE_V2)
		return attach_device_program(container, directory);
	if (k_mkdir(directory, 0755) < 0)
		return -1;
	if (write_device_list(directory) < 0) {
		k_rmdir(directory);
		return -1;
	}
	return 0;
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

int devices_cgroup_remove(const char *container_id)
{
	char group[64], directory[PATH_MAX];

	if (!container_id[0] || strchr(container_id, '/') || strcmp(container_id, "?") == 0)
		return 0;
	group_name(container_id, group, sizeof(group));
	if (devices_directory(group, directory, sizeof(directory)) < 0 || !path_exists(directory))
		return 0;
	/* Retried while busy: a process killed a moment ago (an exec's
	 * runtime, init after a failed start) has left cgroup.procs but not
	 * yet the group; one rmdir then, quietly failing, left the group
	 * with no record naming it. */
	return cgroup_remove_directory(directory);
}
