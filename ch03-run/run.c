/* run: chapter 3's runtime, the book's `mydocker run`. The parent starts
 * init in new UTS, PID, mount, IPC and network namespaces by re-executing
 * itself (/proc/self/exe init), puts it in a cgroup with the limits asked
 * for, and sends it the command over a pipe; init makes its mounts private,
 * mounts /proc and execve()s the command, which so becomes PID 1.
 *   sudo ./ch03/run -it /bin/sh
 *   sudo ./ch03/run -m 100m -- stress-ng --vm 1 --vm-bytes 200m --vm-keep */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "namespaces.h"
#include "options.h"
#include "process.h"
#include "runmain.h"
#include "runtime.h"
#include "trace.h"

/* The parent's steps: what chapter 3 adds to a bare clone. */
static const struct parent_step run_steps[] = {
	{ "create the cgroup with the limits", step_create_cgroup, undo_create_cgroup },
	{ "open a pseudo-terminal (-t)", step_open_terminal, undo_open_terminal },
	{ "start init in new namespaces (clone, then execve /proc/self/exe init)", step_start_init, undo_start_init },
	{ "map the user to root inside (user namespace only)", step_map_user, NULL },
	{ "put init in the cgroup, before it runs anything", step_join_cgroup, NULL },
	{ "let init go on", step_release_init, NULL },
	{ "send init its command over the pipe", step_send_config, NULL },
	{ "wait until init runs the command", step_wait_for_command, NULL },
	{ NULL, NULL, NULL },
};

/* init's steps, in the container, before it becomes the command. */
static const struct init_step init_steps[] = {
	{ "make every mount private (MS_PRIVATE|MS_REC)", init_make_mounts_private },
	{ "mount a proc for the new PID namespace", init_mount_proc },
	{ NULL, NULL },
};

/* Chapter 3's own demo: seed 002's second-run failure, made safely. */
static bool show_proc_leak;

static int set_show_proc_leak(struct container *container, const char *value)
{
	(void)container;
	(void)value;
	show_proc_leak = true;
	return 0;
}

static const struct run_option demo_options[] = {
	{ "show-proc-leak", 0, NULL, set_show_proc_leak,
	  "seed 002's pitfall, in a throwaway namespace: run without MS_PRIVATE, then again" },
	{ NULL, 0, NULL, NULL, NULL },
};

static const struct run_option *const option_tables[] = { run_options, demo_options, NULL };

static void usage(FILE *out)
{
	fprintf(out, "usage: run [OPTIONS] [--] COMMAND [ARG...]\n"
		     "Runs COMMAND as PID 1 of new UTS, PID, mount, IPC and network namespaces.\n");
	print_run_options(out, option_tables);
	fprintf(out, "With no command, on a terminal: -it /bin/sh. Example:\n"
		     "  sudo ./ch03/run -- sh -c 'echo I am PID $$'\n");
}

/* Seed 002: with / shared and no MS_PRIVATE, the container's proc mount
 * lands on the host's /proc and outlives the container; the next run's
 * execve("/proc/self/exe") then finds no "self" in that dead proc. */
static int demonstrate_proc_leak(void)
{
	static char *command[] = { "true", NULL };
	struct container first = { .no_private = true, .config_fd = -1 };
	struct container second = { .config_fd = -1 };
	struct container third = { .config_fd = -1 };
	int codes[3];
	struct stat self;

	if (enter_throwaway_shared_root() < 0)
		return EXIT_RUNTIME_FAILED;
	say("1. a run WITHOUT MS_PRIVATE: its proc mount propagates to our (throwaway) host");
	codes[0] = runtime_describe(&first, command, NULL) < 0 ? EXIT_RUNTIME_FAILED : runtime_run(run_steps, &first);
	say("   exit %d; /proc/self now %s", codes[0], stat("/proc/self", &self) == 0 ? "resolves" : "resolves to nothing: its PID namespace is gone");
	say("2. the next run: execve(\"/proc/self/exe\") finds no such file");
	codes[1] = runtime_describe(&second, command, NULL) < 0 ? EXIT_RUNTIME_FAILED : runtime_run(run_steps, &second);
	say("   exit %d", codes[1]);
	say("3. repair: mount -t proc proc /proc; then run again");
	if (k_mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) < 0)
		return EXIT_RUNTIME_FAILED;
	codes[2] = runtime_describe(&third, command, NULL) < 0 ? EXIT_RUNTIME_FAILED : runtime_run(run_steps, &third);
	say("   exit %d: %s", codes[2], codes[0] == 0 && codes[1] != 0 && codes[2] == 0 ? "the pitfall, shown" : "NOT as the seed says");
	return codes[0] == 0 && codes[1] != 0 && codes[2] == 0 ? 0 : 1;
}

int main(int argc, char **argv)
{
	struct container container = { .config_fd = -1 };
	int first;
	int code = run_main_start(argc, argv, init_steps, option_tables, &container, usage, &first);

	if (code != RUN_GO_ON)
		return code;
	if (show_proc_leak)
		return demonstrate_proc_leak();
	return run_main_finish(run_steps, &container, argv + first, NULL, usage);
}
