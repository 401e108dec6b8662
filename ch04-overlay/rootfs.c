/* init's steps for a container on an image; see rootfs.h. */
#include "rootfs.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "file.h"
#include "inroot.h"
#include "log.h"
#include "overlay.h"
#include "trace.h"

/* The one value of key in init's configuration, or NULL. */
const char *config_value(struct container *container, const char *key)
{
	const char *cursor = NULL;

	return message_next(&container->config, key, &cursor);
}

int describe_root(struct message *config, const char *image_rootfs, const struct container_layers *layers,
		  const struct volume *volumes, int volume_count, const char *hostname)
{
	if (message_add(config, "lowerdir", image_rootfs) < 0 || message_add(config, "upperdir", layers->upper) < 0 ||
	    message_add(config, "workdir", layers->work) < 0 || message_add(config, "rootfs", layers->merged) < 0 ||
	    message_add(config, "hostname", hostname) < 0)
		return -1;
	for (int i = 0; i < volume_count; i++)
		if (message_add(config, "volume", volumes[i].source) < 0 ||
		    message_add(config, "volume-target", volumes[i].target) < 0 ||
		    message_add(config, "volume-mode", volumes[i].read_only ? "ro" : "rw") < 0)
			return -1;
	return 0;
}

int init_mount_overlay(struct container *container)
{
	const char *lower = config_value(container, "lowerdir");
	const char *lowerdirs[] = { lower };
	struct overlay_layers layers = {
		.lowerdirs = lowerdirs, .lower_count = 1,
		.upperdir = config_value(container, "upperdir"), .workdir = config_value(container, "workdir"),
	};
	const char *rootfs = config_value(container, "rootfs");

	if (!lower || !rootfs || !layers.upperdir || !layers.workdir) {
		log_error("init was not told its layers");
		return -1;
	}
	/* Mounted in the container's own mount namespace: it goes away with
	 * the container, whatever happens to the runtime. A layer thrown away
	 * with it (run --rm) needs no sync (volatile) and no identity that
	 * outlives it: uuid=off writes no trusted.overlay.uuid to the upper
	 * layer's root, one journaled write less (overlayfs(5)). */
	return overlay_mount_with(&layers, rootfs, 0,
				  config_value(container, "layer-thrown-away") ? "volatile,uuid=off" : NULL);
}

/* The directory path inside root, made if missing, as /proc/self/fd/N in
 * mount_point; *fd is to be closed after the mount. */
static int mount_point_in_root(const char *root, const char *path, char *mount_point, size_t size, int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = open_directory_in_root(root, path, true);
	if (*fd < 0)
		return -1;
	snprintf(mount_point, size, "/proc/self/fd/%d", *fd);
	return 0;
}

int init_bind_volumes(struct container *container)
{
	const char *rootfs = config_value(container, "rootfs");
	char **sources = message_values(&container->config, "volume");
	char **targets = message_values(&container->config, "volume-target");
	char **modes = message_values(&container->config, "volume-mode");
	char target[PATH_MAX];
	int target_fd = -1;
	int result = -1;

	if (!sources || !targets || !modes)
		goto out;
	for (int i = 0; sources[i]; i++) {
		/* The target is resolved inside the container's root (a link in
		 * the image to /etc is the image's /etc) and mounted on through
		 * its descriptor: what was resolved is what gets covered. */
		if (!targets[i] || !modes[i] || mount_point_in_root(rootfs, targets[i], target, sizeof(target), &target_fd) < 0)
			goto out;
		/* A volume is a bind mount: the host's directory, seen again here. */
		if (k_mount(sources[i], target, NULL, MS_BIND | MS_REC, NULL) < 0)
			goto out;
		/* Read-only takes a second call: MS_RDONLY is ignored on the bind;
		 * the target again, now the volume's own mount. */
		if (strcmp(modes[i], "ro") == 0 && (mount_point_in_root(rootfs, targets[i], target, sizeof(target), &target_fd) < 0 ||
		    k_mount(NULL, target, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV, NULL) < 0))
			goto out;
	}
	result = 0;
out:
	if (target_fd >= 0)
		close(target_fd);
	free(sources);
	free(targets);
	free(modes);
	return result;
}

struct device {
	const char *name;
	unsigned major;
	unsigned minor;
};

/* What busybox's shell and tools need; nothing that reaches hardware. */
static const struct device devices[] = {
	{ "null", 1, 3 }, { "zero", 1, 5 }, { "full", 1, 7 }, { "random", 1, 8 }, { "urandom", 1, 9 }, { "tty", 5, 0 },
};

