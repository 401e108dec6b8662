/* A running container frozen while commit packs it, as docker commit
 * pauses: no process of it can swap a directory for a symlink mid-walk.
 * The thaw is done by a guardian process that outlives a commit killed
 * halfway, so no container stays frozen. cgroup.h's freezer, proc(5)
 * /proc/PID/ns/pid, flock(2). */
#include "freeze.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "file.h"
#include "log.h"
#include "process.h"
#include "trace.h"

enum { GATHER_PASSES = 100 };

/* v2: the group init is in, when it is the container's own (its name is
 * the record's; never ours: commit would freeze itself). */
static bool own_v2_group(const struct record *record, char *group, size_t size)
{
	char ours[PATH_MAX];
	const char *last;

	if (cgroup_mode() != CGROUP_MODE_V2 || !record->cgroup[0] ||
	    cgroup_freezer_home(record->init.pid, group, size) < 0 || cgroup_freezer_home(getpid(), ours, sizeof(ours)) < 0)
		return false;
	last = strrchr(group, '/');
	return strcmp(group, ours) != 0 && last && strstr(last + 1, record->cgroup) == last + 1;
}

/* Which group freezes, and how it is undone. v2 freezes the container's
 * own group (exec joins it too); v1 has no freezer group for a container,
 * and v2 none when it was made without one: a group is made for the
 * freeze, the container moved in, and back to home after. */
static int plan(const struct record *record, struct frozen_container *frozen)
{
	char name[64];

	frozen->home[0] = '\0';
	if (own_v2_group(record, frozen->group, sizeof(frozen->group)))
		return 0;
	snprintf(name, sizeof(name), "mydocker-commit-%s", record->id);
	if (cgroup_freezer_path(name, frozen->group, sizeof(frozen->group)) < 0)
		return -1;
	if (cgroup_freezer_home(record->init.pid, frozen->home, sizeof(frozen->home)) < 0) {
		log_error("cannot tell which cgroup PID %d is in (/proc/%d/cgroup)", (int)record->init.pid,
			  (int)record->init.pid);
		return -1;
	}
	return 0;
}

/* Idempotent: what is not there is not undone. */
static int undo(const struct frozen_container *frozen)
{
	if (frozen->home[0])
		return cgroup_freezer_release(frozen->group, frozen->home);
	return path_exists(frozen->group) ? cgroup_freeze(frozen->group, false) : 0;
}

/* The guardian waits for the end of our pipe: a byte or EOF, as a commit
 * that ends, fails or is killed (SIGKILL too) closes it all the same. It
 * is in a session of its own, so the Ctrl-C that stops the commit does not
 * stop it, and it shares our lock of the container until it has undone. */
static int start_guardian(struct frozen_container *frozen)
{
	int ends[2];
	char byte;

	if (pipe2(ends, O_CLOEXEC) < 0) {
		log_errno("pipe");
		return -1;
	}
	fflush(NULL);
	frozen->guardian = fork();
	if (frozen->guardian == 0) {
		close(ends[1]);
		setsid();
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
		signal(SIGHUP, SIG_IGN);
		trace_set_side("thaw");
		while (read(ends[0], &byte, 1) < 0 && errno == EINTR)
			;
		_exit(undo(frozen) < 0 ? 1 : 0);
	}
	close(ends[0]);
	if (frozen->guardian < 0) {
		log_errno("fork");
		close(ends[1]);
		return -1;
	}
	frozen->done = ends[1];
	return 0;
}

/* Is pid in the PID namespace namespace_info describes? */
static bool in_namespace(const char *pid, const struct stat *namespace_info)
{
	char path[300];
	struct stat info;

	snprintf(path, sizeof(path), "/proc/%s/ns/pid", pid);
	return stat(path, &info) == 0 && info.st_ino == namespace_info->st_ino && info.st_dev == namespace_info->st_dev;
}

/* One pass over /proc: every process of the container's PID namespace
 * (exec's included) not yet in the group is moved in. Returns how many
 * were moved, or -1. */
static int gather_pass(const struct frozen_container *frozen, const struct stat *namespace_info)
{
	DIR *proc = opendir("/proc");
	struct dirent *entry;
	int moved = 0;

	if (!proc) {
		log_errno("opendir /proc");
		return -1;
	}
	while ((entry = readdir(proc)) && moved >= 0) {
		char home[PATH_MAX];

		if (strspn(entry->d_name, "0123456789") != strlen(entry->d_name) || !in_namespace(entry->d_name, namespace_info))
			continue;
		if (cgroup_freezer_home((pid_t)atoi(entry->d_name), home, sizeof(home)) < 0 ||
		    strcmp(home, frozen->group) == 0)
			continue; /* gone meanwhile, or in already */
		k_expect_failure(); /* it may have exited since */
		if (cgroup_freezer_add(frozen->group, (pid_t)atoi(entry->d_name)) < 0 && errno != ESRCH)
			moved = -1;
		else
			moved++;
	}
	closedir(proc);
	return moved;
}

/* Until a pass moves none: a process forked meanwhile by one outside was
 * born outside; one forked by a member is born in the group. */
static int gather(const struct frozen_container *frozen, pid_t init)
{
	char path[64];
	struct stat namespace_info;

	snprintf(path, sizeof(path), "/proc/%d/ns/pid", (int)init);
	if (stat(path, &namespace_info) < 0) {
		log_errno("stat %s", path);
		return -1;
	}
	for (int pass = 0; pass < GATHER_PASSES; pass++) {
		int moved = gather_pass(frozen, &namespace_info);

		if (moved <= 0)
			return moved;
	}
	log_error("the container's processes kept forking outside %s: not frozen", frozen->group);
	return -1;
}

int container_freeze(const struct record *record, struct frozen_container *frozen)
{
	frozen->guardian = -1;
	frozen->done = -1;
	if (plan(record, frozen) < 0 || start_guardian(frozen) < 0)
		return -1;
	trace_note("freeze the container while it is packed (%s): no process of it can swap a directory for a "
		   "symlink mid-walk; a guardian process (PID %d) thaws it when commit ends, however it ends",
		   frozen->group, (int)frozen->guardian);
	/* Under the container's lock: a group of that name is one a commit
	 * killed with its guardian left; clear it first. */
	if (undo(frozen) < 0 || (frozen->home[0] && cgroup_freezer_make(frozen->group) < 0) ||
	    gather(frozen, record->init.pid) < 0 || cgroup_freeze(frozen->group, true) < 0)
		return -1;
	return 0;
}

int container_thaw(struct frozen_container *frozen)
{
	if (frozen->guardian < 0)
		return 0;
	close(frozen->done);
	frozen->done = -1;
	if (wait_for_exit(frozen->guardian) != 0) {
		log_error("the container could not be thawed: see above; %s", frozen->group);
		frozen->guardian = -1;
		return -1;
	}
	frozen->guardian = -1;
	return 0;
}
