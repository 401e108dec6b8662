/* pid: the first process of a new PID namespace is PID 1 inside, while the
 * host knows it by another PID. pid_namespaces(7).
 *   sudo ./ch01/pid -- sh -c 'echo $$'      prints 1
 * `ps` inside still lists the host's processes: /proc is the host's proc,
 * mounted for the host's PID namespace. Chapter 3 mounts a new one. */
#include <stddef.h>

#include <sched.h>

#include "demo.h"

int main(int argc, char **argv)
{
	struct namespace_demo demo = { .flags = CLONE_NEWPID };
	int code = demo_arguments(argc, argv, "Runs COMMAND as PID 1 of a new PID namespace.", NULL, &demo.command);

	if (code != DEMO_RUN)
		return code;
	return run_namespace_demo(&demo);
}
