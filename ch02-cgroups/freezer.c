/* Freezing a group: every process in it stops where it stands, at once,
 * until thawed (docker pause; docker commit while it packs). v2: cgroup.freeze
 * and the "frozen" line of cgroup.events; v1: the freezer hierarchy's
 * freezer.state. cgroup-v2.rst "Core Interface Files", cgroup-v1/freezer-subsystem.rst. */
#include "cgroup.h"
#include "cgroup_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "file.h"
#include "log.h"
#include "trace.h"

enum { FREEZE_POLLS = 500, POLL_MS = 10 };

static bool freezes_by_v2(void)
{
	return cgroup_mode() == CGROUP_MODE_V2;
}

/* v2 freezes in the one tree (freezing is core, no controller needed);
 * v1 only in the hierarchy that carries the freezer controller. */
static int freezer_mount(char *mount, size_t size)
{
	if (cgroup_mount_of(freezes_by_v2() ? "" : "freezer", mount, size) == 0)
		return 0;
	log_error("no %s is mounted: a container cannot be frozen here",
		  freezes_by_v2() ? "cgroup2 filesystem" : "cgroup v1 hierarchy with the freezer controller");
	return -1;
}

int cgroup_freezer_path(const char *name, char *path, size_t size)
{
	char mount[512];

	if (!name || !*name || strchr(name, '/') || strcmp(name, "..") == 0 || strcmp(name, ".") == 0) {
		log_error("freezer group name \"%s\": one path component", name ? name : "");
		return -1;
	}
	if (freezer_mount(mount, sizeof(mount)) < 0)
		return -1;
	return path_join(path, size, "%s/%s", mount, name);
}

/* /proc/PID/cgroup has one line per hierarchy, "ID:CONTROLLERS:PATH";
 * v2's is "0::PATH", v1's freezer line names freezer among its controllers. */
static const char *freezer_line_path(char *line)
{
	char *first = strchr(line, ':');
	char *second = first ? strchr(first + 1, ':') : NULL;

	if (!second)
		return NULL;
	*second = '\0';
	if (freezes_by_v2() ? strcmp(line, "0:") == 0 : strstr(first + 1, "freezer") != NULL)
		return second + 1;
	return NULL;
}

int cgroup_freezer_home(pid_t pid, char *path, size_t size)
{
	char file[64], text[4096], mount[512];
	const char *found = NULL;

	snprintf(file, sizeof(file), "/proc/%d/cgroup", (int)pid);
	if (freezer_mount(mount, sizeof(mount)) < 0 || read_file(file, text, sizeof(text), true) < 0)
		return -1;
	for (char *line = strtok(text, "\n"); line && !found; line = strtok(NULL, "\n"))
		found = freezer_line_path(line);
	if (!found)
		return -1;
	return path_join(path, size, "%s%s", mount, strcmp(found, "/") == 0 ? "" : found);
}

int cgroup_freezer_make(const char *path)
{
	return k_mkdir(path, 0755); /* reported there on failure */
}

int cgroup_freezer_add(const char *path, pid_t pid)
{
	char procs[800], text[32];

	snprintf(text, sizeof(text), "%d", (int)pid);
	if (path_join(procs, sizeof(procs), "%s/cgroup.procs", path) < 0)
		return -1;
	return cgroup_write(procs, text);
}

static void pause_poll(void)
{
	struct timespec pause = { 0, POLL_MS * 1000 * 1000 };

	nanosleep(&pause, NULL);
}

/* Has the kernel finished? v2: cgroup.events says "frozen 1" (or 0);
 * v1: freezer.state reads FROZEN (FREEZING while a task has not stopped
 * yet) or THAWED. */
static bool reached(const char *path, bool frozen)
{
	char file[800], text[512];

	if (path_join(file, sizeof(file), "%s/%s", path, freezes_by_v2() ? "cgroup.events" : "freezer.state") < 0 ||
	    read_file(file, text, sizeof(text), true) < 0)
		return false;
	if (freezes_by_v2())
		return strstr(text, frozen ? "frozen 1" : "frozen 0") != NULL;
	return strncmp(text, frozen ? "FROZEN" : "THAWED", 6) == 0;
}

int cgroup_freeze(const char *path, bool frozen)
{
	char file[800];
	const char *text = freezes_by_v2() ? (frozen ? "1" : "0") : (frozen ? "FROZEN" : "THAWED");

	if (path_join(file, sizeof(file), "%s/%s", path, freezes_by_v2() ? "cgroup.freeze" : "freezer.state") < 0)
		return -1;
	for (int poll = 0; poll < FREEZE_POLLS; poll++) {
		/* v1: writing FROZEN again retries the tasks not stopped yet. */
		if ((poll == 0 || !freezes_by_v2()) && cgroup_write(file, text) < 0)
			return -1;
		if (cgroup_is_fake() || reached(path, frozen))
			return 0;
		pause_poll();
	}
	log_error("cgroup %s: not %s after %d s (a process in uninterruptible sleep, on a hung disk?)", path,
		  frozen ? "frozen" : "thawed", FREEZE_POLLS * POLL_MS / 1000);
	return -1;
}

/* Moves every member of path to home; returns how many were listed. */
static int move_members(const char *path, const char *home)
{
	char procs[800], text[16384];
	int listed = 0;

	if (path_join(procs, sizeof(procs), "%s/cgroup.procs", path) < 0 || read_file(procs, text, sizeof(text), true) < 0)
		return 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		pid_t pid = (pid_t)strtol(line, NULL, 10);

		/* A member that has just exited is gone from the list anyway. */
		if (pid > 0 && cgroup_freezer_add(home, pid) < 0 && errno != ESRCH)
			return -1;
		listed++;
	}
	return listed;
}

/* rmdir once empty: a process moved out leaves the list a moment later. */
static int remove_group(const char *path)
{
	if (cgroup_is_fake())
		return remove_tree(path);
	for (int poll = 0; poll < FREEZE_POLLS; poll++) {
		if (poll < FREEZE_POLLS - 1)
			k_expect_failure();
		if (k_rmdir(path) == 0 || errno == ENOENT)
			return 0;
		if (errno != EBUSY)
			break;
		pause_poll();
	}
	log_errno("rmdir %s", path);
	return -1;
}

int cgroup_freezer_release(const char *path, const char *home)
{
	int moved;

	if (!path_exists(path))
		return 0;
	if (cgroup_freeze(path, false) < 0)
		return -1;
	/* A fake cgroupfs keeps what was written: one pass moves them all. */
	for (int pass = 0; pass < FREEZE_POLLS; pass++) {
		if ((moved = move_members(path, home)) < 0)
			return -1;
		if (moved == 0 || cgroup_is_fake())
			break;
	}
	return remove_group(path);
}
