/* The kinds of namespace, as a table: name in /proc/PID/ns/, clone flag and
 * what each isolates. namespaces(7), clone(2). */
#ifndef MYDOCKER_NAMESPACES_H
#define MYDOCKER_NAMESPACES_H

#include <stddef.h>
#include <sys/types.h>

struct namespace_kind {
	const char *name;      /* as in /proc/PID/ns/NAME */
	unsigned long flag;    /* CLONE_NEW... */
	const char *isolates;  /* for the narration */
};

/* User first: joining (setns) must enter the user namespace before the
 * others, since it grants the rights to join them. Ends with {NULL}. */
extern const struct namespace_kind namespace_kinds[];

/* The namespace's identity, "uts:[4026531838]", from /proc/PID/ns/NAME
 * (pid 0: this process). Returns 0 or -1 (reported). */
int namespace_identity(pid_t pid, const char *name, char *buf, size_t size);

/* For every namespace in flags, prints the host's and the child's identity
 * side by side, and whether they differ. */
void show_namespaces(pid_t child, unsigned long flags);

/* Moves this process into a throwaway mount namespace whose root is shared,
 * standing in for a systemd host, to show propagation pitfalls safely: its
 * mounts are first made private, cutting every tie to the real host's peer
 * groups, then shared again among themselves. It dies with the process. */
int enter_throwaway_shared_root(void);

#endif
