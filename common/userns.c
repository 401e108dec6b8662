/* Why an unprivileged user namespace could not be made; see userns.h.
 * user_namespaces(7), Documentation/admin-guide/sysctl/user.rst,
 * Ubuntu's "unprivileged user namespace restrictions" (AppArmor 4). */
#include "userns.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"

/* An AppArmor profile that lets one program make user namespaces, and
 * changes nothing else (unconfined), as Ubuntu ships for its own tools;
 * named after the program's path, as /etc/apparmor.d's files are. */
#define APPARMOR_PROFILE                                                                              \
	"printf 'abi <abi/4.0>,\\ninclude <tunables/global>\\nprofile %s flags=(unconfined) {\\n  userns,\\n}\\n' " \
	"| sudo tee /etc/apparmor.d/%s && sudo apparmor_parser -r /etc/apparmor.d/%s"

/* usr.local.bin.mydocker for /usr/local/bin/mydocker. */
static void profile_file_name(const char *program, char *name, size_t size)
{
	snprintf(name, size, "%s", program[0] == '/' ? program + 1 : program);
	for (char *slash = strchr(name, '/'); slash; slash = strchr(slash, '/'))
		*slash = '.';
}

int userns_restriction_hint(const struct userns_switches *switches, int error, const char *program, char *line,
			    size_t size)
{
	char file[PATH_MAX];
	int written = -1;

	profile_file_name(program, file, sizeof(file));
	/* A limit of 0 binds root too; the other two spare a privileged caller. */
	if (error == ENOSPC && switches->max_user_namespaces == 0)
		written = snprintf(line, size,
				   "user namespaces are turned off here (user.max_user_namespaces=0): "
				   "sudo sysctl -w user.max_user_namespaces=15000");
	else if (error != EPERM && error != EACCES)
		return -1;
	else if (switches->privileged)
		return -1;
	else if (switches->unprivileged_clone == 0)
		written = snprintf(line, size,
				   "user namespaces are for root only here (kernel.unprivileged_userns_clone=0): "
				   "sudo sysctl -w kernel.unprivileged_userns_clone=1, or run with sudo");
	else if (switches->apparmor_restrict == 1)
		written = snprintf(line, size,
				   "AppArmor restricts unprivileged user namespaces "
				   "(kernel.apparmor_restrict_unprivileged_userns=1): allow this program with a profile: " APPARMOR_PROFILE
				   " (or, for the whole machine, sudo sysctl -w kernel.apparmor_restrict_unprivileged_userns=0)",
				   program, file, file);
	return written < 0 || (size_t)written >= size ? -1 : 0;
}

/* A number from a /proc/sys file; -1 when absent or unreadable. */
static long read_switch(const char *path)
{
	char text[32];

	return read_file(path, text, sizeof(text), true) < 0 ? -1 : strtol(text, NULL, 10);
}

/* Does the caller hold CAP_SYS_ADMIN in the host's user namespace (the
 * identity uid_map)? The switches spare only such a caller. */
static bool privileged_on_the_host(void)
{
	char text[4096];
	const char *at;

	if (read_file("/proc/self/uid_map", text, sizeof(text), true) < 0 ||
	    strncmp(text + strspn(text, " "), "0", 1) != 0 || !strstr(text, "4294967295"))
		return false;
	if (read_file("/proc/self/status", text, sizeof(text), true) < 0 || !(at = strstr(text, "\nCapEff:")))
		return false;
	return (strtoull(at + strlen("\nCapEff:"), NULL, 16) >> 21) & 1; /* CAP_SYS_ADMIN is 21 */
}

int userns_explain_failure(const char *call, const char *args, int error, char *line, size_t size)
{
	bool making = (strcmp(call, "clone") == 0 || strcmp(call, "unshare") == 0) && args && strstr(args, "CLONE_NEWUSER");
	/* Ubuntu 24.04 makes the namespace but, in its unprivileged_userns
	 * profile, denies every capability there: what fails is the next
	 * step, writing the maps or mounting. */
	bool next_step = strcmp(call, "mount") == 0 ||
			 (strcmp(call, "write") == 0 && args && (strstr(args, "_map") || strstr(args, "setgroups")));
	struct userns_switches switches;
	char program[PATH_MAX];
	ssize_t length;

	if (!making && !next_step)
		return -1;
	switches.apparmor_restrict = read_switch("/proc/sys/kernel/apparmor_restrict_unprivileged_userns");
	if (next_step && switches.apparmor_restrict != 1)
		return -1;
	switches.unprivileged_clone = next_step ? -1 : read_switch("/proc/sys/kernel/unprivileged_userns_clone");
	switches.max_user_namespaces = next_step ? -1 : read_switch("/proc/sys/user/max_user_namespaces");
	switches.privileged = privileged_on_the_host();
	length = readlink("/proc/self/exe", program, sizeof(program) - 1);
	program[length < 0 ? 0 : length] = '\0';
	return userns_restriction_hint(&switches, error, program, line, size);
}
