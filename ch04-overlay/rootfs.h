/* init's steps for a container on an image (chapter 4): the overlay of the
 * image and the container's layer, the volumes, a minimal /dev, then
 * pivot_root into it; after that /proc and a read-only /sys.
 * pivot_root(2), mount(2), overlayfs, devpts. */
#ifndef MYDOCKER_ROOTFS_H
#define MYDOCKER_ROOTFS_H

#include "runtime.h"
#include "store.h"
#include "volume.h"

/* The parent: tells init where its layers and volumes are. 0 or -1. */
int describe_root(struct message *config, const char *image_rootfs, const struct container_layers *layers,
		  const struct volume *volumes, int volume_count, const char *hostname);

/* The one value of key in init's configuration, or NULL. */
const char *config_value(struct container *container, const char *key);

int init_mount_overlay(struct container *container);
int init_bind_volumes(struct container *container);
int init_make_dev(struct container *container);
int init_pivot_root(struct container *container);
int init_mount_sys(struct container *container);
int init_set_hostname(struct container *container);

#endif
