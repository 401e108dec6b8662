/* A fork bomb held by a pids limit: inside a group whose pids.max is 20,
 * fork(2) fails with EAGAIN once 20 processes (tasks) are in it, however
 * many the bomb tries; the host's own process table is never at risk.
 * cgroups(7) "pids controller", fork(2). */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgroup.h"
#include "limitdemo.h"
#include "log.h"
#include "trace.h"

struct pidslimit {
	long long pids_max;
	unsigned long long most_seen;
};

static const char usage[] =
	"usage: pidslimit [--pids N] [--duration SECONDS] [--trace]\n"
	"Starts a fork bomb in new namespaces, in a new cgroup whose pids.max is 20: its forks\n"
	"fail with EAGAIN at the limit. Prints the group's process count once a second, kills\n"
	"everything and removes the group after --duration seconds (5). Needs root; no\n"
	"terminal needed (with no arguments it runs the demo). Example: sudo ./ch02/pidslimit --pids 50\n";

/* The bomb, as the group's first process: fork, and on refusal try again,
 * as a real bomb does. It stops making processes at the limit plus a margin
 * even if no limit held, so that a broken setup can never take the host
 * down; refusals it counts on. */
static int fork_bomb(void *argument)
{
	struct pidslimit *pidslimit = argument;
	long long made = 0, refused = 0, safety_stop = pidslimit->pids_max + 100;

	while (made < safety_stop) {
		pid_t pid = fork();

		if (pid == 0) {
			pause(); /* each one holds its slot until the end */
			_exit(0);
		}
		if (pid > 0) {
			made++;
			continue;
		}
		if (refused++ == 0)
			limit_demo_print("inside: fork number %lld failed: %s (%s); the bomb holds %lld processes and "
					 "itself, and keeps trying",
					 made + 1, strerror(errno), strerrorname_np(errno) ? strerrorname_np(errno) : "?",
					 made);
		sched_yield();
	}
	limit_demo_print("inside: %lld processes made: no limit held them", made);
	for (;;)
		pause();
}

static void report(struct limit_demo *demo, const struct cgroup_stats *stats, double seconds, bool last)
{
	struct pidslimit *pidslimit = demo->state;

	if (stats->pids_current > pidslimit->most_seen)
		pidslimit->most_seen = stats->pids_current;
	if (last) {
		limit_demo_print("result: the group reached %llu processes of a limit of %lld; the kernel refused %llu "
				 "fork(s)",
				 pidslimit->most_seen, pidslimit->pids_max, stats->pids_refused);
		return;
	}
	limit_demo_print("%4.0f s  processes in the group %llu   limit %lld   forks refused %llu", seconds,
			 stats->pids_current, pidslimit->pids_max, stats->pids_refused);
}

static int parse_pids(struct limit_demo *demo, const char *value)
{
	const char *why;

	if (cgroup_parse_pids(value, &demo->limits.pids_max, &why) == 0 && demo->limits.pids_max > 0 &&
	    demo->limits.pids_max <= 4096)
		return 0;
	log_error("--pids %s: the demo takes 1 to 4096 processes", value);
	return -1;
}

int main(int argc, char *argv[])
{
	static const struct limit_demo_flag flags[] = { { "pids", parse_pids }, { NULL, NULL } };
	struct pidslimit pidslimit = { 0 };
	struct limit_demo demo = {
		.name = "pidslimit",
		.limits = { .pids_max = 20 },
		.duration = 5,
		.report = report,
		.state = &pidslimit,
		.child_main = fork_bomb,
		.child_argument = &pidslimit,
	};
	int parsed = limit_demo_start(&demo, argc, argv, flags, usage);
	if (parsed != 0)
		return parsed > 0 ? 0 : 2;
	pidslimit.pids_max = demo.limits.pids_max;
	say("a fork bomb, in a cgroup whose pids.max is %lld, for %u s", pidslimit.pids_max, demo.duration);
	return limit_demo_run(&demo);
}
