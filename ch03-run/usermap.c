/* Rootless ID maps; see usermap.h. newuidmap and newgidmap are setuid root:
 * they check /etc/subuid and /etc/subgid and write the maps a user may not
 * write alone (one line, one ID, its own). Run with argv, never a shell. */
#include "usermap.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "file.h"
#include "idmap.h"
#include "log.h"
#include "process.h"
#include "trace.h"

extern char **environ;

int subid_find(const char *text, const char *name, unsigned long id, struct subid_range *range)
{
	char owner[64];
	char id_text[24];

	snprintf(id_text, sizeof(id_text), "%lu", id);
	for (const char *line = text; line && *line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : NULL) {
		size_t owner_length = strcspn(line, ":\n");
		unsigned long start, count;
		int used = 0;

		if (owner_length == 0 || owner_length >= sizeof(owner) || line[owner_length] != ':')
			continue;
		memcpy(owner, line, owner_length);
		owner[owner_length] = '\0';
		if (strcmp(owner, id_text) != 0 && (!name || strcmp(owner, name) != 0))
			continue;
		if (sscanf(line + owner_length, ":%lu:%lu%n", &start, &count, &used) != 2 || count == 0 ||
		    (line[owner_length + used] != '\n' && line[owner_length + used] != '\0'))
			continue;
		range->start = start;
		range->count = count;
		return 0;
	}
	return -1;
}

/* The user's range in file (/etc/subuid or /etc/subgid); -1 when none. */
static int subid_range_of(const char *file, const char *name, unsigned long id, struct subid_range *range)
{
	char text[16384];

	if (read_file(file, text, sizeof(text), true) < 0)
		return -1;
	return subid_find(text, name, id, range);
}

bool in_user_namespace(void)
{
	char map[128];

	/* The host's namespace maps every ID to itself: "0 0 4294967295". */
	return read_file("/proc/self/uid_map", map, sizeof(map), true) > 0 && !strstr(map, "4294967295");
}

const struct user_map *user_map_get(void)
{
	static struct user_map map;
	static bool decided;
	struct passwd *user;
	const char *name;

	if (decided)
		return &map;
	decided = true;
	map.uid = getuid();
	map.gid = getgid();
	if (geteuid() == 0)
		return &map;
	user = getpwuid(map.uid);
	name = user ? user->pw_name : NULL;
	map.full = subid_range_of("/etc/subuid", name, map.uid, &map.uids) == 0 &&
		   subid_range_of("/etc/subgid", name, map.uid, &map.gids) == 0 && program_installed("newuidmap") &&
		   program_installed("newgidmap");
	return &map;
}

void user_map_note(void)
{
	static bool said;
	const struct user_map *map = user_map_get();
	struct passwd *user;

	if (said || map->full || geteuid() == 0)
		return;
	said = true;
	user = getpwuid(map->uid);
	say("note: %s has no range in /etc/subuid and /etc/subgid (or newuidmap is missing): only uid %lu is mapped "
	    "(to root inside); other owners in an image become root's",
	    user ? user->pw_name : "this user", map->uid);
}

/* newuidmap PID 0 ID 1 1 START COUNT (or newgidmap): the user is 0, the
 * range is 1..COUNT. */
static int run_map_helper(const char *program, pid_t pid, unsigned long id, const struct subid_range *range)
{
	char pid_text[16], id_text[24], start[24], count[24];
	char *argv[] = { (char *)program, pid_text, "0", id_text, "1", "1", start, count, NULL };
	pid_t helper;
	int error, code;

	snprintf(pid_text, sizeof(pid_text), "%d", (int)pid);
	snprintf(id_text, sizeof(id_text), "%lu", id);
	snprintf(start, sizeof(start), "%lu", range->start);
	snprintf(count, sizeof(count), "%lu", range->count);
	trace_note("%s %s 0 %s 1 1 %s %s", program, pid_text, id_text, start, count);
	error = posix_spawnp(&helper, program, NULL, NULL, argv, environ);
	if (error) {
		errno = error;
		log_errno("run %s", program);
		return -1;
	}
	code = wait_for_exit(helper);
	if (code != 0) {
		log_error("%s %s failed (exit %d): check the range of this user in /etc/sub%cid", program, pid_text, code,
			  program[3]);
		return -1;
	}
	return 0;
}

