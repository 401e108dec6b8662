/* Chapter 2's real-kernel checks, in the VM of tests/cgroup2-vm/run: on a
 * pure cgroup v2 kernel (booted with cgroup_no_v1=all), and on a pure v1
 * one (the book's layout: a hierarchy per controller, cpu,cpuacct together).
 * Usage: cgroup2check v2|v1 [FIRST-TAP-NUMBER]. Prints TAP; exits 1 if a
 * check failed. Runs as PID 1's child in the VM, as root. cgroups(7). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "confined.h"
#include "file.h"
#include "process.h"
#include "trace.h"

static int checks, failures;
static bool v2; /* which layout this boot has: the checks name its files */

static void check(bool ok, const char *format, ...)
{
	va_list args;

	va_start(args, format);
	printf("%sok %d - ", ok ? "" : "not ", ++checks);
	vprintf(format, args);
	printf("\n");
	fflush(stdout);
	va_end(args);
	failures += !ok;
}

/* Touches 200 MiB page by page; reaching the end means no limit held. */
static int allocate_200m(void *unused)
{
	size_t size = 200u << 20;
	volatile char *memory = malloc(size); /* volatile: the stores must happen */

	(void)unused;
	for (size_t i = 0; memory && i < size; i += 4096)
		memory[i] = 1;
	return 0;
}

/* Forks pausing children until refused; exits with how many it made,
 * or 250 when the refusal was not EAGAIN. */
static int fork_until_refused(void *unused)
{
	int made = 0;

	(void)unused;
	for (; made < 200; made++) {
		pid_t pid = fork();

		if (pid == 0) {
			pause();
			_exit(0);
		}
		if (pid < 0)
			return errno == EAGAIN ? made : 250;
	}
	return made;
}

static int spin(void *unused)
{
	volatile unsigned long counter = 0;

	(void)unused;
	for (;;)
		counter++;
	return 0;
}

/* Creates a group, runs function in it (in new namespaces). */
static struct cgroup *start_in_group(const char *name, const struct cgroup_limits *limits, int (*function)(void *),
				     struct confined *child)
{
	struct cgroup *group = cgroup_create(name, limits);

	if (!group)
		return NULL;
	if (confined_start(child, CONFINED_NAMESPACES, function, NULL) < 0 ||
	    cgroup_add_process(group, child->pid) < 0 || confined_release(child) < 0) {
		confined_finish(child, 1);
		cgroup_destroy(group);
		return NULL;
	}
	return group;
}

static bool file_has(const char *path, const char *word)
{
	char text[512];

	return read_file(path, text, sizeof(text), true) >= 0 && strstr(text, word);
}

/* No mydocker group in any hierarchy (v1: /sys/fs/cgroup/CONTROLLER/). */
static bool no_group_in(const char *path, int depth)
{
	DIR *dir = opendir(path);
	struct dirent *entry;
	bool clean = true;
	char below[1024];

	while (dir && (entry = readdir(dir))) {
		if (strstr(entry->d_name, "mydocker"))
			clean = false;
		else if (depth > 1 && entry->d_type == DT_DIR && entry->d_name[0] != '.') {
			snprintf(below, sizeof(below), "%s/%s", path, entry->d_name);
			clean = no_group_in(below, depth - 1) && clean;
		}
	}
	if (dir)
		closedir(dir);
	return clean;
}

static bool no_group_left(void)
{
	return no_group_in("/sys/fs/cgroup", v2 ? 1 : 2);
}

