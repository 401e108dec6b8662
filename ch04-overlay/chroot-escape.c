/* chroot-escape: why a container runtime uses pivot_root, not chroot
 * (a write-up on container images, its "chroot" part). chroot(2) changes one thing, the directory a process's "/"
 * names; a root process can simply chroot again into a subdirectory, so
 * its cwd is left outside its root, and walk ".." up to the host's real /.
 * pivot_root(2) instead moves the whole mount namespace onto the new root;
 * once the old root is unmounted there is nothing above / to climb to. Also:
 * a rootfs holds no kernel, so `uname -r` inside is the host's.
 * chroot(2), pivot_root(2), mount_namespaces(7).
 *   sudo ./ch04/chroot-escape [--image TAR]      (needs no terminal)
 * Everything happens in throwaway mount namespaces, in a scratch dir under
 * /tmp; the escape is proved by finding a marker file this program put in
 * its scratch dir, outside the image, and nothing else is touched. */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "file.h"
#include "image.h"
#include "lab.h"
#include "arguments.h"
#include "log.h"
#include "process.h"
#include "trace.h"

extern char **environ;

struct bench {
	char rootfs[4096];   /* the unpacked image */
	char marker[4096];   /* a file on the host, outside rootfs */
	int differed;
};

/* Runs function(bench) in a forked child (its own root, its own fate). */
static int in_child(const char *side, int (*function)(const struct bench *), const struct bench *bench)
{
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		log_errno("fork");
		return -1;
	}
	if (pid == 0) {
		int code;

		trace_set_side(side);
		code = function(bench);
		fflush(NULL);
		_exit(code);
	}
	return wait_for_exit(pid);
}

/* The classic escape, from inside a root we were put in: make a directory,
 * chroot into it (our cwd stays outside it), climb with "..", which stops
 * only at the mount namespace's real root, and make that our root again. */
static int try_to_escape(void)
{
	struct stat here;
	struct stat parent;

	if (mkdir("/escape", 0755) < 0 && errno != EEXIST) {
		log_errno("mkdir /escape");
		return -1;
	}
	if (k_chroot("/escape") < 0)
		return -1;
	for (int i = 0; i < 256; i++) {
		if (stat(".", &here) < 0 || stat("..", &parent) < 0)
			return -1;
		if (here.st_ino == parent.st_ino && here.st_dev == parent.st_dev)
			break;
		if (chdir("..") < 0)
			return -1;
	}
	trace_note("climbed \"..\" until \"..\" is \".\"");
	return k_chroot(".") < 0 || k_chdir("/") < 0 ? -1 : 0;
}

/* Exit code of the children: 0 = the marker is visible (we are out). */
enum { MARKER_SEEN = 0, MARKER_UNSEEN = 1 };

static int look_for_marker(const char *where, const char *marker)
{
	bool seen = path_exists(marker);

	say("%s: %s %s", where, marker, seen ? "is VISIBLE: this is the host's /" : "is not there");
	return seen ? MARKER_SEEN : MARKER_UNSEEN;
}

static int escape_chroot(const struct bench *bench)
{
	if (k_chroot(bench->rootfs) < 0 || k_chdir("/") < 0)
		return EXIT_RUNTIME_FAILED;
	if (look_for_marker("after chroot", bench->marker) == MARKER_SEEN || !path_exists("/bin/busybox"))
		return EXIT_RUNTIME_FAILED;
	if (try_to_escape() < 0)
		return EXIT_RUNTIME_FAILED;
	return look_for_marker("after mkdir + chroot + chdir(\"..\")... + chroot(\".\")", bench->marker);
}

/* pivot_root as a container does it: in a mount namespace of its own, / made
 * private, the new root made a mount point (bound onto itself), put_old
 * inside it, then the old root unmounted. */
