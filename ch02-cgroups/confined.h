/* A child in new namespaces that waits, before it runs anything, until its
 * parent has put it in a cgroup: a limit set after the program started would
 * let its first allocations through. clone(2), pipe(2), namespaces(7). */
#ifndef MYDOCKER_CONFINED_H
#define MYDOCKER_CONFINED_H

#include <sched.h>
#include <sys/types.h>

struct confined {
	pid_t pid;  /* on the host; -1 = none */
	int go_fd;  /* the parent's end of the "go" pipe; -1 = none */
};

/* The namespaces the seed's demo uses (less the user namespace: root runs
 * these demos, and cgroup files belong to root): UTS, IPC, PID, mount. */
#define CONFINED_NAMESPACES (CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWPID | CLONE_NEWNS)

/* Clones a child in the namespaces of flags; it blocks until
 * confined_release, then runs function(argument) with the signal mask and
 * handlers reset, and exits with its return value. Returns the host PID or
 * -1 (reported). */
pid_t confined_start(struct confined *child, unsigned long flags, int (*function)(void *), void *argument);

/* Lets the child run. */
int confined_release(struct confined *child);

/* SIGKILLs the child if it still runs (kill_it) and reaps it; returns its
 * shell-style exit code (137 = killed). Closes what is left open. */
int confined_finish(struct confined *child, int kill_it);

#endif
