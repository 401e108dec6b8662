/* mydocker ps [-a]: every container, with a status checked against the
 * kernel: a PID alone is no proof of life (PIDs are reused), so a running
 * container's init must still be there with the start time recorded. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "containers.h"
#include "log.h"

struct listing {
	bool all;
};

static void format_status(const struct record *record, char *text, size_t size)
{
	enum record_status status = record_live_status(record);

	if (status == STATUS_EXITED && record->status == STATUS_RUNNING)
		snprintf(text, size, "exited (?)");
	else if (status == STATUS_EXITED)
		snprintf(text, size, "exited (%d)", record->exit_code);
	else
		snprintf(text, size, "%s", status == STATUS_RUNNING ? "running" : status == STATUS_BROKEN ? "broken" : "created");
}

static void format_command(const struct record *record, char *text, size_t size)
{
	size_t used = 0;

	text[0] = '\0';
	for (int i = 0; record->command[i] && used + 1 < size; i++)
		used += (size_t)snprintf(text + used, size - used, "%s%s", i ? " " : "", record->command[i]);
	if (used >= size && size > 4)
		strcpy(text + size - 4, "...");
}

static int print_container(struct record *record, void *context)
{
	const struct listing *listing = context;
	enum record_status status = record_live_status(record);
	char status_text[32], command[25], created[32];
	struct tm when;

	if (!listing->all && status != STATUS_RUNNING)
		return 0;
	format_status(record, status_text, sizeof(status_text));
	format_command(record, command, sizeof(command));
	if (!localtime_r(&record->created, &when) || !strftime(created, sizeof(created), "%Y-%m-%d %H:%M:%S", &when))
		snprintf(created, sizeof(created), "?");
	printf("%-12s  %-16s  %-10s  %-7d  %-12s  %-24s  %-19s  %s\n", record->id, record->name,
	       record->image[0] ? record->image : "?", status == STATUS_RUNNING ? (int)record->init.pid : 0, status_text,
	       command, created, record->ip[0] ? record->ip : "-");
	return 0;
}

int command_ps(struct mydocker *mydocker, int argc, char **argv)
{
	bool seen[2] = { false, false };
	const char *values[2] = { NULL, NULL };
	struct listing listing;

	if (parse_flags(argc, argv, "ah", "", seen, values) < 0 || seen[1]) {
		fprintf(seen[1] ? stdout : stderr, "usage: mydocker ps [-a]\nLists running containers; -a: all of them.\n");
		return seen[1] ? 0 : 2;
	}
	listing.all = seen[0];
	printf("%-12s  %-16s  %-10s  %-7s  %-12s  %-24s  %-19s  %s\n", "ID", "NAME", "IMAGE", "PID", "STATUS", "COMMAND",
	       "CREATED", "IP");
	return record_each(mydocker->root, print_container, &listing) < 0 ? 1 : 0;
}
