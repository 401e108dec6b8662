/* mydocker commit NAME IMAGE: the container's root filesystem, as it sees
 * it (the overlay's merged view: the image with the container's changes),
 * packed into a new image that `run IMAGE` accepts; and mydocker images.
 * A running container's view is /proc/PID/root, packed while the container
 * is frozen (freeze.h) and walked by descriptors (image_pack): its processes
 * cannot swap a directory for a symlink to the host's / under the walk. A
 * stopped one's overlay is mounted again for the packing, in a private
 * mount namespace of a child process, so nothing is left mounted whatever
 * happens. */
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "containers.h"
#include "file.h"
#include "freeze.h"
#include "image.h"
#include "log.h"
#include "overlay.h"
#include "process.h"
#include "trace.h"
#include "usermap.h"

static long pack_running(const struct record *record, const char *tar)
{
	char root[64];
	pid_t child;

	snprintf(root, sizeof(root), "/proc/%d/root/", (int)record->init.pid);
	if (geteuid() == 0)
		return image_pack(root, tar, &(struct image_pack_options){ .fixed_time = false });
	/* Rootless: packed from inside the container's user namespace, which
	 * sees its owners as the container does (1000, not 100999). */
	child = fork_into_user_namespace_of(record->init.pid);
	if (child < 0)
		return -1;
	if (child == 0)
		_exit(image_pack(root, tar, &(struct image_pack_options){ .fixed_time = false }) < 0 ? 1 : 0);
	return wait_for_exit(child) == 0 ? 0 : -1;
}

/* Frozen while packed, as root; rootless, a user cannot freeze (it makes
 * no cgroups) and the packing, in the container's user namespace, cannot
 * read what the host's root alone may. */
static long pack_frozen(const struct record *record, const char *tar)
{
	struct frozen_container frozen;
	long result = -1;

	if (geteuid() != 0) {
		trace_note("rootless: the container is not frozen while it is packed (no cgroup of ours to freeze)");
		return pack_running(record, tar);
	}
	if (container_freeze(record, &frozen) == 0)
		result = pack_running(record, tar);
	if (container_thaw(&frozen) < 0)
		result = -1;
	return result;
}

/* In a child with a mount namespace of its own: overlay, pack, exit. */
static long pack_stopped(const char *root, const struct record *record, const char *tar)
{
	char lower[PATH_MAX];
	struct container_layers layers;
	pid_t child;

	if (store_image_rootfs(root, record->image, lower, sizeof(lower)) < 0 ||
	    path_join(layers.upper, sizeof(layers.upper), "%s/containers/%s/upper", root, record->name) < 0 ||
	    path_join(layers.work, sizeof(layers.work), "%s/containers/%s/work", root, record->name) < 0 ||
	    path_join(layers.merged, sizeof(layers.merged), "%s/containers/%s/merged", root, record->name) < 0)
		return -1;
	/* Rootless, the child is root of a mapped user namespace: it may
	 * unshare a mount namespace and mount the overlay there. */
	child = fork_in_user_namespace();
	if (child < 0)
		return -1;
	if (child == 0) {
		const char *lowerdirs[] = { lower };
		struct overlay_layers overlay = { lowerdirs, 1, layers.upper, layers.work };

		if (k_unshare(CLONE_NEWNS) < 0 || k_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0 ||
		    overlay_mount(&overlay, layers.merged, MS_RDONLY) < 0)
			_exit(1);
		_exit(image_pack(layers.merged, tar, &(struct image_pack_options){ .fixed_time = false }) < 0 ? 1 : 0);
	}
	return wait_for_exit(child) == 0 ? 0 : -1;
}

/* STATE/images/IMAGE.tar, which must not exist yet: images are never
 * changed under the containers that use them. 0 or -1 (reported). */
static int new_image_tar(const char *root, const char *image, char *tar, size_t size)
{
	char images[PATH_MAX];

	if (path_join(images, sizeof(images), "%s/images", root) < 0 || make_directories(images, 0700) < 0 ||
	    path_join(tar, size, "%s/%s.tar", images, image) < 0)
		return -1;
	if (path_exists(tar)) {
		log_error("image %s exists already: pick another name", image);
		return -1;
	}
	return 0;
}

