/* Shared between the cgroup library's files; not for programs. */
#ifndef MYDOCKER_CGROUP_INTERNAL_H
#define MYDOCKER_CGROUP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>

/* True when cgroup_set_root_for_testing points at a fake cgroupfs. */
bool cgroup_is_fake(void);
/* Where controller's hierarchy is mounted (v2: the unified root); -1 if none. */
int cgroup_mount_of(const char *controller, char *path, size_t size);

/* Writes text to a cgroup file, traced; on a fake cgroupfs appends it as a
 * line. 0 or -1. */
int cgroup_write(const char *path, const char *text);

#endif
