/* Chapter 2's real-kernel checks on a pure cgroup v2 kernel (the VM of
 * tests/cgroup2-vm/run boots with cgroup_no_v1=all). Prints TAP; exits 1 if
 * a check failed. Runs as PID 1's child in the VM, as root. cgroups(7). */
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

static int checks, failures;

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

static void memory_limit_holds(void)
{
	struct cgroup_limits limits = { .memory_bytes = 50u << 20 };
	struct confined child;
	struct cgroup_stats stats = { 0 };
	struct cgroup *group = start_in_group("mydocker-vm-memory", &limits, allocate_200m, &child);
	int code = group ? confined_finish(&child, 0) : -1;
	char path[512];

	check(group != NULL, "memory: a group limited to 50m is made (memory enabled in the root's subtree_control)");
	if (!group)
		return;
	snprintf(path, sizeof(path), "%s/memory.swap.max", cgroup_display_path(group));
	check(file_has(path, "0"), "memory: memory.swap.max is 0, so swap cannot hide the limit");
	cgroup_read_stats(group, &stats);
	check(code == 128 + SIGKILL, "memory: the 200 MiB allocation was SIGKILLed (exit %d)", code);
	check(stats.oom_kills >= 1, "memory: memory.events counts the OOM kill (oom_kill %llu)", stats.oom_kills);
	check(stats.memory_peak <= (51u << 20), "memory: memory.peak %llu stays within the 50m limit", stats.memory_peak);
	check(cgroup_destroy(group) == 0 && !path_exists("/sys/fs/cgroup/mydocker-vm-memory"),
	      "memory: the group is removed afterwards");
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
	check(cgroup_destroy(group) == 0 && !path_exists("/sys/fs/cgroup/mydocker-vm-pids"),
	      "pids: the group and its 9 paused children are gone afterwards");
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

	check(group != NULL, "cpu: a group with cpu.max \"20000 100000\" is made");
	if (!group)
		return;
	snprintf(path, sizeof(path), "%s/cpu.max", cgroup_display_path(group));
	check(file_has(path, "20000 100000"), "cpu: cpu.max reads 20000 100000");
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

static bool no_group_left(void)
{
	DIR *dir = opendir("/sys/fs/cgroup");
	struct dirent *entry;
	bool clean = true;

	while (dir && (entry = readdir(dir)))
		if (strstr(entry->d_name, "mydocker"))
			clean = false;
	if (dir)
		closedir(dir);
	return clean;
}

int main(void)
{
	check(cgroup_mode() == CGROUP_MODE_V2, "the kernel mounts cgroup v2 only (mode %s)", cgroup_mode_name(cgroup_mode()));
	memory_limit_holds();
	pids_limit_holds();
	cpu_quota_holds();
	no_internal_processes();
	/* Emulated, stress-ng fills memory slowly: a smaller limit shows OOM kills sooner. */
	program_runs("./memlimit", "4", "--memory", "40m");
	program_runs("./cpulimit", "3", NULL, NULL);
	program_runs("./pidslimit", "2", NULL, NULL);
	check(no_group_left(), "no mydocker cgroup is left in /sys/fs/cgroup");
	return failures ? 1 : 0;
}
