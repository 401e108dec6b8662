/* A child in new namespaces that waits for its parent; see child.h.
 * clone(2) needs a stack for the child, and stacks grow down on every
 * architecture Linux runs containers on: pass the stack's top (its highest
 * address), not the pointer mmap returned. ./ch01/clonepitfalls shows what
 * happens otherwise. */
#include "child.h"

#include <errno.h>
#include <string.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "process.h"
#include "trace.h"

enum { CHILD_STACK_SIZE = 1024 * 1024 };

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

/* The first code the child runs: close the parent's ends, wait for "go". */
static int child_entry(void *argument)
{
	struct child *child = argument;
	char go;

	trace_set_side("child");
	close_fd(&child->go_fd);
	close_fd(&child->ready_fd);
	if (read(child->child_go_fd, &go, 1) != 1)
		_exit(EXIT_RUNTIME_FAILED); /* the parent gave up on us */
	close_fd(&child->child_go_fd);
	/* child_ready_fd stays open until execve closes it (O_CLOEXEC). */
	return child->main(child->context);
}

/* clone3 without CLONE_VM is fork(2) with flags: the child returns here,
 * on a copy of this stack, and needs none of its own. Returns the child's
 * PID; 0 where the kernel cannot (the caller then clones the old way), or
 * -1 (reported). */
static pid_t clone_into_cgroup(struct child *child, int cgroup_fd)
{
	pid_t pid;

	k_expect_failure(); /* ENOSYS, E2BIG or EINVAL: an older kernel, not an error */
	pid = k_clone3_into_cgroup(child->flags, cgroup_fd);
	if (pid == 0)
		_exit(child_entry(child));
	if (pid > 0) {
		child->in_cgroup = true;
		return pid;
	}
	if (errno == ENOSYS || errno == E2BIG || errno == EINVAL) {
		trace_note("no clone3 with CLONE_INTO_CGROUP here (%s): clone, then a write to cgroup.procs",
			   strerrorname_np(errno));
		return 0;
	}
	log_errno("clone3 into the cgroup");
	return -1;
}

/* clone(2) proper: the child runs child_entry on a stack of its own. */
static pid_t clone_with_stack(struct child *child)
{
	void *stack = mmap(NULL, CHILD_STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	pid_t pid;

	if (stack == MAP_FAILED) {
		log_errno("mmap a stack for the child");
		return -1;
	}
	/* Without CLONE_VM the child gets its own copy of this memory, so the
	 * parent may unmap its stack right after clone returns. */
	pid = k_clone(child_entry, (char *)stack + CHILD_STACK_SIZE, child->flags | SIGCHLD, child);
	munmap(stack, CHILD_STACK_SIZE);
	return pid;
}

pid_t child_start(struct child *child)
{
	return child_start_in_cgroup(child, -1);
}

pid_t child_start_in_cgroup(struct child *child, int cgroup_fd)
{
	int go[2] = { -1, -1 };
	int ready[2] = { -1, -1 };

	child->pid = -1;
	child->in_cgroup = false;
	child->go_fd = child->ready_fd = child->child_go_fd = child->child_ready_fd = -1;
	if (pipe2(go, O_CLOEXEC) < 0 || pipe2(ready, O_CLOEXEC) < 0) {
		log_errno("pipe");
		goto fail;
	}
	child->go_fd = go[1];
	child->child_go_fd = go[0];
	child->ready_fd = ready[0];
	child->child_ready_fd = ready[1];
	if (cgroup_fd >= 0)
		child->pid = clone_into_cgroup(child, cgroup_fd);
	if (cgroup_fd < 0 || child->pid == 0)
		child->pid = clone_with_stack(child);
	if (child->pid < 0)
		goto fail;
	close_fd(&child->child_go_fd);
	close_fd(&child->child_ready_fd);
	return child->pid;
fail:
	close_fd(&child->go_fd);
	close_fd(&child->ready_fd);
	close_fd(&child->child_go_fd);
	close_fd(&child->child_ready_fd);
	return -1;
}

int child_release(struct child *child)
{
	int result = write(child->go_fd, "g", 1) == 1 ? 0 : -1;

	if (result < 0)
		log_errno("release the child");
	close_fd(&child->go_fd);
	return result;
}

int child_wait_ready(struct child *child)
{
	char byte;
	ssize_t got;

	while ((got = read(child->ready_fd, &byte, 1)) < 0 && errno == EINTR)
		;
	close_fd(&child->ready_fd);
	return got < 0 ? -1 : 0;
}

int child_finish(struct child *child, int kill_signal)
{
	int code = EXIT_RUNTIME_FAILED;

	close_fd(&child->go_fd);
	close_fd(&child->ready_fd);
	if (child->pid > 0) {
		if (kill_signal)
			kill(child->pid, kill_signal);
		code = wait_for_exit(child->pid);
		child->pid = -1;
	}
	return code < 0 ? EXIT_RUNTIME_FAILED : code;
}
