/* The seccomp filter: a small BPF program the kernel runs at every system
 * call of the container. It refuses with EPERM what reaches past the
 * namespaces (mount, new namespaces, kernel keys, modules, BPF, reboot...),
 * in the spirit of Docker's default profile; everything else is allowed.
 * Written by hand, without libseccomp, to show what the kernel runs.
 * seccomp(2), Documentation/userspace-api/seccomp_filter.rst. */
#include "security.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <sched.h>
#include <stddef.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "log.h"
#include "trace.h"

#if defined(__x86_64__)
#define FILTER_ARCH AUDIT_ARCH_X86_64
#elif defined(__aarch64__)
#define FILTER_ARCH AUDIT_ARCH_AARCH64
#else
#error "seccomp.c: add this architecture's AUDIT_ARCH"
#endif

/* Refused outright. */
static const int refused_calls[] = {
	SYS_mount, SYS_umount2, SYS_pivot_root, SYS_unshare, SYS_setns, SYS_keyctl, SYS_add_key, SYS_request_key,
	SYS_bpf, SYS_perf_event_open, SYS_userfaultfd, SYS_kexec_load, SYS_kexec_file_load, SYS_init_module,
	SYS_finit_module, SYS_delete_module, SYS_reboot, SYS_swapon, SYS_swapoff, SYS_acct, SYS_open_by_handle_at,
	SYS_fsopen, SYS_fsmount, SYS_move_mount, SYS_open_tree, SYS_fspick, SYS_mount_setattr, SYS_quotactl, SYS_lookup_dcookie, SYS_settimeofday,
	SYS_clock_settime, SYS_clock_adjtime, SYS_adjtimex, SYS_syslog, SYS_name_to_handle_at, SYS_vhangup,
#ifdef SYS_umount
	SYS_umount,
#endif
#ifdef SYS_uselib
	SYS_uselib,
#endif
};
#define REFUSED_COUNT (sizeof(refused_calls) / sizeof(refused_calls[0]))

/* clone is allowed (fork, threads) unless it asks for a namespace. */
#define NAMESPACE_FLAGS (CLONE_NEWNS | CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_NEWCGROUP)

#define LOAD(offset) BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (offset))
#define RETURN(value) BPF_STMT(BPF_RET | BPF_K, (value))
#define ERRNO(error) RETURN(SECCOMP_RET_ERRNO | ((error) & SECCOMP_RET_DATA))

int seccomp_install(void)
{
	struct sock_filter program[4 + REFUSED_COUNT + 14];
	unsigned count = 0;
	struct sock_fprog filter = { .filter = program };
	long result;

	/* Another architecture's numbers (i386 on x86_64) mean other calls. */
	program[count++] = (struct sock_filter)LOAD(offsetof(struct seccomp_data, arch));
	program[count++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, FILTER_ARCH, 1, 0);
	program[count++] = (struct sock_filter)RETURN(SECCOMP_RET_KILL_PROCESS);
	program[count++] = (struct sock_filter)LOAD(offsetof(struct seccomp_data, nr));
	for (size_t i = 0; i < REFUSED_COUNT; i++) {
		/* Equal: jump over the rest to the EPERM at the end. */
		unsigned to_eperm = (unsigned)(REFUSED_COUNT - i - 1) + 13;

		program[count++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (unsigned)refused_calls[i],
								 (unsigned char)to_eperm, 0);
	}
	/* clone3 hides its flags in memory a filter cannot read: ENOSYS, and
	 * the C library falls back to clone, whose flags it can. */
	program[count++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone3, 0, 1);
	program[count++] = (struct sock_filter)ERRNO(ENOSYS);
	/* ioctl TIOCSTI and TIOCLINUX type into a terminal (CVE-2017-5226):
	 * with -i the caller's own. */
	program[count++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_ioctl, 0, 4);
	program[count++] = (struct sock_filter)LOAD(offsetof(struct seccomp_data, args[1]));
	program[count++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCSTI, 8, 0);
	program[count++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, TIOCLINUX, 7, 0);
	program[count++] = (struct sock_filter)RETURN(SECCOMP_RET_ALLOW);
	program[count++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, SYS_clone, 1, 0);
	program[count++] = (struct sock_filter)RETURN(SECCOMP_RET_ALLOW);
	/* clone's flags: x86_64 passes them first; the low 32 bits suffice. */
	program[count++] = (struct sock_filter)LOAD(offsetof(struct seccomp_data, args[0]));
	program[count++] = (struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, NAMESPACE_FLAGS, 0, 1);
	program[count++] = (struct sock_filter)ERRNO(EPERM);
	program[count++] = (struct sock_filter)RETURN(SECCOMP_RET_ALLOW);
	/* The refused calls land here. */
	program[count++] = (struct sock_filter)ERRNO(EPERM);
	filter.len = (unsigned short)count;
	/* Without CAP_SYS_ADMIN, only a process with no_new_privs may install
	 * a filter; init set it just before. */
	result = prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &filter, 0, 0);
	return (int)trace_call("prctl", "PR_SET_SECCOMP, SECCOMP_MODE_FILTER, the default profile", result, errno);
}
