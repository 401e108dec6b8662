/* Rootless ID maps: a user who is not root becomes root inside the
 * container's user namespace; where /etc/subuid and /etc/subgid grant the
 * user a range of subordinate IDs and the setuid helpers newuidmap and
 * newgidmap (Debian's uidmap) are installed, the range maps IDs 1..COUNT
 * too, so the image's other owners stay distinct. Otherwise only the one
 * user is mapped, and we say so once. user_namespaces(7), subuid(5),
 * newuidmap(1), newgidmap(1). */
#ifndef MYDOCKER_USERMAP_H
#define MYDOCKER_USERMAP_H

#include <stdbool.h>
#include <sys/types.h>

struct subid_range {
	unsigned long start;
	unsigned long count;
};

/* The first line of an /etc/subuid-style text ("OWNER:START:COUNT", OWNER
 * a name or a number) that belongs to user name or id. 0 when found, -1
 * when not. Pure: it reads only text. */
int subid_find(const char *text, const char *name, unsigned long id, struct subid_range *range);

struct user_map {
	bool full;                 /* the ranges below, through newuidmap/newgidmap */
	unsigned long uid, gid;    /* the user, root inside */
	struct subid_range uids, gids;
};

/* Is this process in a user namespace other than the host's? */
bool in_user_namespace(void);

/* How this process maps users, decided once. */
const struct user_map *user_map_get(void);

/* Says, once, that a user who is not root gets only the one-ID map (run
 * calls it when it maps a container; helpers stay quiet). */
void user_map_note(void);

/* As the parent: writes pid's uid_map and gid_map: 0 -> the user, and
 * 1..COUNT -> the subordinate range when there is one. 0 or -1 (reported). */
int user_map_apply(pid_t pid);

/* fork(2), but for a user who is not root the child first enters a new
 * user namespace, mapped as a container's is, and is root there: it can
 * set owners in the range, mount, remove the files the container made.
 * For root, a plain fork. Returns as fork does; -1 is reported (once:
 * when user namespaces cannot be made, later calls fail at once, EPERM). */
pid_t fork_in_user_namespace(void);

/* fork(2) with the child in the user namespace of process pid (setns):
 * it sees owners as the container does and has its rights over them. */
pid_t fork_into_user_namespace_of(pid_t pid);

#endif