static void memory_limit_holds(void)
{
	struct cgroup_limits limits = { .memory_bytes = 50u << 20 };
	struct confined child;
	struct cgroup_stats stats = { 0 };
	struct cgroup *group = start_in_group("mydocker-vm-memory", &limits, allocate_200m, &child);
	int code = group ? confined_finish(&child, 0) : -1;
	const char *swap_file = v2 ? "memory.swap.max" : "memory.memsw.limit_in_bytes";
	char path[1024], dir[512];

	check(group != NULL, "memory: a group limited to 50m is made%s",
	      v2 ? " (memory enabled in the root's subtree_control)" : "");
	if (!group)
		return;
	snprintf(dir, sizeof(dir), "%s", cgroup_controller_path(group, "memory"));
	snprintf(path, sizeof(path), "%s/%s", dir, swap_file);
	check(file_has(path, v2 ? "0" : "52428800"), "memory: %s holds swap, so swap cannot hide the limit", swap_file);
	cgroup_read_stats(group, &stats);
	check(code == 128 + SIGKILL, "memory: the 200 MiB allocation was SIGKILLed (exit %d)", code);
	check(stats.oom_kills >= 1, "memory: %s counts the OOM kill (oom_kill %llu)",
	      v2 ? "memory.events" : "memory.oom_control", stats.oom_kills);
	check(stats.memory_peak <= (51u << 20), "memory: the peak (%s) %llu stays within the 50m limit",
	      v2 ? "memory.peak" : "memory.max_usage_in_bytes", stats.memory_peak);
	check(cgroup_destroy(group) == 0 && !path_exists(dir), "memory: the group is removed afterwards");
}

static void pids_limit_holds(void)
{
	struct cgroup_limits limits = { .pids_max = 10 };
	struct confined child;
	struct cgroup_stats stats = { 0 };
	struct cgroup *group = start_in_group("mydocker-vm-pids", &limits, fork_until_refused, &child);
	siginfo_t info = { 0 };

	check(group != NULL, "pids: a group with pids.max 10 is made");
	if (!group)
		return;
	/* The forker exits with its count; its paused children stay in the group. */
	waitid(P_PID, (id_t)child.pid, &info, WEXITED | WNOWAIT);
	cgroup_read_stats(group, &stats);
	check(info.si_code == CLD_EXITED && info.si_status == 9,
	      "pids: fork fails with EAGAIN after 9 children + the forker = 10 (made %d)", info.si_status);
	check(stats.pids_refused >= 1, "pids: pids.events counts the refused fork (max %llu)", stats.pids_refused);
	confined_finish(&child, 1);
	check(cgroup_destroy(group) == 0 && no_group_left(), "pids: the group and its 9 paused children are gone afterwards");
}

static void cpu_quota_holds(void)
{
	struct cgroup_limits limits = { .cpu_quota_percent = 20 };
	struct confined child;
	struct cgroup_stats before = { 0 }, after = { 0 };
	struct cgroup *group = start_in_group("mydocker-vm-cpu", &limits, spin, &child);
	struct timespec two_seconds = { 2, 0 };
	char path[512];
	double percent;

	check(group != NULL, "cpu: a group with a quota of 20%% of a CPU is made");
	if (!group)
		return;
	snprintf(path, sizeof(path), "%s/%s", cgroup_controller_path(group, "cpu"), v2 ? "cpu.max" : "cpu.cfs_quota_us");
	check(file_has(path, v2 ? "20000 100000" : "20000"), "cpu: %s reads %s", v2 ? "cpu.max" : "cpu.cfs_quota_us",
	      v2 ? "20000 100000" : "20000 (per 100000 us period)");
	cgroup_read_stats(group, &before);
	nanosleep(&two_seconds, NULL); /* a measuring window, not a wait for a condition */
	cgroup_read_stats(group, &after);
	percent = (double)(after.cpu_usage_usec - before.cpu_usage_usec) / 2e6 * 100;
	check(percent > 8 && percent < 35, "cpu: a busy loop used %.1f%% of a CPU (limit 20%%)", percent);
	confined_finish(&child, 1);
	check(cgroup_destroy(group) == 0, "cpu: the group is removed afterwards");
}

