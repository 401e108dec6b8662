/* System calls Docker's default seccomp profile refuses and a container
 * should not reach: io_uring (system calls run by kernel threads no filter
 * sees) and vsock sockets (to the hypervisor, past the network namespace).
 * Tries each for real and prints "CALL: errno text" or "CALL: ok".
 * Built static: it runs inside the busybox image. io_uring_setup(2), vsock(7). */
#include <errno.h>
#include <linux/io_uring.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

static void report(const char *call, long result)
{
	printf("%s: %s\n", call, result < 0 ? strerror(errno) : "ok");
	if (result >= 0)
		close((int)result);
}

int main(void)
{
	struct io_uring_params params;

	memset(&params, 0, sizeof(params));
	report("io_uring_setup", syscall(SYS_io_uring_setup, 4, &params));
	/* enter and register on a descriptor that is no ring: EBADF unless
	 * refused before the kernel looks at it. */
	report("io_uring_enter", syscall(SYS_io_uring_enter, -1, 0, 0, 0, NULL, 0));
	report("io_uring_register", syscall(SYS_io_uring_register, -1, 0, NULL, 0));
	report("socket(AF_VSOCK)", socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0));
	/* The same domain with bit 32 set: the kernel's int drops it. */
	report("socket(AF_VSOCK|1<<32)", syscall(SYS_socket, (1UL << 32) | AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0));
	return 0;
}
