/* Control groups: put processes in a group and limit what the group may use
 * (memory, CPU time, CPUs, process count), on cgroup v2 and on v1 beside it.
 * cgroups(7), Documentation/admin-guide/cgroup-v2.rst, cgroup-v1/. */
#ifndef MYDOCKER_CGROUP_H
#define MYDOCKER_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* How the machine mounts cgroups, detected once from /proc/self/mountinfo.
 *   V2      one unified tree at /sys/fs/cgroup (cgroup2): today's distros
 *   V1      one tree per controller (/sys/fs/cgroup/memory, ...): the book's
 *   HYBRID  v1 controllers plus a cgroup2 tree holding no controllers
 *           (/sys/fs/cgroup/unified): limits go through v1, as on V1 */
enum cgroup_mode { CGROUP_MODE_NONE, CGROUP_MODE_V1, CGROUP_MODE_HYBRID, CGROUP_MODE_V2 };

/* Pure: the mode a mountinfo text describes. */
enum cgroup_mode cgroup_mode_from_mountinfo(const char *mountinfo_text);
/* This machine's mode, read once and cached. */
enum cgroup_mode cgroup_mode(void);
/* "none", "v1", "hybrid", "v2". */
const char *cgroup_mode_name(enum cgroup_mode mode);

/* Where controller's files live in a mountinfo text: the v1 mount carrying it
 * ("memory" -> "/sys/fs/cgroup/memory"), or on v2 the cgroup2 mount. Pure;
 * -1 when no mount has it. */
int cgroup_mount_from_mountinfo(const char *mountinfo_text, enum cgroup_mode mode, const char *controller, char *path,
				size_t size);

/* Unit tests: run the library against a fake cgroupfs under dir (v2: dir is
 * the unified root; v1/hybrid: dir/memory, dir/cpu, dir/cpuacct, dir/cpuset,
 * dir/pids, made by the test). Each write is appended to its file as a line,
 * so a test sees exactly which file got which values; a group's directory is
 * removed with its contents. dir NULL returns to the real machine. */
void cgroup_set_root_for_testing(const char *dir, enum cgroup_mode mode);

/* What a group may use. Zero-initialised = nothing asked. */
struct cgroup_limits {
	unsigned long long memory_bytes; /* 0 = unset, SIZE_UNLIMITED = max; swap is held to 0 beside it */
	unsigned long long cpu_shares;   /* v1 shares (2..262144); converted to cpu.weight on v2 */
	unsigned cpu_quota_percent;      /* 20 = 20% of one CPU; 150 = 1.5 CPUs; 0 = unset */
	char cpuset[64];                 /* "0-1,3"; "" = unset; validated */
	long long pids_max;              /* 0 = unset, -1 = max */
};

/* The flags' parsers, shared by every program that takes limits; each
 * returns 0, or -1 with *why set, and creates nothing. */
int cgroup_parse_memory(const char *text, unsigned long long *bytes, const char **why); /* 100m, 1g, max */
int cgroup_parse_cpu_percent(const char *text, unsigned *percent, const char **why);    /* 1..(100 x CPUs) */
int cgroup_parse_cpu_shares(const char *text, unsigned long long *shares, const char **why); /* 2..262144 */
int cgroup_parse_pids(const char *text, long long *pids_max, const char **why);          /* 1.., max (-1, 0) */
/* Validates a CPU list ("0-1,3"): ascending ranges of CPUs below cpu_count
 * (cpu_count 0: any). Returns how many CPUs it names, or -1 and *why. */
int cgroup_parse_cpuset(const char *text, int cpu_count, const char **why);
/* cpu.shares (v1) to cpu.weight (v2), as runc and crun convert it. */
unsigned long long cgroup_shares_to_weight(unsigned long long shares);

/* The controllers the limits need ("memory", "cpu", "cpuacct" with cpu,
 * "cpuset", "pids"), at most max of them; returns how many. */
int cgroup_controllers_needed(const struct cgroup_limits *limits, const char *names[], int max);

struct cgroup; /* opaque: the group's directories, one per hierarchy */

/* Creates group `name` (one path component, e.g. "mydocker-1234") in every
 * hierarchy the limits need (v1: one directory per controller, cpuset
 * seeded with the parent's cpus and mems; v2: one directory, controllers
 * enabled in the parent's cgroup.subtree_control), and writes the limits.
 * Reports one clear error naming what is missing (root or delegation, a
 * controller); nothing is left behind on failure. NULL on failure. */
struct cgroup *cgroup_create(const char *name, const struct cgroup_limits *limits);

/* Moves process pid (all its threads) into the group, in every hierarchy. */
int cgroup_add_process(struct cgroup *group, pid_t pid);

/* v1 only: appends to text the group's `tasks` files, relative to the
 * directory under (e.g. /sys/fs/cgroup), one per line. A thread that
 * writes "0" there moves itself alone, and the kernel then skips the lock
 * that freezes every process's fork and exit, whose RCU grace period makes
 * a cgroup.procs write take milliseconds (7-17 ms measured here, against
 * 0.1). 0, or -1 for a v2 group (no such file) or a hierarchy mounted
 * elsewhere. */
