/* Containers and images on disk; see store.h. */
#include "store.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "image.h"
#include "log.h"
#include "statefile.h"
#include "process.h"
#include "trace.h"
#include "usermap.h"

/* Rootless: a user's state lives in the user's own data directory, never
 * in a root-owned place (XDG Base Directory spec): $XDG_DATA_HOME/mydocker,
 * else ~/.local/share/mydocker. NULL (reported) when neither is set. */
static const char *user_data_root(char *buf, size_t size)
{
	const char *data_home = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (data_home && data_home[0] == '/')
		return path_join(buf, size, "%s/mydocker", data_home) < 0 ? NULL : buf;
	if (home && home[0] == '/')
		return path_join(buf, size, "%s/.local/share/mydocker", home) < 0 ? NULL : buf;
	log_error("not root, and neither XDG_DATA_HOME nor HOME is set: give the state root with --root DIR");
	return NULL;
}

int store_root(const char *option, char *root, size_t size)
{
	const char *chosen = option ? option : getenv("MYDOCKER_ROOT");
	char user_root[PATH_MAX];

	if ((!chosen || !*chosen) && geteuid() != 0 && !(chosen = user_data_root(user_root, sizeof(user_root))))
		return -1;
	if (!chosen || !*chosen)
		chosen = STORE_DEFAULT_ROOT;
	if (chosen[0] != '/') {
		log_error("the state root must be an absolute path: %s", chosen);
		return -1;
	}
	/* Checked once, here, for every command: what is found below it later
	 * is then the caller's alone (statefile.h). */
	if (path_join(root, size, "%s", chosen) < 0 || state_root_make_private(root) < 0)
		return -1;
	return 0;
}

const char *store_name_problem(const char *name)
{
	size_t length = strlen(name);

	if (length == 0)
		return "a name cannot be empty";
	if (length > CONTAINER_NAME_MAX)
		return "a name has at most 64 characters";
	if (!isalnum((unsigned char)name[0]))
		return "a name starts with a letter or a digit";
	for (size_t i = 0; i < length; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("_.-", name[i]))
			return "a name holds only letters, digits, '_', '.' and '-'";
	return NULL;
}

int store_new_id(char *id, size_t size)
{
	unsigned char bytes[6];

	if (size < 2 * sizeof(bytes) + 1 || getrandom(bytes, sizeof(bytes), 0) != (ssize_t)sizeof(bytes)) {
		log_errno("getrandom");
		return -1;
	}
	for (size_t i = 0; i < sizeof(bytes); i++)
		snprintf(id + 2 * i, 3, "%02x", bytes[i]);
	return 0;
}

static int ends_with(const char *text, const char *end)
{
	size_t length = strlen(text);
	size_t end_length = strlen(end);

	return length >= end_length && strcmp(text + length - end_length, end) == 0;
}

enum image_word store_classify_word(const char *root, const char *word)
{
	char tar[PATH_MAX];

	if (strcmp(word, "busybox") == 0)
		return WORD_IS_IMAGE;
	if (ends_with(word, ".tar"))
		return access(word, R_OK) == 0 ? WORD_IS_IMAGE : WORD_IS_UNKNOWN_IMAGE;
	if (!store_name_problem(word) && snprintf(tar, sizeof(tar), "%s/images/%s.tar", root, word) < (int)sizeof(tar) &&
	    access(tar, R_OK) == 0)
		return WORD_IS_IMAGE;
	return strchr(word, ':') && !strchr(word, '/') ? WORD_IS_UNKNOWN_IMAGE : WORD_IS_COMMAND;
}

int store_image_tar(const char *root, const char *image, char *tar, size_t size)
{
	if (strcmp(image, "busybox") == 0)
		return image_default_path(tar, size);
	if (ends_with(image, ".tar"))
		return realpath(image, tar) ? 0 : (log_errno("image %s", image), -1);
	if (store_name_problem(image) || path_join(tar, size, "%s/images/%s.tar", root, image) < 0 || access(tar, R_OK) < 0) {
		log_error("unknown image %s (images: busybox, a .tar file, or one made by commit)", image);
		return -1;
	}
	return 0;
}

/* The name an image is unpacked under: its name, or for a .tar path a name
 * made from the path's inode, so two tars never share a directory. */
static int image_key(const char *image, const char *tar, char *key, size_t size)
{
	struct stat info;

	if (!ends_with(image, ".tar"))
		return path_join(key, size, "%s", image);
	if (stat(tar, &info) < 0) {
		log_errno("stat %s", tar);
		return -1;
	}
	return path_join(key, size, "tar-%lx-%lx-%lx", (unsigned long)info.st_dev, (unsigned long)info.st_ino,
			 (unsigned long)info.st_mtime);
}

