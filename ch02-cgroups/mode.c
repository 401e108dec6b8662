/* Which cgroup layout this machine has, read once from the mount table:
 * cgroup v1 mounts name their controllers in their super options
 * ("rw,memory"), a cgroup2 mount is one tree for all. proc_pid_mountinfo(5),
 * cgroups(7) "cgroups version 1 and version 2". */
#include "cgroup.h"
#include "cgroup_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "log.h"

/* One line of mountinfo, the parts we need:
 *   36 35 98:0 / /sys/fs/cgroup/memory rw,relatime shared:1 - cgroup cgroup rw,memory
 *                ^mount point                          fstype ^    super options ^ */
struct mount_line {
	char mount_point[512];
	char fstype[32];
	char super_options[512];
};

/* Reads the line starting at text; returns where the next line starts. */
static const char *next_mount_line(const char *text, struct mount_line *line)
{
	const char *end = strchr(text, '\n');
	size_t length = end ? (size_t)(end - text) : strlen(text);
	char copy[2048];
	const char *separator;

	line->mount_point[0] = line->fstype[0] = line->super_options[0] = '\0';
	if (length < sizeof(copy)) {
		memcpy(copy, text, length);
		copy[length] = '\0';
		separator = strstr(copy, " - ");
		if (separator) {
			sscanf(copy, "%*s %*s %*s %*s %511s", line->mount_point);
			sscanf(separator + 3, "%31s %*s %511s", line->fstype, line->super_options);
		}
	}
	return end ? end + 1 : text + length;
}

/* True when the comma-separated list has item as a whole word. */
static bool list_has(const char *list, const char *item)
{
	size_t length = strlen(item);

	for (const char *p = list; (p = strstr(p, item)); p += length)
		if ((p == list || p[-1] == ',') && (p[length] == ',' || p[length] == '\0'))
			return true;
	return false;
}

/* A v1 mount that carries resource controllers, not just a name=systemd
 * tree (which only tracks processes). */
static bool is_v1_with_controllers(const struct mount_line *line)
{
	static const char *const controllers[] = { "memory", "cpu", "cpuacct", "cpuset", "pids", "blkio", "devices", "freezer" };

	if (strcmp(line->fstype, "cgroup") != 0)
		return false;
	for (size_t i = 0; i < sizeof(controllers) / sizeof(controllers[0]); i++)
		if (list_has(line->super_options, controllers[i]))
			return true;
	return false;
}

enum cgroup_mode cgroup_mode_from_mountinfo(const char *mountinfo_text)
{
	bool v1 = false, v2 = false;
	struct mount_line line;

	for (const char *p = mountinfo_text; p && *p;) {
		p = next_mount_line(p, &line);
		v1 = v1 || is_v1_with_controllers(&line);
		v2 = v2 || strcmp(line.fstype, "cgroup2") == 0;
	}
	if (v1)
		return v2 ? CGROUP_MODE_HYBRID : CGROUP_MODE_V1;
	return v2 ? CGROUP_MODE_V2 : CGROUP_MODE_NONE;
}

int cgroup_mount_from_mountinfo(const char *mountinfo_text, enum cgroup_mode mode, const char *controller, char *path,
				size_t size)
{
	struct mount_line line;

	for (const char *p = mountinfo_text; p && *p;) {
		p = next_mount_line(p, &line);
		if (mode == CGROUP_MODE_V2 ? strcmp(line.fstype, "cgroup2") == 0
					   : strcmp(line.fstype, "cgroup") == 0 && list_has(line.super_options, controller))
			return path_join(path, size, "%s", line.mount_point);
	}
	return -1;
}

const char *cgroup_mode_name(enum cgroup_mode mode)
{
	static const char *const names[] = {
		[CGROUP_MODE_NONE] = "none",
		[CGROUP_MODE_V1] = "v1",
		[CGROUP_MODE_HYBRID] = "hybrid",
		[CGROUP_MODE_V2] = "v2",
	};

	return (unsigned)mode < sizeof(names) / sizeof(names[0]) ? names[mode] : "?";
}

/* The machine's view, or a fake one for unit tests. */
static struct {
	bool known;
	enum cgroup_mode mode;
	char fake_root[512]; /* "" = the real machine */
	char mountinfo[65536];
} machine;

/* Keeps only the cgroup lines: a container host's mount table can run to
 * hundreds of kilobytes, its cgroup mounts to a few lines. */
static void read_machine(void)
{
	FILE *mountinfo;
	char *line = NULL;
	size_t size = 0, used = 0;

	if (machine.known)
		return;
	machine.known = true;
	machine.mountinfo[0] = '\0';
	mountinfo = fopen("/proc/self/mountinfo", "re");
	if (!mountinfo)
		log_errno("open /proc/self/mountinfo");
	while (mountinfo && getline(&line, &size, mountinfo) > 0) {
		size_t length = strlen(line);

		if (strstr(line, " - cgroup") && used + length < sizeof(machine.mountinfo)) {
			memcpy(machine.mountinfo + used, line, length + 1);
			used += length;
		}
	}
	free(line);
	if (mountinfo)
		fclose(mountinfo);
	machine.mode = cgroup_mode_from_mountinfo(machine.mountinfo);
}

enum cgroup_mode cgroup_mode(void)
{
	read_machine();
	return machine.mode;
}

void cgroup_set_root_for_testing(const char *dir, enum cgroup_mode mode)
{
	machine.known = dir != NULL;
	machine.mode = mode;
	snprintf(machine.fake_root, sizeof(machine.fake_root), "%s", dir ? dir : "");
}

bool cgroup_is_fake(void)
{
	return machine.fake_root[0] != '\0';
}

/* v2 names cpuacct's counters cpu.stat, in the one tree. */
int cgroup_mount_of(const char *controller, char *path, size_t size)
{
	read_machine();
	if (cgroup_is_fake() && machine.mode == CGROUP_MODE_V2)
		return path_join(path, size, "%s", machine.fake_root);
	if (cgroup_is_fake())
		return path_join(path, size, "%s/%s", machine.fake_root, controller);
	return cgroup_mount_from_mountinfo(machine.mountinfo, machine.mode, controller, path, size);
}
