/* The shape shared by the namespace programs; see demo.h. */
#include "demo.h"

#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "child.h"
#include "log.h"
#include "namespaces.h"
#include "process.h"
#include "trace.h"

extern char **environ;

static void usage(FILE *out, const char *summary, const struct demo_flag *flags)
{
	fprintf(out, "usage: %s [--trace] [--help]", log_program());
	for (const struct demo_flag *flag = flags; flag && flag->name; flag++)
		fprintf(out, " [--%s%s]", flag->name, flag->value ? "[=VALUE]" : "");
	fprintf(out, " [--] [COMMAND [ARG...]]\n%s\n", summary);
	fprintf(out, "  --trace  narrate every kernel call (or MYDOCKER_TRACE=1)\n");
	for (const struct demo_flag *flag = flags; flag && flag->name; flag++)
		fprintf(out, "  --%s  %s\n", flag->name, flag->help);
	fprintf(out, "With no command it runs /bin/sh on a terminal. Example:\n  sudo ./ch01/%s -- sh -c 'echo inside'\n",
		log_program());
}

static int match_flag(const char *argument, const struct demo_flag *flags)
{
	for (const struct demo_flag *flag = flags; flag && flag->name; flag++) {
		size_t length = strlen(flag->name);

		if (strncmp(argument + 2, flag->name, length) != 0)
			continue;
		if (argument[2 + length] == '\0') {
			*flag->seen = true;
			return 0;
		}
		if (argument[2 + length] == '=' && flag->value) {
			*flag->seen = true;
			*flag->value = argument + 3 + length;
			return 0;
		}
	}
	return -1;
}

int demo_arguments(int argc, char **argv, const char *summary, const struct demo_flag *flags, char ***command)
{
	static char *default_shell[] = { "/bin/sh", NULL };
	int i = 1;

	log_set_program(argv[0]);
	trace_init("parent");
	for (; i < argc && strncmp(argv[i], "--", 2) == 0; i++) {
		if (strcmp(argv[i], "--") == 0) {
			i++;
			break;
		}
		if (strcmp(argv[i], "--trace") == 0) {
			trace_enable(true);
		} else if (strcmp(argv[i], "--help") == 0) {
			usage(stdout, summary, flags);
			return 0;
		} else if (match_flag(argv[i], flags) < 0) {
			log_error("unknown option %s", argv[i]);
			usage(stderr, summary, flags);
			return 2;
		}
	}
	if (i < argc) {
		*command = argv + i;
	} else if (isatty(STDIN_FILENO)) {
		*command = default_shell;
	} else {
		usage(stderr, summary, flags);
		return 2;
	}
	return DEMO_RUN;
}

/* The child's side: its own steps, then the command. */
struct child_context {
	const struct namespace_demo *demo;
};

static int child_main(void *argument)
{
	const struct namespace_demo *demo = ((struct child_context *)argument)->demo;

	if (demo->inside && demo->inside(demo->context) < 0)
		return EXIT_RUNTIME_FAILED;
	return exec_command(demo->command, environ);
}

int run_namespace_demo(const struct namespace_demo *demo)
{
	struct child_context context = { demo };
	struct child child = { .flags = demo->flags, .main = child_main, .context = &context };

	if (child_start(&child) < 0)
		return EXIT_RUNTIME_FAILED;
	say("the host sees the child as PID %d", (int)child.pid);
	if (demo->before_release && demo->before_release(child.pid, demo->context) < 0)
		goto failed;
	show_namespaces(child.pid, demo->flags);
	if (child_release(&child) < 0 || child_wait_ready(&child) < 0)
		goto failed;
	if (demo->after_ready && demo->after_ready(child.pid, demo->context) < 0)
		goto failed;
	return child_finish(&child, 0);
failed:
	child_finish(&child, SIGKILL);
	return EXIT_RUNTIME_FAILED;
}
