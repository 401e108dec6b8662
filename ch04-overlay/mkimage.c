/* mkimage: the default image, a busybox root filesystem, as a tar file.
 * One static binary is a whole userland: /bin/busybox and a link per applet
 * (busybox --list-full), /etc/passwd and /etc/group, empty /proc /sys /dev
 * /tmp to mount on. `make image` runs it. busybox(1), tar(5).
 *   ch04-overlay/mkimage --busybox /bin/busybox build/images/busybox.tar */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "file.h"
#include "image.h"
#include "arguments.h"
#include "log.h"
#include "process.h"
#include "trace.h"

/* The directories of the root filesystem, made in this order. */
static const struct {
	const char *path;
	mode_t mode;
} directories[] = {
	{ "bin", 0755 }, { "sbin", 0755 }, { "usr", 0755 }, { "usr/bin", 0755 }, { "usr/sbin", 0755 },
	{ "etc", 0755 }, { "proc", 0555 }, { "sys", 0555 }, { "dev", 0755 }, { "tmp", 01777 },
	{ "root", 0700 },
};

static const char passwd[] = "root:x:0:0:root:/root:/bin/sh\n"
			     "nobody:x:65534:65534:nobody:/nonexistent:/bin/false\n";
static const char group[] = "root:x:0:\nnobody:x:65534:\n";

static int make_skeleton(const char *root)
{
	char path[4096];

	for (size_t i = 0; i < sizeof(directories) / sizeof(directories[0]); i++) {
		if (path_join(path, sizeof(path), "%s/%s", root, directories[i].path) < 0)
			return -1;
		/* chmod after mkdir: the umask would drop tmp's sticky bit. */
		if (k_mkdir(path, 0700) < 0 || chmod(path, directories[i].mode) < 0)
			return -1;
	}
	if (path_join(path, sizeof(path), "%s/etc/passwd", root) < 0 || create_file(path, passwd, 0644) < 0)
		return -1;
	if (path_join(path, sizeof(path), "%s/etc/group", root) < 0 || create_file(path, group, 0644) < 0)
		return -1;
	return 0;
}

static int copy_busybox(const char *busybox, const char *root)
{
	static char content[16 << 20];
	char path[4096];
	ssize_t length = read_file(busybox, content, sizeof(content), false);
	FILE *out;

	if (length < 0 || path_join(path, sizeof(path), "%s/bin/busybox", root) < 0)
		return -1;
	out = fopen(path, "wxe");
	if (!out || fwrite(content, 1, (size_t)length, out) != (size_t)length || fclose(out) != 0) {
		log_errno("write %s", path);
		return -1;
	}
	return chmod(path, 0755);
}

/* bin/sh -> busybox, usr/bin/awk -> ../../bin/busybox: relative, so the
 * link is right wherever the tree is unpacked, inside a chroot or not. */
static int link_applet(const char *root, const char *applet)
{
	char target[4096] = "";
	char path[4096];

	if (strcmp(applet, "bin/busybox") == 0 || image_entry_path_problem(applet))
		return 0;
	if (strncmp(applet, "bin/", 4) == 0 && !strchr(applet + 4, '/'))
		strcat(target, "busybox");
	else {
		for (const char *p = applet; (p = strchr(p, '/')); p++)
			strcat(target, "../");
		strcat(target, "bin/busybox");
	}
	if (path_join(path, sizeof(path), "%s/%s", root, applet) < 0)
		return -1;
	if (symlink(target, path) < 0 && errno != EEXIST) {
		log_errno("symlink %s -> %s", path, target);
		return -1;
	}
	return 0;
}

/* Reads `busybox --list-full` from a pipe and links each applet. */
static int link_applets(const char *busybox, const char *root)
{
	char *argv[] = { (char *)busybox, "--list-full", NULL };
	char line[512];
	int pipe_fds[2];
	int result = 0;
	pid_t pid;
	FILE *list;

	if (pipe2(pipe_fds, O_CLOEXEC) < 0 || (pid = fork()) < 0) {
		log_errno("run %s --list-full", busybox);
		return -1;
	}
	if (pid == 0) {
		dup2(pipe_fds[1], STDOUT_FILENO);
		execv(busybox, argv);
		_exit(EXIT_NOT_FOUND);
	}
	close(pipe_fds[1]);
	list = fdopen(pipe_fds[0], "re");
	while (list && fgets(line, sizeof(line), list)) {
		line[strcspn(line, "\n")] = '\0';
		if (*line && result == 0)
			result = link_applet(root, line);
	}
	if (list)
		fclose(list);
	if (wait_for_exit(pid) != 0) {
		log_error("%s --list-full failed", busybox);
		return -1;
	}
	return result;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: %s [--trace] [--help] [--busybox PATH | --from DIR] OUTPUT.tar\n"
		     "Makes the default image: a busybox root filesystem as a tar (sorted, fixed times, root-owned).\n"
		     "  --busybox PATH  the static busybox to put in it (default /bin/busybox)\n"
		     "  --from DIR      pack DIR as it is instead (owners, modes, times, links, nodes kept)\n"
		     "Example:\n  ch04-overlay/mkimage build/images/busybox.tar\n", log_program());
}

/* Packs into OUTPUT.partial, then renames: a failed build leaves no tar
 * that looks finished. */
static int pack_into(const char *directory, const char *output, const struct image_pack_options *options)
{
	char partial[4096];
	long count;

	if (path_join(partial, sizeof(partial), "%s.partial", output) < 0)
		return -1;
	count = image_pack(directory, partial, options);
	if (count >= 0 && rename(partial, output) < 0) {
		log_errno("rename %s", partial);
		count = -1;
	}
	if (count < 0) {
		unlink(partial);
		return -1;
	}
	say("%s: %ld entries", output, count);
	return 0;
}

static int make_busybox_image(const char *busybox, const char *output)
{
	char staging[] = "/tmp/mydocker-mkimage.XXXXXX";
	struct stat info;
	struct image_pack_options options = { .fixed_time = true, .root_owned = true };
	int result = -1;

	if (stat(busybox, &info) < 0) {
		log_errno("stat %s", busybox);
		return -1;
	}
	/* Every entry gets busybox's own time: the same package, the same tar. */
	options.mtime = info.st_mtime;
	if (!mkdtemp(staging)) {
		log_errno("mkdtemp %s", staging);
		return -1;
	}
	if (chmod(staging, 0755) == 0 && make_skeleton(staging) == 0 && copy_busybox(busybox, staging) == 0 &&
	    link_applets(busybox, staging) == 0)
		result = pack_into(staging, output, &options);
	remove_tree(staging);
	return result;
}

int main(int argc, char **argv)
{
	const struct image_pack_options as_it_is = { .fixed_time = false, .root_owned = false };
	const char *busybox = "/bin/busybox";
	const char *from = NULL;
	const char *output = NULL;
	const struct valued_option options[] = { { "busybox", &busybox }, { "from", &from }, { NULL, NULL } };
	int code;

	log_set_program("mkimage");
	trace_init("parent");
	code = parse_arguments(argc, argv, options, &output, 1, NULL, usage);
	if (code != ARGUMENTS_GO_ON)
		return code;
	if (!output) {
		usage(stderr);
		return 2;
	}
	umask(022);
	if (from)
		return pack_into(from, output, &as_it_is) < 0 ? EXIT_RUNTIME_FAILED : 0;
	return make_busybox_image(busybox, output) < 0 ? EXIT_RUNTIME_FAILED : 0;
}
