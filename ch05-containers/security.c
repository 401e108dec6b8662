/* --privileged, --cap-add, --cap-drop, and the capability drop; see
 * security.h. capabilities(7), capset(2), prctl(2). */
#include "security.h"

#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "trace.h"

/* capabilities(7), by number. */
static const char *const capability_names[] = {
	"CHOWN", "DAC_OVERRIDE", "DAC_READ_SEARCH", "FOWNER", "FSETID", "KILL", "SETGID", "SETUID", "SETPCAP",
	"LINUX_IMMUTABLE", "NET_BIND_SERVICE", "NET_BROADCAST", "NET_ADMIN", "NET_RAW", "IPC_LOCK", "IPC_OWNER",
	"SYS_MODULE", "SYS_RAWIO", "SYS_CHROOT", "SYS_PTRACE", "SYS_PACCT", "SYS_ADMIN", "SYS_BOOT", "SYS_NICE",
	"SYS_RESOURCE", "SYS_TIME", "SYS_TTY_CONFIG", "MKNOD", "LEASE", "AUDIT_WRITE", "AUDIT_CONTROL", "SETFCAP",
	"MAC_OVERRIDE", "MAC_ADMIN", "SYSLOG", "WAKE_ALARM", "BLOCK_SUSPEND", "AUDIT_READ", "PERFMON", "BPF",
	"CHECKPOINT_RESTORE",
};
#define CAPABILITY_COUNT ((int)(sizeof(capability_names) / sizeof(capability_names[0])))
#define ALL_CAPABILITIES ((UINT64_C(1) << CAPABILITY_COUNT) - 1)

static int set_privileged(struct container *container, const char *value)
{
	(void)value;
	say("--privileged: NO seccomp filter, ALL capabilities, no masked /proc paths, every device: "
	    "the container's root is the host's root");
	return message_add(&container->config, "privileged", "yes");
}

static int add_capability_option(struct container *container, const char *key, const char *value)
{
	if (strcasecmp(value, "ALL") != 0 && capability_number(value) < 0) {
		log_error("--%s %s: no such capability (capabilities(7))", key, value);
		return -1;
	}
	return message_add(&container->config, key, value);
}

static int add_capability(struct container *container, const char *value)
{
	return add_capability_option(container, "cap-add", value);
}

static int drop_capability(struct container *container, const char *value)
{
	return add_capability_option(container, "cap-drop", value);
}

const struct run_option security_run_options[] = {
	{ "privileged", 0, NULL, set_privileged, "turn off seccomp, the capability drop, masks and the device list (loudly)" },
	{ "cap-add", 0, "CAP", add_capability, "keep a capability beyond the default 13 (NET_RAW, NET_ADMIN, ALL...)" },
	{ "cap-drop", 0, "CAP", drop_capability, "drop one of the default 13 capabilities (ALL...)" },
	{ NULL, 0, NULL, NULL, NULL },
};

bool container_is_privileged(struct container *container)
{
	const char *cursor = NULL;
	const char *value = message_next(&container->config, "privileged", &cursor);

	return value && strcmp(value, "yes") == 0;
}

int capability_number(const char *name)
{
	if (strncasecmp(name, "CAP_", 4) == 0)
		name += 4;
	for (int i = 0; i < CAPABILITY_COUNT; i++)
		if (strcasecmp(name, capability_names[i]) == 0)
			return i;
	return -1;
}

/* The bits of a list of names; -1 at the first unknown one. */
static int capability_bits(char **names, uint64_t *bits, const char **why)
{
	*bits = 0;
	for (int i = 0; names && names[i]; i++) {
		int number = capability_number(names[i]);

		if (strcasecmp(names[i], "ALL") == 0) {
			*bits = ALL_CAPABILITIES;
		} else if (number < 0) {
			*why = "no such capability";
			return -1;
		} else {
			*bits |= UINT64_C(1) << number;
		}
	}
	return 0;
}

int capability_set(uint64_t start, char **adds, char **drops, uint64_t *set, const char **why)
{
	uint64_t added, dropped;

	if (capability_bits(adds, &added, why) < 0 || capability_bits(drops, &dropped, why) < 0)
		return -1;
	*set = (start | added) & ~dropped;
	return 0;
}

/* The highest capability this kernel knows. */
static int last_capability(void)
{
	char text[16];

	if (read_file("/proc/sys/kernel/cap_last_cap", text, sizeof(text), true) < 0)
		return CAPABILITY_COUNT - 1;
	return atoi(text);
}

