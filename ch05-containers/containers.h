/* Chapter 5's container: chapter 4's on an image, plus a record on disk, a
 * log, an environment, detaching, and an optional init that reaps. The
 * subcommands share this. */
#ifndef MYDOCKER_CONTAINERS_H
#define MYDOCKER_CONTAINERS_H

#include <stdbool.h>

#include "imagerun.h"
#include "record.h"
#include "runtime.h"

/* The state of `mydocker`, from the global options. */
struct mydocker {
	const char *root_option;   /* --root */
	char root[PATH_MAX];
};

/* container->chapter points here; image is chapter 4's part. */
struct managed_container {
	struct image_container image;
	struct record record;
	bool detached;             /* -d */
	bool remove_on_exit;       /* --rm */
	bool reaper;               /* --init */
	const char *env[RECORD_MAX_ENV];
	int env_count;
	int log_fd;
};

/* -d, -e, --rm, --init. */
extern const struct run_option container_run_options[];

/* One subcommand: argv starts with its name. Returns the exit code. */
int command_run(struct mydocker *mydocker, int argc, char **argv);
int command_ps(struct mydocker *mydocker, int argc, char **argv);
int command_logs(struct mydocker *mydocker, int argc, char **argv);
int command_exec(struct mydocker *mydocker, int argc, char **argv);
int command_stop(struct mydocker *mydocker, int argc, char **argv);
int command_rm(struct mydocker *mydocker, int argc, char **argv);
int command_commit(struct mydocker *mydocker, int argc, char **argv);
int command_images(struct mydocker *mydocker, int argc, char **argv);
/* The container's side: argv is "mydocker init [--trace]". */
int command_init(int argc, char **argv);

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
