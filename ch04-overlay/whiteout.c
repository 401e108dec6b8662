/* whiteout: the seeds' overlayfs experiments (seed 000 "overlay example"
 * and "一些补充", seed 001 "Union File System"), run on this kernel and
 * checked: the merged view, copy-up, new files, whiteouts, opaque
 * directories, read-only overlays, what the kernel refuses, and a volume as
 * a plain bind mount. All in a private mount namespace, in a scratch
 * directory it works in (cwd) so the mounts read like the seed's.
 * Documentation/filesystems/overlayfs.rst, mount(2), xattr(7).
 *   sudo ./ch04/whiteout                 (needs no terminal)
 *   sudo ./ch04/whiteout --keep /tmp/x   leaves the layers, unmounted */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "file.h"
#include "lab.h"
#include "arguments.h"
#include "log.h"
#include "overlay.h"
#include "process.h"
#include "trace.h"

/* What the steps share: how many claims differed from the text. */
struct bench {
	int differed;
	bool merged_ok;
};

static const char *const four_layers[] = { "image-layer1", "image-layer2", "image-layer3", "image-layer4" };

/* --- helpers ------------------------------------------------------------ */

static bool file_holds(const char *path, const char *text)
{
	char content[4096];

	return read_file(path, content, sizeof(content), true) >= 0 && strcmp(content, text) == 0;
}

static int append_text(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	ssize_t length = (ssize_t)strlen(text);

	if (fd < 0)
		return -1;
	if (write(fd, text, (size_t)length) != length) {
		int saved = errno;

		close(fd);
		errno = saved;
		return -1;
	}
	return close(fd);
}

static bool missing(const char *path)
{
	return !path_exists(path) && errno == ENOENT;
}

static int mount_seed_overlay(void)
{
	struct overlay_layers layers = { four_layers, 4, "container-layer", "work" };

	return overlay_mount(&layers, "mnt", 0);
}

/* A mount the text says the kernel refuses: the errno, or 0 if it took. */
static int refused_errno(const char *target, const char *options)
{
	k_expect_failure();
	if (k_mount("overlay", target, "overlay", 0, options) < 0)
		return errno;
	umount2(target, MNT_DETACH);
	return 0;
}

/* --- the steps, in the seeds' order -------------------------------------- */

static int aufs_is_absent(struct bench *bench)
{
	char filesystems[8192];
	int error = 0;

	say("mount -t aufs: the book's union filesystem");
	k_expect_failure();
	if (k_mount("none", "mnt", "aufs", 0, NULL) < 0)
		error = errno;
	else
		umount2("mnt", MNT_DETACH);
	printf("mount -t aufs: %s\n", error ? strerror(error) : "mounted");
	read_file("/proc/filesystems", filesystems, sizeof(filesystems), false);
	printf("$ grep overlay /proc/filesystems\n%s\n", strstr(filesystems, "\toverlay\n") ? "nodev\toverlay" : "(none)");
	return verdict("S000-6", error == ENODEV && strstr(filesystems, "\toverlay\n"),
		       "aufs is not in this kernel (ENODEV, \"unknown filesystem\"); overlay is in /proc/filesystems",
		       &bench->differed);
}

static int build_layers(struct bench *bench)
{
	static const char *const dirs[] = { "image-layer1", "image-layer2", "image-layer3", "image-layer4",
					    "image-layer2/layer2-dir", "container-layer", "work", "mnt" };
	static const struct {
		const char *path, *text;
	} files[] = {
		{ "image-layer1/image-layer1.txt", "I am image layer 1\n" },
		{ "image-layer2/image-layer2.txt", "I am image layer 2\n" },
		{ "image-layer3/image-layer3.txt", "I am image layer 3\n" },
		{ "image-layer4/image-layer4.txt", "I am image layer 4\n" },
		{ "container-layer/container-layer.txt", "I am a container layer\n" },
		/* One name in two layers: the leftmost lowerdir must win. */
		{ "image-layer1/clash.txt", "from image-layer1\n" },
		{ "image-layer3/clash.txt", "from image-layer3\n" },
		{ "image-layer2/layer2-dir/from-layer2.txt", "a file inside a lower directory\n" },
	};
	const char *const tree[] = { ".", NULL };

	(void)bench;
	say("building the layers as seed 001 does (image-layer1..4, container-layer, work, mnt)");
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (!path_exists(dirs[i]) && k_mkdir(dirs[i], 0755) < 0)
			return -1;
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		if (create_file(files[i].path, files[i].text, 0644) < 0)
			return -1;
	return show_trees(tree);
}

