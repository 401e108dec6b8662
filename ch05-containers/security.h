/* What a container may do once inside: the capabilities it keeps (Docker's
 * 14, changed by --cap-add/--cap-drop), no_new_privs, a seccomp filter that
 * refuses the system calls that reach past the namespaces, and the files of
 * /proc and /sys that tell or change too much, masked or read-only.
 * --privileged turns these off, and says so. capabilities(7), seccomp(2),
 * prctl(2) (PR_CAPBSET_DROP, PR_SET_NO_NEW_PRIVS), proc(5). */
#ifndef MYDOCKER_SECURITY_H
#define MYDOCKER_SECURITY_H

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "options.h"
#include "runtime.h"

/* Docker's default capabilities less NET_RAW, as podman's (forged ARP
 * replies, raw packets; ping works through ping_group_range): CapEff
 * 00000000a80405fb. */
#define DEFAULT_CAPABILITIES 0x00000000a80405fbULL

/* --privileged, --cap-add CAP, --cap-drop CAP. */
extern const struct run_option security_run_options[];

bool container_is_privileged(struct container *container);

/* A capability's number from its name ("NET_ADMIN", "cap_net_admin"),
 * or -1. Pure. */
int capability_number(const char *name);
/* The set kept: start, plus every adds, less every drops (each a
 * NULL-terminated list of names, "ALL" allowed). -1 and *why for an
 * unknown name. Pure. */
int capability_set(uint64_t start, char **adds, char **drops, uint64_t *set, const char **why);

/* init's step right after the overlay: an image whose /proc, /sys or /dev
 * is a symbolic link is refused. */
int init_refuse_linked_kernel_mounts(struct container *container);
/* init's steps, after pivot_root and /proc, /sys: */
int init_mask_paths(struct container *container);
int init_check_working_directory(struct container *container);
int init_drop_capabilities(struct container *container);   /* and no_new_privs */
int init_filter_system_calls(struct container *container); /* seccomp, last */

/* Installs the seccomp filter on this process (and its children). 0 or -1. */
int seccomp_install(void);

/* exec: what the container's init has (its bounding set, no_new_privs,
 * whether it is filtered), read from /proc before joining, and applied to
 * this process after: the command exec'd gets no more than the container. */
struct process_security {
	uint64_t bounding;
	bool no_new_privs;
	bool filtered;
};
int security_of_process(pid_t pid, struct process_security *security);
int security_apply_for_exec(const struct process_security *security);

#endif
