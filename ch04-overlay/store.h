/* Where containers and images live on disk: one state root
 * (/var/lib/mydocker, or --root DIR, or MYDOCKER_ROOT), holding
 *   images/NAME/rootfs          an image unpacked once, the shared lower layer
 *   images/NAME.tar             images made by commit (chapter 5)
 *   containers/NAME/upper work merged   one container's layer (seed 003)
 * Names are checked before anything is made. */
#ifndef MYDOCKER_STORE_H
#define MYDOCKER_STORE_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>

#define STORE_DEFAULT_ROOT "/var/lib/mydocker"
#define CONTAINER_NAME_MAX 64

/* The state root: option, else $MYDOCKER_ROOT, else the default (for a
 * user who is not root: $XDG_DATA_HOME/mydocker or ~/.local/share/mydocker);
 * made 0700 if missing, refused when anyone else could write it or swap it
 * (state_root_make_private). 0 or -1 (reported). */
int store_root(const char *option, char *root, size_t size);

/* Why name cannot name a container or image (empty, too long, "/", "..",
 * a first character other than a letter or digit, characters other than
 * letters, digits, '_', '.', '-'), or NULL when it can. Pure. */
const char *store_name_problem(const char *name);

/* A new random container ID: 12 hex digits. 0 or -1. */
int store_new_id(char *id, size_t size);

/* What the first word after run's options is. */
enum image_word { WORD_IS_COMMAND, WORD_IS_IMAGE, WORD_IS_UNKNOWN_IMAGE };
/* An image when it is "busybox", an image of the store, or a path to a
 * .tar; an unknown image when it looks like one (ends in .tar, or has a
 * ':' tag); else the command, run in the default image. */
enum image_word store_classify_word(const char *root, const char *word);

/* The tar of an image name or path. 0 or -1 (reported: unknown image). */
int store_image_tar(const char *root, const char *image, char *tar, size_t size);

/* The image's unpacked root filesystem, unpacking it the first time under
 * a lock (into a temp dir, then renamed) so two runs never unpack it twice
 * or see half of it. 0 or -1 (reported). */
int store_image_rootfs(const char *root, const char *image, char *rootfs, size_t size);

struct container_layers {
	char directory[PATH_MAX];  /* containers/NAME */
	char upper[PATH_MAX];
	char work[PATH_MAX];
	char merged[PATH_MAX];
	/* upper, work and merged live in a tmpfs init mounts on directory in
	 * the container's own mount namespace (chapter 5's run --rm): only
	 * directory is made on the host. */
	bool in_memory;
};

/* Makes containers/NAME and (unless in_memory) its upper, work and merged
 * dirs; a name in use
 * is an error (mkdir's EEXIST decides, so two runs cannot both get it).
 * 0 or -1 (reported, nothing left). */
int store_make_layers(const char *root, const char *name, struct container_layers *layers);
/* remove_tree, but for a user who is not root, done as root of a user
 * namespace mapped as the containers' are: it may remove files owned by
 * the subordinate IDs. 0 or -1. */
int store_remove_tree(const char *path);
/* Removes containers/NAME and everything below, never crossing into a
 * mount. 0 or -1. */
int store_remove_layers(const struct container_layers *layers);

#endif
