/* Limits as people write them on a command line, checked before anything is
 * created: a bad limit must not leave half a cgroup behind. */
#include "cgroup.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "size.h"

int cgroup_parse_memory(const char *text, unsigned long long *bytes, const char **why)
{
	if (parse_size(text, bytes, why) < 0)
		return -1;
	/* Below a few pages not even the process's own page tables fit. */
	if (*bytes < 1024 * 1024) {
		*why = "a memory limit under 1m cannot hold a process";
		return -1;
	}
	return 0;
}

int cgroup_parse_cpu_percent(const char *text, unsigned *percent, const char **why)
{
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	long long value;

	if (parse_number(text, 1, 100LL * (cpus > 0 ? cpus : 1), &value, why) < 0) {
		*why = "a CPU share is a percentage of one CPU, from 1 to 100 times the CPU count";
		return -1;
	}
	*percent = (unsigned)value;
	return 0;
}

int cgroup_parse_cpu_shares(const char *text, unsigned long long *shares, const char **why)
{
	long long value;

	if (parse_number(text, 2, 262144, &value, why) < 0) {
		*why = "cpu shares go from 2 to 262144 (1024 is one CPU's default)";
		return -1;
	}
	*shares = (unsigned long long)value;
	return 0;
}

int cgroup_parse_pids(const char *text, long long *pids_max, const char **why)
{
	/* docker's spellings of no limit too: -1, and 0 since docker 20.10. */
	if (text && (strcmp(text, "max") == 0 || strcmp(text, "-1") == 0 || strcmp(text, "0") == 0)) {
		*pids_max = -1;
		return 0;
	}
	if (parse_number(text, 1, 4194304, pids_max, why) < 0) {
		*why = "a pids limit is a number of processes from 1 to 4194304, or max (also -1 or 0: no limit)";
		return -1;
	}
	return 0;
}

/* One CPU number; advances *p past it. */
static int parse_cpu(const char **p, long *cpu)
{
	char *end;

	if (!isdigit((unsigned char)**p))
		return -1;
	*cpu = strtol(*p, &end, 10);
	if (*cpu > 8191)
		return -1;
	*p = end;
	return 0;
}

int cgroup_parse_cpuset(const char *text, int cpu_count, const char **why)
{
	long first, last, previous = -1;
	int count = 0;
	const char *p = text;

	if (!text || !*text || strlen(text) >= sizeof(((struct cgroup_limits *)0)->cpuset)) {
		*why = "a CPU list is like 0-1,3 (and shorter than 64 characters)";
		return -1;
	}
	for (;;) {
		if (parse_cpu(&p, &first) < 0) {
			*why = "a CPU list is numbers and ranges separated by commas, like 0-1,3";
			return -1;
		}
		last = first;
		if (*p == '-') {
			p++;
			if (parse_cpu(&p, &last) < 0 || last < first) {
				*why = "a CPU range goes up, like 0-3";
				return -1;
			}
		}
		if (first <= previous) {
			*why = "CPUs in a list go up without repeating, like 0-1,3";
			return -1;
		}
		if (cpu_count > 0 && last >= cpu_count) {
			*why = "no such CPU on this machine (see nproc)";
			return -1;
		}
		count += (int)(last - first + 1);
		previous = last;
		if (*p == '\0')
			return count;
		if (*p++ != ',') {
			*why = "a CPU list is numbers and ranges separated by commas, like 0-1,3";
			return -1;
		}
	}
}

/* Maps 2..262144 onto 1..10000 linearly, 1024 -> 39; the formula of the
 * OCI runtimes (runc's ConvertCPUSharesToCgroupV2Value). */
unsigned long long cgroup_shares_to_weight(unsigned long long shares)
{
	if (shares == 0)
		return 0;
	if (shares < 2)
		shares = 2;
	if (shares > 262144)
		shares = 262144;
	return 1 + ((shares - 2) * 9999) / 262142;
}
