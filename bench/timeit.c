/* make bench's stopwatch: runs commands in turn (A B C A B C ...), each
 * timed from fork(2) to wait4(2) on CLOCK_MONOTONIC, with the peak RSS that
 * wait4 reports (ru_maxrss: the largest of the process and the children it
 * waited for). Prints the median, min and max of each, and the ratios taken
 * pair by pair within one round, so a noisy neighbour slows both sides of a
 * pair alike. --summary appends the figures for scripts, '|'-separated:
 * time|NAME|MEDIAN_US|MIN_US|MAX_US|RSS_KIB|FAILURES and ratio|A|B|VALUE. clock_gettime(2), wait4(2), getrusage(2). */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "log.h"
#include "process.h"
#include "size.h"
#include "trace.h"

enum { MAX_COMMANDS = 8, MAX_ARGS = 64, MAX_RUNS = 1000 };

struct timed_command {
	const char *name;
	char *argv[MAX_ARGS + 1];
	double milliseconds[MAX_RUNS];
	long rss_kib[MAX_RUNS];
	int failures;
};

struct bench {
	int runs;
	int warmup;
	bool header;
	const char *summary_path;
	const char *empty_file;    /* bound over target in a private mount namespace */
	const char *target;
	struct timed_command commands[MAX_COMMANDS];
	int count;
};

static void usage(FILE *out)
{
	fprintf(out, "usage: timeit [--runs N] [--warmup N] [--no-header] [--summary FILE]\n"
		     "              [--bind-empty EMPTY_FILE TARGET] NAME COMMAND... [--- NAME COMMAND...]...\n"
		     "Runs the commands in turn, N times each after the warm-up, and prints the median,\n"
		     "min and max time, the peak RSS, and each pair's median ratio. {} in an argument\n"
		     "is replaced by the run's number (warm-up runs: w0, w1...). --bind-empty runs\n"
		     "everything in a private mount namespace with EMPTY_FILE bound over TARGET.\n"
		     "Example:\n  bench/timeit --runs 30 true /bin/true --- sleep /bin/sleep 0.001\n");
}

/* "bench-{}" with run 7 gives "bench-7". */
static void substitute(const char *pattern, const char *number, char *out, size_t size)
{
	const char *mark = strstr(pattern, "{}");

	if (!mark)
		snprintf(out, size, "%s", pattern);
	else
		snprintf(out, size, "%.*s%s%s", (int)(mark - pattern), pattern, number, mark + 2);
}

/* One run: stdout to /dev/null (ps's table, run -d's ID), stderr kept. */
static int time_once(struct timed_command *command, const char *number, double *milliseconds, long *rss_kib)
{
	char words[MAX_ARGS][512];
	char *argv[MAX_ARGS + 1] = { NULL };
	struct timespec start, end;
	struct rusage usage;
	int status;
	pid_t pid;

	for (int i = 0; command->argv[i]; i++) {
		substitute(command->argv[i], number, words[i], sizeof(words[i]));
		argv[i] = words[i];
	}
	clock_gettime(CLOCK_MONOTONIC, &start);
	pid = fork();
	if (pid < 0) {
		log_errno("fork");
		return -1;
	}
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY | O_CLOEXEC);

		if (null >= 0)
			dup2(null, STDOUT_FILENO);
		execvp(argv[0], argv);
		_exit(EXIT_NOT_FOUND);
	}
	while (wait4(pid, &status, 0, &usage) < 0)
		if (errno != EINTR)
			return -1;
	clock_gettime(CLOCK_MONOTONIC, &end);
	*milliseconds = (double)(end.tv_sec - start.tv_sec) * 1e3 + (double)(end.tv_nsec - start.tv_nsec) / 1e6;
	*rss_kib = usage.ru_maxrss;
	return exit_code_of(status) == 0 ? 0 : -1;
}

static int compare_doubles(const void *a, const void *b)
{
	double left = *(const double *)a, right = *(const double *)b;

	return left < right ? -1 : left > right;
}

static double median(const double *values, int count)
{
	double sorted[MAX_RUNS];

	memcpy(sorted, values, (size_t)count * sizeof(*values));
	qsort(sorted, (size_t)count, sizeof(*sorted), compare_doubles);
	return count % 2 ? sorted[count / 2] : (sorted[count / 2 - 1] + sorted[count / 2]) / 2;
}

static double extreme(const double *values, int count, int sign)
{
	double best = values[0];

	for (int i = 1; i < count; i++)
		if ((values[i] - best) * sign > 0)
			best = values[i];
	return best;
}

/* Round r starts at command r % count: no command always goes first. */
static void run_rounds(struct bench *bench)
{
	char number[16];
	double ignored_time;
	long ignored_rss;

	for (int round = 0; round < bench->warmup; round++) {
		snprintf(number, sizeof(number), "w%d", round);
		for (int i = 0; i < bench->count; i++)
			time_once(&bench->commands[(round + i) % bench->count], number, &ignored_time, &ignored_rss);
	}
	for (int round = 0; round < bench->runs; round++) {
		snprintf(number, sizeof(number), "%d", round);
		for (int i = 0; i < bench->count; i++) {
			struct timed_command *command = &bench->commands[(round + i) % bench->count];

			if (time_once(command, number, &command->milliseconds[round], &command->rss_kib[round]) < 0)
				command->failures++;
		}
	}
}

