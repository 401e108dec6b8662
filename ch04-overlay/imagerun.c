/* What chapter 4 adds to run; see imagerun.h. */
#include "imagerun.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "file.h"
#include "log.h"
#include "rootfs.h"
#include "trace.h"

static struct image_container *of(struct container *container)
{
	return container->chapter;
}

static int set_name(struct container *container, const char *value)
{
	const char *problem = store_name_problem(value);

	if (problem) {
		log_error("--name %s: %s", value, problem);
		return -1;
	}
	snprintf(of(container)->name, sizeof(of(container)->name), "%s", value);
	return 0;
}

static int add_volume(struct container *container, const char *value)
{
	struct image_container *image = of(container);
	const char *why;

	if (image->volume_count >= MAX_VOLUMES) {
		log_error("-v %s: at most %d volumes", value, MAX_VOLUMES);
		return -1;
	}
	if (parse_volume(value, &image->volumes[image->volume_count], &why) < 0) {
		log_error("-v %s: %s", value, why);
		return -1;
	}
	image->volume_count++;
	return 0;
}

static int set_root(struct container *container, const char *value)
{
	of(container)->root_option = value;
	return 0;
}

const struct run_option image_run_options[] = {
	{ "name", 0, "NAME", set_name, "the container's name (letters, digits, _ . -; at most 64); else a random ID" },
	{ "volume", 'v', "HOSTDIR:DIR[:ro]", add_volume, "bind a host directory into the container (made if missing)" },
	{ "root", 0, "DIR", set_root, "the state root (or MYDOCKER_ROOT; default " STORE_DEFAULT_ROOT ", or ~/.local/share/mydocker for a user)" },
	{ NULL, 0, NULL, NULL, NULL },
};

int image_container_resolve(struct container *container, char **words, char ***command)
{
	struct image_container *image = of(container);

	if (store_root(image->root_option, image->root, sizeof(image->root)) < 0)
		return -1;
	image->image = "busybox";
	switch (words[0] ? store_classify_word(image->root, words[0]) : WORD_IS_COMMAND) {
	case WORD_IS_IMAGE:
		image->image = *words++;
		break;
	case WORD_IS_UNKNOWN_IMAGE:
		log_error("unknown image %s (images: busybox, a .tar file, or one made by commit)", words[0]);
		return -1;
	case WORD_IS_COMMAND:
		break;
	}
	if (!image->name[0] && store_new_id(image->name, sizeof(image->name)) < 0)
		return -1;
	*command = words;
	return 0;
}

int step_unpack_image(struct container *container)
{
	struct image_container *image = of(container);

	return store_image_rootfs(image->root, image->image, image->image_rootfs, sizeof(image->image_rootfs));
}

int step_make_layers(struct container *container)
{
	struct image_container *image = of(container);

	return store_make_layers(image->root, image->name, &image->layers);
}

void undo_make_layers(struct container *container)
{
	store_remove_layers(&of(container)->layers);
}

/* Docker makes a missing host directory of a volume; so do we. It is the
 * user's data: it stays after the container. */
int step_make_volume_sources(struct container *container)
{
	struct image_container *image = of(container);
	struct stat info;

	for (int i = 0; i < image->volume_count; i++) {
		const char *source = image->volumes[i].source;

		if (stat(source, &info) == 0 && !S_ISDIR(info.st_mode)) {
			log_error("-v %s: not a directory", source);
			return -1;
		}
		if (stat(source, &info) < 0 && make_directories(source, 0755) < 0)
			return -1;
	}
	return 0;
}

int step_describe_root(struct container *container)
{
	struct image_container *image = of(container);

	if (container->tty && message_add(&container->config, "console", container->terminal.slave_path) < 0)
		return -1;
	return describe_root(&container->config, image->image_rootfs, &image->layers, image->volumes, image->volume_count,
			     image->name);
}
