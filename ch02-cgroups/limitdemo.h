/* The shape the three chapter 2 demos share: make a limited cgroup, start a
 * child in new namespaces inside it, show the group's counters once a second
 * for a class, and clean up on every way out (normal end, error, Ctrl-C,
 * SIGTERM): after any run the cgroup is gone. sigtimedwait(2), cgroups(7). */
#ifndef MYDOCKER_LIMITDEMO_H
#define MYDOCKER_LIMITDEMO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "cgroup.h"

struct limit_demo {
	const char *name;              /* "memlimit": the cgroup is mydocker-NAME-PID */
	struct cgroup_limits limits;
	int (*child_main)(void *);     /* runs inside, in the group */
	void *child_argument;
	unsigned duration;             /* seconds before the demo stops the child */
	/* Once a second, and once at the end (last = true). */
	void (*report)(struct limit_demo *demo, const struct cgroup_stats *stats, double seconds, bool last);
	void *state;                   /* the program's own */

	struct cgroup *group;          /* while running */
	pid_t pid;
	double elapsed;                /* seconds the child ran */
};

/* Runs the demo; returns main's exit code: 0, 125 when the runtime failed,
 * 128+N when signal N stopped it (after cleaning up). */
int limit_demo_run(struct limit_demo *demo);

/* Runs argv (found through PATH) inside: a child_main for commands. */
int limit_demo_exec(void *argv);

/* A program's own flag, --NAME VALUE: parse returns 0, or -1 having said
 * what is wrong with the value. */
struct limit_demo_flag {
	const char *name;
	int (*parse)(struct limit_demo *demo, const char *value);
};

/* A demo program's start: names it for messages, reads MYDOCKER_TRACE, and
 * reads the program's flags (a table ending with {NULL}) and the common
 * --duration SECONDS (1..3600), --trace and --help. Returns 0 to run, 1 when
 * --help printed usage (exit 0), -1 on a bad flag or value, said on stderr
 * (with usage for an unknown flag; exit 2). Nothing is created. */
int limit_demo_start(struct limit_demo *demo, int argc, char *argv[], const struct limit_demo_flag flags[],
			     const char *usage);

/* The demo's own output on stdout, one line, flushed. */
void limit_demo_print(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* "--timeout" text for stress-ng: the duration and a margin, so that it
 * ends by itself even if this program was SIGKILLed. Returns text. */
char *limit_demo_timeout(const struct limit_demo *demo, char *text, size_t size);

/* "123.4 MiB", for a class. */
void limit_demo_format_bytes(unsigned long long bytes, char *text, size_t size);

#endif
