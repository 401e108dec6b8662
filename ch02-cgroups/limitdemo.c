/* The steps every chapter 2 demo runs; see limitdemo.h. The signals that
 * end a demo are blocked from the start and taken with sigtimedwait, so a
 * Ctrl-C at any moment still leads through the cleanup. */
#include "limitdemo.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "confined.h"
#include "log.h"
#include "process.h"
#include "size.h"
#include "trace.h"

extern char **environ;

int limit_demo_exec(void *argv)
{
	return exec_command(argv, environ);
}

static int parse_duration(const char *text, unsigned *seconds)
{
	long long value;
	const char *why;

	if (parse_number(text, 1, 3600, &value, &why) < 0) {
		log_error("--duration %s: %s (seconds, 1 to 3600)", text, why);
		return -1;
	}
	*seconds = (unsigned)value;
	return 0;
}

enum { MAX_FLAGS = 8, FIRST_OWN_FLAG = 256 };

int limit_demo_start(struct limit_demo *demo, int argc, char *argv[], const struct limit_demo_flag flags[],
		     const char *usage)
{
	struct option options[MAX_FLAGS + 4] = {
		{ "duration", required_argument, NULL, 'd' },
		{ "trace", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
	};
	int count = 3, option;

	log_set_program(argv[0]);
	trace_init("parent");
	for (int i = 0; flags[i].name && i < MAX_FLAGS; i++)
		options[count++] = (struct option){ flags[i].name, required_argument, NULL, FIRST_OWN_FLAG + i };
	while ((option = getopt_long(argc, argv, "d:th", options, NULL)) != -1) {
		if (option >= FIRST_OWN_FLAG && flags[option - FIRST_OWN_FLAG].parse(demo, optarg) < 0)
			return -1;
		if (option == 'd' && parse_duration(optarg, &demo->duration) < 0)
			return -1;
		if (option == 't')
			trace_enable(true);
		if (option == 'h') {
			fputs(usage, stdout);
			return 1;
		}
		if (option == '?')
			break;
	}
	if (option == '?' || optind < argc) {
		fputs(usage, stderr);
		return -1;
	}
	return 0;
}

void limit_demo_print(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	vprintf(format, args);
	va_end(args);
	putchar('\n');
	fflush(stdout);
}

char *limit_demo_timeout(const struct limit_demo *demo, char *text, size_t size)
{
	snprintf(text, size, "%us", demo->duration + 10);
	return text;
}

void limit_demo_format_bytes(unsigned long long bytes, char *text, size_t size)
{
	if (bytes == SIZE_UNLIMITED)
		snprintf(text, size, "max");
	else
		snprintf(text, size, "%.1f MiB", (double)bytes / (1024 * 1024));
}

/* SIGINT and SIGTERM end the demo, SIGCHLD says the child ended; an
 * inherited SIG_IGN (a background job's SIGINT) would drop them. */
static void block_ending_signals(sigset_t *set)
{
	sigemptyset(set);
	sigaddset(set, SIGINT);
	sigaddset(set, SIGTERM);
	sigaddset(set, SIGCHLD);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	sigprocmask(SIG_BLOCK, set, NULL);
}

static double seconds_since(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - start->tv_sec) + (double)(now.tv_nsec - start->tv_nsec) / 1e9;
}

/* True once the child has ended (not reaped: confined_finish does that). */
static bool child_ended(pid_t pid)
{
	siginfo_t info = { 0 };

	return waitid(P_PID, (id_t)pid, &info, WEXITED | WNOHANG | WNOWAIT) == 0 && info.si_pid == pid;
}

/* How long to sleep to wake on the next whole second since the start, or
 * at the end of the duration. */
static struct timespec until_next_second(const struct limit_demo *demo, double elapsed)
{
	double wake = (double)((unsigned)elapsed + 1);
	double wait = (wake > demo->duration ? demo->duration : wake) - elapsed;
	struct timespec next;

