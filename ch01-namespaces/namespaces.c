/* The kinds of namespace and how to tell two apart: a namespace is an inode
 * of the nsfs filesystem; /proc/PID/ns/NAME links to it. namespaces(7). */
#include "namespaces.h"

#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>
#include <unistd.h>

#include "log.h"
#include "trace.h"

const struct namespace_kind namespace_kinds[] = {
	{ "user", CLONE_NEWUSER, "user and group IDs, capabilities" },
	{ "uts", CLONE_NEWUTS, "hostname and NIS domain name" },
	{ "ipc", CLONE_NEWIPC, "System V IPC, POSIX message queues" },
	{ "pid", CLONE_NEWPID, "process IDs" },
	{ "mnt", CLONE_NEWNS, "mount points" },
	{ "net", CLONE_NEWNET, "network devices, addresses, ports, routes" },
	{ "cgroup", CLONE_NEWCGROUP, "the cgroup root a process sees" },
	{ NULL, 0, NULL },
};

int namespace_identity(pid_t pid, const char *name, char *buf, size_t size)
{
	char path[64];
	ssize_t length;

	if (pid > 0)
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)pid, name);
	else
		snprintf(path, sizeof(path), "/proc/self/ns/%s", name);
	length = readlink(path, buf, size - 1);
	if (length < 0) {
		log_errno("readlink %s", path);
		return -1;
	}
	buf[length] = '\0';
	return 0;
}

void show_namespaces(pid_t child, unsigned long flags)
{
	char host[64];
	char inside[64];

	for (const struct namespace_kind *kind = namespace_kinds; kind->name; kind++) {
		if (!(flags & kind->flag))
			continue;
		if (namespace_identity(0, kind->name, host, sizeof(host)) < 0 ||
		    namespace_identity(child, kind->name, inside, sizeof(inside)) < 0)
			continue;
		say("/proc/self/ns/%s -> %s, /proc/%d/ns/%s -> %s: %s", kind->name, host, (int)child, kind->name, inside,
		    strcmp(host, inside) ? "a new namespace" : "the same namespace");
	}
}

int enter_throwaway_shared_root(void)
{
	say("making a throwaway mount namespace with a shared root, standing in for a systemd host");
	if (k_unshare(CLONE_NEWNS) < 0)
		return -1;
	/* Private first: the copy of a shared root would still be a peer of the
	 * real host's, and what we mount would reach it. */
	if (k_mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -1;
	return k_mount(NULL, "/", NULL, MS_REC | MS_SHARED, NULL);
}
