/* CVE-2019-5736: a container that can reach the runtime's binary (through
 * /proc/PID/exe of a runtime process inside it, or of an init it
 * re-executed) can overwrite it on the host, and the next `run` runs the
 * attacker's code as root. So the runtime runs from a sealed, in-memory
 * copy of itself: a memfd nothing can write to, shrink or grow. What a
 * container reaches through /proc/PID/exe is that copy.
 * memfd_create(2), fcntl(2) (F_ADD_SEALS), execveat(2), sendfile(2). */
#ifndef MYDOCKER_SELFEXEC_H
#define MYDOCKER_SELFEXEC_H

#include <stdbool.h>

/* The binary's path on disk, for the copy (set by exec_sealed_copy). */
#define SELF_PATH_VARIABLE "MYDOCKER_EXE"

/* True when this process runs from a sealed copy (its executable carries
 * F_SEAL_WRITE). */
bool running_from_sealed_copy(void);

/* Unless already running from one: copies /proc/self/exe into a memfd,
 * seals it, and execs it with the same argv and environment. Returns 0
 * when already running from one, else only on failure (-1, reported). */
int exec_sealed_copy(char **argv);

#endif
