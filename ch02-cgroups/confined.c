/* A child in new namespaces, held until its parent lets it go; see
 * confined.h. clone(2), pipe(2), sigprocmask(2). */
#include "confined.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "process.h"
#include "trace.h"

enum { STACK_SIZE = 1024 * 1024 };

struct start {
	int go_fd; /* the child's end */
	int (*function)(void *);
	void *argument;
};

/* Undoes what the parent set up for itself: blocked signals, handlers. */
static void reset_signals(void)
{
	sigset_t none;

	for (int signal_number = 1; signal_number < NSIG; signal_number++)
		signal(signal_number, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
}

static int confined_main(void *data)
{
	struct start *start = data;
	char go;

	trace_set_side("child");
	/* EOF without a byte: the parent failed and is cleaning up. */
	if (read(start->go_fd, &go, 1) != 1)
		return EXIT_RUNTIME_FAILED;
	close(start->go_fd);
	reset_signals();
	return start->function(start->argument);
}

pid_t confined_start(struct confined *child, unsigned long flags, int (*function)(void *), void *argument)
{
	int fds[2];
	struct start start = { -1, function, argument };
	char *stack;

	child->pid = -1;
	child->go_fd = -1;
	if (pipe2(fds, O_CLOEXEC) < 0) {
		log_errno("pipe");
		return -1;
	}
	start.go_fd = fds[0];
	/* The child gets a copy of this memory, stack included: the parent may
	 * unmap its own copy once clone returns. */
	stack = mmap(NULL, STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0);
	if (stack == MAP_FAILED) {
		log_errno("mmap stack");
		close(fds[0]);
		close(fds[1]);
		return -1;
	}
	child->pid = k_clone(confined_main, stack + STACK_SIZE, flags | SIGCHLD, &start);
	munmap(stack, STACK_SIZE);
	close(fds[0]);
	if (child->pid < 0) {
		close(fds[1]);
		return -1;
	}
	child->go_fd = fds[1];
	return child->pid;
}

int confined_release(struct confined *child)
{
	int result = write(child->go_fd, "g", 1) == 1 ? 0 : -1;

	if (result < 0)
		log_errno("releasing child %d", (int)child->pid);
	close(child->go_fd);
	child->go_fd = -1;
	return result;
}

int confined_finish(struct confined *child, int kill_it)
{
	int code = 0;

	if (child->go_fd >= 0) {
		close(child->go_fd); /* a child still waiting sees EOF and exits */
		child->go_fd = -1;
	}
	if (child->pid > 0) {
		if (kill_it)
			k_kill(child->pid, SIGKILL);
		code = wait_for_exit(child->pid);
		child->pid = -1;
	}
	return code;
}
