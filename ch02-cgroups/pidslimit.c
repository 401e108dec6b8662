/* A fork bomb held by a pids limit: inside a group whose pids.max is 20,
 * fork(2) fails with EAGAIN once 20 processes (tasks) are in it, however
 * many the bomb tries; the host's own process table is never at risk.
 * cgroups(7) "pids controller", fork(2). */
#include <errno.h>
#include <getopt.h>
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

static void usage(FILE *to)
{
	fprintf(to, "usage: pidslimit [--pids N] [--duration SECONDS] [--trace]\n"
		    "Starts a fork bomb in new namespaces, in a new cgroup whose pids.max is 20: its forks\n"
		    "fail with EAGAIN at the limit. Prints the group's process count once a second, kills\n"
		    "everything and removes the group after --duration seconds (5). Needs root; no\n"
		    "terminal needed (with no arguments it runs the demo). Example: sudo ./ch02/pidslimit --pids 50\n");
}

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

static int parse_options(int argc, char *argv[], struct limit_demo *demo)
{
	static const struct option options[] = {
		{ "pids", required_argument, NULL, 'p' },  { "duration", required_argument, NULL, 'd' },
		{ "trace", no_argument, NULL, 't' },       { "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *why;
	int option;

	while ((option = getopt_long(argc, argv, "p:d:th", options, NULL)) != -1) {
		if (option == 'p' && (cgroup_parse_pids(optarg, &demo->limits.pids_max, &why) < 0 ||
				      demo->limits.pids_max < 0 || demo->limits.pids_max > 4096)) {
			log_error("--pids %s: %s", optarg, "the demo takes 1 to 4096 processes");
			return -1;
		} else if (option == 'd' && limit_demo_parse_duration(optarg, &demo->duration) < 0) {
			return -1;
		} else if (option == 't') {
			trace_enable(true);
		} else if (option == 'h') {
			usage(stdout);
			exit(0);
		} else if (option == '?') {
			usage(stderr);
			exit(2);
		}
	}
	if (optind < argc) {
		usage(stderr);
		exit(2);
	}
	return 0;
}

int main(int argc, char *argv[])
{
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

	log_set_program(argv[0]);
	trace_init("parent");
	if (parse_options(argc, argv, &demo) < 0)
		return 2;
	pidslimit.pids_max = demo.limits.pids_max;
	say("a fork bomb, in a cgroup whose pids.max is %lld, for %u s", pidslimit.pids_max, demo.duration);
	return limit_demo_run(&demo);
}
