/* Masked and read-only paths: the files of /proc and /sys that tell the
 * container about the host (/proc/kcore, /proc/keys, /proc/timer_list...)
 * are covered with /dev/null or an empty read-only tmpfs; those that change
 * the host (/proc/sys, /proc/sysrq-trigger...) are remounted read-only.
 * The list is Docker's (moby's oci/defaults.go). mount(2), proc(5). */
#include "security.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "inroot.h"
#include "log.h"
#include "trace.h"

static const char *const masked_paths[] = {
	"/proc/asound", "/proc/acpi", "/proc/kcore", "/proc/keys", "/proc/latency_stats", "/proc/timer_list",
	"/proc/timer_stats", "/proc/sched_debug", "/proc/scsi", "/sys/firmware", "/sys/devices/virtual/powercap",
};

static const char *const read_only_paths[] = {
	"/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};

/* The /dev/null a file is masked with must be the real one, character
 * device 1:3, not a file or a link an image (or a volume) put there. */
static int open_real_null(void)
{
	int fd = open("/dev/null", O_PATH | O_NOFOLLOW | O_CLOEXEC);
	struct stat info;

	if (fd < 0 || fstat(fd, &info) < 0) {
		log_errno("open /dev/null");
		goto fail;
	}
	if (!S_ISCHR(info.st_mode) || major(info.st_rdev) != 1 || minor(info.st_rdev) != 3) {
		log_error("/dev/null is not the character device 1:3: refusing to mask with it");
		goto fail;
	}
	return fd;
fail:
	if (fd >= 0)
		close(fd);
	return -1;
}

/* Mounts onto the path through an O_PATH descriptor of it, opened without
 * following a link: what is covered is the file that was checked. */
static int mask_one(const char *path, int null_fd)
{
	char null_path[64], target[64];
	struct stat info;
	int fd = open(path, O_PATH | O_NOFOLLOW | O_CLOEXEC);
	int result;

	if (fd < 0)
		return errno == ENOENT ? 0 : (log_errno("open %s", path), -1);
	if (fstat(fd, &info) < 0) {
		close(fd);
		return -1;
	}
	snprintf(target, sizeof(target), "/proc/self/fd/%d", fd);
	snprintf(null_path, sizeof(null_path), "/proc/self/fd/%d", null_fd);
	if (S_ISDIR(info.st_mode))
		result = k_mount("tmpfs", target, "tmpfs", MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=0");
	else
		result = k_mount(null_path, target, NULL, MS_BIND, NULL);
	close(fd);
	return result;
}

static int make_read_only(const char *path)
{
	if (access(path, F_OK) < 0)
		return 0;
	if (k_mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
		return -1;
	return k_mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL);
}

int init_refuse_linked_kernel_mounts(struct container *container)
{
	static const char *const points[] = { "/proc", "/sys", "/dev" };
	const char *cursor = NULL;
	const char *rootfs = message_next(&container->config, "rootfs", &cursor);

	/* The runtime mounts proc, sysfs and a tmpfs there: through a link, they
	 * would land where the image chose (runc's CVE-2019-19921). */
	for (size_t i = 0; rootfs && i < sizeof(points) / sizeof(points[0]); i++)
		if (is_link_in_root(rootfs, points[i])) {
			log_error("the image's %s is a symbolic link: refused", points[i]);
			return -1;
		}
	return 0;
}

int init_mask_paths(struct container *container)
{
	int null_fd;
	int result = -1;

	if (container_is_privileged(container)) {
		trace_note("--privileged: /proc and /sys are not masked");
		return 0;
	}
	null_fd = open_real_null();
	if (null_fd < 0)
		return -1;
	for (size_t i = 0; i < sizeof(masked_paths) / sizeof(masked_paths[0]); i++)
		if (mask_one(masked_paths[i], null_fd) < 0)
			goto out;
	for (size_t i = 0; i < sizeof(read_only_paths) / sizeof(read_only_paths[0]); i++)
		if (make_read_only(read_only_paths[i]) < 0)
			goto out;
	result = 0;
out:
	close(null_fd);
	return result;
}
