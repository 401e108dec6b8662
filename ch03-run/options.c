/* run's options as tables; see options.h. */
#include "options.h"

#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"
#include "trace.h"

static int set_interactive(struct container *container, const char *value)
{
	(void)value;
	container->interactive = true;
	return 0;
}

static int set_tty(struct container *container, const char *value)
{
	(void)value;
	if (!isatty(STDIN_FILENO)) {
		log_error("-t: the input device is not a terminal (leave out -t when piping)");
		return -1;
	}
	container->tty = true;
	return 0;
}

/* Each limit's text is parsed by chapter 2's parser; the error names the
 * option and the reason. */
static int limit_error(const char *option, const char *value, const char *why)
{
	log_error("--%s %s: %s", option, value, why);
	return -1;
}

static int set_memory(struct container *container, const char *value)
{
	const char *why;

	if (cgroup_parse_memory(value, &container->limits.memory_bytes, &why) < 0)
		return limit_error("memory", value, why);
	container->has_limits = true;
	return 0;
}

static int set_cpu_shares(struct container *container, const char *value)
{
	const char *why;

	if (cgroup_parse_cpu_shares(value, &container->limits.cpu_shares, &why) < 0)
		return limit_error("cpu-shares", value, why);
	container->has_limits = true;
	return 0;
}

static int set_cpu_quota(struct container *container, const char *value)
{
	const char *why;

	if (cgroup_parse_cpu_percent(value, &container->limits.cpu_quota_percent, &why) < 0)
		return limit_error("cpu-quota", value, why);
	container->has_limits = true;
	return 0;
}

static int set_cpuset(struct container *container, const char *value)
{
	const char *why;
	long cpus = sysconf(_SC_NPROCESSORS_CONF);

	if (cgroup_parse_cpuset(value, cpus > 0 ? (int)cpus : 0, &why) < 0)
		return limit_error("cpuset", value, why);
	if (strlen(value) >= sizeof(container->limits.cpuset))
		return limit_error("cpuset", value, "too long");
	strcpy(container->limits.cpuset, value);
	container->has_limits = true;
	return 0;
}

static int set_pids_limit(struct container *container, const char *value)
{
	const char *why;

	if (cgroup_parse_pids(value, &container->limits.pids_max, &why) < 0)
		return limit_error("pids-limit", value, why);
	container->has_limits = true;
	return 0;
}

static int set_user_namespace(struct container *container, const char *value)
{
	(void)value;
	container->user_namespace = true;
	return 0;
}

static int set_trace(struct container *container, const char *value)
{
	(void)container;
	(void)value;
	trace_enable(true);
	return 0;
}

const struct run_option run_options[] = {
	{ "interactive", 'i', NULL, set_interactive, "keep stdin connected (without it, stdin is /dev/null)" },
	{ "tty", 't', NULL, set_tty, "the container uses this terminal (-it: both)" },
	{ "memory", 'm', "SIZE", set_memory, "memory limit: 100m, 1g, 512k, a number of bytes, or max" },
	{ "cpu-shares", 0, "N", set_cpu_shares, "relative CPU weight, 2..262144 (cpu.shares; cpu.weight on v2)" },
	{ "cpu-quota", 0, "PERCENT", set_cpu_quota, "CPU time as a share of one CPU: 20 = 20%, 150 = 1.5 CPUs" },
	{ "cpuset", 0, "LIST", set_cpuset, "the CPUs it may run on: 0, 0-1, 0,2" },
	{ "pids-limit", 0, "N", set_pids_limit, "at most N processes (max, -1 or 0: no limit)" },
	{ "userns", 0, NULL, set_user_namespace, "a user namespace mapping you to root inside (automatic when not root)" },
	{ "trace", 0, NULL, set_trace, "narrate every kernel call (or MYDOCKER_TRACE=1)" },
	{ NULL, 0, NULL, NULL, NULL },
};

enum { MAX_OPTIONS = 64, HELP_VALUE = 1000 };

/* getopt_long's arrays, built from the tables: val is the option's index
 * into `found`, offset by 256 so it never looks like a short option. */
static int build_getopt(const struct run_option *const tables[], struct option *longs, char *shorts,
			const struct run_option **found)
{
	int count = 0;
	size_t short_length = 1;

	shorts[0] = '+'; /* stop at the first non-option: the command */
	for (int t = 0; tables[t]; t++) {
		for (const struct run_option *option = tables[t]; option->name; option++) {
			if (count >= MAX_OPTIONS - 2)
				return -1;
			found[count] = option;
			longs[count] = (struct option){ option->name, option->value_name ? required_argument : no_argument,
							NULL, 256 + count };
			if (option->short_name) {
				shorts[short_length++] = option->short_name;
				if (option->value_name)
					shorts[short_length++] = ':';
			}
			count++;
		}
	}
	longs[count++] = (struct option){ "help", no_argument, NULL, HELP_VALUE };
	longs[count] = (struct option){ NULL, 0, NULL, 0 };
	shorts[short_length] = '\0';
	return 0;
}

static const struct run_option *by_short_name(const struct run_option *const tables[], int short_name)
{
	for (int t = 0; tables[t]; t++)
		for (const struct run_option *option = tables[t]; option->name; option++)
			if (option->short_name == short_name)
				return option;
	return NULL;
}

int parse_run_options(int argc, char **argv, const struct run_option *const tables[], struct container *container)
{
	struct option longs[MAX_OPTIONS];
	const struct run_option *found[MAX_OPTIONS];
	char shorts[2 * MAX_OPTIONS + 2];
	int value;

	if (build_getopt(tables, longs, shorts, found) < 0)
		return OPTIONS_BAD;
	opterr = 0;
	/* 0, not 1: GNU getopt then forgets the last parse too (its position
	 * inside a "-it" cluster of another argv; found by fuzz_run_options). */
	optind = 0;
	while ((value = getopt_long(argc, argv, shorts, longs, NULL)) != -1) {
		const struct run_option *option = NULL;

		if (value == HELP_VALUE)
			return OPTIONS_HELP;
		if (value >= 256 && value < 256 + MAX_OPTIONS)
			option = found[value - 256];
		else if (value != '?' && value != ':')
			option = by_short_name(tables, value);
		if (!option) {
			if (optopt >= 256 && optopt < 256 + MAX_OPTIONS)
				log_error("--%s needs a value", found[optopt - 256]->name);
			else if (optopt > 0 && optopt < 256 && by_short_name(tables, optopt))
				log_error("-%c needs a value", optopt);
			else
				log_error("unknown option %s", argv[optind - 1]);
			return OPTIONS_BAD;
		}
		if (option->apply(container, optarg) < 0)
			return OPTIONS_BAD;
	}
	return optind;
}

void print_run_options(FILE *out, const struct run_option *const tables[])
{
	for (int t = 0; tables[t]; t++) {
		for (const struct run_option *option = tables[t]; option->name; option++) {
			char left[48];

			snprintf(left, sizeof(left), "%s%c%s--%s%s%s", option->short_name ? "-" : "",
				 option->short_name ? option->short_name : ' ', option->short_name ? ", " : " ", option->name,
				 option->value_name ? " " : "", option->value_name ? option->value_name : "");
			fprintf(out, "  %-26s %s\n", option->short_name ? left : left + 2, option->help);
		}
	}
}
