/* The narration layer; see trace.h. */
#include "trace.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <linux/sched.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysmacros.h>
#include <time.h>
#include <unistd.h>

#include "flags.h"
#include "log.h"
#include "userns.h"

static bool tracing;
static const char *trace_side = "parent";
static bool failure_expected;
static bool timing;

static void trace_printf(const char *format, ...) __attribute__((format(printf, 1, 2)));

void trace_init(const char *side)
{
	const char *value = getenv("MYDOCKER_TRACE");

	trace_side = side;
	timing = value && strcmp(value, "timing") == 0;
	tracing = value && *value && strcmp(value, "0") != 0 && !timing;
}

bool trace_timing(void)
{
	return timing;
}

long long trace_clock_us(void)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (long long)now.tv_sec * 1000000 + now.tv_nsec / 1000;
}

void trace_step_time(const char *name, long long started_us)
{
	if (timing)
		trace_printf("step \"%s\" %lld us", name, trace_clock_us() - started_us);
}

void trace_enable(bool on)
{
	tracing = on;
}

bool trace_enabled(void)
{
	return tracing;
}

void trace_set_side(const char *side)
{
	trace_side = side;
}

void k_expect_failure(void)
{
	failure_expected = true;
}

/* Where the book's readers usually fall, by call and errno. object_part
 * narrows a row to objects whose text contains it. */
struct hint {
	const char *call;
	int error;
	const char *object_part;
	const char *text;
};

static const struct hint hints[] = {
	{ "clone", EPERM, NULL, "creating a namespace needs CAP_SYS_ADMIN: run with sudo, or add a user namespace (./ch01/user --map)" },
	{ "unshare", EPERM, NULL, "creating a namespace needs CAP_SYS_ADMIN: run with sudo, or add a user namespace (./ch01/user --map)" },
	{ "clone", ENOSPC, NULL, "a limit of /proc/sys/user/max_*_namespaces is reached" },
	{ "clone", EUSERS, NULL, "user namespaces nest at most 32 deep" },
	{ "clone3", EBUSY, NULL, "a cgroup v2 group with controllers enabled in its cgroup.subtree_control takes no process" },
	{ "clone3", EOPNOTSUPP, NULL, "CLONE_INTO_CGROUP needs a cgroup v2 directory (not v1, not the hybrid unified tree's)" },
	{ "setns", EPERM, NULL, "joining a namespace needs CAP_SYS_ADMIN in its user namespace" },
	{ "setns", EINVAL, NULL, "a multi-threaded process cannot join a mount or user namespace" },
	{ "mount", EPERM, "proc", "mounting proc needs CAP_SYS_ADMIN over the PID namespace: map a uid, or run with sudo" },
	{ "mount", EPERM, NULL, "mounting needs CAP_SYS_ADMIN in the user namespace that owns this mount namespace" },
	{ "mount", ENODEV, NULL, "this filesystem type is not in the kernel (see /proc/filesystems): aufs is not in mainline, use overlay" },
	{ "mount", EINVAL, "overlay", "overlay refused its options: upper and work on one filesystem, one upperdir, lowerdirs that exist (dmesg says which)" },
	{ "mount", ENOENT, NULL, "the mount point or source does not exist" },
	{ "mount", EROFS, NULL, "the filesystem is read-only" },
	{ "pivot_root", EINVAL, NULL, "new_root must be a mount point (bind it onto itself), / must not be shared (make it private), put_old must be under new_root" },
	{ "pivot_root", EPERM, NULL, "pivot_root needs CAP_SYS_ADMIN in this mount namespace's user namespace" },
	{ "pivot_root", EBUSY, NULL, "new_root or put_old is on the current root's mount (a plain directory, not a mount point): bind-mount new_root onto itself and put put_old inside it" },
	{ "umount2", EBUSY, NULL, "the mount is in use: unmount with MNT_DETACH, or leave it first" },
	{ "umount2", EINVAL, NULL, "not a mount point, or a mount locked by a less privileged namespace" },
	{ "sethostname", EPERM, NULL, "changing the hostname needs CAP_SYS_ADMIN in a UTS namespace of one's own" },
	{ "write", EPERM, "uid_map", "without CAP_SETUID a user may map only its own uid, one id, once" },
	{ "write", EPERM, "gid_map", "without CAP_SETGID a user may map only its own gid, after writing \"deny\" to setgroups" },
	{ "write", ENOSPC, "cgroup.procs", "cpuset.cpus or cpuset.mems of this cgroup is empty: copy the parent's first" },
	{ "write", ENOSPC, "tasks", "cpuset.cpus or cpuset.mems of this cgroup is empty: copy the parent's first" },
	{ "write", EBUSY, "cgroup.procs", "cgroup v2: a group with controllers enabled for its children cannot hold processes (no internal processes)" },
	{ "write", ENOENT, "subtree_control", "this controller is not in the parent's cgroup.controllers: its own parent did not enable it, or cgroup v1 holds it (a hybrid machine)" },
	{ "write", EINVAL, "memsw", "memory.memsw.limit_in_bytes (memory + swap) must be at least memory.limit_in_bytes: write memory first" },
	{ "write", EACCES, NULL, "permission denied: the file is not writable by this user (cgroups need root or delegation)" },
	{ "write", ENOENT, NULL, "no such file: a v1 file name on v2 (or a typo: it is tasks, not task)" },
	{ "mkdir", EACCES, "cgroup", "creating a cgroup needs write access to its parent: root, or a delegated subtree" },
	{ "mkdir", EROFS, NULL, "the filesystem is read-only" },
	{ "rmdir", EBUSY, NULL, "the cgroup still has processes: move or kill them first" },
	{ "bpf", EPERM, NULL, "loading and attaching BPF programs needs CAP_SYS_ADMIN (or CAP_BPF): run with sudo; or a parent cgroup's device program allows none below it (attached without BPF_F_ALLOW_MULTI)" },
	{ "bpf", EINVAL, "BPF_PROG_LOAD", "the verifier refused the program (--trace prints its log), or the kernel lacks CONFIG_CGROUP_BPF" },
	{ "execve", ENOENT, "/proc/self/exe", "this /proc is not this namespace's: a container's proc mount leaked through a shared root (seed 002); repair with mount -t proc proc /proc" },
	{ "execve", ENOENT, NULL, "not found" },
	{ "execve", EACCES, NULL, "not executable (or on a noexec mount)" },
	{ "chroot", EPERM, NULL, "chroot needs CAP_SYS_CHROOT" },
	{ "rtnl_link_add", EPERM, NULL, "creating links needs CAP_NET_ADMIN: run with sudo" },
	{ "rtnl_link_add", EEXIST, NULL, "an interface of that name exists already (ip link show)" },
	{ "rtnl_link_add", EOPNOTSUPP, NULL, "the kernel lacks this link type (modprobe bridge, veth)" },
	{ "rtnl_link_change", EPERM, NULL, "changing links needs CAP_NET_ADMIN: run with sudo" },
	{ "rtnl_addr_add", EEXIST, NULL, "the interface holds this address already" },
	{ "rtnl_route_add", EEXIST, NULL, "this namespace has a default route already" },
};