int cgroup_tasks_files(const struct cgroup *group, const char *under, char *text, size_t size);
/* Appends path, relative to under, and a newline to text. 0 or -1. */
int cgroup_append_relative(const char *path, const char *under, char *text, size_t size);
/* Moves the calling thread into the group of each `tasks` file listed in
 * files (as above), relative to the directory open as fd directory; for a
 * single-threaded process, the process. 0 or -1 (reported). */
int cgroup_join_self(int directory, const char *files);

/* Read from the group's own counters; what a hierarchy the group is not in
 * cannot count is 0. */
struct cgroup_stats {
	unsigned long long memory_current; /* bytes in use now */
	unsigned long long memory_peak;    /* the most ever used */
	unsigned long long oom_kills;      /* processes the OOM killer killed in the group */
	unsigned long long cpu_usage_usec; /* CPU time used, all CPUs */
	unsigned long long pids_current;   /* processes (tasks) in the group */
	unsigned long long pids_refused;   /* forks refused by pids.max */
};
int cgroup_read_stats(struct cgroup *group, struct cgroup_stats *stats);

/* The directory to show a class, e.g. /sys/fs/cgroup/memory/mydocker-1234
 * (the first hierarchy's on v1). */
const char *cgroup_display_path(const struct cgroup *group);
/* The directory holding controller's files for this group ("memory",
 * "pids"...), or NULL when the group is not in that hierarchy. */
const char *cgroup_controller_path(const struct cgroup *group, const char *controller);
/* Every directory of the group, space separated, for a class to `ls`. */
void cgroup_describe(const struct cgroup *group, char *text, size_t size);

/* Kills what is left (SIGKILL), waits until the group is empty, retries
 * rmdir on EBUSY with a bound, removes every directory, frees the group.
 * Missing directories are not an error. NULL is a no-op. */
int cgroup_destroy(struct cgroup *group);

/* One cgroup directory, whatever made it (a v1 devices group, a v2 group):
 * kills what is in it, waits until it is empty and removes it, retrying
 * rmdir on EBUSY with a bound (a killed process leaves cgroup.procs a
 * moment before it leaves the group). 0 when it is gone or was not there. */
int cgroup_remove_directory(const char *directory);

/* The group `name` as it exists now, in every hierarchy that has a
 * directory of that name (to add a process to, read, or destroy); NULL when
 * none has (quietly). */
struct cgroup *cgroup_open(const char *name);
/* v2: the group at directory, which exists already (made by someone else:
 * a systemd scope, the cgroup a process is in); NULL when it is not a
 * cgroup v2 directory (quietly). */
struct cgroup *cgroup_open_path(const char *directory);
/* v2: the cgroup directory process pid is in (/sys/fs/cgroup + the "0::"
 * line of /proc/PID/cgroup). 0, or -1 on v1 and hybrid (quietly). */
int cgroup_of_process(pid_t pid, char *path, size_t size);
/* v2: a descriptor of the group's directory (O_CLOEXEC), for clone3's
 * CLONE_INTO_CGROUP: a child started with it begins in the group, with no
 * write to cgroup.procs. -1 for a v1 group (quietly) or on failure
 * (reported). */
int cgroup_directory_fd(const struct cgroup *group);
/* Frees what cgroup_open returned, leaving the group as it is. */
void cgroup_close(struct cgroup *group);
/* Destroys the group `name` if it exists: cgroup_open, then cgroup_destroy. */
int cgroup_remove_by_name(const char *name);

/* ---- freezing (freezer.c): docker pause, and commit while it packs ----
 * A frozen group's processes stop where they stand, all at once, and
 * cannot fork out of it, until thawed. v2 freezes any group of the one tree
 * (cgroup.freeze); v1 only groups of the freezer hierarchy (freezer.state),
 * which a container is not otherwise in: a group is made there for the
 * freeze, its processes moved in and, after the thaw, back. Paths are
 * directories of that tree. */

/* The directory group `name` (one component) has in that tree. 0 or -1. */
int cgroup_freezer_path(const char *name, char *path, size_t size);
/* The directory pid is in, in that tree (/proc/PID/cgroup). 0 or -1, quietly. */
int cgroup_freezer_home(pid_t pid, char *path, size_t size);
/* mkdir path (reported on failure, EEXIST included). */
int cgroup_freezer_make(const char *path);
/* Moves pid, all its threads, into the group at path (cgroup.procs). */
int cgroup_freezer_add(const char *path, pid_t pid);
/* Freezes (or thaws) the group at path, and waits, bounded (5 s), until
 * the kernel says every member has stopped (or runs again). 0 or -1. */
int cgroup_freeze(const char *path, bool frozen);
/* The undo of a freeze group: thaws it, moves every member to home,
 * removes it. A missing group is not an error: safe to run again. */
int cgroup_freezer_release(const char *path, const char *home);

#endif
