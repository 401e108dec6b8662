/* clonepitfalls: the two ways seed 004's first clone() went wrong, shown.
 * 1. The stack grows down: clone() wants the stack's highest address. Given
 *    the lowest, the first push lands below the mapping and the process dies
 *    of SIGSEGV (glibc's wrapper writes to it before the child even runs).
 * 2. perror() after clone() prints whatever errno held before: "Success", or
 *    a stale error from an earlier call, though clone worked. Look at clone's
 *    return value: -1 is failure, anything else a PID. clone(2), errno(3).
 *   ./ch01/clonepitfalls        (no root needed; exits 0 when both showed) */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "log.h"
#include "process.h"
#include "trace.h"

enum { STACK_SIZE = 64 * 1024, PAGE = 4096 };

static int child_returns(void *argument)
{
	(void)argument;
	return 7;
}

/* In a forked process, so its crash is not ours: clone with the stack's
 * top or bottom (a guard page below it), and report how that process ended. */
static int clone_with_stack(int use_top)
{
	pid_t tester = fork();

	if (tester < 0) {
		log_errno("fork");
		return -1;
	}
	if (tester == 0) {
		/* Die of the crash, as a plain program would: a sanitizer's own
		 * SIGSEGV handler would turn it into an exit code. */
		signal(SIGSEGV, SIG_DFL);
		char *region = mmap(NULL, PAGE + STACK_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		char *bottom = region + PAGE;
		pid_t child;

		if (region == MAP_FAILED || mprotect(region, PAGE, PROT_NONE) < 0)
			_exit(EXIT_RUNTIME_FAILED);
		child = k_clone(child_returns, use_top ? bottom + STACK_SIZE : bottom, SIGCHLD, NULL);
		_exit(child < 0 ? EXIT_RUNTIME_FAILED : wait_for_exit(child));
	}
	return wait_for_exit(tester);
}

static int show_stack_direction(void)
{
	int with_bottom = clone_with_stack(0);
	int with_top = clone_with_stack(1);

	say("1. clone(fn, stack bottom, ...): the process ended with %d%s", with_bottom,
	    with_bottom == EXIT_SIGNAL_BASE + SIGSEGV ? " = 128+SIGSEGV: the stack grew down, past the mapping" : "");
	say("   clone(fn, stack top, ...): the child ran and returned %d", with_top);
	return with_bottom == EXIT_SIGNAL_BASE + SIGSEGV && with_top == 7 ? 0 : -1;
}

static int show_stale_errno(void)
{
	static char stack[STACK_SIZE];
	pid_t child;
	int stale;
	int after;

	/* An earlier call failed and left errno set, as calls do. */
	if (open("/nonexistent/mydocker", O_RDONLY | O_CLOEXEC) >= 0)
		return -1;
	stale = errno;
	child = k_clone(child_returns, stack + sizeof(stack), SIGCHLD, NULL);
	after = errno;
	if (child < 0)
		return -1;
	say("2. clone returned %d (success), yet errno still says \"%s\": perror() here would print that", (int)child,
	    strerror(after));
	say("   check the return value instead: -1 is failure, anything else the child's PID");
	return wait_for_exit(child) == 7 && after == stale ? 0 : -1;
}

int main(int argc, char **argv)
{
	int failed;

	log_set_program(argv[0]);
	trace_init("parent");
	if (argc > 1 && strcmp(argv[1], "--trace") == 0)
		trace_enable(true);
	else if (argc > 1) {
		fprintf(argc == 2 && strcmp(argv[1], "--help") == 0 ? stdout : stderr,
			"usage: %s [--trace]\nShows seed 004's clone() pitfalls: the stack grows down; errno after success.\n",
			log_program());
		return strcmp(argv[1], "--help") == 0 ? 0 : 2;
	}
	failed = show_stack_direction() < 0;
	failed |= show_stale_errno() < 0;
	return failed ? 1 : 0;
}