static const struct {
	const char *link;
	const char *target;
} dev_links[] = {
	{ "ptmx", "pts/ptmx" }, { "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
	{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
};

/* A device node, or, where mknod is not allowed (a user namespace), the
 * host's node bind-mounted onto an empty file. */
static int make_device(const char *dev, const struct device *device)
{
	char path[PATH_MAX];
	char host[64];
	int fd;

	if (path_join(path, sizeof(path), "%s/%s", dev, device->name) < 0)
		return -1;
	k_expect_failure();
	if (k_mknod(path, S_IFCHR | 0666, makedev(device->major, device->minor)) == 0)
		return chmod(path, 0666);
	if (errno != EPERM) {
		log_errno("mknod %s", path);
		return -1;
	}
	snprintf(host, sizeof(host), "/dev/%s", device->name);
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
	if (fd < 0) {
		log_errno("create %s", path);
		return -1;
	}
	close(fd);
	return k_mount(host, path, NULL, MS_BIND, NULL);
}

/* The container's terminal comes from the host's devpts, which the
 * container cannot see: bind it onto /dev/console, as runc does, so that
 * ttyname() finds a name for it. */
static int bind_console(const char *dev, const char *console)
{
	char path[PATH_MAX];
	int fd;

	if (path_join(path, sizeof(path), "%s/console", dev) < 0)
		return -1;
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0620);
	if (fd < 0) {
		log_errno("create %s", path);
		return -1;
	}
	close(fd);
	return k_mount(console, path, NULL, MS_BIND, NULL);
}

int init_make_dev(struct container *container)
{
	const char *console = config_value(container, "console");
	const char *rootfs = config_value(container, "rootfs");
	char dev[PATH_MAX], path[PATH_MAX];

	if (path_join(dev, sizeof(dev), "%s/dev", rootfs) < 0 || make_directories(dev, 0755) < 0 ||
	    k_mount("tmpfs", dev, "tmpfs", MS_NOSUID | MS_NOEXEC | MS_STRICTATIME, "mode=755,size=65536k") < 0)
		return -1;
	for (size_t i = 0; i < sizeof(devices) / sizeof(devices[0]); i++)
		if (make_device(dev, &devices[i]) < 0)
			return -1;
	for (size_t i = 0; i < sizeof(dev_links) / sizeof(dev_links[0]); i++) {
		if (path_join(path, sizeof(path), "%s/%s", dev, dev_links[i].link) < 0)
			return -1;
		if (symlink(dev_links[i].target, path) < 0) {
			log_errno("symlink %s", path);
			return -1;
		}
	}
	/* A devpts of its own (newinstance): the container sees only its
	 * own pseudo-terminals, and gets its own ptmx. */
	if (path_join(path, sizeof(path), "%s/pts", dev) < 0 || k_mkdir(path, 0755) < 0 ||
	    k_mount("devpts", path, "devpts", MS_NOSUID | MS_NOEXEC, "newinstance,ptmxmode=0666,mode=0620") < 0)
		return -1;
	if (path_join(path, sizeof(path), "%s/shm", dev) < 0 || k_mkdir(path, 01777) < 0 ||
	    k_mount("shm", path, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=65536k") < 0)
		return -1;
	return console ? bind_console(dev, console) : 0;
}

int init_pivot_root(struct container *container)
{
	const char *rootfs = config_value(container, "rootfs");

	/* pivot_root wants the new root to be a mount point: the overlay is
	 * one, but bind it onto itself all the same (MS_REC brings the
	 * volumes and /dev along), as the seed does. */
	if (k_mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0 || k_chdir(rootfs) < 0)
		return -1;
	/* The seed puts the old root in a directory inside the new one
	 * (.pivot_root), detaches it and removes the directory: a mkdir and
	 * an rmdir in the container's layer on disk, up to a millisecond on a
	 * busy one (make bench). pivot_root(".", ".") puts the old root on top
	 * of the new one, at the same place (pivot_root(2), as runc does);
	 * detaching "." then takes it away, so nothing of the host stays in
	 * view (unlike chroot), and no directory is made. */
	if (k_pivot_root(".", ".") < 0 || k_umount2(".", MNT_DETACH) < 0 || k_chdir("/") < 0)
		return -1;
	return 0;
}

int init_mount_sys(struct container *container)
{
	(void)container;
	if (!path_exists("/sys") && k_mkdir("/sys", 0555) < 0)
		return -1;
	return k_mount("sysfs", "/sys", "sysfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

int init_set_hostname(struct container *container)
{
	const char *hostname = config_value(container, "hostname");

	return hostname ? k_sethostname(hostname) : 0;
}
