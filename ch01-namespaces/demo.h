/* What the six namespace programs share: their arguments, and the shape of
 * the demo: start a child in the namespace, let the parent do its part,
 * show the namespaces side by side, run the command inside, exit with its
 * status. Each program fills in a struct namespace_demo. */
#ifndef MYDOCKER_DEMO_H
#define MYDOCKER_DEMO_H

#include <stdbool.h>
#include <sys/types.h>

/* A program's own flag: --name, or --name=VALUE when value is not NULL. */
struct demo_flag {
	const char *name;
	bool *seen;
	const char **value;   /* NULL: takes no value; else optional =VALUE */
	const char *help;
};

enum { DEMO_RUN = -1 };

/* Parses [--trace] [--help] [FLAGS] [--] [CMD ARG...] (flags end with
 * {NULL}). With no command: /bin/sh on a terminal, else usage. Returns
 * DEMO_RUN to go on, or the exit code to leave with (0 after --help, 2 on
 * a usage error, already reported). */
int demo_arguments(int argc, char **argv, const char *summary, const struct demo_flag *flags, char ***command);

struct namespace_demo {
	unsigned long flags;   /* the CLONE_NEW* the demo teaches */
	char **command;
	/* Each may be NULL. In the parent before the child goes on: */
	int (*before_release)(pid_t child, void *context);
	/* In the child, before its execve: */
	int (*inside)(void *context);
	/* In the parent once the child has exec'd its command: */
	int (*after_ready)(pid_t child, void *context);
	void *context;
};

/* Runs the demo; returns the exit code for main: the command's, or 125
 * when the runtime failed. */
int run_namespace_demo(const struct namespace_demo *demo);

#endif
