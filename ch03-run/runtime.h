/* The runtime as two tables of named steps (DESIGN.md): the parent's, run
 * by the program the user started, each with its undo; and init's, run in
 * the container by the same program re-executed as `init` (/proc/self/exe),
 * before it execve()s the user's command, which so becomes PID 1.
 * A chapter's program is, above all, its two tables; later chapters build
 * theirs from these steps and their own. */
#ifndef MYDOCKER_RUNTIME_H
#define MYDOCKER_RUNTIME_H

#include <sched.h>
#include <signal.h>
#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"
#include "child.h"
#include "message.h"
#include "terminal.h"

struct container;

/* A later chapter's own stdin, stdout and stderr for the container
 * (chapter 5: pipes it relays, never the caller's terminal). Without them
 * the container shares the caller's, as the book's does. */
struct stdio_hooks {
	/* In the child, first, before it becomes init. 0 or -1 (reported). */
	int (*in_child)(struct container *container);
	/* In the parent, while runtime_wait passes signals on: relays until
	 * init has ended (not with -t: the terminal's relay does). */
	void (*relay)(struct container *container);
};

struct container {
	/* What the user asked for (the parent's side). */
	char **command;
	bool interactive;          /* -i: stdin stays connected */
	bool tty;                  /* -t: a pseudo-terminal of its own */
	bool user_namespace;       /* --userns, or started by a user not root */
	bool no_private;           /* seed 002's pitfall, for the demo only */
	bool protect_binary;       /* init runs from a file nobody can write
				    * (selfexec.h, CVE-2019-5736; chapter 5) */
	unsigned long clone_flags;
	struct cgroup_limits limits;
	bool has_limits;
	char name[96];             /* names the cgroup */

	/* What init is told, over the pipe; on init's side, what it was told. */
	struct message config;
	/* A second message, when the parent lets init run the command (see
	 * step_send_config_early): what only then exists (chapter 5: the
	 * cgroups init moves itself into). */
	struct message go;

	/* What the parent made. */
	struct cgroup *cgroup;
	struct child child;
	bool started;              /* every parent step ran */
	int config_fd;             /* the parent's end of the config pipe */
	int ready_fd;              /* the parent's end of the ready pipe */
	struct terminal terminal;  /* -t */
	int steps_done;
	sigset_t signals_before;   /* the mask runtime_start found */

	const struct stdio_hooks *stdio;  /* NULL: the caller's stdio */
	void *chapter;             /* later chapters' own state */
};

struct parent_step {
	const char *name;
	int (*run)(struct container *container);
	void (*undo)(struct container *container);  /* NULL: nothing to undo */
};

struct init_step {
	const char *name;
	int (*run)(struct container *container);
};

/* The namespaces of chapter 3's container, as the book makes them. */
#define RUN_NAMESPACES (CLONE_NEWUTS | CLONE_NEWPID | CLONE_NEWNS | CLONE_NEWIPC | CLONE_NEWNET)

/* Parent: fills in the container for command: chapter 3's namespaces, a
 * user namespace when not root, the cgroup's name (mydocker-NAME, or
 * mydocker-run-PID), and every argument in init's configuration. 0 or -1. */
int runtime_describe(struct container *container, char **command, const char *name);
/* Parent: one container start to end: the steps, the wait, the undo; frees
 * the configuration. Returns the exit code (125 when a step failed). */
int runtime_run(const struct parent_step *steps, struct container *container);

/* A later chapter's table: base with the steps of extra (both ending with
 * {NULL}) inserted after the step named after. NULL (reported) when there
 * is no such step. free() it. */
struct parent_step *parent_steps_insert(const struct parent_step *base, const char *after,
					const struct parent_step *extra);

/* Parent: runs steps (a table ending with {NULL}) in order; on a failure,
 * undoes those done, in reverse, and returns -1. */
int runtime_start(const struct parent_step *steps, struct container *container);
/* Parent: waits for the container's init, passing on SIGINT, SIGTERM,
 * SIGHUP, SIGQUIT, SIGUSR1 and SIGUSR2; returns its shell-style exit code. */
int runtime_wait(struct container *container);
/* The signals runtime_wait passes on: SIGINT, SIGTERM, SIGHUP, SIGQUIT,
 * SIGUSR1, SIGUSR2. */
void runtime_forwarded_signals(sigset_t *set);
/* Parent: undoes every step done, in reverse. */
void runtime_cleanup(const struct parent_step *steps, struct container *container);

/* init: reads the configuration from fd 3, runs steps, execs the command
 * with the configuration's "env" values as its environment (when there are
 * any; else init's own).
 * Returns only on failure, with the exit code (125, 126 or 127). */
int runtime_init(const struct init_step *steps, struct container *container);
/* True when this process was started as init (argv: PROGRAM init
 * [--trace]); turns tracing on as the parent asked. */
bool runtime_is_init(int argc, char **argv);

/* Steps of the parent's table. */
int step_create_cgroup(struct container *container);
void undo_create_cgroup(struct container *container);
int step_open_terminal(struct container *container);
void undo_open_terminal(struct container *container);
int step_start_init(struct container *container);
/* The same, init starting in container->cgroup if it exists already, on
 * cgroup v2 (clone3's CLONE_INTO_CGROUP: no process moves); chapter 5's.
 * Chapter 3 moves init in with a write to cgroup.procs, as the book does. */
int step_start_init_in_cgroup(struct container *container);
void undo_start_init(struct container *container);
int step_map_user(struct container *container);
int step_join_cgroup(struct container *container);
int step_release_init(struct container *container);
/* Sends init its configuration and closes the pipe: init sets the
 * container up and runs the command (chapters 3 and 4). */
int step_send_config(struct container *container);
/* Sends it and keeps the pipe open: init sets the container up while the
 * parent goes on (chapter 5: the cgroup's join and the record are slow),
 * and waits, in init_wait_to_run_command, for ... */
int step_send_config_early(struct container *container);
/* ... a second message, container->go, sent here: init may run the
 * command now. */
int step_let_init_run_command(struct container *container);
/* Waits until init has exec'd the command (its end of the ready pipe
 * closes), or has failed before (a byte on it). */
int step_wait_for_command(struct container *container);

/* Steps of init's table. */
int init_make_mounts_private(struct container *container);
int init_mount_proc(struct container *container);
/* Waits for step_let_init_run_command's message, into container->go; -1
 * on EOF (the parent gave up, or died). */
int init_wait_to_run_command(struct container *container);

#endif
