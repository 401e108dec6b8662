/* The attack of CVE-2017-5226: TIOCSTI pushes bytes into a terminal's
 * input queue, as if typed. A sandboxed program sharing the caller's
 * terminal could so type a command into the caller's shell, to run once
 * the sandbox exits. This helper tries, on its stdin, and says how it went.
 * Built static: it runs inside the busybox image. ioctl_tty(2) TIOCSTI. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>

int main(int argc, char **argv)
{
	const char *keys = argc > 1 ? argv[1] : "echo INJECTED\n";
	int pushed = 0;

	for (const char *key = keys; *key; key++)
		if (ioctl(0, TIOCSTI, key) == 0)
			pushed++;
		else
			break;
	printf("tiocsti: pushed %d of %zu bytes%s%s\n", pushed, strlen(keys), pushed < (int)strlen(keys) ? ": " : "",
	       pushed < (int)strlen(keys) ? strerror(errno) : "");
	return 0;
}
