/* Chapter 5's container: chapter 4's on an image, plus a record on disk, a
 * log, an environment, detaching, and an optional init that reaps. The
 * subcommands share this. */
#ifndef MYDOCKER_CONTAINERS_H
#define MYDOCKER_CONTAINERS_H

#include <stdbool.h>

#include "imagerun.h"
#include "record.h"
#include "relay.h"
#include "runtime.h"
#include "systemd.h"

struct mydocker;
struct managed_container;

/* One subcommand: argv starts with its name. Returns the exit code. */
struct subcommand {
	const char *name;
	int (*run)(struct mydocker *mydocker, int argc, char **argv);
	const char *summary;
};

/* What a chapter's mydocker is made of: chapter 5's, or chapter 6's with
 * networks (and more steps) on top. The subcommands are the same code. */
struct mydocker_flavor {
	const char *example;                          /* for --help */
	const struct parent_step *run_steps;
	const struct init_step *init_steps;
	const struct run_option *const *run_options;  /* NULL-terminated */
	const struct subcommand *extra_commands;      /* {NULL}-terminated, or NULL */
	size_t container_size;                        /* >= sizeof(struct managed_container) */
	/* Releases what a container held beyond its layer, when its monitor
	 * could not (rm after a crash): called by rm. May be NULL. */
	void (*release)(struct mydocker *mydocker, const struct record *record);
	/* Checks the options of run before anything is made (chapter 6: the
	 * network exists, -p only with --net). May be NULL. */
	int (*check)(struct container *container);
	/* Prepares a process about to exec into a container (after setns). */
	int (*exec_prepare)(struct mydocker *mydocker, const struct record *record);
};

/* The state of `mydocker`, from the global options. */
struct mydocker {
	const char *root_option;   /* --root */
	char root[PATH_MAX];
	const struct mydocker_flavor *flavor;
};

/* Chapter 5's tables, for chapter 6 to build on. */
extern const struct parent_step chapter5_run_steps[];
extern const struct init_step chapter5_init_steps[];
extern const struct mydocker_flavor chapter5_flavor;

/* The whole program: global options, then the subcommand. */
int mydocker_main(int argc, char **argv, const struct mydocker_flavor *flavor);

/* container->chapter points here; image is chapter 4's part, first, so
 * chapter 4's steps read it as theirs (and chapter 6's struct starts with
 * this one). */
struct managed_container {
	struct image_container image;
	struct record record;
	bool detached;             /* -d */
	bool remove_on_exit;       /* --rm */
	bool reaper;               /* --init */
	bool disk_layer;           /* --disk-layer: --rm's layer on disk */
	int start_lock;            /* the container's directory, locked while it starts */
	bool init_joins_cgroups;   /* v1: init moves itself in (init_join_cgroups) */
	struct cgroup_manager cgroup_manager; /* cgroupfs or systemd (systemd.h) */
	const char *env[RECORD_MAX_ENV];
	int env_count;
	struct rotating_log log;   /* -d: the monitor writes the container's output here */
	struct stdio_pipes stdio;  /* without -t: the container's stdin, stdout, stderr */
	struct mydocker *mydocker;
};

/* -d, -e, --rm, --init, --log-max-size, --log-max-files. */
extern const struct run_option container_run_options[];

int command_run(struct mydocker *mydocker, int argc, char **argv);
/* The name of chapter 5's step after which init is in its cgroup and
 * before the command runs: where chapter 6 connects the network. */
#define STEP_JOIN_CGROUP "put init in the cgroup, before the command runs (v2; on v1 init moves itself)"

/* Waits until NAME's start is over (its directory's lock, held while it
 * starts): exec and commit must not enter a root not yet pivoted into,
 * rm must not remove what a start is still making. 0 (also when the
 * directory is gone: a failed start undid it), or -1 (reported). */
int wait_until_started(const char *root, const char *name);
/* The same lock, taken (flock(2) LOCK_SH or LOCK_EX) and kept: returns the
 * descriptor holding it, or -1: reported, except when the container's
 * directory is gone (errno ENOENT; the caller says what that means).
 * commit holds it exclusively. */
int container_lock(const char *root, const char *name, int operation);
int command_ps(struct mydocker *mydocker, int argc, char **argv);
int command_logs(struct mydocker *mydocker, int argc, char **argv);
int command_exec(struct mydocker *mydocker, int argc, char **argv);
int command_stop(struct mydocker *mydocker, int argc, char **argv);
int command_rm(struct mydocker *mydocker, int argc, char **argv);
int command_commit(struct mydocker *mydocker, int argc, char **argv);
int command_images(struct mydocker *mydocker, int argc, char **argv);
/* The container's side: argv is "mydocker init [--trace]". */
int command_init(const struct mydocker_flavor *flavor, int argc, char **argv);

/* Stops a container: SIGTERM, then SIGKILL after timeout seconds; waits
 * until it and its runtime are gone. 0 or -1. */
int stop_container(const char *root, const struct record *record, int timeout_seconds);

/* Waits up to milliseconds for a process (by identity) to end; true if it
 * did (or was not there). */
bool wait_for_process_end(const struct process_identity *identity, int milliseconds);

/* Parses a subcommand's flags: each of flags (a string of letters, like
 * "af") may appear as -X; "-t N" style flags with values are listed in
 * valued. Fills seen[] (indexed like flags) and values[]. Returns the index
 * of the first operand, or -1 (reported: usage). */
int parse_flags(int argc, char **argv, const char *flags, const char *valued, bool *seen, const char **values);

#endif
