/* A cgroup is a directory: mkdir makes the group, writing a PID to its
 * cgroup.procs moves a process in, writing its limit files limits it, rmdir
 * removes it once empty. v1 has one tree per controller and its own file
 * names; v2 one tree. cgroups(7), cgroup-v2.rst, cgroup-v1/memory.rst. */
#include "cgroup.h"
#include "cgroup_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "size.h"
#include "trace.h"

/* Every file we touch, per version: the table a student compares. */
enum cgroup_file {
	FILE_PROCS,
	FILE_MEMORY_LIMIT,
	FILE_SWAP_LIMIT,
	FILE_MEMORY_CURRENT,
	FILE_MEMORY_PEAK,
	FILE_MEMORY_EVENTS,
	FILE_CPU_WEIGHT,
	FILE_CPU_PERIOD,
	FILE_CPU_QUOTA,
	FILE_CPU_USAGE,
	FILE_CPUSET_CPUS,
	FILE_CPUSET_MEMS,
	FILE_PIDS_MAX,
	FILE_PIDS_CURRENT,
	FILE_PIDS_EVENTS,
};

struct file_names {
	const char *controller; /* v1: the hierarchy; v2: what subtree_control must enable (NULL: core file) */
	const char *name;
};

/* v1 also has "tasks" (the book's file): it moves one thread, cgroup.procs
 * moves the whole process; the seed's "task" exists in neither. */
static const struct file_names v1_files[] = {
	[FILE_PROCS] = { NULL, "cgroup.procs" },
	[FILE_MEMORY_LIMIT] = { "memory", "memory.limit_in_bytes" },
	[FILE_SWAP_LIMIT] = { "memory", "memory.memsw.limit_in_bytes" }, /* memory + swap, together */
	[FILE_MEMORY_CURRENT] = { "memory", "memory.usage_in_bytes" },
	[FILE_MEMORY_PEAK] = { "memory", "memory.max_usage_in_bytes" },
	[FILE_MEMORY_EVENTS] = { "memory", "memory.oom_control" }, /* "oom_kill N" */
	[FILE_CPU_WEIGHT] = { "cpu", "cpu.shares" },
	[FILE_CPU_PERIOD] = { "cpu", "cpu.cfs_period_us" },
	[FILE_CPU_QUOTA] = { "cpu", "cpu.cfs_quota_us" },
	[FILE_CPU_USAGE] = { "cpuacct", "cpuacct.usage" }, /* nanoseconds */
	[FILE_CPUSET_CPUS] = { "cpuset", "cpuset.cpus" },
	[FILE_CPUSET_MEMS] = { "cpuset", "cpuset.mems" },
	[FILE_PIDS_MAX] = { "pids", "pids.max" },
	[FILE_PIDS_CURRENT] = { "pids", "pids.current" },
	[FILE_PIDS_EVENTS] = { "pids", "pids.events" }, /* "max N" */
};

static const struct file_names v2_files[] = {
	[FILE_PROCS] = { NULL, "cgroup.procs" },
	[FILE_MEMORY_LIMIT] = { "memory", "memory.max" },
	[FILE_SWAP_LIMIT] = { "memory", "memory.swap.max" }, /* swap alone */
	[FILE_MEMORY_CURRENT] = { "memory", "memory.current" },
	[FILE_MEMORY_PEAK] = { "memory", "memory.peak" },
	[FILE_MEMORY_EVENTS] = { "memory", "memory.events" }, /* "oom_kill N" */
	[FILE_CPU_WEIGHT] = { "cpu", "cpu.weight" },
	[FILE_CPU_PERIOD] = { "cpu", NULL }, /* in cpu.max */
	[FILE_CPU_QUOTA] = { "cpu", "cpu.max" }, /* "QUOTA PERIOD" */
	[FILE_CPU_USAGE] = { NULL, "cpu.stat" },  /* "usage_usec N", always there */
	[FILE_CPUSET_CPUS] = { "cpuset", "cpuset.cpus" },
	[FILE_CPUSET_MEMS] = { "cpuset", "cpuset.mems" },
	[FILE_PIDS_MAX] = { "pids", "pids.max" },
	[FILE_PIDS_CURRENT] = { "pids", "pids.current" },
	[FILE_PIDS_EVENTS] = { "pids", "pids.events" },
};

enum { CPU_PERIOD_USEC = 100000, MAX_DIRS = 6 };

