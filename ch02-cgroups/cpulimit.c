/* A CPU quota: one busy worker (stress-ng --cpu 1) may run 20 ms of every
 * 100 ms period, 20% of one CPU. Unlike memory, CPU time can be withheld:
 * the scheduler throttles the group until the next period, nothing is
 * killed. The group's own counter measures it. cgroups(7), sched(7). */
#include <stdio.h>
#include <stdlib.h>

#include "cgroup.h"
#include "limitdemo.h"
#include "log.h"
#include "trace.h"

struct cpulimit {
	char timeout[32];
	char *argv[8];
	unsigned long long last_usage_usec;
	double last_seconds;
};

static const char usage[] =
	"usage: cpulimit [--cpu PERCENT] [--duration SECONDS] [--trace]\n"
	"Runs `stress-ng --cpu 1` (one busy worker) in new namespaces, in a new cgroup held\n"
	"to 20% of one CPU (cpu.max, or cpu.cfs_quota_us on v1), and prints the CPU use the\n"
	"group's own counter measures, once a second, for --duration seconds (5). Needs\n"
	"root; no terminal needed (with no arguments it runs the demo).\n"
	"Example: sudo ./ch02/cpulimit --cpu 50\n";

static void report(struct limit_demo *demo, const struct cgroup_stats *stats, double seconds, bool last)
{
	struct cpulimit *cpulimit = demo->state;
	double used = (double)(stats->cpu_usage_usec - cpulimit->last_usage_usec) / 1e6;
	double wall = seconds - cpulimit->last_seconds;

	if (last) {
		limit_demo_print("result: the group used %.2f s of CPU in %.2f s: %.0f%% of one CPU, limit %u%%",
				 (double)stats->cpu_usage_usec / 1e6, seconds,
				 seconds > 0 ? 100.0 * (double)stats->cpu_usage_usec / 1e6 / seconds : 0.0,
				 demo->limits.cpu_quota_percent);
		return;
	}
	limit_demo_print("%4.0f s  CPU use over the last second %5.1f%%   limit %u%%", seconds,
			 wall > 0 ? 100.0 * used / wall : 0.0, demo->limits.cpu_quota_percent);
	cpulimit->last_usage_usec = stats->cpu_usage_usec;
	cpulimit->last_seconds = seconds;
}

static int parse_cpu(struct limit_demo *demo, const char *value)
{
	const char *why;

	if (cgroup_parse_cpu_percent(value, &demo->limits.cpu_quota_percent, &why) == 0)
		return 0;
	log_error("--cpu %s: %s", value, why);
	return -1;
}

int main(int argc, char *argv[])
{
	static const struct limit_demo_flag flags[] = { { "cpu", parse_cpu }, { NULL, NULL } };
	struct cpulimit cpulimit = { .argv = { "stress-ng", "--cpu", "1", "--timeout", cpulimit.timeout, NULL } };
	struct limit_demo demo = {
		.name = "cpulimit",
		.limits = { .cpu_quota_percent = 20 },
		.duration = 5,
		.report = report,
		.state = &cpulimit,
		.child_main = limit_demo_exec,
		.child_argument = cpulimit.argv,
	};
	int parsed = limit_demo_start(&demo, argc, argv, flags, usage);
	if (parsed != 0)
		return parsed > 0 ? 0 : 2;
	limit_demo_timeout(&demo, cpulimit.timeout, sizeof(cpulimit.timeout));
	say("stress-ng --cpu 1 (one busy worker), in a cgroup held to %u%% of one CPU, for %u s",
	    demo.limits.cpu_quota_percent, demo.duration);
	return limit_demo_run(&demo);
}
