/* The devices a container may open: null, zero, full, random, urandom,
 * tty, ptmx and its pseudo-terminals; every other device node, even one it
 * makes with mknod, cannot be read or written. On cgroup v1 (and hybrid)
 * the devices controller says so (devices.deny, devices.allow); on v2 a
 * BPF program of type BPF_PROG_TYPE_CGROUP_DEVICE attached to the
 * container's cgroup does (devicefilter.h; NOTES: Security).
 * cgroups(7), Documentation/admin-guide/cgroup-v1/devices.rst, bpf(2). */
#ifndef MYDOCKER_DEVICES_H
#define MYDOCKER_DEVICES_H

#include <stdbool.h>
#include <sys/types.h>

#include "runtime.h"

/* Parent steps. v1: mydocker-dev-ID in the devices hierarchy, "a" denied,
 * the list allowed; init joins it. v2: the list's BPF program attached to
 * the container's cgroup with limits, or else to mydocker-dev-ID in the
 * unified tree, which init joins. Skipped with --privileged, in a user
 * namespace, or where no cgroup hierarchy is mounted. */
int step_create_devices_cgroup(struct container *container);
/* Whether the container gets one (not --privileged, not rootless). */
bool devices_cgroup_wanted(struct container *container);
void undo_create_devices_cgroup(struct container *container);
int step_join_devices_cgroup(struct container *container);
/* Appends the devices cgroup's `tasks` file, relative to under, and a
 * newline to text, when the container has one (see cgroup_tasks_files).
 * 0 or -1. */
int devices_cgroup_tasks_file(struct container *container, const char *under, char *text, size_t size);

/* exec: pid joins the devices cgroup of the container with this ID, if it
 * has one (on v2, a container with limits has none: exec joins the
 * limits' cgroup, which holds the program). */
int devices_cgroup_join(const char *container_id, pid_t pid);
/* rm: kills what is left in it and removes it (cgroup_remove_directory);
 * 0 when it is not there. */
int devices_cgroup_remove(const char *container_id);

#endif