/* v2's rule: a group that hands controllers to children holds no process. */
static void no_internal_processes(void)
{
	struct cgroup *group = cgroup_create("mydocker-vm-inner", NULL);
	char path[512], pid[32];
	int result;

	if (!group) {
		check(false, "v2 rule: a test group is made");
		return;
	}
	snprintf(path, sizeof(path), "%s/leaf", cgroup_display_path(group));
	mkdir(path, 0755);
	snprintf(path, sizeof(path), "%s/cgroup.subtree_control", cgroup_display_path(group));
	write_file(path, "+memory");
	snprintf(path, sizeof(path), "%s/cgroup.procs", cgroup_display_path(group));
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	result = write_file(path, pid);
	check(result < 0 && errno == EBUSY, "v2 rule: a group with controllers enabled for children refuses a process (EBUSY)");
	snprintf(path, sizeof(path), "%s/leaf", cgroup_display_path(group));
	rmdir(path);
	cgroup_destroy(group);
}

/* v1's cpuset pitfall: a new group has no CPUs and no memory nodes, so
 * joining it fails with ENOSPC; the library seeds them from the parent. */
static void cpuset_needs_cpus_and_mems(void)
{
	const char *raw = "/sys/fs/cgroup/cpuset/mydocker-vm-rawcpuset";
	struct cgroup_limits limits = { .cpuset = "0" };
	struct confined child;
	struct cgroup *group;
	char pid[32];
	int result;

	mkdir(raw, 0755);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	k_expect_failure();
	result = write_file("/sys/fs/cgroup/cpuset/mydocker-vm-rawcpuset/cgroup.procs", pid);
	check(result < 0 && errno == ENOSPC, "v1 cpuset: joining a new group with empty cpus/mems fails (ENOSPC)");
	rmdir(raw);
	group = start_in_group("mydocker-vm-cpuset", &limits, spin, &child);
	check(group != NULL, "v1 cpuset: the library copies the parent's cpus and mems, and the child joins");
	if (group)
		confined_finish(&child, 1);
	cgroup_destroy(group);
}

/* A class reads the demos' figures in the TAP stream as "# " lines. */
static void show_as_comments(const char *path)
{
	char text[8192];

	if (read_file(path, text, sizeof(text), true) < 0)
		return;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		printf("# %s\n", line);
	fflush(stdout);
}

/* Runs one of chapter 2's programs; 0 exit and nothing left behind. */
static void program_runs(const char *program, const char *duration, const char *flag, const char *value)
{
	pid_t pid = fork();
	int code;

	if (pid == 0) {
		char *argv[] = { (char *)program, "--duration", (char *)duration, (char *)flag, (char *)value, NULL };
		int output = open("/tmp/program.out", O_WRONLY | O_CREAT | O_TRUNC, 0644);

		dup2(output, 1); /* the TAP stream stays clean; shown as comments below */
		dup2(output, 2);
		execv(program, argv);
		_exit(127);
	}
	code = wait_for_exit(pid);
	show_as_comments("/tmp/program.out");
	check(code == 0, "%s --duration %s ends with 0 (got %d)", program, duration, code);
}

int main(int argc, char *argv[])
{
	enum cgroup_mode expected;

	v2 = argc < 2 || strcmp(argv[1], "v1") != 0;
	expected = v2 ? CGROUP_MODE_V2 : CGROUP_MODE_V1;
	checks = argc > 2 ? atoi(argv[2]) - 1 : 0;
	check(cgroup_mode() == expected, "the kernel mounts cgroup %s only (mode %s)", v2 ? "v2" : "v1",
	      cgroup_mode_name(cgroup_mode()));
	memory_limit_holds();
	pids_limit_holds();
	cpu_quota_holds();
	if (v2)
		no_internal_processes();
	else
		cpuset_needs_cpus_and_mems();
	/* Emulated, stress-ng fills memory slowly: a smaller limit shows OOM kills sooner. */
	program_runs("./memlimit", "4", "--memory", "40m");
	program_runs("./cpulimit", "3", NULL, NULL);
	program_runs("./pidslimit", "2", NULL, NULL);
	check(no_group_left(), "no mydocker cgroup is left in /sys/fs/cgroup");
	return failures ? 1 : 0;
}