/* One directory per hierarchy the group is in (v2: just one). */
struct cgroup_dir {
	char controllers[64]; /* "memory", "cpu,cpuacct" when mounted together; v2: "" */
	char mount[512];
	char path[700];
};

struct cgroup {
	enum cgroup_mode mode;
	int count;
	struct cgroup_dir dirs[MAX_DIRS];
};

static bool is_v2(const struct cgroup *group)
{
	return group->mode == CGROUP_MODE_V2;
}

static const struct file_names *file_of(const struct cgroup *group, enum cgroup_file file)
{
	return is_v2(group) ? &v2_files[file] : &v1_files[file];
}

const char *cgroup_controller_path(const struct cgroup *group, const char *controller)
{
	char mount[512];

	if (is_v2(group))
		return group->dirs[0].path;
	if (cgroup_mount_of(controller, mount, sizeof(mount)) < 0)
		return NULL;
	for (int i = 0; i < group->count; i++)
		if (strcmp(group->dirs[i].mount, mount) == 0)
			return group->dirs[i].path;
	return NULL;
}

/* The full path of one of the group's files; -1 if the group has no
 * directory for it or this version has no such file. */
static int path_of(const struct cgroup *group, enum cgroup_file file, char *path, size_t size)
{
	const struct file_names *names = file_of(group, file);
	const char *dir = names->controller && !is_v2(group) ? cgroup_controller_path(group, names->controller)
							       : group->dirs[0].path;

	if (!dir || !names->name)
		return -1;
	return path_join(path, size, "%s/%s", dir, names->name);
}

/* A fake cgroupfs keeps every write, one per line, so a unit test can check
 * which file got which values in which order. */
static int append_to_fake_file(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
	int result = fd >= 0 && dprintf(fd, "%s\n", text) > 0 ? 0 : -1;

	if (result < 0)
		log_errno("write %s (fake cgroupfs)", path);
	if (fd >= 0)
		close(fd);
	return result;
}

/* A kernel file write, traced. */
static int write_cgroup_file(const char *path, const char *text)
{
	if (cgroup_is_fake())
		return append_to_fake_file(path, text);
	return write_file(path, text);
}

int cgroup_write(const char *path, const char *text)
{
	return write_cgroup_file(path, text);
}

static int write_setting(const struct cgroup *group, enum cgroup_file file, const char *text)
{
	char path[800];

	if (path_of(group, file, path, sizeof(path)) < 0)
		return -1;
	return write_cgroup_file(path, text);
}

/* Writes a file only some kernels have (swap accounting): ENOENT is fine. */
static int write_optional_setting(const struct cgroup *group, enum cgroup_file file, const char *text)
{
	char path[800];

	if (path_of(group, file, path, sizeof(path)) < 0)
		return 0;
	if (!cgroup_is_fake())
		k_expect_failure();
	if (write_cgroup_file(path, text) == 0)
		return 0;
	if (errno == ENOENT) {
		trace_note("no %s here (no swap accounting): swap is not limited", path);
		return 0;
	}
	log_errno("write %s", path);
	return -1;
}

/* ---- limits: what each value looks like in each version ---- */

static void format_bytes(const struct cgroup *group, unsigned long long bytes, char *text, size_t size)
{
	if (bytes == SIZE_UNLIMITED)
		snprintf(text, size, "%s", is_v2(group) ? "max" : "-1");
	else
		snprintf(text, size, "%llu", bytes);
}

/* Memory, and swap held to nothing beside it, or the limit only moves the
 * excess to swap (v2: swap.max = 0; v1: memsw = memory + swap = the limit). */
static int write_memory_limit(const struct cgroup *group, unsigned long long bytes)
{
	char text[32];

	format_bytes(group, bytes, text, sizeof(text));
	if (write_setting(group, FILE_MEMORY_LIMIT, text) < 0)
		return -1;
	if (is_v2(group))
		return write_optional_setting(group, FILE_SWAP_LIMIT, bytes == SIZE_UNLIMITED ? "max" : "0");
	return write_optional_setting(group, FILE_SWAP_LIMIT, text);
}

static int write_cpu_weight(const struct cgroup *group, unsigned long long shares)
{
	char text[32];

	snprintf(text, sizeof(text), "%llu", is_v2(group) ? cgroup_shares_to_weight(shares) : shares);
	return write_setting(group, FILE_CPU_WEIGHT, text);
}

