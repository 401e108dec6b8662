/* What chapter 4 adds to run: an image, a name, volumes, a state root, and
 * the parent's steps that prepare them. Chapters 5 and 6 reuse it. */
#ifndef MYDOCKER_IMAGERUN_H
#define MYDOCKER_IMAGERUN_H

#include <limits.h>

#include "options.h"
#include "runtime.h"
#include "store.h"
#include "volume.h"

#define MAX_VOLUMES 32

/* container->chapter points here. */
struct image_container {
	const char *root_option;             /* --root */
	char root[PATH_MAX];
	char name[CONTAINER_NAME_MAX + 1];   /* --name, or a random ID */
	const char *image;                   /* "busybox" by default */
	char image_rootfs[PATH_MAX];
	struct volume volumes[MAX_VOLUMES];
	int volume_count;
	struct container_layers layers;
};

/* --name, -v/--volume, --root. */
extern const struct run_option image_run_options[];

/* After the options: the image (when the first word is one), the name, the
 * state root; command points at the command's words. Refuses, creating
 * nothing, an unknown image or a bad name. 0 or -1 (reported). */
int image_container_resolve(struct container *container, char **words, char ***command);

/* Parent steps. */
int step_unpack_image(struct container *container);
int step_make_layers(struct container *container);
void undo_make_layers(struct container *container);
int step_make_volume_sources(struct container *container);
int step_describe_root(struct container *container);

#endif
