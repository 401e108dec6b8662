/* mount: a new mount namespace starts as a copy of its parent's mounts; a
 * mount made inside stays inside -- unless the mounts are shared, as systemd
 * makes / on most hosts: then it propagates back out. So a container first
 * makes every mount private. mount_namespaces(7), mount(2).
 *   sudo ./ch01/mount -- ls /tmp                  an empty tmpfs
 *   sudo ./ch01/mount --no-tmpfs -- ls /tmp       the host's files (a copy)
 *   sudo ./ch01/mount --no-private -- true        the leak, on a shared root
 * --shared-host and --no-private never touch the real host: the program
 * first moves into a throwaway mount namespace of its own, cuts it off from
 * the host (private), then makes its root shared, as systemd would. */
#include <dirent.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#include "demo.h"
#include "namespaces.h"
#include "file.h"
#include "log.h"
#include "trace.h"

/* Names our tmpfs in mountinfo, so the parent can look for it. */
static const char tmpfs_source[] = "mydocker-tmpfs";

struct mount_options {
	bool shared_host;
	bool no_private;
	bool no_tmpfs;
};

static int count_entries(const char *path)
{
	DIR *dir = opendir(path);
	struct dirent *entry;
	int count = 0;

	if (!dir) {
		log_errno("opendir %s", path);
		return -1;
	}
	while ((entry = readdir(dir)))
		count += strcmp(entry->d_name, ".") != 0 && strcmp(entry->d_name, "..") != 0;
	closedir(dir);
	return count;
}

/* Child: private mounts, then a tmpfs over the copy of the host's /tmp. */
static int mount_tmpfs_inside(void *context)
{
	const struct mount_options *options = context;

	if (!options->no_private && k_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	say("inside, before mounting: /tmp has %d entries, a copy of the host's view", count_entries("/tmp"));
	if (options->no_tmpfs)
		return 0;
	if (k_mount(tmpfs_source, "/tmp", "tmpfs", 0, "size=16m") < 0)
		return -1;
	say("inside, after mounting a tmpfs: /tmp has %d entries", count_entries("/tmp"));
	return 0;
}

/* Parent: is the child's tmpfs in our own mount table? */
static int look_from_host(pid_t child, void *context)
{
	static char table[1 << 18];
	char pattern[64];
	const struct mount_options *options = context;

	(void)child;
	if (options->no_tmpfs)
		return 0;
	if (read_file("/proc/self/mountinfo", table, sizeof(table), false) < 0)
		return -1;
	/* A line: ID PARENT MAJ:MIN ROOT MOUNTPOINT ... - TYPE SOURCE OPTIONS */
	snprintf(pattern, sizeof(pattern), " - tmpfs %s ", tmpfs_source);
	for (char *line = table; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		char mount_point[16];

		if (sscanf(line, "%*d %*d %*s %*s %15s", mount_point) == 1 && strcmp(mount_point, "/tmp") == 0 &&
		    strstr(line, pattern) && strstr(line, pattern) < strchr(line, '\n')) {
			say("the host's mount table now holds the child's tmpfs on /tmp: it LEAKED through the shared root");
			return 0;
		}
	}
	say("the host's mount table has no %s on /tmp: the mount stayed in the child's namespace", tmpfs_source);
	return 0;
}

int main(int argc, char **argv)
{
	struct mount_options options = { 0 };
	const struct demo_flag flags[] = {
		{ "shared-host", &options.shared_host, NULL, "run on a shared root, like a systemd host (a throwaway one)" },
		{ "no-private", &options.no_private, NULL, "skip MS_PRIVATE inside: the tmpfs leaks (implies --shared-host)" },
		{ "no-tmpfs", &options.no_tmpfs, NULL, "mount nothing: see the copy of the host's /tmp" },
		{ NULL, NULL, NULL, NULL },
	};
	struct namespace_demo demo = {
		.flags = CLONE_NEWNS, .inside = mount_tmpfs_inside, .after_ready = look_from_host, .context = &options,
	};
	int code = demo_arguments(argc, argv, "Runs COMMAND in a new mount namespace with a tmpfs on /tmp.", flags,
				  &demo.command);

	if (code != DEMO_RUN)
		return code;
	if ((options.shared_host || options.no_private) && enter_throwaway_shared_root() < 0)
		return 125;
	return run_namespace_demo(&demo);
}