/* A share of one CPU: quota microseconds of run time per period. */
static int write_cpu_quota(const struct cgroup *group, unsigned percent)
{
	unsigned long long quota = (unsigned long long)percent * CPU_PERIOD_USEC / 100;
	char text[64];

	if (is_v2(group)) {
		snprintf(text, sizeof(text), "%llu %d", quota, CPU_PERIOD_USEC);
		return write_setting(group, FILE_CPU_QUOTA, text);
	}
	snprintf(text, sizeof(text), "%d", CPU_PERIOD_USEC);
	if (write_setting(group, FILE_CPU_PERIOD, text) < 0)
		return -1;
	snprintf(text, sizeof(text), "%llu", quota);
	return write_setting(group, FILE_CPU_QUOTA, text);
}

static int write_pids_limit(const struct cgroup *group, long long pids_max)
{
	char text[32];

	if (pids_max < 0)
		snprintf(text, sizeof(text), "max");
	else
		snprintf(text, sizeof(text), "%lld", pids_max);
	return write_setting(group, FILE_PIDS_MAX, text);
}

static int write_limits(const struct cgroup *group, const struct cgroup_limits *limits)
{
	if (limits->memory_bytes && write_memory_limit(group, limits->memory_bytes) < 0)
		return -1;
	if (limits->cpu_shares && write_cpu_weight(group, limits->cpu_shares) < 0)
		return -1;
	if (limits->cpu_quota_percent && write_cpu_quota(group, limits->cpu_quota_percent) < 0)
		return -1;
	if (limits->cpuset[0] && write_setting(group, FILE_CPUSET_CPUS, limits->cpuset) < 0)
		return -1;
	if (limits->pids_max && write_pids_limit(group, limits->pids_max) < 0)
		return -1;
	return 0;
}

/* ---- creating ---- */

/* The controllers the limits need, in the order their directories are
 * made. cpuacct rides with cpu so that CPU time can be read. */
int cgroup_controllers_needed(const struct cgroup_limits *limits, const char *names[], int max)
{
	int count = 0;

	if (limits->memory_bytes && count < max)
		names[count++] = "memory";
	if ((limits->cpu_shares || limits->cpu_quota_percent) && count + 1 < max) {
		names[count++] = "cpu";
		names[count++] = "cpuacct";
	}
	if (limits->cpuset[0] && count < max)
		names[count++] = "cpuset";
	if (limits->pids_max && count < max)
		names[count++] = "pids";
	return count;
}

static int check_name(const char *name)
{
	if (!name || !*name || strchr(name, '/') || strcmp(name, ".") == 0 || strcmp(name, "..") == 0 ||
	    strlen(name) > 100) {
		log_error("cgroup name \"%s\": one path component of 1 to 100 characters, no '/'", name ? name : "");
		return -1;
	}
	return 0;
}

static int make_group_dir(struct cgroup_dir *dir, const char *name)
{
	if (path_join(dir->path, sizeof(dir->path), "%s/%s", dir->mount, name) < 0)
		return -1;
	k_expect_failure(); /* reported below, with the right that is missing */
	if (k_mkdir(dir->path, 0755) == 0)
		return 0;
	if (errno == EEXIST)
		log_error("cgroup %s already exists: another run with this name, or one left over (rmdir it)", dir->path);
	else if (errno == EACCES || errno == EPERM)
		log_error("cannot create %s: %s; creating a cgroup needs root, or a subtree delegated to this user",
			  dir->path, strerror(errno));
	else
		log_errno("mkdir %s", dir->path);
	dir->path[0] = '\0';
	return -1;
}

/* v1 cpuset: a new group starts with empty cpus and mems, and joining it then
 * fails with ENOSPC; start from the parent's. */
static int seed_cpuset_from_parent(const struct cgroup_dir *dir)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	char from[800], to[800], value[256];

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		if (path_join(from, sizeof(from), "%s/%s", dir->mount, files[i]) < 0 ||
		    path_join(to, sizeof(to), "%s/%s", dir->path, files[i]) < 0)
			return -1;
		if (read_file(from, value, sizeof(value), false) < 0)
			return -1;
		value[strcspn(value, "\n")] = '\0';
		if (write_cgroup_file(to, value) < 0)
			return -1;
	}
	return 0;
}

/* Adds the directory for one v1 controller, unless a controller mounted
 * with it (cpu,cpuacct) already made it. */
