/* overlayfs option strings and mounts; see overlay.h. The escaping follows
 * the kernel's parser (fs/overlayfs/params.c): options are split at ','
 * not preceded by '\\', lowerdir at ':' likewise, and a '\\' before any
 * character stands for that character. */
#include "overlay.h"

#include <stdio.h>
#include <string.h>

#include "log.h"
#include "trace.h"
#include "usermap.h"

/* mount(2) copies at most one page of option data into the kernel. */
#define MOUNT_DATA_MAX 4096

size_t overlay_escape_path(const char *path, char *buf, size_t size)
{
	size_t used = 0;

	for (const char *p = path; *p; p++) {
		if (strchr(",:\\", *p)) {
			if (used + 1 < size)
				buf[used] = '\\';
			used++;
		}
		if (used + 1 < size)
			buf[used] = *p;
		used++;
	}
	if (size > 0)
		buf[used < size ? used : size - 1] = '\0';
	return used;
}

/* Appends text (escaped when escape) at *used; false when it does not fit. */
static int append(char *buf, size_t size, size_t *used, const char *text, int escape)
{
	size_t wanted = escape ? overlay_escape_path(text, buf + *used, size - *used)
			       : (size_t)snprintf(buf + *used, size - *used, "%s", text);

	if (*used + wanted >= size)
		return -1;
	*used += wanted;
	return 0;
}

static const char *check_layers(const struct overlay_layers *layers)
{
	if (layers->lower_count == 0 || !layers->lowerdirs)
		return "an overlay needs at least one lowerdir";
	if (layers->lower_count > OVERLAY_MAX_LOWERDIRS)
		return "overlay stacks at most 500 lowerdirs";
	for (size_t i = 0; i < layers->lower_count; i++)
		if (!layers->lowerdirs[i] || !*layers->lowerdirs[i])
			return "a lowerdir is empty";
	if (!layers->upperdir != !layers->workdir)
		return "upperdir and workdir go together: overlay prepares each copy-up in workdir, then renames it into upperdir";
	if (layers->upperdir && (!*layers->upperdir || !*layers->workdir))
		return "upperdir or workdir is empty";
	return NULL;
}

int overlay_options(const struct overlay_layers *layers, char *buf, size_t size, const char **why)
{
	size_t limit = size < MOUNT_DATA_MAX ? size : MOUNT_DATA_MAX;
	size_t used = 0;
	int failed = 0;

	*why = check_layers(layers);
	if (*why)
		return -1;
	failed |= append(buf, limit, &used, "lowerdir=", 0);
	for (size_t i = 0; i < layers->lower_count; i++) {
		failed |= i > 0 ? append(buf, limit, &used, ":", 0) : 0;
		failed |= append(buf, limit, &used, layers->lowerdirs[i], 1);
	}
	if (layers->upperdir) {
		failed |= append(buf, limit, &used, ",upperdir=", 0);
		failed |= append(buf, limit, &used, layers->upperdir, 1);
		failed |= append(buf, limit, &used, ",workdir=", 0);
		failed |= append(buf, limit, &used, layers->workdir, 1);
	}
	if (failed) {
		*why = limit == MOUNT_DATA_MAX ? "the options are longer than the page mount(2) passes: use shorter paths"
					       : "the options do not fit the buffer";
		return -1;
	}
	return 0;
}

int overlay_mount_with(const struct overlay_layers *layers, const char *target, unsigned long flags, const char *more)
{
	char options[MOUNT_DATA_MAX];
	const char *why;
	size_t used;

	if (overlay_options(layers, options, sizeof(options), &why) < 0) {
		log_error("overlay on %s: %s", target, why);
		return -1;
	}
	used = strlen(options);
	if (more && (append(options, sizeof(options), &used, ",", 0) | append(options, sizeof(options), &used, more, 0))) {
		log_error("overlay on %s: the options are longer than the page mount(2) passes", target);
		return -1;
	}
	/* In a user namespace (rootless) overlay may not set its
	 * trusted.overlay.* xattrs (an opaque directory: rm -rf /etc fails
	 * with EIO); userxattr (Linux 5.11) uses user.overlay.* instead. */
	if (in_user_namespace() && append(options, sizeof(options), &used, ",userxattr", 0)) {
		log_error("overlay on %s: the options are longer than the page mount(2) passes", target);
		return -1;
	}
	return k_mount("overlay", target, "overlay", flags, options);
}

int overlay_mount(const struct overlay_layers *layers, const char *target, unsigned long flags)
{
	return overlay_mount_with(layers, target, flags, NULL);
}
