/* Bit flags turned into the names a reader knows: CLONE_NEWUTS|CLONE_NEWPID,
 * MS_PRIVATE|MS_REC. Unknown bits are shown in hex, never dropped. */
#ifndef MYDOCKER_FLAGS_H
#define MYDOCKER_FLAGS_H

#include <stddef.h>

struct flag_name {
	unsigned long value;
	const char *name;
};

/* Tables end with {0, NULL}. */
extern const struct flag_name clone_flag_names[];
extern const struct flag_name mount_flag_names[];
extern const struct flag_name umount_flag_names[];

/* Writes "A|B|0x40" into buf (always terminated, cut if too small);
 * 0 is written as "0". Returns the length it wanted, like snprintf. */
size_t flags_to_string(unsigned long flags, const struct flag_name *table, char *buf, size_t size);

/* clone(2) flags: namespace and other bits by name, the exit signal in the
 * low byte by its signal name (CLONE_NEWPID|SIGCHLD). */
size_t clone_flags_to_string(unsigned long flags, char *buf, size_t size);

#endif
