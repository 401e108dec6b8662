/* pipefacts: what the book's chapter 3 says of pipes, measured. It says "a
 * pipe has a fixed buffer, usually 4 KB": on Linux a new pipe holds 16 pages
 * (F_GETPIPE_SZ; 64 KiB with 4 KiB pages, 1 MiB with 64 KiB pages), and 4096
 * is PIPE_BUF, the size up to which one write(2) is atomic. A writer blocks
 * when the pipe is full; so run writes the command after init has started,
 * and init reads it all. pipe(7), fcntl(2), sysconf(3).
 *   ./ch03/pipefacts        (no root needed; exits 0 when the facts hold) */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

/* Fills a non-blocking pipe until write(2) would block: its capacity. */
static long fill_until_full(int fd)
{
	static const char page[4096];
	long total = 0;
	ssize_t written;

	while ((written = write(fd, page, sizeof(page))) > 0)
		total += written;
	return written < 0 && errno == EAGAIN ? total : -1;
}

int main(int argc, char **argv)
{
	long page = sysconf(_SC_PAGESIZE);
	int fds[2];
	int capacity;
	long filled;

	log_set_program(argv[0]);
	if (argc > 1) {
		fprintf(strcmp(argv[1], "--help") == 0 ? stdout : stderr, "usage: pipefacts\n"
			"Measures a pipe: its capacity, PIPE_BUF, and when a writer would block.\n");
		return strcmp(argv[1], "--help") == 0 ? 0 : 2;
	}
	if (pipe2(fds, O_CLOEXEC | O_NONBLOCK) < 0) {
		log_errno("pipe");
		return 1;
	}
	capacity = fcntl(fds[1], F_GETPIPE_SZ);
	filled = fill_until_full(fds[1]);
	close(fds[0]);
	close(fds[1]);
	if (page < 0 || capacity < 0 || filled < 0) {
		log_errno("measure the pipe");
		return 1;
	}
	printf("page size (sysconf): %ld bytes\n", page);
	printf("capacity (F_GETPIPE_SZ): %d bytes = %ld pages\n", capacity, capacity / page);
	printf("written before a write would block: %ld bytes\n", filled);
	printf("PIPE_BUF (largest atomic write): %d bytes\n", PIPE_BUF);
	say("the book's \"4 KB buffer\" is PIPE_BUF; the buffer itself is 16 pages, %d KiB here", capacity / 1024);
	/* The kernel's default, PIPE_DEF_BUFFERS: 16 pages whatever their size. */
	return capacity == 16 * page && filled == capacity && PIPE_BUF == 4096 ? 0 : 1;
}