const char *trace_hint(const char *call, const char *object, int error)
{
	for (size_t i = 0; i < sizeof(hints) / sizeof(hints[0]); i++) {
		if (hints[i].error != error || strcmp(hints[i].call, call) != 0)
			continue;
		if (hints[i].object_part && (!object || !strstr(object, hints[i].object_part)))
			continue;
		return hints[i].text;
	}
	return NULL;
}

void trace_quote(char *buf, size_t size, const char *text, size_t max)
{
	size_t used = 0;

	if (!text) {
		snprintf(buf, size, "NULL");
		return;
	}
	for (size_t i = 0; text[i] && used + 8 < size; i++) {
		unsigned char c = (unsigned char)text[i];

		if (i == 0)
			buf[used++] = '"';
		if (i >= max) {
			used += (size_t)snprintf(buf + used, size - used, "\"...");
			buf[used] = '\0';
			return;
		}
		if (c == '"' || c == '\\')
			used += (size_t)snprintf(buf + used, size - used, "\\%c", c);
		else if (c == '\n')
			used += (size_t)snprintf(buf + used, size - used, "\\n");
		else if (c < 32 || c >= 127)
			used += (size_t)snprintf(buf + used, size - used, "\\x%02x", c);
		else
			buf[used++] = (char)c;
	}
	if (used == 0)
		buf[used++] = '"';
	if (used + 2 <= size) {
		buf[used++] = '"';
		buf[used] = '\0';
	} else {
		buf[size - 1] = '\0';
	}
}

bool trace_call_needed(long result)
{
	if (tracing || result < 0)
		return true;
	failure_expected = false;
	return false;
}