static int merged_view(struct bench *bench)
{
	const char *const tree[] = { "mnt", NULL };
	bool all = true;

	say("mounting the four image layers (lowerdir, leftmost on top) and the container layer (upperdir)");
	if (mount_seed_overlay() < 0)
		return -1;
	show_trees(tree);
	show_file("mnt/clash.txt");
	all &= path_exists("mnt/container-layer.txt");
	for (int i = 1; i <= 4; i++) {
		char name[64];

		snprintf(name, sizeof(name), "mnt/image-layer%d.txt", i);
		all &= path_exists(name);
	}
	bench->merged_ok = all;
	return verdict("S000-7", all && file_holds("mnt/clash.txt", "from image-layer1\n"),
		       "mnt shows every lower layer's files and the container layer's; the leftmost lowerdir wins a clash",
		       &bench->differed);
}

static int copy_up(struct bench *bench)
{
	static const char before[] = "I am image layer 1\n";
	static const char after[] = "I am image layer 1\ni'm image-layer1 test: hello\n";
	bool held;

	say("$ echo \"i'm image-layer1 test: hello\" >> mnt/image-layer1.txt");
	if (append_text("mnt/image-layer1.txt", "i'm image-layer1 test: hello\n") < 0) {
		log_errno("write mnt/image-layer1.txt");
		return -1;
	}
	show_file("mnt/image-layer1.txt");
	show_file("image-layer1/image-layer1.txt");
	show_file("container-layer/image-layer1.txt");
	held = file_holds("mnt/image-layer1.txt", after) && file_holds("container-layer/image-layer1.txt", after) &&
	       file_holds("image-layer1/image-layer1.txt", before);
	verdict("S000-8", held, "the write copied the file up into container-layer; the lower file is unchanged",
		&bench->differed);
	return verdict("S001-11", bench->merged_ok && held,
		       "four image layers and a container layer mount as one overlay; writes are copy-on-write",
		       &bench->differed);
}

/* Run as nobody: 0 when opening the directory is refused (EACCES). */
static int open_is_refused(const void *path)
{
	DIR *dir = opendir(path);

	if (dir)
		closedir(dir);
	return !dir && errno == EACCES ? 0 : 1;
}

static int work_dir_is_private(struct bench *bench)
{
	const char *const tree[] = { ".", NULL };
	struct stat info;
	bool closed;

	say("tree, run as a user (nobody) like the seed's: work/work is overlay's own");
	show_trees(tree);
	closed = stat("work/work", &info) == 0 && (info.st_mode & 0777) == 0 && info.st_uid == 0 &&
		 run_as_nobody(open_is_refused, "work/work") == 0;
	printf("work/work: mode %04o, owner %u\n", (unsigned)(info.st_mode & 07777), (unsigned)info.st_uid);
	return verdict("S000-11", closed, "the work dir's inner directory cannot be read by users (error opening dir)",
		       &bench->differed);
}

static int new_file(struct bench *bench)
{
	say("$ echo \"new file\" >> mnt/new_file.txt");
	if (append_text("mnt/new_file.txt", "new file\n") < 0) {
		log_errno("write mnt/new_file.txt");
		return -1;
	}
	show_file("container-layer/new_file.txt");
	return verdict("S000-9", file_holds("container-layer/new_file.txt", "new file\n"),
		       "a file created through mnt lands in container-layer", &bench->differed);
}

static bool is_whiteout(const char *path)
{
	struct stat info;

	return lstat(path, &info) == 0 && S_ISCHR(info.st_mode) && info.st_rdev == makedev(0, 0);
}

