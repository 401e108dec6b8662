/* unpack: an image tar into a directory, the safe way a runtime run as root
 * must do it: no absolute paths, no "..", nothing written through a
 * symlink, hard links only inside the image; modes, owners, links and
 * device nodes as the tar says. libarchive(3), tar(5).
 *   sudo ./ch04/unpack build/images/busybox.tar /tmp/rootfs */
#include <stdio.h>
#include <string.h>

#include "image.h"
#include "arguments.h"
#include "log.h"
#include "process.h"
#include "trace.h"

static void usage(FILE *out)
{
	fprintf(out, "usage: %s [--trace] [--help] TAR DIRECTORY\n"
		     "Unpacks an image tar into an existing DIRECTORY, refusing any entry that would land outside it.\n"
		     "Example:\n  mkdir /tmp/rootfs && sudo ./ch04/unpack build/images/busybox.tar /tmp/rootfs\n",
		log_program());
}

int main(int argc, char **argv)
{
	const char *paths[2] = { NULL, NULL };
	int count = 0;
	long entries;

	int code;

	log_set_program("unpack");
	trace_init("parent");
	code = parse_arguments(argc, argv, NULL, paths, 2, &count, usage);
	if (code != ARGUMENTS_GO_ON)
		return code;
	if (count != 2) {
		usage(stderr);
		return 2;
	}
	entries = image_unpack(paths[0], paths[1]);
	if (entries < 0)
		return EXIT_RUNTIME_FAILED;
	say("%s: %ld entries unpacked into %s", paths[0], entries, paths[1]);
	return 0;
}
