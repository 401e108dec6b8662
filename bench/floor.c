/* The floor: the least any container start can cost on this kernel. One
 * clone(2) into the five namespaces a runtime makes (pid, net, ipc, uts,
 * mount), the mounts made private, chroot(2) into the rootfs, execve(2) of
 * the command, and the parent's wait. No cgroup, no overlay, no config:
 * what is left of `make bench`'s figures above this is the runtime's work.
 * clone(2), mount_namespaces(7), chroot(2), execve(2). */
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "log.h"
#include "process.h"
#include "trace.h"

#define FLOOR_NAMESPACES (CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWIPC | CLONE_NEWUTS | CLONE_NEWNS)

struct floor_run {
	const char *rootfs;
	char **command;
};

/* A small stack is enough: the child only makes four calls. */
static char child_stack[64 * 1024] __attribute__((aligned(16)));

static void usage(FILE *out)
{
	fprintf(out, "usage: floor [--no-net] [--trace] ROOTFS [COMMAND [ARG...]]\n"
		     "Runs COMMAND (default /bin/true) in new pid, net, ipc, uts and mount namespaces,\n"
		     "chrooted into ROOTFS, and exits with its code: the floor `make bench` compares with.\n"
		     "  --no-net  without the network namespace (its creation is most of the cost)\n"
		     "Example:\n  sudo bench/floor /tmp/rootfs /bin/true\n");
}

/* The child: private mounts, the new root, the command. */
static int enter_and_exec(void *argument)
{
	struct floor_run *run = argument;

	trace_set_side("child");
	if (k_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 || k_chroot(run->rootfs) < 0 || k_chdir("/") < 0)
		return EXIT_RUNTIME_FAILED;
	return exec_command(run->command, (char *[]){ "PATH=/bin:/sbin:/usr/bin", NULL });
}

int main(int argc, char **argv)
{
	static char *default_command[] = { "/bin/true", NULL };
	unsigned long flags = FLOOR_NAMESPACES;
	struct floor_run run;
	pid_t pid;
	int code;
	int i = 1;

	log_set_program("floor");
	trace_init("parent");
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			usage(stdout);
			return 0;
		} else if (strcmp(argv[i], "--no-net") == 0) {
			flags &= ~(unsigned long)CLONE_NEWNET;
		} else if (strcmp(argv[i], "--trace") == 0) {
			trace_enable(true);
		} else {
			usage(stderr);
			return 2;
		}
	}
	if (i >= argc) {
		usage(stderr);
		return 2;
	}
	run.rootfs = argv[i];
	run.command = i + 1 < argc ? argv + i + 1 : default_command;
	pid = k_clone(enter_and_exec, child_stack + sizeof(child_stack), flags | SIGCHLD, &run);
	if (pid < 0)
		return EXIT_RUNTIME_FAILED;
	code = wait_for_exit(pid);
	return code < 0 ? EXIT_RUNTIME_FAILED : code;
}