long trace_call(const char *call, const char *args, long result, int error)
{
	bool expected = failure_expected;
	const char *hint = result < 0 ? trace_hint(call, args, error) : NULL;
	char restricted[1024];

	/* A distribution's switch that keeps users out of user namespaces
	 * explains the failure better than the table: say which, and the fix. */
	if (result < 0 && userns_explain_failure(call, args, error, restricted, sizeof(restricted)) == 0)
		hint = restricted;
	const char *name = strerrorname_np(error) ? strerrorname_np(error) : "E?";

	failure_expected = false;
	if (tracing && result >= 0)
		trace_printf("%s(%s) = %ld", call, args, result);
	else if (tracing)
		trace_printf("%s(%s) = -1 %s (%s)", call, args, name, hint ? hint : strerror(error));
	if (result < 0 && !expected && !tracing)
		log_error("%s(%s): %s (%s)%s%s", call, args, strerror(error), name, hint ? "; " : "", hint ? hint : "");
	errno = error;
	return result;
}

/* One line, "[side]   text", in one write(2): lines of the parent and of
 * init, both on one stderr, never cut into each other. */
static void trace_line(const char *format, va_list args)
{
	char line[4096];
	int used = snprintf(line, sizeof(line), "[%s]%*s ", trace_side, (int)(6 - strlen(trace_side)), "");

	if (used < 0 || (size_t)used >= sizeof(line))
		return;
	vsnprintf(line + used, sizeof(line) - (size_t)used - 1, format, args);
	used = (int)strlen(line);
	line[used++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)used) < 0)
		return;
}

static void trace_printf(const char *format, ...)
{
	va_list args;

	va_start(args, format);
	trace_line(format, args);
	va_end(args);
}

void trace_note(const char *format, ...)
{
	va_list args;

	if (!tracing)
		return;
	va_start(args, format);
	trace_line(format, args);
	va_end(args);
}

pid_t k_clone(int (*function)(void *), void *stack_top, unsigned long flags, void *argument)
{
	char args[512];
	pid_t pid;
	int error;

	/* fflush first: the child would print our buffered output twice. */
	fflush(NULL);
	pid = clone(function, stack_top, (int)flags, argument);
	error = errno;
	if (!trace_call_needed(pid))
		return pid;
	clone_flags_to_string(flags, args, sizeof(args));
	return (pid_t)trace_call("clone", args, pid, error);
}

pid_t k_clone3_into_cgroup(unsigned long flags, int cgroup_fd)
{
	struct clone_args clone = { .flags = (flags & ~(unsigned long)CSIGNAL) | CLONE_INTO_CGROUP,
				    .exit_signal = SIGCHLD,
				    .cgroup = (unsigned long long)cgroup_fd };
	char args[600], flag_text[512];
	pid_t pid;
	int error;

	fflush(NULL);
	pid = (pid_t)syscall(SYS_clone3, &clone, sizeof(clone));
	error = errno;
	if (pid == 0 || !trace_call_needed(pid))
		return pid;
	clone_flags_to_string(flags, flag_text, sizeof(flag_text));
	snprintf(args, sizeof(args), "{flags=%s|CLONE_INTO_CGROUP, exit_signal=SIGCHLD, cgroup=%d}", flag_text, cgroup_fd);
	return (pid_t)trace_call("clone3", args, pid, error);
}

int k_unshare(unsigned long flags)
{
	char args[512];
	int result = unshare((int)flags);
	int error = errno;

	if (!trace_call_needed(result))
		return result;
	flags_to_string(flags, clone_flag_names, args, sizeof(args));
	return (int)trace_call("unshare", args, result, error);
}

int k_setns(int fd, int namespace_type, const char *path)
{
	char args[600];
	char type[256];
	char quoted[300];
	int result = setns(fd, namespace_type);
	int error = errno;

	if (!trace_call_needed(result))
		return result;
	flags_to_string((unsigned long)namespace_type, clone_flag_names, type, sizeof(type));
	trace_quote(quoted, sizeof(quoted), path, 200);
	snprintf(args, sizeof(args), "%d=%s, %s", fd, quoted, type);
	return (int)trace_call("setns", args, result, error);
}

int k_mount(const char *source, const char *target, const char *type, unsigned long flags, const char *data)
{
	char args[2048];
	char quoted[4][400];
	char flag_text[400];
	int result = mount(source, target, type, flags, data);
	int error = errno;

	/* The text costs more than many mounts: made only to be shown. */
	if (!trace_call_needed(result))
		return result;
	trace_quote(quoted[0], sizeof(quoted[0]), source, 200);
	trace_quote(quoted[1], sizeof(quoted[1]), target, 200);
	trace_quote(quoted[2], sizeof(quoted[2]), type, 40);
	trace_quote(quoted[3], sizeof(quoted[3]), data, 300);
	flags_to_string(flags, mount_flag_names, flag_text, sizeof(flag_text));
	snprintf(args, sizeof(args), "%s, %s, %s, %s, %s", quoted[0], quoted[1], quoted[2], flag_text, quoted[3]);
	return (int)trace_call("mount", args, result, error);
}