static int whiteouts(struct bench *bench)
{
	char *ls[] = { "ls", "-l", "container-layer", NULL };
	bool held;

	say("$ rm mnt/image-layer1.txt mnt/image-layer2.txt   (one copied up before, one never)");
	if (unlink("mnt/image-layer1.txt") < 0 || unlink("mnt/image-layer2.txt") < 0) {
		log_errno("rm in mnt");
		return -1;
	}
	show_command(ls);
	held = is_whiteout("container-layer/image-layer1.txt") && is_whiteout("container-layer/image-layer2.txt") &&
	       missing("mnt/image-layer1.txt") && missing("mnt/image-layer2.txt") &&
	       path_exists("image-layer1/image-layer1.txt") && path_exists("image-layer2/image-layer2.txt");
	return verdict("S000-10", held,
		       "deleting a lower file leaves a whiteout in container-layer, a character device 0,0; mnt hides the name",
		       &bench->differed);
}

static int opaque_directory(struct bench *bench)
{
	const char *const tree[] = { "mnt/layer2-dir", NULL };
	char value[16] = "";
	ssize_t length;

	say("$ rm -r mnt/layer2-dir && mkdir mnt/layer2-dir   (a directory of image-layer2)");
	if (unlink("mnt/layer2-dir/from-layer2.txt") < 0 || rmdir("mnt/layer2-dir") < 0 ||
	    mkdir("mnt/layer2-dir", 0755) < 0) {
		log_errno("rm -r, mkdir mnt/layer2-dir");
		return -1;
	}
	show_trees(tree);
	length = lgetxattr("container-layer/layer2-dir", "trusted.overlay.opaque", value, sizeof(value) - 1);
	value[length > 0 ? length : 0] = '\0';
	printf("$ getfattr -n trusted.overlay.opaque container-layer/layer2-dir\n");
	printf(length > 0 ? "trusted.overlay.opaque=\"%s\"\n" : "(no such attribute%s)\n", value);
	return verdict("S000-12",
		       strcmp(value, "y") == 0 && path_exists("image-layer2/layer2-dir/from-layer2.txt") &&
			       missing("mnt/layer2-dir/from-layer2.txt"),
		       "a directory removed and made again over a lower one is opaque (trusted.overlay.opaque=y)",
		       &bench->differed);
}

static int final_tree(struct bench *bench)
{
	const char *const tree[] = { ".", NULL };

	(void)bench;
	say("everything, as the seed's last tree shows it; then umount mnt");
	show_trees(tree);
	return k_umount2("mnt", 0) < 0 ? -1 : 0;
}

static int two_upperdirs(struct bench *bench)
{
	int error;

	say("upperdir takes one directory; the seed tried two");
	error = refused_errno("mnt", "lowerdir=image-layer3:image-layer4,upperdir=container-layer:image-layer1,workdir=work");
	printf("mount: %s\n", error ? strerror(error) : "mounted");
	return verdict("S000-13", error != 0,
		       "upperdir takes one directory: upperdir=A:B is refused (the kernel looks for a dir named \"A:B\")",
		       &bench->differed);
}

static int read_only(struct bench *bench)
{
	const char *const tree[] = { "mnt", NULL };
	struct overlay_layers layers = { four_layers, 2, NULL, NULL };
	int error = 0;

	say("lowerdirs only, no upperdir: a read-only overlay");
	if (overlay_mount(&layers, "mnt", 0) < 0)
		return -1;
	show_trees(tree);
	if (append_text("mnt/image-layer1.txt", "new file\n") < 0)
		error = errno;
	printf("$ echo \"new file\" >> mnt/image-layer1.txt\n%s\n", error ? strerror(error) : "(written)");
	if (k_umount2("mnt", 0) < 0)
		return -1;
	return verdict("S000-14", error == EROFS, "lowerdirs only give a read-only mount: writing fails with EROFS",
		       &bench->differed);
}

