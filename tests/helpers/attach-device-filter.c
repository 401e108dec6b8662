/* Attaches chapter 5's device program (devicefilter.c, the list a default
 * container gets) to a cgroup v2 directory, so that a test can move a
 * process in and try the devices for real, on a hybrid host too: the kernel
 * asks a BPF device program of the task's cgroup2 cgroup whether or not v1
 * controllers are mounted. Runs on the host, as root. It fails when the
 * attach leaves a descriptor open (the program must live in the cgroup
 * only). Usage: attach-device-filter CGROUP2_DIRECTORY. bpf(2). */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "devicefilter.h"
#include "log.h"
#include "trace.h"

static int open_descriptors(void)
{
	DIR *fds = opendir("/proc/self/fd");
	int count = 0;

	if (!fds)
		return -1;
	while (readdir(fds))
		count++;
	closedir(fds);
	return count;
}

int main(int argc, char **argv)
{
	int before, after, cgroup, result;

	log_set_program("attach-device-filter");
	trace_init("helper");
	if (argc != 2) {
		fprintf(stderr, "usage: attach-device-filter CGROUP2_DIRECTORY\n");
		return 2;
	}
	cgroup = open(argv[1], O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cgroup < 0) {
		log_errno("open %s", argv[1]);
		return 1;
	}
	before = open_descriptors();
	result = device_filter_attach(cgroup, argv[1]);
	after = open_descriptors();
	close(cgroup);
	if (result < 0)
		return 1;
	if (after != before) {
		log_error("%d descriptors open before the attach, %d after: one leaked", before, after);
		return 1;
	}
	printf("attached\n");
	return 0;
}