/* Rootless, the image is unpacked by a child that is root in a user
 * namespace mapped as the containers' are (usermap.h): the image's owners
 * land as the containers will see them. What cannot be made there (device
 * nodes; owners outside a one-ID map) is skipped, and said. */
static int unpack_image(const char *image, const char *tar, const char *directory)
{
	struct image_unpack_skipped skipped = { 0, 0 };
	pid_t child;

	if (geteuid() == 0)
		return image_unpack(tar, directory) < 0 ? -1 : 0;
	child = fork_in_user_namespace();
	if (child < 0)
		return -1;
	if (child == 0) {
		if (image_unpack_lenient(tar, directory, &skipped) < 0)
			_exit(1);
		if (skipped.devices || skipped.attributes)
			say("image %s unpacked as an ordinary user: %ld device nodes skipped (mknod needs real root; "
			    "init makes /dev), %ld entries whose owner could not be kept (outside this user's ID map)",
			    image, skipped.devices, skipped.attributes);
		_exit(0);
	}
	return wait_for_exit(child) == 0 ? 0 : -1;
}

int store_remove_tree(const char *path)
{
	pid_t child;

	if (geteuid() == 0 || !path_exists(path))
		return remove_tree(path);
	/* Files a container's other users made belong to subordinate IDs: only
	 * root of a namespace that maps them may remove them. */
	child = fork_in_user_namespace();
	if (child < 0) /* no namespace (said): what is the user's own still goes */
		return remove_tree(path);
	if (child == 0)
		_exit(remove_tree(path) < 0 ? 1 : 0);
	return wait_for_exit(child) == 0 ? 0 : -1;
}

int store_image_rootfs(const char *root, const char *image, char *rootfs, size_t size)
{
	char tar[PATH_MAX], key[NAME_MAX], directory[PATH_MAX], lock_path[PATH_MAX], staging[PATH_MAX];
	int lock = -1;
	int result = -1;

	if (store_image_tar(root, image, tar, sizeof(tar)) < 0 || image_key(image, tar, key, sizeof(key)) < 0 ||
	    path_join(directory, sizeof(directory), "%s/images/%s", root, key) < 0 ||
	    path_join(rootfs, size, "%s/rootfs", directory) < 0 ||
	    path_join(lock_path, sizeof(lock_path), "%s/images/%s.lock", root, key) < 0 ||
	    path_join(staging, sizeof(staging), "%s/rootfs.unpacking", directory) < 0)
		return -1;
	/* Unpacked already (the usual case): rootfs appears whole, by a
	 * rename, so seeing it needs no lock. */
	if (path_exists(rootfs))
		return 0;
	if (make_directories(directory, 0700) < 0 || (lock = state_lock(lock_path)) < 0)
		goto out;
	if (path_exists(rootfs)) {
		result = 0;
		goto out;
	}
	/* A run killed while unpacking left a half tree: start again. */
	if (store_remove_tree(staging) < 0 || mkdir(staging, 0755) < 0) {
		log_errno("mkdir %s", staging);
		goto out;
	}
	trace_note("unpacking image %s (%s) once, into %s", image, tar, rootfs);
	if (unpack_image(image, tar, staging) < 0)
		goto out;
	if (rename(staging, rootfs) < 0) {
		log_errno("rename %s to %s", staging, rootfs);
		goto out;
	}
	result = 0;
out:
	if (result < 0)
		store_remove_tree(staging);
	state_unlock(lock);
	return result;
}

int store_make_layers(const char *root, const char *name, struct container_layers *layers)
{
	char containers[PATH_MAX];

	if (path_join(containers, sizeof(containers), "%s/containers", root) < 0 ||
	    path_join(layers->directory, sizeof(layers->directory), "%s/%s", containers, name) < 0 ||
	    path_join(layers->upper, sizeof(layers->upper), "%s/upper", layers->directory) < 0 ||
	    path_join(layers->work, sizeof(layers->work), "%s/work", layers->directory) < 0 ||
	    path_join(layers->merged, sizeof(layers->merged), "%s/merged", layers->directory) < 0 ||
	    make_directories(containers, 0700) < 0)
		return -1;
	if (mkdir(layers->directory, 0700) < 0) {
		if (errno == EEXIST)
			log_error("the name %s is already in use", name);
		else
			log_errno("mkdir %s", layers->directory);
		return -1;
	}
	if (layers->in_memory)
		return 0;
	/* upper holds the container's files: 0755, like a root directory. */
	if (mkdir(layers->upper, 0755) < 0 || mkdir(layers->work, 0700) < 0 || mkdir(layers->merged, 0755) < 0) {
		log_errno("make the layers of %s", name);
		remove_tree(layers->directory);
		return -1;
	}
	return 0;
}

int store_remove_layers(const struct container_layers *layers)
{
	return store_remove_tree(layers->directory);
}
