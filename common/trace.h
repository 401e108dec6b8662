/* The narration layer: every kernel call the chapters teach goes through one
 * of these thin wrappers. With tracing on (--trace, or MYDOCKER_TRACE=1) each
 * prints, from the side that made it:
 *     [parent] clone(CLONE_NEWUTS|SIGCHLD) = 4242
 *     [init]   mount("proc", "/proc", "proc", MS_NOSUID|MS_NODEV|MS_NOEXEC, NULL) = 0
 *     [init]   mount(...) = -1 EPERM (mounting needs CAP_SYS_ADMIN ...)
 * A failure is reported once, with the hint a book reader needs, traced or
 * not; then the wrapper returns -1 with errno kept, and the caller decides.
 * k_ means "a kernel call, narrated". See syscalls(2) for each call. */
#ifndef MYDOCKER_TRACE_H
#define MYDOCKER_TRACE_H

#include <stdbool.h>
#include <sys/types.h>

/* Reads MYDOCKER_TRACE from the environment; a --trace flag calls
 * trace_enable(true) after it. MYDOCKER_TRACE=timing does not narrate
 * calls: it times the runtime's steps (trace_step_time). */
void trace_init(const char *side);
void trace_enable(bool on);
bool trace_enabled(void);
/* "parent", "init", "child": who is speaking, shown as [side]. */
void trace_set_side(const char *side);

/* The next k_ call may fail on purpose (a demo of EPERM): its failure is
 * traced but not reported as an error. */
void k_expect_failure(void);

/* MYDOCKER_TRACE=timing: the steps say how long they took. */
bool trace_timing(void);
/* Microseconds on the monotonic clock (the same in every process). */
long long trace_clock_us(void);
/* With timing on, prints `[side] step "name" N us`: the time since
 * started_us (from trace_clock_us). */
void trace_step_time(const char *name, long long started_us);

/* Prints one trace line (when tracing) for a call made elsewhere, and on
 * failure the error line with its hint. args is the text between the
 * parentheses. Returns result, with errno as it was. */
long trace_call(const char *call, const char *args, long result, int error);

/* Whether a wrapper must format its call's text: tracing is on, or the
 * call failed (the error names it). Else it clears k_expect_failure and the
 * wrapper returns at once: formatting costs more than many calls do. */
bool trace_call_needed(long result);

/* A free-form narration line on the trace ("[parent] writing the command to
 * the pipe"), only when tracing. */
void trace_note(const char *format, ...) __attribute__((format(printf, 1, 2)));

/* The hint for a failed call, or NULL. object: the path or argument text. */
const char *trace_hint(const char *call, const char *object, int error);

/* Quotes text the way strace does, at most max characters of it. */
void trace_quote(char *buf, size_t size, const char *text, size_t max);

pid_t k_clone(int (*function)(void *), void *stack_top, unsigned long flags, void *argument);
/* clone3(2) with CLONE_INTO_CGROUP: like fork(2), 0 in the child, which
 * starts in the cgroup v2 directory open as cgroup_fd. */
pid_t k_clone3_into_cgroup(unsigned long flags, int cgroup_fd);
int k_unshare(unsigned long flags);
int k_setns(int fd, int namespace_type, const char *path);
int k_mount(const char *source, const char *target, const char *type, unsigned long flags, const char *data);
int k_umount2(const char *target, int flags);
int k_pivot_root(const char *new_root, const char *put_old);
int k_chroot(const char *path);
int k_chdir(const char *path);
int k_sethostname(const char *name);
int k_mkdir(const char *path, mode_t mode);
int k_rmdir(const char *path);
int k_mknod(const char *path, mode_t mode, dev_t device);
int k_kill(pid_t pid, int signal_number);
/* Returns only on failure. */
int k_execve(const char *path, char *const argv[], char *const envp[]);

#endif
