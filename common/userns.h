/* When an unprivileged user namespace cannot be made: the switches some
 * distributions add. Ubuntu 23.10+ (AppArmor,
 * kernel.apparmor_restrict_unprivileged_userns=1), Debian's older kernels
 * (kernel.unprivileged_userns_clone=0), and everywhere
 * user.max_user_namespaces=0 (ENOSPC). user_namespaces(7), sysctl(8),
 * apparmor_parser(8). */
#ifndef MYDOCKER_USERNS_H
#define MYDOCKER_USERNS_H

#include <stdbool.h>
#include <stddef.h>

/* The three switches as read from /proc/sys; -1 where the file is absent. */
struct userns_switches {
	long apparmor_restrict;    /* kernel.apparmor_restrict_unprivileged_userns */
	long unprivileged_clone;   /* kernel.unprivileged_userns_clone (Debian) */
	long max_user_namespaces;  /* user.max_user_namespaces, of this user namespace */
	bool privileged;           /* the caller has CAP_SYS_ADMIN: the first two spare it */
};

/* Writes to line what to do when making a user namespace failed with error
 * (EPERM, EACCES, ENOSPC) under these switches: the sysctl to set, or an
 * AppArmor profile for program, with the commands. 0, or -1 when the
 * switches do not explain the failure. Pure. */
int userns_restriction_hint(const struct userns_switches *switches, int error, const char *program, char *line,
			    size_t size);

/* For the trace layer: when call (clone, unshare, or a write of uid_map)
 * with args failed with error because of a switch, writes the hint to line
 * (reading /proc/sys) and returns 0; else -1. */
int userns_explain_failure(const char *call, const char *args, int error, char *line, size_t size);

#endif