static int pivot_into(const char *rootfs)
{
	char put_old[4096];

	if (k_unshare(CLONE_NEWNS) < 0 || k_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
	    k_mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return -1;
	if (path_join(put_old, sizeof(put_old), "%s/old-root", rootfs) < 0 ||
	    (mkdir(put_old, 0700) < 0 && errno != EEXIST))
		return -1;
	if (k_pivot_root(rootfs, put_old) < 0 || k_chdir("/") < 0)
		return -1;
	if (k_umount2("/old-root", MNT_DETACH) < 0 || k_rmdir("/old-root") < 0)
		return -1;
	return 0;
}

static int escape_pivot_root(const struct bench *bench)
{
	if (pivot_into(bench->rootfs) < 0)
		return EXIT_RUNTIME_FAILED;
	if (look_for_marker("after pivot_root", bench->marker) == MARKER_SEEN)
		return EXIT_RUNTIME_FAILED;
	if (try_to_escape() < 0)
		return EXIT_RUNTIME_FAILED;
	if (!path_exists("/bin/busybox"))
		return EXIT_RUNTIME_FAILED;
	return look_for_marker("after the same trick", bench->marker);
}

/* uname -r run inside the chroot, its output read through a pipe. */
static int uname_inside(const struct bench *bench)
{
	char *argv[] = { "uname", "-r", NULL };

	if (k_chroot(bench->rootfs) < 0 || k_chdir("/") < 0)
		return EXIT_RUNTIME_FAILED;
	return exec_command(argv, environ);
}

static int read_uname_inside(const struct bench *bench, char *release, size_t size)
{
	int fds[2];
	int saved = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
	int code;
	ssize_t got;

	if (saved < 0 || pipe2(fds, O_CLOEXEC) < 0) {
		log_errno("pipe");
		return -1;
	}
	/* The child inherits the pipe as its stdout. */
	fflush(stdout);
	dup2(fds[1], STDOUT_FILENO);
	code = in_child("chroot", uname_inside, bench);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	close(fds[1]);
	got = read(fds[0], release, size - 1);
	close(fds[0]);
	release[got > 0 ? got : 0] = '\0';
	release[strcspn(release, "\n")] = '\0';
	return code == 0 && got > 0 ? 0 : -1;
}

/* Told, not checked: uname(2) answers from the one running kernel, so no
 * rootfs could make it differ; the two lines only show it. */
static int same_kernel(const struct bench *bench)
{
	struct utsname host;
	char inside[256];

	say("S004-7: a rootfs is files, not a kernel");
	if (uname(&host) < 0 || read_uname_inside(bench, inside, sizeof(inside)) < 0)
		return -1;
	printf("uname -r on the host:        %s\nuname -r inside the chroot:  %s\n", host.release, inside);
	printf("%-8s %-7s %s\n", "S004-7", "told", "a rootfs holds no kernel: uname -r inside is the one running kernel's");
	return 0;
}

static int chroot_then_pivot_root(struct bench *bench)
{
	int chrooted;
	int pivoted;

	say("S004-6: chroot into the image, then the classic escape by a root process");
	chrooted = in_child("chroot", escape_chroot, bench);
	say("S004-6: pivot_root into the image, old root unmounted, then the same escape");
	pivoted = in_child("pivot", escape_pivot_root, bench);
	if (chrooted == EXIT_RUNTIME_FAILED || pivoted == EXIT_RUNTIME_FAILED || chrooted < 0 || pivoted < 0)
		return -1;
	verdict("S004-6", chrooted == MARKER_SEEN,
		"chroot changes a process's root, and a root process can escape it to the host's /", &bench->differed);
	return verdict("S004-6", pivoted == MARKER_UNSEEN,
		       "after pivot_root and umount of the old root the same trick stays in the image: pivot_root is preferred",
		       &bench->differed);
}

static int prepare(struct bench *bench, const char *image, char *scratch, size_t size)
{
	if (make_scratch("chroot-escape", NULL, scratch, size) < 0)
		return -1;
	if (path_join(bench->marker, sizeof(bench->marker), "%s/host-marker", scratch) < 0 ||
	    create_file(bench->marker, "on the host, outside the image\n", 0644) < 0)
		return -1;
	if (path_join(bench->rootfs, sizeof(bench->rootfs), "%s/rootfs", scratch) < 0 || k_mkdir(bench->rootfs, 0755) < 0)
		return -1;
	say("unpacking %s into %s", image, bench->rootfs);
	return image_unpack(image, bench->rootfs) < 0 ? -1 : 0;
}

static void usage(FILE *out)
{
	fprintf(out, "usage: %s [--trace] [--help] [--image TAR]\n"
		     "Shows a root process escaping a chroot to the host's /, and failing to after pivot_root;\n"
		     "and that uname -r is the host's inside a rootfs. Needs root, no terminal.\n"
		     "  --trace      narrate every kernel call (or MYDOCKER_TRACE=1)\n"
		     "  --image TAR  the rootfs (default: make image's build/images/busybox.tar)\n"
		     "Example:\n  sudo ./ch04/chroot-escape --trace\n", log_program());
}

int main(int argc, char **argv)
{
	struct bench bench = { .differed = 0 };
	const char *image_option = NULL;
	char image[4096] = "";
	char scratch[4096] = "";
	int failed;
	int code;

	log_set_program("chroot-escape");
	trace_init("parent");
	setvbuf(stdout, NULL, _IOLBF, 0);
	code = parse_arguments(argc, argv, (const struct valued_option[]){ { "image", &image_option }, { NULL, NULL } }, NULL,
			       0, NULL, usage);
	if (code != ARGUMENTS_GO_ON)
		return code;
	if (image_option && path_join(image, sizeof(image), "%s", image_option) < 0)
		return 2;
	if (!*image && image_default_path(image, sizeof(image)) < 0)
		return EXIT_RUNTIME_FAILED;
	if (!path_exists(image)) {
		log_error("no image at %s: run make image, or pass --image TAR", image);
		return EXIT_RUNTIME_FAILED;
	}
	/* Our own mount namespace, so nothing here can reach the host's mounts. */
	if (enter_private_mount_namespace() < 0)
		return EXIT_RUNTIME_FAILED;
	failed = prepare(&bench, image, scratch, sizeof(scratch)) < 0 || same_kernel(&bench) < 0 ||
		 chroot_then_pivot_root(&bench) < 0;
	if (*scratch && remove_tree(scratch) < 0)
		failed = 1;
	if (failed)
		return EXIT_RUNTIME_FAILED;
	return bench.differed ? 1 : 0;
}
