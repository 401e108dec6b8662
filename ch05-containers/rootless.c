/* mydocker for a user who is not root; see rootless.h. */
#include "rootless.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "cgroup.h"
#include "file.h"
#include "log.h"
#include "trace.h"

bool rootless(void)
{
	return geteuid() != 0;
}

/* ROOTFS/NAME for the root filesystem init was told. */
static int in_new_root(struct container *container, const char *name, char *path, size_t size)
{
	const char *cursor = NULL;
	const char *rootfs = message_next(&container->config, "rootfs", &cursor);

	if (!rootfs) {
		log_error("init was not told its root filesystem");
		return -1;
	}
	if (path_join(path, size, "%s/%s", rootfs, name) < 0)
		return -1;
	return path_exists(path) ? 0 : make_directories(path, 0555);
}

int init_mount_proc_in_root(struct container *container)
{
	char path[PATH_MAX];

	/* Mounted by init, PID 1 of the new PID namespace: it shows that
	 * namespace's processes only. */
	if (in_new_root(container, "proc", path, sizeof(path)) < 0)
		return -1;
	return k_mount("proc", path, "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

int init_mount_sys_in_root(struct container *container)
{
	char path[PATH_MAX];

	/* A sysfs in a user namespace also needs the network namespace to
	 * belong to it: it shows that namespace's interfaces. */
	if (in_new_root(container, "sys", path, sizeof(path)) < 0)
		return -1;
	return k_mount("sysfs", path, "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

bool rootless_delegated_cgroup(char *path, size_t size)
{
	char text[4096], procs[PATH_MAX + 32];
	const char *line;

	if (cgroup_mode() != CGROUP_MODE_V2 || read_file("/proc/self/cgroup", text, sizeof(text), true) < 0)
		return false;
	/* On pure v2 the only line is "0::/PATH". */
	line = strstr(text, "0::");
	if (!line || path_join(path, size, "/sys/fs/cgroup%.*s", (int)strcspn(line + 3, "\n"), line + 3) < 0)
		return false;
	/* Delegated: the directory and its cgroup.procs are the user's to write. */
	snprintf(procs, sizeof(procs), "%s/cgroup.procs", path);
	return access(path, W_OK) == 0 && access(procs, W_OK) == 0;
}

int rootless_check_run(struct container *container)
{
	char delegated[PATH_MAX];
	struct passwd *user;

	if (!rootless() || !container->has_limits)
		return 0;
	if (rootless_delegated_cgroup(delegated, sizeof(delegated))) {
		log_error("limits (-m, --cpu-*, --cpuset, --pids-limit): %s is delegated to this user, but mydocker "
			  "does not yet make its groups below it; run without limits, or as root",
			  delegated);
		return -1;
	}
	user = getpwuid(getuid());
	log_error("limits (-m, --cpu-*, --cpuset, --pids-limit) need cgroups: this machine (cgroups %s) does not delegate "
		  "cgroups to user %s; run without them, or as root",
		  cgroup_mode_name(cgroup_mode()), user ? user->pw_name : "this user");
	return -1;
}