static int add_v1_dir(struct cgroup *group, const char *controller, const char *name)
{
	struct cgroup_dir *dir = &group->dirs[group->count];

	if (cgroup_mount_of(controller, dir->mount, sizeof(dir->mount)) < 0) {
		log_error("no cgroup v1 hierarchy has the %s controller (see /proc/cgroups)", controller);
		return -1;
	}
	for (int i = 0; i < group->count; i++)
		if (strcmp(group->dirs[i].mount, dir->mount) == 0)
			return 0;
	snprintf(dir->controllers, sizeof(dir->controllers), "%s", controller);
	if (make_group_dir(dir, name) < 0)
		return -1;
	group->count++;
	if (strcmp(controller, "cpuset") == 0)
		return seed_cpuset_from_parent(dir);
	return 0;
}

/* v2: a child gets a controller's files only once its parent lists the
 * controller in cgroup.subtree_control. */
static int enable_in_parent(const char *mount, const char *controller)
{
	char path[800], available[512], text[64];

	if (path_join(path, sizeof(path), "%s/cgroup.controllers", mount) < 0)
		return -1;
	if (!cgroup_is_fake() && read_file(path, available, sizeof(available), false) >= 0) {
		char padded[520];

		available[strcspn(available, "\n")] = '\0';
		snprintf(padded, sizeof(padded), " %s ", available);
		snprintf(text, sizeof(text), " %s ", controller);
		if (!strstr(padded, text)) {
			log_error("the %s controller is not available in %s (cgroup.controllers: %s)", controller, mount,
				  available);
			return -1;
		}
	}
	snprintf(text, sizeof(text), "+%s", controller);
	if (path_join(path, sizeof(path), "%s/cgroup.subtree_control", mount) < 0)
		return -1;
	return write_cgroup_file(path, text);
}

static int create_v2(struct cgroup *group, const char *name, const char *controllers[], int count)
{
	struct cgroup_dir *dir = &group->dirs[0];

	if (cgroup_mount_of("", dir->mount, sizeof(dir->mount)) < 0) {
		log_error("no cgroup2 filesystem is mounted");
		return -1;
	}
	for (int i = 0; i < count; i++)
		if (strcmp(controllers[i], "cpuacct") != 0 && enable_in_parent(dir->mount, controllers[i]) < 0)
			return -1;
	if (make_group_dir(dir, name) < 0)
		return -1;
	group->count = 1;
	return 0;
}

static int create_v1(struct cgroup *group, const char *name, const char *controllers[], int count)
{
	for (int i = 0; i < count; i++)
		if (add_v1_dir(group, controllers[i], name) < 0)
			return -1;
	return 0;
}

struct cgroup *cgroup_create(const char *name, const struct cgroup_limits *limits)
{
	static const struct cgroup_limits none;
	const char *controllers[MAX_DIRS];
	struct cgroup *group;
	int count;
	const char *why;

	if (check_name(name) < 0)
		return NULL;
	if (!limits)
		limits = &none;
	if (limits->cpuset[0] && cgroup_parse_cpuset(limits->cpuset, 0, &why) < 0) {
		log_error("cpuset \"%s\": %s", limits->cpuset, why);
		return NULL;
	}
	group = calloc(1, sizeof(*group));
	if (!group) {
		log_errno("calloc");
		return NULL;
	}
	group->mode = cgroup_mode();
	count = cgroup_controllers_needed(limits, controllers, MAX_DIRS);
	if (count == 0 && !is_v2(group))
		controllers[count++] = "memory"; /* a group with no limit still needs a tree to live in */
	if (group->mode == CGROUP_MODE_NONE) {
		log_error("no cgroup filesystem is mounted (see /proc/self/mountinfo)");
		goto fail;
	}
	if ((is_v2(group) ? create_v2(group, name, controllers, count) : create_v1(group, name, controllers, count)) < 0)
		goto fail;
	if (write_limits(group, limits) < 0)
		goto fail;
	return group;
fail:
	cgroup_destroy(group);
	return NULL;
}

/* ---- members ---- */

int cgroup_add_process(struct cgroup *group, pid_t pid)
{
	char path[800], text[32];

	snprintf(text, sizeof(text), "%d", (int)pid);
	for (int i = 0; i < group->count; i++) {
		if (path_join(path, sizeof(path), "%s/%s", group->dirs[i].path, file_of(group, FILE_PROCS)->name) < 0)
			return -1;
		if (write_cgroup_file(path, text) < 0)
			return -1;
	}
	return 0;
}

int cgroup_append_relative(const char *path, const char *under, char *text, size_t size)
{
	size_t prefix = strlen(under), used = strlen(text);
	int length;

	if (strncmp(path, under, prefix) != 0 || path[prefix] != '/')
		return -1;
	length = snprintf(text + used, size - used, "%s\n", path + prefix + 1);
	if (length < 0 || (size_t)length >= size - used) {
		log_error("too many cgroup directories to list");
		return -1;
	}
	return 0;
}

