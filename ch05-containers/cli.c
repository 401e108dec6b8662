/* The mydocker command line, shared by chapters 5 and 6: global options,
 * the subcommand table, and chapter 5's flavor of the runtime.
 * mydocker: chapter 5's runtime, the first one a user would keep using.
 * Containers now outlive the command that started them: run -d, ps, logs,
 * exec, stop, rm, commit, images, each a file of its own.
 *   sudo ./ch05/mydocker run -d --name web busybox httpd -f -p 80
 *   sudo ./ch05/mydocker ps; sudo ./ch05/mydocker exec -it web sh */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgroup.h"
#include "containers.h"
#include "log.h"
#include "recovery.h"
#include "security.h"
#include "selfexec.h"
#include "trace.h"

static const struct subcommand subcommands[] = {
	{ "run", command_run, "run a command in a new container" },
	{ "ps", command_ps, "list containers (-a: all)" },
	{ "logs", command_logs, "print a detached container's output (-f: follow)" },
	{ "exec", command_exec, "run a command in a running container" },
	{ "stop", command_stop, "stop containers: SIGTERM, then SIGKILL (-t SECONDS)" },
	{ "rm", command_rm, "remove containers (-f: running ones too)" },
	{ "commit", command_commit, "make an image of a container's filesystem" },
	{ "images", command_images, "list images" },
	{ "steps", command_steps, "list run's steps (for MYDOCKER_FAIL_AT=parent:N or init:N)" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *out, const struct mydocker_flavor *flavor)
{
	fprintf(out, "usage: mydocker [--root DIR] [--trace] COMMAND [ARG...]\n\ncommands:\n");
	for (const struct subcommand *command = subcommands; command->name; command++)
		fprintf(out, "  %-8s %s\n", command->name, command->summary);
	for (const struct subcommand *command = flavor->extra_commands; command && command->name; command++)
		fprintf(out, "  %-8s %s\n", command->name, command->summary);
	fprintf(out, "\n  --root DIR  the state root (or MYDOCKER_ROOT; default /var/lib/mydocker, or for a user\n"
		     "              who is not root $XDG_DATA_HOME/mydocker or ~/.local/share/mydocker);\n"
		     "              yours alone: not writable by others, not a symbolic link\n"
		     "  --trace     narrate every kernel call (or MYDOCKER_TRACE=1)\n"
		     "`mydocker COMMAND --help` tells more. Example:\n  %s\n", flavor->example);
}

static const struct run_option *const chapter5_options[] = { run_options, image_run_options, container_run_options,
							      security_run_options, NULL };

const struct mydocker_flavor chapter5_flavor = {
	.example = "sudo ./ch05/mydocker run -d --name web busybox httpd -f -p 80",
	.run_steps = chapter5_run_steps,
	.init_steps = chapter5_init_steps,
	.run_options = chapter5_options,
	.container_size = sizeof(struct managed_container),
	.release = chapter5_release,
};

static const struct subcommand *find_command(const struct mydocker_flavor *flavor, const char *name)
{
	for (const struct subcommand *command = subcommands; command->name; command++)
		if (strcmp(command->name, name) == 0)
			return command;
	for (const struct subcommand *command = flavor->extra_commands; command && command->name; command++)
		if (strcmp(command->name, name) == 0)
			return command;
	return NULL;
}

int parse_flags(int argc, char **argv, const char *flags, const char *valued, bool *seen, const char **values)
{
	int i = 1;

	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "--") == 0)
			return i + 1;
		if (strcmp(argv[i], "--help") == 0 && strchr(flags, 'h')) {
			seen[strchr(flags, 'h') - flags] = true;
			continue;
		}
		for (const char *letter = argv[i] + 1; *letter; letter++) {
			const char *at = strchr(flags, *letter);

			if (!at || *letter == '-') {
				log_error("%s: unknown option %s", argv[0], argv[i]);
				return -1;
			}
			seen[at - flags] = true;
			if (!strchr(valued, *letter))
				continue;
			if (letter[1]) {
				values[at - flags] = letter + 1;
			} else if (i + 1 < argc) {
				values[at - flags] = argv[++i];
			} else {
				log_error("%s: -%c needs a value", argv[0], *letter);
				return -1;
			}
			break;
		}
	}
	return i;
}

/* --root and --trace, before the command's name. */
static int global_options(int argc, char **argv, struct mydocker *mydocker)
{
	int i = 1;

	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--trace") == 0)
			trace_enable(true);
		else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc)
			mydocker->root_option = argv[++i];
		else if (strncmp(argv[i], "--root=", 7) == 0)
			mydocker->root_option = argv[i] + 7;
		else if (strcmp(argv[i], "--help") == 0)
			return -2;
		else {
			log_error("unknown option %s", argv[i]);
			return -1;
		}
	}
	return i;
}

int mydocker_main(int argc, char **argv, const struct mydocker_flavor *flavor)
{
	struct mydocker mydocker = { .flavor = flavor };
	const struct subcommand *command;
	int first;

	log_set_program("mydocker");
	trace_init("parent");
	if (argc >= 2 && strcmp(argv[1], "init") == 0)
		return command_init(flavor, argc, argv);
	first = global_options(argc, argv, &mydocker);
	if (first < 0 || first >= argc) {
		usage(first == -2 ? stdout : stderr, flavor);
		return first == -2 ? 0 : 2;
	}
	command = find_command(flavor, argv[first]);
	if (!command) {
		log_error("unknown command %s (mydocker --help lists them)", argv[first]);
		return 2;
	}
	/* Whatever enters a container runs from a file nobody can write
	 * (CVE-2019-5736): run's init re-executes itself so (runtime.c), and
	 * exec, whose process joins the container, does so first. */
	if (command->run == command_exec && exec_protected_copy(argv) < 0)
		return 125;
	if (store_root(mydocker.root_option, mydocker.root, sizeof(mydocker.root)) < 0)
		return 125;
	return command->run(&mydocker, argc - first, argv + first);
}
