/* Image tars: each entry's name checked, then the whole tar unpacked, as
 * `run` does with an image it is given. The unpacking writes files, so it
 * happens in a sandbox made once: a user namespace whose root is the
 * host's nobody, a mount namespace, and a tmpfs over /tmp to unpack into. A
 * bug that wrote outside would meet the host as nobody (so crash inputs are
 * saved only where nobody may write: make fuzz makes the artifacts
 * directory 0777). user_namespaces(7). */
#include "fuzz.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <grp.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "image.h"

static char scratch[64];

static int write_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	int ok = fd >= 0 && write(fd, text, strlen(text)) == (ssize_t)strlen(text);

	if (fd >= 0)
		close(fd);
	return ok ? 0 : -1;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	/* Nobody first (a process may map only its own IDs), then root inside
	 * a user namespace of its own: nobody (65534) outside. Dumpable again
	 * after the change of IDs, or /proc/self/uid_map stays root's. */
	if (setgroups(0, NULL) < 0 || setresgid(65534, 65534, 65534) < 0 || setresuid(65534, 65534, 65534) < 0 ||
	    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0 ||
	    unshare(CLONE_NEWUSER | CLONE_NEWNS) < 0 || write_text("/proc/self/setgroups", "deny") < 0 ||
	    write_text("/proc/self/uid_map", "0 65534 1") < 0 || write_text("/proc/self/gid_map", "0 65534 1") < 0 ||
	    mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0) {
		perror("fuzz_tar: the sandbox (user and mount namespaces)");
		exit(1);
	}
	/* A tmpfs over /tmp, in this mount namespace only: the host's /tmp
	 * is not touched. */
	snprintf(scratch, sizeof(scratch), "/tmp/mydocker-fuzz-tar");
	if (mount("tmpfs", "/tmp", "tmpfs", 0, "size=64m,mode=1777") < 0 || mkdir(scratch, 0700) < 0) {
		perror("fuzz_tar: the tmpfs");
		exit(1);
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *name = fuzz_string(data, size);
	char tar_path[64], directory[128];
	int fd;

	if (name) {
		image_entry_path_problem(name);
		free(name);
	}
	fd = memfd_create("fuzz.tar", MFD_CLOEXEC);
	if (fd < 0 || write(fd, data, size) != (ssize_t)size) {
		if (fd >= 0)
			close(fd);
		return 0;
	}
	snprintf(tar_path, sizeof(tar_path), "/proc/self/fd/%d", fd);
	snprintf(directory, sizeof(directory), "%s/rootfs", scratch);
	if (mkdir(directory, 0755) == 0) {
		image_unpack(tar_path, directory);
		remove_tree(directory);
	}
	close(fd);
	return 0;
}
