/* ipc: System V IPC objects belong to an IPC namespace. A new one starts
 * with no message queues; one made inside is listed by `ipcs -q` inside and
 * is nowhere in the host's list. ipc_namespaces(7), msgget(2).
 *   sudo ./ch01/ipc -- sh -c 'ipcs -q; ipcmk -Q; ipcs -q'
 *   sudo ./ch01/ipc --queue -- ipcs -q    the program makes the queue and
 *                                         looks for it from the host */
#include <errno.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sched.h>
#include <sys/ipc.h>
#include <sys/msg.h>

#include "demo.h"
#include "file.h"
#include "log.h"
#include "trace.h"

/* "mydc": a key nobody else uses, so the host's list can be searched for it. */
static const key_t demo_key = 0x6d796463;

static int make_queue(void *context)
{
	char args[64];
	int id;

	if (!*(bool *)context)
		return 0;
	snprintf(args, sizeof(args), "%#x, IPC_CREAT|0644", (unsigned)demo_key);
	id = msgget(demo_key, IPC_CREAT | 0644);
	return trace_call("msgget", args, id, errno) < 0 ? -1 : 0;
}

/* The host's queues are in /proc/sysvipc/msg, one a line, key first. */
static int host_has_queue(void)
{
	static char table[1 << 16];
	int key;

	if (read_file("/proc/sysvipc/msg", table, sizeof(table), false) < 0)
		return -1;
	for (char *line = strchr(table, '\n'); line; line = strchr(line + 1, '\n'))
		if (sscanf(line + 1, "%d", &key) == 1 && key == (int)demo_key)
			return 1;
	return 0;
}

static int look_from_host(pid_t child, void *context)
{
	int found;

	(void)child;
	if (!*(bool *)context)
		return 0;
	found = host_has_queue();
	if (found < 0)
		return -1;
	say("the child made message queue %#x; the host's /proc/sysvipc/msg %s", (unsigned)demo_key,
	    found ? "LISTS it too" : "does not list it: IPC objects stay in their namespace");
	return 0;
}

int main(int argc, char **argv)
{
	bool make_a_queue = false;
	const struct demo_flag flags[] = {
		{ "queue", &make_a_queue, NULL, "make a message queue inside, then look for it from the host" },
		{ NULL, NULL, NULL, NULL },
	};
	struct namespace_demo demo = {
		.flags = CLONE_NEWIPC, .inside = make_queue, .after_ready = look_from_host, .context = &make_a_queue,
	};
	int code = demo_arguments(argc, argv, "Runs COMMAND in a new IPC namespace.", flags, &demo.command);

	if (code != DEMO_RUN)
		return code;
	return run_namespace_demo(&demo);
}
