/* overlayfs: read-only lower layers (the image) under one writable upper
 * layer (the container), seen merged at one mount point. This builds the
 * mount option string and mounts it. Documentation/filesystems/overlayfs.rst,
 * mount(2). */
#ifndef MYDOCKER_OVERLAY_H
#define MYDOCKER_OVERLAY_H

#include <stddef.h>

/* overlay keeps at most this many lower layers (OVL_MAX_STACK). */
#define OVERLAY_MAX_LOWERDIRS 500

struct overlay_layers {
	/* The image's layers, top first: on a name clash the leftmost wins. */
	const char *const *lowerdirs;
	size_t lower_count;
	/* The container's layer, and overlay's own scratch dir on the same
	 * filesystem. Both NULL: a read-only overlay of the lowerdirs. */
	const char *upperdir;
	const char *workdir;
};

/* Writes "path" with overlay's escapes: a backslash before each ',' (it
 * separates options), ':' (it separates lowerdirs) and '\\'. Returns the
 * length it wanted, like snprintf; buf is always terminated. */
size_t overlay_escape_path(const char *path, char *buf, size_t size);

/* Builds "lowerdir=A:B,upperdir=U,workdir=W" into buf. Refuses (-1, *why
 * says why, nothing reported) what cannot work: no lowerdir, an empty path,
 * too many lowerdirs, an upperdir without a workdir or the other way round,
 * a string longer than mount(2) passes (one page) or than buf. */
int overlay_options(const struct overlay_layers *layers, char *buf, size_t size, const char **why);

/* Mounts the overlay on target (flags: MS_RDONLY ...), through k_mount.
 * Returns 0, or -1 reported once (a refused layout, or the kernel's errno
 * with its hint). */
int overlay_mount(const struct overlay_layers *layers, const char *target, unsigned long flags);
/* The same with more options after the layers' (NULL: none), such as
 * "volatile": overlay never syncs the upper layer, not even at unmount,
 * where a sync of the whole upper filesystem is otherwise a container's
 * last act; after a crash it refuses to mount that layer again
 * (work/incompat/volatile). For a layer thrown away with its container. */
int overlay_mount_with(const struct overlay_layers *layers, const char *target, unsigned long flags, const char *more);

#endif
