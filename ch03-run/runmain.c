/* What every chapter's `run` does around its tables; see runmain.h. */
#include "runmain.h"

#include <unistd.h>

#include "log.h"
#include "process.h"
#include "trace.h"

int run_main_start(int argc, char **argv, const struct init_step *init_steps, const struct run_option *const tables[],
		   struct container *container, void (*usage)(FILE *out), int *first)
{
	log_set_program("run");
	trace_init("parent");
	if (runtime_is_init(argc, argv))
		return runtime_init(init_steps, container);
	*first = parse_run_options(argc, argv, tables, container);
	if (*first == OPTIONS_HELP) {
		usage(stdout);
		return 0;
	}
	return *first == OPTIONS_BAD ? 2 : RUN_GO_ON;
}

int run_main_finish(const struct parent_step *steps, struct container *container, char **command, const char *name,
		    void (*usage)(FILE *out))
{
	static char *default_command[] = { "/bin/sh", NULL };

	if (!command[0] && !isatty(STDIN_FILENO)) {
		usage(stderr);
		return 2;
	}
	if (!command[0]) {
		container->interactive = container->tty = true;
		command = default_command;
	}
	if (runtime_describe(container, command, name) < 0) {
		message_free(&container->config);
		return EXIT_RUNTIME_FAILED;
	}
	return runtime_run(steps, container);
}
