/* Seed 001's cgroup experiment: stress-ng asks for 200 MB inside a group
 * limited to 100 MB. The kernel cannot slow memory down the way it slows a
 * CPU: past the limit it reclaims, then OOM-kills inside the group. The
 * group's counters show the limit hold. cgroups(7), stress-ng(1). */
#include <stdio.h>
#include <stdlib.h>

#include "cgroup.h"
#include "limitdemo.h"
#include "log.h"
#include "size.h"
#include "trace.h"

struct memlimit {
	char vm_bytes[32];
	char timeout[32];
	char *argv[10];
};

static const char usage[] =
	"usage: memlimit [--memory SIZE] [--vm-bytes SIZE] [--duration SECONDS] [--trace]\n"
	"Runs `stress-ng --vm 1 --vm-bytes 200m --vm-keep` in new namespaces, in a new cgroup\n"
	"limited to 100m, prints the group's memory use, peak and OOM kills once a second,\n"
	"and removes the group after --duration seconds (5). Needs root; no terminal needed\n"
	"(with no arguments it runs the demo). Example: sudo ./ch02/memlimit --memory 50m\n";

static void report(struct limit_demo *demo, const struct cgroup_stats *stats, double seconds, bool last)
{
	char used[32], peak[32], limit[32];

	limit_demo_format_bytes(stats->memory_current, used, sizeof(used));
	limit_demo_format_bytes(stats->memory_peak, peak, sizeof(peak));
	limit_demo_format_bytes(demo->limits.memory_bytes, limit, sizeof(limit));
	if (!last) {
		limit_demo_print("%4.0f s  memory in use %10s   peak %10s   limit %s   OOM kills %llu", seconds, used, peak,
		    limit, stats->oom_kills);
		return;
	}
	limit_demo_print("result: stress-ng asked for %s; the group's peak was %s of a %s limit; the OOM killer "
	    "killed %llu process(es) in the group",
	    ((struct memlimit *)demo->state)->vm_bytes, peak, limit, stats->oom_kills);
}

/* --memory and --vm-bytes are checked before anything is made. */
static int parse_memory(struct limit_demo *demo, const char *value)
{
	const char *why;

	if (cgroup_parse_memory(value, &demo->limits.memory_bytes, &why) == 0)
		return 0;
	log_error("--memory %s: %s", value, why);
	return -1;
}

static int parse_vm_bytes(struct limit_demo *demo, const char *value)
{
	struct memlimit *memlimit = demo->state;
	unsigned long long bytes = 0;
	const char *why;

	if (parse_size(value, &bytes, &why) < 0 || bytes == SIZE_UNLIMITED) {
		log_error("--vm-bytes %s: %s", value, bytes == SIZE_UNLIMITED ? "stress-ng needs a size" : why);
		return -1;
	}
	snprintf(memlimit->vm_bytes, sizeof(memlimit->vm_bytes), "%s", value);
	return 0;
}

int main(int argc, char *argv[])
{
	static const struct limit_demo_flag flags[] = {
		{ "memory", parse_memory }, { "vm-bytes", parse_vm_bytes }, { NULL, NULL } };
	struct memlimit memlimit = { .vm_bytes = "200m" };
	struct limit_demo demo = {
		.name = "memlimit",
		.limits = { .memory_bytes = 100ULL << 20 },
		.duration = 5,
		.report = report,
		.state = &memlimit,
		.child_main = limit_demo_exec,
		.child_argument = memlimit.argv,
	};
	int parsed = limit_demo_start(&demo, argc, argv, flags, usage);
	if (parsed != 0)
		return parsed > 0 ? 0 : 2;
	/* The seed's `stress --vm-bytes 200m --vm-keep -m 1`, with stress-ng. */
	memlimit.argv[0] = "stress-ng";
	memlimit.argv[1] = "--vm";
	memlimit.argv[2] = "1";
	memlimit.argv[3] = "--vm-bytes";
	memlimit.argv[4] = memlimit.vm_bytes;
	memlimit.argv[5] = "--vm-keep";
	/* stress-ng ends by itself even if we were SIGKILLed. */
	memlimit.argv[6] = "--timeout";
	memlimit.argv[7] = limit_demo_timeout(&demo, memlimit.timeout, sizeof(memlimit.timeout));
	memlimit.argv[8] = NULL;
	say("stress-ng --vm 1 --vm-bytes %s --vm-keep, in a cgroup limited to %lluM, for %u s",
	    memlimit.vm_bytes, demo.limits.memory_bytes >> 20, demo.duration);
	return limit_demo_run(&demo);
}
