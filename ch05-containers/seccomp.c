/* The seccomp filter: a small BPF program the kernel runs at every system
 * call of the container. It refuses with EPERM what reaches past the
 * namespaces (mount, new namespaces, kernel keys, modules, BPF, io_uring,
 * reboot, typing into a terminal, vsock...), in the spirit of Docker's
 * default profile; everything else is allowed.
 * libseccomp writes the BPF (and checks the architecture first, since
 * another architecture's numbers mean other calls); `--trace` shows the
 * program it made, instruction by instruction, as the kernel will run it.
 * seccomp(2), seccomp_rule_add(3), Documentation/userspace-api/seccomp_filter.rst. */
#include "security.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <seccomp.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.h"
#include "trace.h"

/* Refused outright, by name: libseccomp knows each architecture's number,
 * and skips a name the architecture does not have (umount on x86_64 is). */
static const char *const refused_calls[] = {
	"mount", "umount", "umount2", "pivot_root", "unshare", "setns", "keyctl", "add_key", "request_key", "bpf",
	"perf_event_open", "userfaultfd", "kexec_load", "kexec_file_load", "init_module", "finit_module", "delete_module",
	"reboot", "swapon", "swapoff", "acct", "open_by_handle_at", "name_to_handle_at", "fsopen", "fsmount",
	"move_mount", "open_tree", "fspick", "mount_setattr", "quotactl", "lookup_dcookie", "settimeofday",
	"clock_settime", "clock_adjtime", "adjtimex", "syslog", "vhangup", "uselib",
};

/* clone is allowed (fork, threads) unless it asks for a namespace: one rule
 * per flag, each "this bit set" (arg & flag == flag). clone's flags are an
 * unsigned long to the system call (kernel/fork.c then keeps the low 32
 * bits); every namespace bit is below bit 32 and the mask is that one bit,
 * so the high half can neither hide a namespace nor fake one. */
static const unsigned long namespace_flags[] = {
	CLONE_NEWNS, CLONE_NEWUTS, CLONE_NEWIPC, CLONE_NEWUSER, CLONE_NEWPID, CLONE_NEWNET, CLONE_NEWCGROUP,
};

/* A filter sees every argument as 64 bits, but the kernel reads some as an
 * int and drops the high half: ioctl's request is an unsigned int cmd
 * (fs/ioctl.c), socket's domain an int. Compared whole, 0x100000000|TIOCSTI
 * differs from TIOCSTI and passes, while the kernel still runs TIOCSTI
 * (CVE-2019-10063, Flatpak's bypass). So these compare the low 32 bits only. */
#define LOW_32_BITS 0xffffffffULL

/* Refused when one argument, read as the kernel reads it, has one value. */
static const struct refused_argument {
	const char *call;
	unsigned int argument;
	unsigned long long value;
} refused_arguments[] = {
	/* ioctl(fd, TIOCSTI/TIOCLINUX) types into a terminal (CVE-2017-5226):
	 * with -i the caller's own. */
	{ "ioctl", 1, TIOCSTI },
	{ "ioctl", 1, TIOCLINUX },
	/* socket(AF_VSOCK) talks to the hypervisor or its other guests, past
	 * the network namespace (Docker's profile refuses it). */
	{ "socket", 0, AF_VSOCK },
};

/* Refused outright as well, but in a table of their own: io_uring runs
 * system calls in kernel threads a filter never sees, and has been a
 * steady source of kernel holes (Docker's default profile refuses it). */
static const char *const io_uring_calls[] = { "io_uring_setup", "io_uring_enter", "io_uring_register" };

static int refuse_by_name(scmp_filter_ctx filter, const char *const *names, size_t count)
{
	int result = 0;

	for (size_t i = 0; i < count; i++) {
		int number = seccomp_syscall_resolve_name(names[i]);

		if (number != __NR_SCMP_ERROR)
			result |= seccomp_rule_add(filter, SCMP_ACT_ERRNO(EPERM), number, 0);
	}
	return result;
}

static int add_rules(scmp_filter_ctx filter)
{
	int result = refuse_by_name(filter, refused_calls, sizeof(refused_calls) / sizeof(refused_calls[0]));

	result |= refuse_by_name(filter, io_uring_calls, sizeof(io_uring_calls) / sizeof(io_uring_calls[0]));
	for (size_t i = 0; i < sizeof(namespace_flags) / sizeof(namespace_flags[0]); i++)
		result |= seccomp_rule_add(filter, SCMP_ACT_ERRNO(EPERM), SCMP_SYS(clone), 1,
					   SCMP_A0(SCMP_CMP_MASKED_EQ, namespace_flags[i], namespace_flags[i]));
	/* clone3 hides its flags in memory a filter cannot read: ENOSYS, and
	 * the C library falls back to clone, whose flags it can. */
	result |= seccomp_rule_add(filter, SCMP_ACT_ERRNO(ENOSYS), SCMP_SYS(clone3), 0);
	for (size_t i = 0; i < sizeof(refused_arguments) / sizeof(refused_arguments[0]); i++) {
		const struct refused_argument *rule = &refused_arguments[i];
		struct scmp_arg_cmp low_half = { rule->argument, SCMP_CMP_MASKED_EQ, LOW_32_BITS, rule->value };

		result |= seccomp_rule_add(filter, SCMP_ACT_ERRNO(EPERM), seccomp_syscall_resolve_name(rule->call), 1,
					   low_half);
	}
	return result == 0 ? 0 : -1;
}

int seccomp_install(void)
{
	scmp_filter_ctx filter = seccomp_init(SCMP_ACT_ALLOW);
	int result = -1;

	if (!filter || add_rules(filter) < 0) {
		log_error("seccomp: cannot build the filter");
		goto out;
	}
	/* Without CAP_SYS_ADMIN, only a process with no_new_privs may install
	 * a filter; init set it just before (libseccomp would set it too). */
	if (trace_enabled()) {
		trace_note("the seccomp filter, as BPF:");
		seccomp_export_pfc(filter, STDERR_FILENO);
	}
	result = seccomp_load(filter);
	errno = result < 0 ? -result : 0;
	result = (int)trace_call("seccomp_load", "the default profile", result < 0 ? -1 : 0, errno);
out:
	if (filter)
		seccomp_release(filter);
	return result;
}