static void report(const struct bench *bench, FILE *summary)
{
	if (bench->header)
		printf("  %-24s %10s %10s %10s %12s %5s\n", "", "median ms", "min ms", "max ms", "peak RSS MiB", "runs");
	for (int i = 0; i < bench->count; i++) {
		const struct timed_command *command = &bench->commands[i];
		double rss[MAX_RUNS];
		double mid = median(command->milliseconds, bench->runs);

		for (int run = 0; run < bench->runs; run++)
			rss[run] = (double)command->rss_kib[run];
		printf("  %-24s %10.2f %10.2f %10.2f %12.1f %5d%s\n", command->name, mid,
		       extreme(command->milliseconds, bench->runs, -1), extreme(command->milliseconds, bench->runs, 1),
		       median(rss, bench->runs) / 1024, bench->runs, command->failures ? "  (some runs FAILED)" : "");
		if (summary)
			fprintf(summary, "time|%s|%.0f|%.0f|%.0f|%.0f|%d\n", command->name, mid * 1000,
				extreme(command->milliseconds, bench->runs, -1) * 1000,
				extreme(command->milliseconds, bench->runs, 1) * 1000, median(rss, bench->runs), command->failures);
	}
}

/* Each pair's ratio, run by run, then the median of those. */
static void report_ratios(const struct bench *bench, FILE *summary)
{
	if (bench->count > 1)
		printf("  ratios (median of the per-round ratios):\n");
	for (int a = 0; a < bench->count; a++)
		for (int b = a + 1; b < bench->count; b++) {
			double ratios[MAX_RUNS];

			for (int run = 0; run < bench->runs; run++)
				ratios[run] = bench->commands[a].milliseconds[run] / bench->commands[b].milliseconds[run];
			printf("    %s / %s = %.2f\n", bench->commands[a].name, bench->commands[b].name,
			       median(ratios, bench->runs));
			if (summary)
				fprintf(summary, "ratio|%s|%s|%.3f\n", bench->commands[a].name, bench->commands[b].name,
					median(ratios, bench->runs));
		}
}

/* crun refuses a hybrid cgroup machine ("cgroups in hybrid mode not
 * supported") when the cgroup2 tree lists a controller: hide the list. */
static int bind_empty_file(const char *empty_file, const char *target)
{
	if (k_unshare(CLONE_NEWNS) < 0 || k_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	return k_mount(empty_file, target, NULL, MS_BIND, NULL);
}

/* NAME COMMAND... [--- NAME COMMAND...]... from argv[first]. */
static int parse_commands(struct bench *bench, int argc, char **argv, int first)
{
	for (int i = first; i < argc;) {
		struct timed_command *command = &bench->commands[bench->count];
		int words = 0;

		if (bench->count == MAX_COMMANDS || i + 1 >= argc)
			return -1;
		command->name = argv[i++];
		while (i < argc && strcmp(argv[i], "---") != 0 && words < MAX_ARGS)
			command->argv[words++] = argv[i++];
		if (words == 0 || (i < argc && strcmp(argv[i], "---") != 0))
			return -1;
		i += i < argc; /* the --- */
		bench->count++;
	}
	return bench->count > 0 ? 0 : -1;
}

static int parse_options(struct bench *bench, int argc, char **argv)
{
	const char *why;
	long long number;
	int i = 1;

	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		bool valued = strcmp(argv[i], "--runs") == 0 || strcmp(argv[i], "--warmup") == 0;

		if (strcmp(argv[i], "--help") == 0)
			return -2;
		if (strcmp(argv[i], "--no-header") == 0) {
			bench->header = false;
		} else if (strcmp(argv[i], "--trace") == 0) {
			trace_enable(true);
		} else if (strcmp(argv[i], "--summary") == 0 && i + 1 < argc) {
			bench->summary_path = argv[++i];
		} else if (strcmp(argv[i], "--bind-empty") == 0 && i + 2 < argc) {
			bench->empty_file = argv[++i];
			bench->target = argv[++i];
		} else if (valued && i + 1 < argc && parse_number(argv[i + 1], 0, MAX_RUNS, &number, &why) == 0) {
			*(strcmp(argv[i], "--runs") == 0 ? &bench->runs : &bench->warmup) = (int)number;
			i++;
		} else {
			return -1;
		}
	}
	return parse_commands(bench, argc, argv, i) < 0 || bench->runs < 1 ? -1 : 0;
}

int main(int argc, char **argv)
{
	static struct bench bench = { .runs = 30, .warmup = 5, .header = true };
	FILE *summary = NULL;
	int parsed;

	log_set_program("timeit");
	trace_init("parent");
	parsed = parse_options(&bench, argc, argv);
	if (parsed < 0) {
		usage(parsed == -2 ? stdout : stderr);
		return parsed == -2 ? 0 : 2;
	}
	if (bench.empty_file && bind_empty_file(bench.empty_file, bench.target) < 0)
		return EXIT_RUNTIME_FAILED;
	if (bench.summary_path && !(summary = fopen(bench.summary_path, "ae"))) {
		log_errno("open %s", bench.summary_path);
		return EXIT_RUNTIME_FAILED;
	}
	run_rounds(&bench);
	report(&bench, summary);
	report_ratios(&bench, summary);
	if (summary)
		fclose(summary);
	return 0;
}
