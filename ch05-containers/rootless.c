/* mydocker for a user who is not root; see rootless.h. */
#include "rootless.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "overlay.h"
#include "process.h"
#include "rootfs.h"
#include "systemd.h"
#include "trace.h"
#include "usermap.h"

extern char **environ;

bool rootless(void)
{
	return geteuid() != 0;
}

/* ROOTFS/NAME for the root filesystem init was told. */
static int in_new_root(struct container *container, const char *name, char *path, size_t size)
{
	const char *rootfs = config_value(container, "rootfs");

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

/* The daemon must not have the container's root as its own: pivot_root
 * moves every process of the mount namespace whose root is the old root
 * into the new one, and a fuse daemon that looks up its layers through its
 * own mount waits for itself forever. So it runs chrooted into a bind of
 * the old root (another mount of the same tree, which pivot_root leaves
 * alone; detaching the old root later leaves the daemon its copy). */
static int chroot_away_from_root(const char *upperdir, char *away, size_t size)
{
	if (path_join(away, size, "%s/../fuse-root", upperdir) < 0 || make_directories(away, 0700) < 0 ||
	    k_mount("/", away, NULL, MS_BIND | MS_REC, NULL) < 0)
		return -1;
	return 0;
}

/* fuse-overlayfs -o lowerdir=...,upperdir=...,workdir=... MERGED: the same
 * union, made by a process in user space; it mounts, then stays in the
 * background serving it (it dies with the container's PID namespace). */
static int mount_fuse_overlay(struct container *container)
{
	const char *lower = config_value(container, "lowerdir");
	const char *lowerdirs[] = { lower };
	struct overlay_layers layers = { lowerdirs, 1, config_value(container, "upperdir"),
					 config_value(container, "workdir") };
	const char *merged = config_value(container, "rootfs");
	char options[4096], away[PATH_MAX], target[64];
	char *argv[] = { "fuse-overlayfs", "-o", options, target, NULL };
	const char *why;
	pid_t helper;
	int merged_fd;

	if (!lower || !merged || overlay_options(&layers, options, sizeof(options), &why) < 0) {
		log_error("fuse-overlayfs: init was not told its layers");
		return -1;
	}
	/* The mount point as a descriptor: a path would resolve in the
	 * daemon's copy of the tree, not in ours. */
	merged_fd = open(merged, O_PATH | O_DIRECTORY);
	if (merged_fd < 0) {
		log_errno("open %s", merged);
		return -1;
	}
	snprintf(target, sizeof(target), "/proc/self/fd/%d", merged_fd);
	if (chroot_away_from_root(layers.upperdir, away, sizeof(away)) < 0) {
		close(merged_fd);
		return -1;
	}
	trace_note("fuse-overlayfs -o %s %s (%s, chrooted into %s)", options, target, merged, away);
	fflush(NULL);
	helper = fork();
	if (helper == 0) {
		if (k_chroot(away) < 0 || k_chdir("/") < 0)
			_exit(EXIT_RUNTIME_FAILED);
		_exit(exec_command(argv, environ));
	}
	close(merged_fd);
	if (helper < 0) {
		log_errno("fork");
		return -1;
	}
	if (wait_for_exit(helper) != 0) {
		log_error("fuse-overlayfs could not mount %s", merged);
		return -1;
	}
	return 0;
}

int init_mount_overlay_or_fuse(struct container *container)
{
	const char *choice = getenv("MYDOCKER_OVERLAY");
	struct utsname kernel;

	if (choice && strcmp(choice, "fuse-overlayfs") == 0)
		return mount_fuse_overlay(container);
	if (init_mount_overlay(container) == 0)
		return 0;
	if (!in_user_namespace() || (errno != EPERM && errno != EINVAL))
		return -1;
	if (program_installed("fuse-overlayfs")) {
		say("the kernel refused overlay in a user namespace: using fuse-overlayfs");
		return mount_fuse_overlay(container);
	}
	uname(&kernel);
	log_error("overlayfs in a user namespace needs Linux 5.11 or later (FS_USERNS_MOUNT for overlay; this kernel: "
		  "%s): install fuse-overlayfs, which mydocker then uses",
		  kernel.release);
	return -1;
}

int rootless_check_run(struct container *container)
{
	if (!rootless() || !container->has_limits)
		return 0;
	/* The user's systemd makes a scope for the container in the subtree
	 * it was delegated (systemd.c), as podman does. */
	return systemd_user_delegates(&container->limits);
}
