/* The devices a container may open, as one list (Docker's), and on cgroup
 * v2 the BPF program that enforces it: cgroup v2 has no devices controller,
 * so the kernel asks a BPF_PROG_TYPE_CGROUP_DEVICE program attached to the
 * task's cgroup2 cgroup at every open and mknod of a device node.
 * bpf(2), Documentation/admin-guide/cgroup-v2.rst ("Device controller"). */
#ifndef MYDOCKER_DEVICEFILTER_H
#define MYDOCKER_DEVICEFILTER_H

#include <stddef.h>

/* A major or minor number that matches any. */
#define DEVICE_ANY (-1)

/* One line of the list, as v1's devices.allow reads it: "c 1:3 rwm". */
struct device_rule {
	char type;          /* 'c' character, 'b' block */
	int major, minor;   /* or DEVICE_ANY */
	const char *access; /* r read, w write, m mknod */
	const char *what;   /* for the narration */
};

/* Docker's list; ends with { 0 }. Everything not in it is denied. */
extern const struct device_rule device_allow_list[];

/* "c 1:3 rwm", "c 136:* rwm". */
void device_rule_text(const struct device_rule *rule, char *text, size_t size);

/* Loads device_allow_list as a BPF program (hand-written instructions, no
 * library) and attaches it to the cgroup v2 directory open as cgroup_fd
 * (path names it in messages), with BPF_F_ALLOW_MULTI: a program a
 * sub-cgroup adds runs as well, and cannot override this one. The program
 * then lives as long as the cgroup; our descriptor of it is closed here.
 * Narrated (--trace) as the rules it enforces. 0, or -1 (reported; the
 * verifier's log under --trace). */
int device_filter_attach(int cgroup_fd, const char *path);

#endif