int cgroup_tasks_files(const struct cgroup *group, const char *under, char *text, size_t size)
{
	if (is_v2(group))
		return -1;
	for (int i = 0; i < group->count; i++) {
		char path[800];

		if (path_join(path, sizeof(path), "%s/tasks", group->dirs[i].path) < 0 ||
		    cgroup_append_relative(path, under, text, size) < 0)
			return -1;
	}
	return 0;
}

int cgroup_join_self(int directory, const char *files)
{
	const char *line = files;

	while (*line) {
		const char *end = strchr(line, '\n');
		size_t length = end ? (size_t)(end - line) : strlen(line);
		char path[800];
		int fd;

		if (length >= sizeof(path)) {
			log_error("a cgroup path too long");
			return -1;
		}
		memcpy(path, line, length);
		path[length] = '\0';
		line += length + (end ? 1 : 0);
		if (length == 0)
			continue;
		fd = openat(directory, path, O_WRONLY | O_CLOEXEC);
		if (fd < 0 || write(fd, "0", 1) != 1) {
			log_errno("move into the cgroup of %s", path);
			if (fd >= 0)
				close(fd);
			return -1;
		}
		close(fd);
	}
	return 0;
}

const char *cgroup_display_path(const struct cgroup *group)
{
	return group->dirs[0].path;
}

void cgroup_describe(const struct cgroup *group, char *text, size_t size)
{
	size_t used = 0;

	text[0] = '\0';
	for (int i = 0; i < group->count && used < size; i++)
		used += (size_t)snprintf(text + used, size - used, "%s%s", i ? " " : "", group->dirs[i].path);
}

/* ---- counters ---- */

/* A file holding one number ("max" = unlimited); 0 when absent. */
static unsigned long long read_number(const struct cgroup *group, enum cgroup_file file)
{
	char path[800], text[64];

	if (path_of(group, file, path, sizeof(path)) < 0 || read_file(path, text, sizeof(text), true) < 0)
		return 0;
	if (strncmp(text, "max", 3) == 0)
		return SIZE_UNLIMITED;
	return strtoull(text, NULL, 10);
}

/* The value of "key N" in a flat keyed file (memory.events, cpu.stat). */
static unsigned long long read_keyed(const struct cgroup *group, enum cgroup_file file, const char *key)
{
	char path[800], text[4096];
	size_t length = strlen(key);

	if (path_of(group, file, path, sizeof(path)) < 0 || read_file(path, text, sizeof(text), true) < 0)
		return 0;
	for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL)
		if (strncmp(line, key, length) == 0 && line[length] == ' ')
			return strtoull(line + length + 1, NULL, 10);
	return 0;
}

int cgroup_read_stats(struct cgroup *group, struct cgroup_stats *stats)
{
	memset(stats, 0, sizeof(*stats));
	stats->memory_current = read_number(group, FILE_MEMORY_CURRENT);
	stats->memory_peak = read_number(group, FILE_MEMORY_PEAK);
	stats->oom_kills = read_keyed(group, FILE_MEMORY_EVENTS, "oom_kill");
	if (is_v2(group))
		stats->cpu_usage_usec = read_keyed(group, FILE_CPU_USAGE, "usage_usec");
	else
		stats->cpu_usage_usec = read_number(group, FILE_CPU_USAGE) / 1000;
	stats->pids_current = read_number(group, FILE_PIDS_CURRENT);
	stats->pids_refused = read_keyed(group, FILE_PIDS_EVENTS, "max");
	return 0;
}

/* ---- removing ---- */

/* SIGKILLs every process listed in dir's cgroup.procs; returns how many
 * were listed (0: empty). A fork bomb may add more between read and kill,
 * so the caller repeats until none is left. */
static int kill_members(const char *dir)
{
	char path[800], text[16384];
	int listed = 0;

	if (path_join(path, sizeof(path), "%s/cgroup.procs", dir) < 0)
		return -1;
	if (read_file(path, text, sizeof(text), true) <= 0)
		return 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		pid_t pid = (pid_t)strtol(line, NULL, 10);

		if (pid > 0) {
			k_expect_failure(); /* it may be gone already */
			k_kill(pid, SIGKILL);
			listed++;
		}
	}
	return listed;
}

static void pause_briefly(void)
{
	struct timespec ten_ms = { 0, 10 * 1000 * 1000 };

	nanosleep(&ten_ms, NULL);
}