int command_commit(struct mydocker *mydocker, int argc, char **argv)
{
	char name[CONTAINER_NAME_MAX + 1], tar[PATH_MAX], partial[PATH_MAX + 32];
	const char *problem = argc == 3 ? store_name_problem(argv[2]) : NULL;
	struct record record;
	long result = -1;
	int lock;

	bool help = argc == 2 && strcmp(argv[1], "--help") == 0;

	if (argc != 3 || help) {
		fprintf(help ? stdout : stderr, "usage: mydocker commit NAME IMAGE\nPacks the container's filesystem into "
						"a new image (a running container is frozen meanwhile).\n");
		return help ? 0 : 2;
	}
	if (problem || strcmp(argv[2], "busybox") == 0) {
		log_error("image name %s: %s", argv[2], problem ? problem : "busybox is the built-in image");
		return 2;
	}
	if (record_find(mydocker->root, argv[1], name, sizeof(name)) < 0 ||
	    record_load(mydocker->root, name, &record, false) < 0)
		return 1;
	/* One commit of a container at a time, once it has started: its lock
	 * (exec waits meanwhile, as for a paused container). */
	if (new_image_tar(mydocker->root, argv[2], tar, sizeof(tar)) < 0 ||
	    path_join(partial, sizeof(partial), "%s.partial-%d", tar, (int)getpid()) < 0) {
		lock = -1;
	} else if ((lock = container_lock(mydocker->root, name, LOCK_EX)) < 0 && errno == ENOENT) {
		log_error("container %s is gone (removed while commit started)", name);
	}
	if (lock >= 0) {
		/* Written under another name, given its own once whole: a commit
		 * killed halfway leaves no image that `run` would take. */
		result = record_live_status(&record) == STATUS_RUNNING ? pack_frozen(&record, partial)
								       : pack_stopped(mydocker->root, &record, partial);
		close(lock);
		if (result >= 0 && link(partial, tar) < 0) {
			log_errno("link %s to %s", partial, tar);
			result = -1;
		}
		unlink(partial);
	}
	record_free(&record);
	if (result < 0)
		return 1;
	printf("%s\n", argv[2]);
	return 0;
}

static void print_image(const char *name, const char *tar)
{
	struct stat info;
	char created[32] = "?";
	struct tm when;

	if (stat(tar, &info) < 0)
		return;
	if (localtime_r(&info.st_mtime, &when))
		strftime(created, sizeof(created), "%Y-%m-%d %H:%M:%S", &when);
	printf("%-24s  %10.1f MB  %s\n", name, (double)info.st_size / (1024 * 1024), created);
}

int command_images(struct mydocker *mydocker, int argc, char **argv)
{
	char path[PATH_MAX], tar[PATH_MAX];
	struct dirent *entry;
	DIR *dir;

	(void)argv;
	if (argc != 1) {
		fprintf(stderr, "usage: mydocker images\nLists the images: busybox and those made by commit.\n");
		return 2;
	}
	printf("%-24s  %13s  %s\n", "IMAGE", "SIZE", "CREATED");
	if (image_default_path(tar, sizeof(tar)) == 0)
		print_image("busybox", tar);
	if (path_join(path, sizeof(path), "%s/images", mydocker->root) < 0 || !(dir = opendir(path)))
		return 0;
	while ((entry = readdir(dir))) {
		size_t length = strlen(entry->d_name);

		if (length <= 4 || strcmp(entry->d_name + length - 4, ".tar") != 0)
			continue;
		entry->d_name[length - 4] = '\0';
		if (store_name_problem(entry->d_name) || path_join(tar, sizeof(tar), "%s/%s.tar", path, entry->d_name) < 0)
			continue;
		print_image(entry->d_name, tar);
	}
	closedir(dir);
	return 0;
}
