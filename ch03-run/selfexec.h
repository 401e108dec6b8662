/* CVE-2019-5736: a container that can reach the runtime's binary (through
 * /proc/PID/exe of a runtime process inside it, or of an init re-executed
 * from the host's binary) can overwrite it on the host, and the next `run`
 * runs the attacker's code as root. So whatever enters a container runs
 * this program from a file nobody can write:
 *  1. the binary seen through a read-only overlay of its own directory,
 *     mounted detached (fsopen/fsmount: attached nowhere, gone with the
 *     last descriptor): every write is refused with EROFS, and nothing is
 *     copied (runc 1.2 does the same); it needs CAP_SYS_ADMIN over the
 *     caller's mount namespace;
 *  2. else (a user who is not root, a kernel without it) a sealed in-memory
 *     copy: a memfd the binary is copied into, sealed against writing,
 *     shrinking and growing.
 * memfd_create(2), fcntl(2) (F_ADD_SEALS), execveat(2), sendfile(2),
 * fsopen(2), fsconfig(2), fsmount(2), overlayfs(5). */
#ifndef MYDOCKER_SELFEXEC_H
#define MYDOCKER_SELFEXEC_H

#include <stdbool.h>

/* The binary's path on disk, for a protected copy (set by
 * exec_protected_copy): its checkout holds the default image. */
#define SELF_PATH_VARIABLE "MYDOCKER_EXE"

/* True when this process runs from a file nobody can write: a sealed
 * memfd, or a read-only overlay. */
bool running_protected(void);

/* A descriptor (O_CLOEXEC) of this program that nobody can write, by the
 * cheapest way that works here; -1 (reported) when none does. */
int protected_self(void);

/* execveat(2) of protected_self(). Returns only on failure (-1, reported). */
int exec_protected_self(char **argv, char **envp);

/* Unless already running protected: re-executes this program from
 * protected_self(), same argv and environment. Returns 0 when already
 * protected, else only on failure (-1, reported). */
int exec_protected_copy(char **argv);

#endif