/* A kernel that takes a single lowerdir must give a read-only view of that
 * one layer: its file readable, a write refused with EROFS. */
static bool single_lower_is_read_only_view(void)
{
	bool view;
	int error = 0;

	if (k_mount("overlay", "mnt", "overlay", 0, "lowerdir=image-layer1") < 0)
		return false;
	view = file_holds("mnt/image-layer1.txt", "I am image layer 1\n") && missing("mnt/image-layer2.txt");
	if (append_text("mnt/image-layer1.txt", "new file\n") < 0)
		error = errno;
	printf("mounted: %s; a write: %s\n", view ? "image-layer1's files" : "NOT image-layer1's files",
	       error ? strerror(error) : "written");
	return k_umount2("mnt", 0) == 0 && view && error == EROFS;
}

/* The book's text: refused. Either answer of the kernel is checked for what
 * it is: EINVAL, or a read-only view of the layer; anything else differs. */
static int single_lowerdir(struct bench *bench)
{
	int error;

	say("a single lowerdir and no upperdir (the book: \"wrong fs type, bad option...\")");
	error = refused_errno("mnt", "lowerdir=image-layer1");
	if (error == EINVAL) {
		printf("this kernel refuses it: EINVAL (dmesg: \"at least 2 lowerdir are needed while upperdir nonexistent\")\n");
		return verdict("S000-15", true, "a single lowerdir with no upperdir is refused (EINVAL), as the book says",
			       &bench->differed);
	}
	if (error) {
		printf("this kernel refuses it with %s, not EINVAL\n", strerrorname_np(error));
		return verdict("S000-15", false, "a single lowerdir with no upperdir: refused, but not with EINVAL",
			       &bench->differed);
	}
	printf("this kernel ACCEPTS a single lowerdir: the book is out of date here\n");
	return verdict("S000-15", single_lower_is_read_only_view(),
		       "a single lowerdir with no upperdir is accepted here: a read-only view of that layer (NOTES.md)",
		       &bench->differed);
}

static int work_on_upper_filesystem(struct bench *bench)
{
	int error;

	say("workdir on another filesystem (a tmpfs) than upperdir");
	if (k_mkdir("other-fs", 0755) < 0 || k_mount("mydocker-whiteout-tmpfs", "other-fs", "tmpfs", 0, "size=1m") < 0 ||
	    k_mkdir("other-fs/work", 0755) < 0)
		return -1;
	error = refused_errno("mnt", "lowerdir=image-layer3,upperdir=container-layer,workdir=other-fs/work");
	printf("mount: %s\n", error ? strerror(error) : "mounted");
	if (k_umount2("other-fs", 0) < 0)
		return -1;
	return verdict("workdir", error == EINVAL,
		       "workdir must be on upperdir's filesystem (EINVAL: \"workdir and upperdir must reside under the same mount\")",
		       &bench->differed);
}

static int overlay_over_overlay(struct bench *bench)
{
	int upper_error;
	int lower_error;

	say("an overlay as the upperdir of another overlay, then as a lowerdir");
	if (mount_seed_overlay() < 0)
		return -1;
	if ((!path_exists("mnt/upper-b") && k_mkdir("mnt/upper-b", 0755) < 0) ||
	    (!path_exists("mnt/work-b") && k_mkdir("mnt/work-b", 0755) < 0) ||
	    (!path_exists("mnt-b") && k_mkdir("mnt-b", 0755) < 0))
		return -1;
	upper_error = refused_errno("mnt-b", "lowerdir=image-layer4,upperdir=mnt/upper-b,workdir=mnt/work-b");
	printf("overlay as upperdir: %s\n", upper_error ? strerror(upper_error) : "mounted");
	lower_error = refused_errno("mnt-b", "lowerdir=mnt:image-layer4");
	printf("overlay as lowerdir: %s\n", lower_error ? strerror(lower_error) : "mounted");
	if (k_umount2("mnt", 0) < 0)
		return -1;
	return verdict("nesting", upper_error == EINVAL && lower_error == 0,
		       "an overlay cannot be the upperdir of another (EINVAL), but can be a lowerdir", &bench->differed);
}

