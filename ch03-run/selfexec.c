/* This program, run from a file nobody can write; see selfexec.h. */
#include "selfexec.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/mount.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "trace.h"

extern char **environ;

enum { SEALS = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE };

/* A descriptor of `path` runs protected when it is sealed, or when the
 * filesystem it is on is an overlay mounted read-only. */
static bool descriptor_protected(int fd)
{
	struct statfs filesystem;
	struct statvfs mount;
	int seals = fcntl(fd, F_GET_SEALS);

	if (seals >= 0 && (seals & SEALS) == SEALS)
		return true;
	return fstatfs(fd, &filesystem) == 0 && filesystem.f_type == OVERLAYFS_SUPER_MAGIC &&
	       fstatvfs(fd, &mount) == 0 && (mount.f_flag & ST_RDONLY);
}

bool running_protected(void)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	bool protected = fd >= 0 && descriptor_protected(fd);

	if (fd >= 0)
		close(fd);
	return protected;
}

/* A new filesystem of `type`, mounted nowhere; its mount's descriptor, or
 * -1 with errno. The filesystem is configured by set, when given. */
static int detached_mount(const char *type, int (*set)(int context, void *argument), void *argument,
			  unsigned int attributes)
{
	int context = (int)syscall(SYS_fsopen, type, FSOPEN_CLOEXEC);
	int mount = -1;
	int saved;

	if (context < 0)
		return -1;
	if ((!set || set(context, argument) == 0) &&
	    syscall(SYS_fsconfig, context, FSCONFIG_CMD_CREATE, NULL, NULL, 0) == 0)
		mount = (int)syscall(SYS_fsmount, context, FSMOUNT_CLOEXEC, attributes);
	saved = errno;
	close(context);
	errno = saved;
	return mount;
}

struct overlay_lowers {
	const char *directory;   /* the binary's */
	char empty[64];          /* an empty tmpfs, by /proc/self/fd/N */
};

static int set_lowers(int context, void *argument)
{
	struct overlay_lowers *lowers = argument;

	/* Without an upper layer, overlay wants two lower ones: the second
	 * is empty, so the view is the binary's directory, read-only. */
	if (syscall(SYS_fsconfig, context, FSCONFIG_SET_STRING, "lowerdir+", lowers->directory, 0) < 0 ||
	    syscall(SYS_fsconfig, context, FSCONFIG_SET_STRING, "lowerdir+", lowers->empty, 0) < 0)
		return -1;
	return 0;
}

/* 1: the binary through a read-only overlay of its directory, attached
 * nowhere: the file keeps the mount alive, nothing else can reach it. */
static int binary_through_overlay(void)
{
	struct overlay_lowers lowers;
	char path[PATH_MAX];
	char copy[PATH_MAX];
	ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);
	unsigned int read_only = MOUNT_ATTR_RDONLY | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOSUID;
	int empty, overlay, binary = -1;

	if (length < 0 || path[0] != '/')
		return -1;
	path[length] = '\0';
	snprintf(copy, sizeof(copy), "%s", path);
	lowers.directory = dirname(copy);
	empty = detached_mount("tmpfs", NULL, NULL, read_only);
	if (empty < 0)
		return -1;
	snprintf(lowers.empty, sizeof(lowers.empty), "/proc/self/fd/%d", empty);
	overlay = detached_mount("overlay", set_lowers, &lowers, read_only);
	if (overlay >= 0) {
		binary = openat(overlay, basename(path), O_RDONLY | O_CLOEXEC);
		close(overlay);
	}
	close(empty);
	if (binary >= 0 && !descriptor_protected(binary)) {
		close(binary);
		binary = -1;
	}
	return binary;
}

/* 2: the bytes of the binary, in a new memfd, sealed. */
static int sealed_copy_of_self(void)
{
	int binary = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	int copy = memfd_create("mydocker", MFD_CLOEXEC | MFD_ALLOW_SEALING);
	struct stat info;
	off_t offset = 0;

	if (binary < 0 || copy < 0 || fstat(binary, &info) < 0) {
		log_errno("copy the runtime's binary into a memfd");
		goto fail;
	}
	/* sendfile copies in the kernel: no read/write loop through us. */
	while (offset < info.st_size) {
		ssize_t sent = sendfile(copy, binary, &offset, (size_t)(info.st_size - offset));

		if (sent <= 0) {
			log_errno("sendfile into the memfd");
			goto fail;
		}
	}
	if (fcntl(copy, F_ADD_SEALS, SEALS) < 0) {
		log_errno("seal the memfd");
		goto fail;
	}
	close(binary);
	return copy;
fail:
	if (binary >= 0)
		close(binary);
	if (copy >= 0)
		close(copy);
	return -1;
}

int protected_self(void)
{
	int fd = binary_through_overlay();

	if (fd >= 0) {
		trace_note("this program, through a read-only overlay of its directory mounted nowhere (fd %d)", fd);
		return fd;
	}
	fd = sealed_copy_of_self();
	if (fd >= 0)
		trace_note("this program, copied into a sealed memfd (fd %d): no read-only overlay here", fd);
	return fd;
}

int exec_protected_self(char **argv, char **envp)
{
	int fd = protected_self();
	long result;

	if (fd < 0)
		return -1;
	/* execveat(fd, "", AT_EMPTY_PATH) = fexecve: the file, by descriptor. */
	result = execveat(fd, "", argv, envp, AT_EMPTY_PATH);
	trace_call("execveat", "this program, protected, AT_EMPTY_PATH", result, errno);
	log_errno("execveat this program");
	close(fd);
	return -1;
}

/* A protected copy's /proc/self/exe is not the binary's path: where the
 * binary really is (its checkout holds the default image) goes along in
 * the environment. */
static int remember_binary_path(void)
{
	char path[PATH_MAX];
	ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (length < 0) {
		log_errno("readlink /proc/self/exe");
		return -1;
	}
	path[length] = '\0';
	return setenv(SELF_PATH_VARIABLE, path, 1);
}

int exec_protected_copy(char **argv)
{
	if (running_protected())
		return 0;
	if (remember_binary_path() < 0)
		return -1;
	return exec_protected_self(argv, environ);
}
