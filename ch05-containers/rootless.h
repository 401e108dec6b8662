/* mydocker for a user who is not root (issue 10): what changes when the
 * runtime has no privilege on the host, only in the user namespace it
 * makes. The ID maps are chapter 3's usermap.c, the state root chapter 4's
 * store.c; here: init's mounts of proc and sys while the host's are still
 * in view, and run's check that the machine delegates the limits' controllers.
 * user_namespaces(7), mount_namespaces(7), cgroups(7) "Cgroup delegation". */
#ifndef MYDOCKER_ROOTLESS_H
#define MYDOCKER_ROOTLESS_H

#include <stdbool.h>
#include <stddef.h>

#include "runtime.h"

/* True when this process is not root on the host. */
bool rootless(void);

/* init, before pivot_root: mounts a proc (and a read-only sysfs) on the new
 * root's /proc (/sys). In a user namespace the kernel lets a new proc be
 * mounted only where a proc is already fully visible in the mount
 * namespace: the host's, until the old root is dropped. */
int init_mount_proc_in_root(struct container *container);
int init_mount_sys_in_root(struct container *container);

/* init: the overlay (chapter 4's step); where the kernel refuses it in a
 * user namespace (before Linux 5.11), fuse-overlayfs when installed, else
 * one line naming the feature. MYDOCKER_OVERLAY=fuse-overlayfs picks it
 * always. */
int init_mount_overlay_or_fuse(struct container *container);

/* run's checks before anything is made: limits need the user's systemd,
 * delegated the controllers they use (it makes the container's scope);
 * else one clear line. 0, or -1 (reported). */
int rootless_check_run(struct container *container);

#endif