static int volume_by_bind(struct bench *bench)
{
	const char *const tree[] = { "mnt/data", NULL };
	bool held;

	say("a volume: the host's dir bind-mounted into the container's root; no union mount");
	if (mount_seed_overlay() < 0)
		return -1;
	if ((!path_exists("host-volume") && k_mkdir("host-volume", 0755) < 0) ||
	    create_file("host-volume/from-host.txt", "written by the host\n", 0644) < 0 ||
	    (!path_exists("mnt/data") && k_mkdir("mnt/data", 0755) < 0) ||
	    k_mount("host-volume", "mnt/data", NULL, MS_BIND, NULL) < 0)
		return -1;
	if (append_text("mnt/data/from-container.txt", "written in the container\n") < 0)
		log_errno("write mnt/data/from-container.txt");
	show_trees(tree);
	held = file_holds("mnt/data/from-host.txt", "written by the host\n") &&
	       file_holds("host-volume/from-container.txt", "written in the container\n") &&
	       missing("container-layer/data/from-container.txt");
	if (k_umount2("mnt/data", 0) < 0 || k_umount2("mnt", 0) < 0)
		return -1;
	return verdict("S000-16", held,
		       "a bind mount gives the host dir's files to the container and takes its writes: no union mount needed",
		       &bench->differed);
}

/* The experiment, as the seeds tell it. */
static int (*const steps[])(struct bench *) = {
	build_layers, aufs_is_absent, merged_view, copy_up, work_dir_is_private, new_file, whiteouts,
	opaque_directory, final_tree, two_upperdirs, read_only, single_lowerdir, work_on_upper_filesystem,
	overlay_over_overlay, volume_by_bind,
};

static void usage(FILE *out)
{
	fprintf(out, "usage: %s [--trace] [--help] [--keep DIR]\n"
		     "Runs the seeds' overlay experiments in a scratch dir, in a private mount namespace,\n"
		     "and checks each claim on this kernel (exit 1 if one differs). Needs root, no terminal.\n"
		     "  --trace     narrate every kernel call (or MYDOCKER_TRACE=1)\n"
		     "  --keep DIR  work in DIR (made new) and leave the layers there, unmounted\n"
		     "Example:\n  sudo ./ch04/whiteout --keep /tmp/layers && ls -l /tmp/layers/container-layer\n",
		log_program());
}

int main(int argc, char **argv)
{
	struct bench bench = { 0, false };
	const char *keep_dir = NULL;
	char scratch[4096];
	int failed = 0;
	int code;

	log_set_program("whiteout");
	trace_init("parent");
	/* Line by line: the shown output interleaves with say()'s on stderr. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	code = parse_arguments(argc, argv, (const struct valued_option[]){ { "keep", &keep_dir }, { NULL, NULL } }, NULL, 0,
			       NULL, usage);
	if (code != ARGUMENTS_GO_ON)
		return code;
	/* A private mount namespace: no mount outlives us, even on a crash. */
	if (enter_private_mount_namespace() < 0 || make_scratch("whiteout", keep_dir, scratch, sizeof(scratch)) < 0)
		return EXIT_RUNTIME_FAILED;
	say("working in %s", scratch);
	if (k_chdir(scratch) < 0)
		return EXIT_RUNTIME_FAILED;
	for (size_t i = 0; i < sizeof(steps) / sizeof(steps[0]) && !failed; i++)
		failed = steps[i](&bench) < 0;
	/* Leave nothing mounted in the scratch dir before removing it. */
	umount2("mnt/data", MNT_DETACH);
	umount2("mnt", MNT_DETACH);
	umount2("other-fs", MNT_DETACH);
	if (chdir("/") < 0 || (!keep_dir && remove_tree(scratch) < 0))
		failed = 1;
	if (failed)
		return EXIT_RUNTIME_FAILED;
	say("%s", bench.differed ? "some claims DIFFER from the seeds on this kernel" : "every claim held on this kernel");
	return bench.differed ? 1 : 0;
}
