/* user: the one namespace an ordinary user may create, and the one that lets
 * it create the others. Unmapped, the child is nobody (65534) and may not
 * mount proc; once the parent maps it (setgroups deny, uid_map, gid_map) it
 * is root inside -- and only inside. user_namespaces(7).
 *   ./ch01/user -- id                  nobody, as any user
 *   ./ch01/user --map -- id -u         0
 * The child also gets a mount and a PID namespace, owned by its user
 * namespace: mounting proc needs rights over both.
 * Like the book's init, the child first re-executes this program
 * (/proc/self/exe --init-after-exec) and mounts proc from there. That matters:
 * a new user namespace starts with every capability, but execve recomputes
 * them from the uid inside, and an unmapped uid (nobody) keeps none.
 * Some machines keep users out of user namespaces (Ubuntu's AppArmor
 * restriction, Debian's unprivileged_userns_clone=0, max_user_namespaces=0):
 * clone's error line then names the switch and the command to turn it
 * (common/userns.c; NOTES.md, Rootless). */
#include <sched.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "demo.h"
#include "idmap.h"
#include "log.h"
#include "process.h"
#include "trace.h"

struct user_options {
	bool map;
	const char *map_text;    /* INSIDE:OUTSIDE:COUNT, or NULL: 0:uid:1 */
	struct id_map uid_map;
	struct id_map gid_map;
};

/* Parent, before the child goes on: the maps can only be written from
 * outside, by a process with rights in the parent user namespace. */
static int map_ids(pid_t child, void *context)
{
	const struct user_options *options = context;

	if (!options->map) {
		say("no uid_map written: inside, the child is the overflow user, nobody (65534)");
		return 0;
	}
	return write_id_maps(child, &options->uid_map, &options->gid_map);
}

/* The re-executed child: try what a container's init does first. */
static int init_after_exec(char **command)
{
	extern char **environ;

	trace_set_side("init");
	say("inside, after execve: uid %d, gid %d", (int)getuid(), (int)getgid());
	/* Hygiene only: a new user namespace's mounts cannot propagate back. */
	k_expect_failure();
	k_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL);
	k_expect_failure();
	if (k_mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL) == 0)
		say("inside: mounting proc works");
	else
		say("inside: mounting proc fails: %m");
	return exec_command(command, environ);
}

static int parse_map(struct user_options *options)
{
	const char *why;

	options->uid_map = (struct id_map){ 0, (unsigned long)getuid(), 1 };
	options->gid_map = (struct id_map){ 0, (unsigned long)getgid(), 1 };
	if (!options->map_text)
		return 0;
	if (parse_id_map(options->map_text, &options->uid_map, &why) < 0) {
		log_error("--map=%s: %s", options->map_text, why);
		return -1;
	}
	options->gid_map = options->uid_map;
	return 0;
}

/* /proc/self/exe --init-after-exec trace|quiet COMMAND...: how the child starts. */
static char **reexec_command(char **command)
{
	size_t count = 0;
	char **argv;

	while (command[count])
		count++;
	argv = calloc(count + 4, sizeof(*argv));
	if (!argv) {
		log_errno("calloc");
		return NULL;
	}
	argv[0] = "/proc/self/exe";
	argv[1] = "--init-after-exec";
	argv[2] = trace_enabled() ? "trace" : "quiet";
	memcpy(argv + 3, command, count * sizeof(*argv));
	return argv;
}

int main(int argc, char **argv)
{
	struct user_options options = { 0 };
	const struct demo_flag flags[] = {
		{ "map", &options.map, &options.map_text,
		  "map root inside to you (0 UID 1); =INSIDE:OUTSIDE:COUNT for another map (as user and group)" },
		{ NULL, NULL, NULL, NULL },
	};
	struct namespace_demo demo = {
		.flags = CLONE_NEWUSER | CLONE_NEWNS | CLONE_NEWPID, .before_release = map_ids, .context = &options,
	};
	char **command;
	int code;

	if (argc > 3 && strcmp(argv[1], "--init-after-exec") == 0) {
		log_set_program("user");
		trace_init("init");
		trace_enable(trace_enabled() || strcmp(argv[2], "trace") == 0);
		return init_after_exec(argv + 3);
	}
	code = demo_arguments(argc, argv, "Runs COMMAND in a new user namespace (with its own mount and PID namespaces).",
			      flags, &command);
	if (code != DEMO_RUN)
		return code;
	if (parse_map(&options) < 0)
		return 2;
	demo.command = reexec_command(command);
	if (!demo.command)
		return 125;
	code = run_namespace_demo(&demo);
	free(demo.command);
	return code;
}
