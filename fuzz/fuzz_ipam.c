/* The IPAM bitmap file as it may be found on disk (chapter 6): any bytes,
 * of any length, for a subnet from /16 to /30. Input: a prefix byte, then
 * the file. The allocator must refuse a damaged file or use it, never read
 * or write past it. The file lives in a directory of this process's own,
 * removed at exit. */
#include "fuzz.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "ipam.h"

static char directory[64];

static void remove_directory(void)
{
	remove_tree(directory);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cidr subnet = { .network = 0x0a000000, .prefix = 16 };
	struct ipam ipam;
	uint32_t address;
	int fd;

	if (!directory[0]) {
		snprintf(directory, sizeof(directory), "/tmp/mydocker-fuzz-ipam-%d", (int)getpid());
		if (mkdir(directory, 0700) < 0)
			return 0;
		atexit(remove_directory);
	}
	if (size < 1)
		return 0;
	subnet.prefix = 16 + data[0] % 15;
	subnet.network &= ~(uint32_t)0 << (32 - subnet.prefix);
	if (ipam_open(&ipam, directory, &subnet) < 0)
		return 0;
	fd = open(ipam.bitmap_path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0)
		return 0;
	if (write(fd, data + 1, size - 1) != (ssize_t)(size - 1)) {
		close(fd);
		return 0;
	}
	close(fd);
	if (ipam_allocate(&ipam, &address) == 0) {
		if (ipam_is_allocated(&ipam, address) != 1)
			abort();
		ipam_release(&ipam, address);
	}
	ipam_is_allocated(&ipam, subnet.network + 1);
	ipam_release(&ipam, subnet.network + 2);
	ipam_remove(&ipam);
	return 0;
}
