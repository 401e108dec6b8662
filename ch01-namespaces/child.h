/* A child process in new namespaces, made with clone(2), that waits for its
 * parent before it goes on: the parent may have work to do first (write the
 * child's uid_map, put it in a cgroup), and may want to look at the child
 * once it is set up. clone(2), pipe(2). */
#ifndef MYDOCKER_CHILD_H
#define MYDOCKER_CHILD_H

#include <stdbool.h>
#include <sys/types.h>

struct child {
	unsigned long flags;        /* CLONE_NEW* (SIGCHLD is added) */
	/* Runs in the child, after the parent released it: its setup steps,
	 * then (normally) an execve. Its return value is the child's exit code. */
	int (*main)(void *context);
	void *context;

	pid_t pid;                  /* set by child_start */
	int go_fd;                  /* parent's end of "go on" */
	int ready_fd;               /* parent's end of "ready": EOF at execve or exit */
	int child_go_fd;            /* the child's ends, closed in the parent */
	int child_ready_fd;
	bool in_cgroup;             /* set by child_start_in_cgroup: it began there */
};

/* Starts the child (it then waits). Returns its PID on the host, or -1
 * (reported; nothing left behind). */
pid_t child_start(struct child *child);

/* The same, the child starting in the cgroup v2 directory open as
 * cgroup_fd (clone3(2)'s CLONE_INTO_CGROUP, Linux 5.7): no process moves,
 * so no cgroup.procs write waits for an RCU grace period. Where the kernel
 * has no clone3 or no CLONE_INTO_CGROUP (ENOSYS, E2BIG, EINVAL), a plain
 * clone, with child->in_cgroup 0: the caller moves the child itself. */
pid_t child_start_in_cgroup(struct child *child, int cgroup_fd);

/* Lets the child go on. Returns 0 or -1. */
int child_release(struct child *child);

/* Waits until the child has run its setup steps: its end of the ready pipe
 * closes at execve (O_CLOEXEC) or exit. Returns 0, or -1. */
int child_wait_ready(struct child *child);

/* Kills (if asked) and reaps the child, closes the pipes; returns the
 * shell-style exit code. */
int child_finish(struct child *child, int kill_signal);

#endif