/* Bounding set first (dropping needs CAP_SETPCAP, which capset may take
 * away), then effective and permitted, then ambient. The inheritable and
 * ambient sets stay empty: a capability in them passes through execve to a
 * program with file capabilities (inheritable) or to any program (ambient),
 * past what the container was meant to keep (CVE-2022-24769). */
static int keep_only_capabilities(uint64_t keep)
{
	struct __user_cap_header_struct header = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct data[2] = { { 0 } };
	char args[64];
	int result;

	for (int cap = 0; cap <= last_capability(); cap++)
		if (!(keep & (UINT64_C(1) << cap)) && prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) < 0 && errno != EINVAL) {
			log_errno("prctl(PR_CAPBSET_DROP, %d)", cap);
			return -1;
		}
	data[0].effective = data[0].permitted = (uint32_t)keep;
	data[1].effective = data[1].permitted = (uint32_t)(keep >> 32);
	snprintf(args, sizeof(args), "effective=permitted=%016" PRIx64 ", inheritable=0", keep);
	result = (int)syscall(SYS_capset, &header, data);
	if (trace_call("capset", args, result, errno) < 0)
		return -1;
	result = prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	return (int)trace_call("prctl", "PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL", result, errno);
}

/* no_new_privs: no setuid binary or file capability can give more back. */
static int set_no_new_privileges(void)
{
	int result = prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);

	return (int)trace_call("prctl", "PR_SET_NO_NEW_PRIVS, 1", result, errno);
}

int init_drop_capabilities(struct container *container)
{
	char **adds = message_values(&container->config, "cap-add");
	char **drops = message_values(&container->config, "cap-drop");
	const char *why = NULL;
	uint64_t keep;
	int result = -1;

	if (container_is_privileged(container)) {
		trace_note("--privileged: every capability kept, no no_new_privs");
		result = 0;
	} else if (!adds || !drops || capability_set(DEFAULT_CAPABILITIES, adds, drops, &keep, &why) < 0) {
		log_error("capabilities: %s", why ? why : "out of memory");
	} else if (keep_only_capabilities(keep) == 0 && set_no_new_privileges() == 0) {
		result = 0;
	}
	free(adds);
	free(drops);
	return result;
}

/* CVE-2024-21626: a working directory inherited from outside (a leaked fd
 * of the host's cgroupfs) shows as "(unreachable)/..." or fails. */
int init_check_working_directory(struct container *container)
{
	char directory[PATH_MAX];

	(void)container;
	if (k_chdir("/") < 0)
		return -1;
	if (!getcwd(directory, sizeof(directory)) || directory[0] != '/') {
		log_error("the working directory is outside the container's root");
		return -1;
	}
	return 0;
}

int init_filter_system_calls(struct container *container)
{
	if (container_is_privileged(container)) {
		trace_note("--privileged: no seccomp filter");
		return 0;
	}
	return seccomp_install();
}

/* One hex field of /proc/PID/status ("CapBnd:\t000001ffffffffff"). */
static int status_field(const char *text, const char *field, uint64_t *value)
{
	const char *at = strstr(text, field);

	if (!at)
		return -1;
	*value = strtoull(at + strlen(field), NULL, 16);
	return 0;
}

int security_of_process(pid_t pid, struct process_security *security)
{
	char path[64], text[4096];
	uint64_t no_new_privs = 0, seccomp = 0;

	snprintf(path, sizeof(path), "/proc/%d/status", (int)pid);
	if (read_file(path, text, sizeof(text), false) < 0 || status_field(text, "\nCapBnd:", &security->bounding) < 0 ||
	    status_field(text, "\nNoNewPrivs:", &no_new_privs) < 0 || status_field(text, "\nSeccomp:", &seccomp) < 0) {
		log_error("cannot read the capabilities of the container's init (%s)", path);
		return -1;
	}
	security->no_new_privs = no_new_privs != 0;
	security->filtered = seccomp != 0;
	return 0;
}

int security_apply_for_exec(const struct process_security *security)
{
	if (init_check_working_directory(NULL) < 0 || keep_only_capabilities(security->bounding) < 0)
		return -1;
	if (security->no_new_privs && set_no_new_privileges() < 0)
		return -1;
	return security->filtered ? seccomp_install() : 0;
}