int user_map_apply(pid_t pid)
{
	const struct user_map *map = user_map_get();
	struct id_map uid_map = { 0, map->uid, 1 };
	struct id_map gid_map = { 0, map->gid, 1 };

	/* newgidmap writes gid_map with setgroups still allowed: it is trusted
	 * to have checked the range, which is why it must run before anyone
	 * denies setgroups. The one-ID map denies it first (write_id_maps). */
	if (!map->full)
		return write_id_maps(pid, &uid_map, &gid_map);
	if (run_map_helper("newuidmap", pid, map->uid, &map->uids) < 0 ||
	    run_map_helper("newgidmap", pid, map->gid, &map->gids) < 0)
		return -1;
	return 0;
}

/* The child's half: a new user namespace, then wait for the map. Only its
 * own ends of the two pipes stay open, so a parent gone means EOF. */
static void enter_new_user_namespace(int to_parent[2], int from_parent[2])
{
	char go;

	close(to_parent[0]);
	close(from_parent[1]);
	if (k_unshare(CLONE_NEWUSER) < 0 || write(to_parent[1], "u", 1) != 1)
		_exit(EXIT_RUNTIME_FAILED);
	close(to_parent[1]);
	/* EOF instead of a byte: the parent could not map us. */
	if (read(from_parent[0], &go, 1) != 1)
		_exit(EXIT_RUNTIME_FAILED);
	close(from_parent[0]);
}

/* Set once a child could not make its user namespace (and said why, with
 * the switch to turn: userns.h): later tries would only say it again. */
static bool user_namespaces_unavailable;

/* The parent's half: wait until the child has its namespace, map it, let
 * it go on. 0, or -1 with the child killed and reaped. */
static int map_child(pid_t pid, int to_parent[2], int to_child[2])
{
	char byte;
	int result = 0;

	close(to_parent[1]);
	close(to_child[0]);
	if (read(to_parent[0], &byte, 1) != 1)
		user_namespaces_unavailable = true;
	if (user_namespaces_unavailable || user_map_apply(pid) < 0 || write(to_child[1], "g", 1) != 1) {
		kill(pid, SIGKILL);
		wait_for_exit(pid);
		result = -1;
	}
	close(to_parent[0]);
	close(to_child[1]);
	return result;
}

pid_t fork_in_user_namespace(void)
{
	int to_parent[2], to_child[2];
	pid_t pid;

	if (geteuid() == 0) {
		fflush(NULL);
		pid = fork();
		if (pid < 0)
			log_errno("fork");
		return pid;
	}
	if (user_namespaces_unavailable) {
		errno = EPERM;
		return -1;
	}
	user_map_get();
	if (pipe2(to_parent, O_CLOEXEC) < 0) {
		log_errno("pipe");
		return -1;
	}
	if (pipe2(to_child, O_CLOEXEC) < 0) {
		log_errno("pipe");
		close(to_parent[0]);
		close(to_parent[1]);
		return -1;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		enter_new_user_namespace(to_parent, to_child);
		return 0;
	}
	if (pid < 0) {
		log_errno("fork");
		for (int i = 0; i < 2; i++) {
			close(to_parent[i]);
			close(to_child[i]);
		}
		return -1;
	}
	return map_child(pid, to_parent, to_child) < 0 ? -1 : pid;
}

pid_t fork_into_user_namespace_of(pid_t pid)
{
	char path[64];
	struct stat own, target;
	pid_t child;
	int fd;

	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0 || stat("/proc/self/ns/user", &own) < 0 || fstat(fd, &target) < 0) {
		log_errno("open %s", path);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	fflush(NULL);
	child = fork();
	if (child < 0)
		log_errno("fork");
	/* A container of root's has no user namespace of its own: nothing to
	 * join (setns to one's own user namespace is EINVAL). */
	if (child == 0 && (own.st_ino != target.st_ino || own.st_dev != target.st_dev) &&
	    k_setns(fd, CLONE_NEWUSER, path) < 0)
		_exit(EXIT_RUNTIME_FAILED);
	close(fd);
	return child;
}
