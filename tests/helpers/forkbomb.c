/* A bounded fork bomb: forks up to N children that only wait, counts the
 * forks the kernel refuses (EAGAIN, as pids.max refuses them), prints
 * "forked F refused R", then waits until killed (its children with it: it
 * is the container's PID 1). Built static: it runs in the busybox image.
 * fork(2), Documentation/admin-guide/cgroup-v1/pids.rst. Usage: forkbomb N */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	long wanted = argc == 2 ? strtol(argv[1], NULL, 10) : 0;
	long forked = 0, refused = 0;

	if (wanted <= 0) {
		fprintf(stderr, "usage: forkbomb N\n");
		return 2;
	}
	for (long i = 0; i < wanted; i++) {
		pid_t child = fork();

		if (child == 0)
			for (;;)
				pause();
		if (child < 0)
			refused++;
		else
			forked++;
	}
	printf("forked %ld refused %ld\n", forked, refused);
	fflush(stdout);
	for (;;)
		pause();
}
