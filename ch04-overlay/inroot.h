/* Paths into a container resolved inside its root, as if the root were "/":
 * ".." stops at the root, a symbolic link (absolute or relative) resolves
 * inside it, a magic link (/proc/PID/fd/N...) is refused. A volume's target
 * that is a link to /etc in the image so reaches the image's /etc, never
 * the host's. openat2(2) RESOLVE_IN_ROOT, mkdirat(2). */
#ifndef MYDOCKER_INROOT_H
#define MYDOCKER_INROOT_H

#include <stdbool.h>

/* An O_PATH descriptor of directory path (absolute, inside root), made
 * (0755), with every missing directory on the way, when create is set.
 * -1 (reported) on failure. */
int open_directory_in_root(const char *root, const char *path, bool create);

/* Whether path (inside root) is a symbolic link: an image whose /proc or
 * /sys is one would have the runtime mount somewhere else. */
bool is_link_in_root(const char *root, const char *path);

#endif