/* The calls that take one path and an argument share this shape. */
static int path_call(const char *call, const char *path, const char *extra, int result, int error)
{
	char args[600];
	char quoted[400];

	trace_quote(quoted, sizeof(quoted), path, 300);
	snprintf(args, sizeof(args), "%s%s%s", quoted, extra ? ", " : "", extra ? extra : "");
	return (int)trace_call(call, args, result, error);
}

int k_umount2(const char *target, int flags)
{
	char flag_text[128];
	int result = umount2(target, flags);
	int error = errno;

	if (!trace_call_needed(result))
		return result;
	flags_to_string((unsigned long)flags, umount_flag_names, flag_text, sizeof(flag_text));
	return path_call("umount2", target, flag_text, result, error);
}

int k_pivot_root(const char *new_root, const char *put_old)
{
	char quoted[400];
	int result = (int)syscall(SYS_pivot_root, new_root, put_old);
	int error = errno;

	if (!trace_call_needed(result))
		return result;
	trace_quote(quoted, sizeof(quoted), put_old, 300);
	return path_call("pivot_root", new_root, quoted, result, error);
}

int k_chroot(const char *path)
{
	int result = chroot(path);

	return trace_call_needed(result) ? path_call("chroot", path, NULL, result, errno) : result;
}

int k_chdir(const char *path)
{
	int result = chdir(path);

	return trace_call_needed(result) ? path_call("chdir", path, NULL, result, errno) : result;
}

int k_sethostname(const char *name)
{
	int result = sethostname(name, strlen(name));
	int error = errno;
	char length[32];

	if (!trace_call_needed(result))
		return result;
	snprintf(length, sizeof(length), "%zu", strlen(name));
	return path_call("sethostname", name, length, result, error);
}

int k_mkdir(const char *path, mode_t mode)
{
	int result = mkdir(path, mode);
	int error = errno;
	char mode_text[16];

	if (!trace_call_needed(result))
		return result;
	snprintf(mode_text, sizeof(mode_text), "0%o", (unsigned)mode);
	return path_call("mkdir", path, mode_text, result, error);
}

int k_rmdir(const char *path)
{
	int result = rmdir(path);

	return trace_call_needed(result) ? path_call("rmdir", path, NULL, result, errno) : result;
}

int k_mknod(const char *path, mode_t mode, dev_t device)
{
	int result = mknod(path, mode, device);
	int error = errno;
	char extra[64];

	if (!trace_call_needed(result))
		return result;
	snprintf(extra, sizeof(extra), "%s|0%o, makedev(%u, %u)", S_ISCHR(mode) ? "S_IFCHR" : S_ISBLK(mode) ? "S_IFBLK" : "S_IF?",
		 (unsigned)(mode & 07777), major(device), minor(device));
	return path_call("mknod", path, extra, result, error);
}

int k_kill(pid_t pid, int signal_number)
{
	char args[64];
	int result = kill(pid, signal_number);
	int error = errno;

	if (!trace_call_needed(result))
		return result;
	snprintf(args, sizeof(args), "%d, SIG%s", (int)pid, sigabbrev_np(signal_number) ? sigabbrev_np(signal_number) : "?");
	return (int)trace_call("kill", args, result, error);
}

static void execve_args(const char *path, char *const argv[], char *args, size_t size)
{
	char quoted[300];
	size_t used;

	trace_quote(quoted, sizeof(quoted), path, 200);
	used = (size_t)snprintf(args, size, "%s, [", quoted);
	for (int i = 0; argv[i] && used < size; i++) {
		trace_quote(quoted, sizeof(quoted), argv[i], 60);
		used += (size_t)snprintf(args + used, size - used, "%s%s", i ? ", " : "", i < 8 ? quoted : "...");
		if (i >= 8)
			break;
	}
	if (used < size)
		snprintf(args + used, size - used, "]");
}

int k_execve(const char *path, char *const argv[], char *const envp[])
{
	char args[1024];
	int error;

	/* Print before the call: on success nothing comes back to print it. */
	if (tracing) {
		execve_args(path, argv, args, sizeof(args));
		trace_printf("execve(%s) ...", args);
	}
	execve(path, argv, envp);
	error = errno;
	if (!tracing)
		execve_args(path, argv, args, sizeof(args));
	return (int)trace_call("execve", args, -1, error);
}
