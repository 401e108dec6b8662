/* uts: a child in a new UTS namespace may change its hostname; the host's
 * stays as it was. uts_namespaces(7), sethostname(2).
 *   sudo ./ch01/uts -- sh -c 'hostname container; hostname'  */
#include <stdbool.h>
#include <stddef.h>

#include <sched.h>

#include "demo.h"
#include "trace.h"

static const char *new_hostname;

/* In the child: the kernel keeps one hostname per UTS namespace. */
static int set_hostname(void *context)
{
	(void)context;
	return new_hostname ? k_sethostname(new_hostname) : 0;
}

int main(int argc, char **argv)
{
	bool hostname_given = false;
	const struct demo_flag flags[] = {
		{ "hostname", &hostname_given, &new_hostname, "=NAME: set this hostname inside before the command" },
		{ NULL, NULL, NULL, NULL },
	};
	struct namespace_demo demo = { .flags = CLONE_NEWUTS, .inside = set_hostname };
	int code = demo_arguments(argc, argv, "Runs COMMAND in a new UTS namespace: its own hostname.", flags, &demo.command);

	if (code != DEMO_RUN)
		return code;
	return run_namespace_demo(&demo);
}
