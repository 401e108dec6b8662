/* Flag tables for clone(2), mount(2) and umount2(2); see flags.h. */
#include "flags.h"

#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mount.h>

#define FLAG(x) { x, #x }

const struct flag_name clone_flag_names[] = {
	FLAG(CLONE_VM), FLAG(CLONE_FS), FLAG(CLONE_FILES), FLAG(CLONE_SIGHAND),
	FLAG(CLONE_PIDFD), FLAG(CLONE_PTRACE), FLAG(CLONE_VFORK), FLAG(CLONE_PARENT),
	FLAG(CLONE_THREAD), FLAG(CLONE_NEWNS), FLAG(CLONE_SYSVSEM), FLAG(CLONE_SETTLS),
	FLAG(CLONE_PARENT_SETTID), FLAG(CLONE_CHILD_CLEARTID), FLAG(CLONE_UNTRACED),
	FLAG(CLONE_CHILD_SETTID), FLAG(CLONE_NEWCGROUP), FLAG(CLONE_NEWUTS),
	FLAG(CLONE_NEWIPC), FLAG(CLONE_NEWUSER), FLAG(CLONE_NEWPID), FLAG(CLONE_NEWNET),
	FLAG(CLONE_IO), FLAG(CLONE_NEWTIME),
	{ 0, NULL },
};

const struct flag_name mount_flag_names[] = {
	FLAG(MS_RDONLY), FLAG(MS_NOSUID), FLAG(MS_NODEV), FLAG(MS_NOEXEC),
	FLAG(MS_SYNCHRONOUS), FLAG(MS_REMOUNT), FLAG(MS_MANDLOCK), FLAG(MS_DIRSYNC),
	FLAG(MS_NOSYMFOLLOW), FLAG(MS_NOATIME), FLAG(MS_NODIRATIME), FLAG(MS_BIND),
	FLAG(MS_MOVE), FLAG(MS_REC), FLAG(MS_SILENT), FLAG(MS_POSIXACL),
	FLAG(MS_UNBINDABLE), FLAG(MS_PRIVATE), FLAG(MS_SLAVE), FLAG(MS_SHARED),
	FLAG(MS_RELATIME), FLAG(MS_KERNMOUNT), FLAG(MS_I_VERSION), FLAG(MS_STRICTATIME),
	FLAG(MS_LAZYTIME),
	{ 0, NULL },
};

const struct flag_name umount_flag_names[] = {
	FLAG(MNT_FORCE), FLAG(MNT_DETACH), FLAG(MNT_EXPIRE), FLAG(UMOUNT_NOFOLLOW),
	{ 0, NULL },
};

/* Appends text at *used, never past size; *used counts what was wanted. */
static void append(char *buf, size_t size, size_t *used, const char *text)
{
	size_t length = strlen(text);

	if (*used < size)
		snprintf(buf + *used, size - *used, "%s", text);
	*used += length;
}

size_t flags_to_string(unsigned long flags, const struct flag_name *table, char *buf, size_t size)
{
	size_t used = 0;
	unsigned long left = flags;
	char hex[2 + 2 * sizeof(long) + 1];

	if (size > 0)
		buf[0] = '\0';
	if (flags == 0) {
		append(buf, size, &used, "0");
		return used;
	}
	for (const struct flag_name *flag = table; flag->name; flag++) {
		if ((left & flag->value) != flag->value || flag->value == 0)
			continue;
		if (used > 0)
			append(buf, size, &used, "|");
		append(buf, size, &used, flag->name);
		left &= ~flag->value;
	}
	if (left) {
		snprintf(hex, sizeof(hex), "%#lx", left);
		if (used > 0)
			append(buf, size, &used, "|");
		append(buf, size, &used, hex);
	}
	return used;
}

size_t clone_flags_to_string(unsigned long flags, char *buf, size_t size)
{
	unsigned long exit_signal = flags & CSIGNAL;
	size_t used = flags_to_string(flags & ~(unsigned long)CSIGNAL, clone_flag_names, buf, size);
	char signal_text[32];

	if (exit_signal == 0)
		return used;
	if (exit_signal == SIGCHLD)
		snprintf(signal_text, sizeof(signal_text), "SIGCHLD");
	else
		snprintf(signal_text, sizeof(signal_text), "SIG%s", sigabbrev_np((int)exit_signal) ? sigabbrev_np((int)exit_signal) : "?");
	if ((flags & ~(unsigned long)CSIGNAL) == 0)
		used = 0;
	else
		append(buf, size, &used, "|");
	append(buf, size, &used, signal_text);
	return used;
}
