/* Fault injection; see fault.h. kill(2), pid_namespaces(7). */
#include "fault.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "log.h"

bool fault_matches(const char *where, const char *side, int index, const char *name)
{
	size_t side_length = strlen(side);
	char *end;

	if (!where || !*where)
		return false;
	if (strncmp(where, side, side_length) == 0 && where[side_length] == ':') {
		long number = strtol(where + side_length + 1, &end, 10);

		if (end != where + side_length + 1 && *end == '\0')
			return number == index;
	}
	return strstr(name, where) != NULL;
}

void fault_point(const char *side, int index, const char *name)
{
	if (!fault_matches(getenv(FAULT_VARIABLE), side, index, name))
		return;
	say("%s=%s: dying with SIGKILL before %s step %d (%s)", FAULT_VARIABLE, getenv(FAULT_VARIABLE), side, index,
	    name);
	fflush(NULL);
	kill(getpid(), SIGKILL);
	/* Still here: PID 1 of a namespace ignores its own SIGKILL. */
	_exit(128 + SIGKILL);
}