	if (wait < 0)
		wait = 0;
	next.tv_sec = (time_t)wait;
	next.tv_nsec = (long)((wait - (double)next.tv_sec) * 1e9);
	return next;
}

/* Reports once a second until the duration is up, the child ends, or a
 * signal asks us to stop. Returns the ending signal, or 0. */
static int watch(struct limit_demo *demo, const sigset_t *ending)
{
	struct timespec start, next = { 1, 0 };
	struct cgroup_stats stats = { 0 };
	siginfo_t info;

	clock_gettime(CLOCK_MONOTONIC, &start);
	for (;;) {
		int got = sigtimedwait(ending, &info, &next);
		double elapsed = seconds_since(&start);

		demo->elapsed = elapsed;
		if (got == SIGINT || got == SIGTERM)
			return got;
		if (child_ended(demo->pid) || elapsed >= demo->duration)
			return 0;
		if (got < 0 && errno == EAGAIN) {
			cgroup_read_stats(demo->group, &stats);
			demo->report(demo, &stats, elapsed, false);
		}
		next = until_next_second(demo, seconds_since(&start));
	}
}

static void say_start(const struct limit_demo *demo)
{
	char dirs[2048];

	cgroup_describe(demo->group, dirs, sizeof(dirs));
	say("cgroup mode: %s", cgroup_mode_name(cgroup_mode()));
	say("cgroup:      %s", dirs);
	say("child:       PID %d on the host (PID 1 in its own PID namespace)", (int)demo->pid);
}

/* Step 5: stop what runs inside, show the final counters, remove the group.
 * Returns the exit code: code, unless the command was not found (127/126)
 * or the group could not be removed (125). */
static int stop_and_remove(struct limit_demo *demo, struct confined *child, const struct cgroup_stats *stats, int code,
			   int signal_number)
{
	char shown[800];

	snprintf(shown, sizeof(shown), "%s", cgroup_display_path(demo->group));
	if (child->go_fd >= 0 || child->pid > 0) {
		int child_code = confined_finish(child, 1);

		if (child_code == EXIT_NOT_FOUND || child_code == EXIT_NOT_EXECUTABLE)
			code = child_code;
		else if (code == 0)
			demo->report(demo, stats, demo->elapsed, true);
	}
	if (cgroup_destroy(demo->group) < 0)
		code = EXIT_RUNTIME_FAILED;
	else
		say("removed %s%s", shown, signal_number ? " (stopped by a signal)" : "");
	demo->group = NULL;
	return code;
}

int limit_demo_run(struct limit_demo *demo)
{
	char name[128];
	struct confined child = { -1, -1 };
	struct cgroup_stats stats = { 0 };
	sigset_t ending;
	int code = EXIT_RUNTIME_FAILED, signal_number = 0;

	block_ending_signals(&ending);
	snprintf(name, sizeof(name), "mydocker-%s-%d", demo->name, (int)getpid());
	/* 1. a group with the limits, before anything runs in it */
	demo->group = cgroup_create(name, &demo->limits);
	if (!demo->group)
		return EXIT_RUNTIME_FAILED;
	/* 2. a child in new namespaces, waiting for us */
	demo->pid = confined_start(&child, CONFINED_NAMESPACES, demo->child_main, demo->child_argument);
	if (demo->pid < 0)
		goto out;
	/* 3. into the group, then let it run: the limit holds from its first byte */
	if (cgroup_add_process(demo->group, demo->pid) < 0)
		goto out;
	say_start(demo);
	if (confined_release(&child) < 0)
		goto out;
	/* 4. watch the group's own counters */
	signal_number = watch(demo, &ending);
	cgroup_read_stats(demo->group, &stats); /* before the kill empties the group */
	code = 0;
out:
	code = stop_and_remove(demo, &child, &stats, code, signal_number);
	return signal_number ? EXIT_SIGNAL_BASE + signal_number : code;
}
