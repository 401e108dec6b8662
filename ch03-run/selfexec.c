/* The runtime re-executes itself from a sealed memfd; see selfexec.h. */
#include "selfexec.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/sendfile.h>
#include <sys/stat.h>
#include <unistd.h>

#include "log.h"
#include "trace.h"

extern char **environ;

enum { SEALS = F_SEAL_SEAL | F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE };

bool running_from_sealed_copy(void)
{
	int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
	int seals = fd >= 0 ? fcntl(fd, F_GET_SEALS) : -1;

	if (fd >= 0)
		close(fd);
	return seals >= 0 && (seals & SEALS) == SEALS;
}

/* The bytes of the running binary, in a new memfd, sealed. */
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

/* The copy's /proc/self/exe says "/memfd:mydocker (deleted)": where the
 * binary really is (its checkout holds the default image) goes along in
 * the environment. */
static int remember_binary_path(void)
{
	char path[4096];
	ssize_t length = readlink("/proc/self/exe", path, sizeof(path) - 1);

	if (length < 0) {
		log_errno("readlink /proc/self/exe");
		return -1;
	}
	path[length] = '\0';
	return setenv(SELF_PATH_VARIABLE, path, 1);
}

int exec_sealed_copy(char **argv)
{
	int copy;
	long result;

	if (running_from_sealed_copy())
		return 0;
	copy = sealed_copy_of_self();
	if (copy < 0 || remember_binary_path() < 0)
		return -1;
	/* execveat(fd, "", AT_EMPTY_PATH) = fexecve: the memfd, by descriptor. */
	result = execveat(copy, "", argv, environ, AT_EMPTY_PATH);
	trace_call("execveat", "sealed memfd copy of the runtime, AT_EMPTY_PATH", result, errno);
	close(copy);
	return -1;
}
