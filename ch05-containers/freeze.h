/* A running container frozen for as long as commit packs it (docker commit
 * pauses the container by default): the freezer of cgroup.h, undone by a
 * guardian process even when the commit is killed. */
#ifndef MYDOCKER_FREEZE_H
#define MYDOCKER_FREEZE_H

#include <limits.h>
#include <sys/types.h>

#include "record.h"

struct frozen_container {
	char group[PATH_MAX]; /* the directory frozen */
	char home[PATH_MAX];  /* where its members go back; "" when it is the container's own group */
	pid_t guardian;       /* thaws, once done is closed */
	int done;             /* our end of the guardian's pipe */
};

/* Freezes every process of the running container (its PID namespace) and
 * waits until the kernel says they have stopped. Call container_thaw
 * afterwards whatever this returned: it undoes what was done. 0 or -1. */
int container_freeze(const struct record *record, struct frozen_container *frozen);
/* Thaws (through the guardian): moves the processes back, removes the
 * group made for the freeze. 0 or -1 (reported). */
int container_thaw(struct frozen_container *frozen);

#endif
