/* Who makes a container's cgroup: mydocker itself in the cgroup filesystem
 * (chapter 2's library, "cgroupfs"), or, on a machine whose PID 1 is
 * systemd, systemd: a transient scope per container, asked for over D-Bus,
 * as runc's and podman's systemd drivers do. On such a machine the cgroup
 * tree's root is systemd's: it rewrites the root's cgroup.subtree_control
 * at every `systemctl daemon-reload`, and a --cpuset made there vanishes.
 * systemd.scope(5), systemd.resource-control(5), org.freedesktop.systemd1(5). */
#ifndef MYDOCKER_SYSTEMD_H
#define MYDOCKER_SYSTEMD_H

#include <stdbool.h>

#include "runtime.h"

enum cgroup_manager_kind { CGROUP_MANAGER_CGROUPFS, CGROUP_MANAGER_SYSTEMD };

/* A container's choice, made once by cgroup_manager_choose. */
struct cgroup_manager {
	const char *asked;          /* --cgroup-manager, NULL: detect */
	enum cgroup_manager_kind kind;
	bool user;                  /* the user's systemd, over the user bus (rootless) */
	bool scope_started;         /* a scope is there to stop */
};

/* run --cgroup-manager cgroupfs|systemd. */
int set_cgroup_manager(struct container *container, const char *value);

/* True when systemd is PID 1 here (/run/systemd/system exists, sd_booted(3)). */
bool systemd_running(void);

/* Decides, before anything is made, who makes the cgroup: as asked, else
 * systemd where it runs on cgroup v2, else cgroupfs; a user who is not
 * root gets the user's systemd (rootless_check_run checked it delegates).
 * One line when systemd is asked for and cannot be. 0 or -1. */
int cgroup_manager_choose(struct container *container);

/* The user's systemd (user@UID.service) is delegated every controller the
 * limits need. 0, or -1 with one line naming what is missing: no user
 * manager, or the controllers, and the file to check. */
int systemd_user_delegates(const struct cgroup_limits *limits);

/* Steps of run's table. On cgroup v2 with cgroupfs the cgroup is made
 * before init is cloned, which starts in it (CLONE_INTO_CGROUP); else
 * after: v1 (init moves itself in) or a systemd scope (whose PIDs must
 * name a process that exists: init's). One undo for both: it undoes
 * whichever made the group, and nothing a second time. */
int step_create_cgroup_before_init(struct container *container);
int step_create_cgroup_for_init(struct container *container);
void undo_create_container_cgroup(struct container *container);

/* rm: stops the scope of cgroup `name` (mydocker-NAME.scope) if systemd
 * still has one (a crashed monitor's); quiet when it has not. */
void systemd_scope_remove(const char *name);

/* exec, for a user who is not root: moves pid into the scope of cgroup
 * `name` through the user's systemd (AttachProcessesToUnit). The user
 * owns the scope's cgroup.procs, but a process of a login session lives
 * in root's session-N.scope, and a move needs write access to the common
 * ancestor's cgroup.procs (root's user-UID.slice): EACCES. The manager
 * may move it. 0 or -1 (reported). */
int systemd_scope_attach(const char *name, pid_t pid);

#endif