/* rmdir, after emptying the group: a cgroup with members is EBUSY. Dying
 * processes leave the group a moment after SIGKILL, so retry, bounded. */
static int remove_dir(const char *dir)
{
	if (cgroup_is_fake())
		return remove_tree(dir);
	for (int attempt = 0; attempt < 300; attempt++) {
		if (kill_members(dir) > 0) {
			pause_briefly();
			continue;
		}
		if (attempt < 299)
			k_expect_failure();
		if (k_rmdir(dir) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			return -1;
		pause_briefly();
	}
	log_error("cgroup %s: still busy after 3 s; remove it by hand: rmdir %s", dir, dir);
	return -1;
}

int cgroup_remove_directory(const char *directory)
{
	return remove_dir(directory);
}

int cgroup_destroy(struct cgroup *group)
{
	int result = 0;

	if (!group)
		return 0;
	for (int i = group->count - 1; i >= 0; i--)
		if (group->dirs[i].path[0] && remove_dir(group->dirs[i].path) < 0)
			result = -1;
	free(group);
	return result;
}

/* ---- a group that exists, by name ---- */

struct cgroup *cgroup_open(const char *name)
{
	static const char *const controllers[] = { "memory", "cpu", "cpuacct", "cpuset", "pids" };
	struct cgroup *group = calloc(1, sizeof(*group));
	struct stat info;

	if (!group || check_name(name) < 0) {
		free(group);
		return NULL;
	}
	group->mode = cgroup_mode();
	for (size_t i = 0; i < (is_v2(group) ? 1 : sizeof(controllers) / sizeof(controllers[0])); i++) {
		struct cgroup_dir *dir = &group->dirs[group->count];
		bool seen = false;

		if (cgroup_mount_of(is_v2(group) ? NULL : controllers[i], dir->mount, sizeof(dir->mount)) < 0)
			continue;
		for (int j = 0; j < group->count; j++)
			seen |= strcmp(group->dirs[j].mount, dir->mount) == 0;
		if (seen || path_join(dir->path, sizeof(dir->path), "%s/%s", dir->mount, name) < 0 ||
		    stat(dir->path, &info) < 0 || !S_ISDIR(info.st_mode))
			continue;
		snprintf(dir->controllers, sizeof(dir->controllers), "%s", is_v2(group) ? "" : controllers[i]);
		group->count++;
	}
	if (group->count == 0) {
		free(group);
		return NULL;
	}
	return group;
}

struct cgroup *cgroup_open_path(const char *directory)
{
	struct cgroup *group;
	char procs[800];

	if (cgroup_mode() != CGROUP_MODE_V2 || path_join(procs, sizeof(procs), "%s/cgroup.procs", directory) < 0 ||
	    !path_exists(procs))
		return NULL;
	group = calloc(1, sizeof(*group));
	if (!group) {
		log_errno("calloc");
		return NULL;
	}
	group->mode = CGROUP_MODE_V2;
	group->count = 1;
	snprintf(group->dirs[0].path, sizeof(group->dirs[0].path), "%s", directory);
	if (cgroup_mount_of("", group->dirs[0].mount, sizeof(group->dirs[0].mount)) < 0) {
		free(group);
		return NULL;
	}
	return group;
}

int cgroup_of_process(pid_t pid, char *path, size_t size)
{
	char file[64], text[4096], mount[512];
	const char *line;

	snprintf(file, sizeof(file), "/proc/%d/cgroup", (int)pid);
	if (cgroup_mode() != CGROUP_MODE_V2 || cgroup_mount_of("", mount, sizeof(mount)) < 0 ||
	    read_file(file, text, sizeof(text), true) < 0)
		return -1;
	/* On pure v2 the only line is "0::/PATH". */
	line = strncmp(text, "0::", 3) == 0 ? text : strstr(text, "\n0::");
	if (!line)
		return -1;
	line += line == text ? 3 : 4;
	return path_join(path, size, "%s%.*s", mount, (int)strcspn(line, "\n"), line);
}

int cgroup_directory_fd(const struct cgroup *group)
{
	int fd;

	if (!is_v2(group))
		return -1;
	fd = open(group->dirs[0].path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		log_errno("open %s", group->dirs[0].path);
	return fd;
}

int cgroup_remove_by_name(const char *name)
{
	struct cgroup *group = cgroup_open(name);

	return group ? cgroup_destroy(group) : 0;
}

void cgroup_close(struct cgroup *group)
{
	free(group);
}
