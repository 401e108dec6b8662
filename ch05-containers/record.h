/* A container's record: what `ps`, `logs`, `exec`, `stop`, `rm` and `commit`
 * know of it, kept as JSON in STATE/containers/NAME/config.json, written whole
 * (temp file, fsync, rename) so a reader never sees half of one. jansson. */
#ifndef MYDOCKER_RECORD_H
#define MYDOCKER_RECORD_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>
#include <time.h>

#include "store.h"

#define RECORD_MAX_ARGS 256
#define RECORD_MAX_ENV 128

enum record_status { STATUS_CREATED, STATUS_RUNNING, STATUS_EXITED, STATUS_BROKEN };

/* A process is its PID and its start time (field 22 of /proc/PID/stat, in
 * clock ticks since boot): PIDs are reused, the pair is not. */
struct process_identity {
	pid_t pid;
	unsigned long long start_time;
};

struct record {
	char id[16];
	char name[CONTAINER_NAME_MAX + 1];
	char image[PATH_MAX];
	char *command[RECORD_MAX_ARGS + 1];   /* owned strings, NULL-terminated */
	char *env[RECORD_MAX_ENV + 1];
	time_t created;
	enum record_status status;
	int exit_code;                        /* valid when exited; -1 unknown */
	struct process_identity init;         /* the container's PID 1, on the host */
	struct process_identity monitor;      /* the runtime process waiting for it */
	bool detached;
	bool remove_on_exit;                  /* --rm */
	char cgroup[96];                      /* the cgroup's name, "" when none */
	char ip[64];                          /* chapter 6: its address, "" when none */
	char network[64];
	char ports[256];                      /* chapter 6: "8080:80,8443:443" */
};

/* JSON text of a record; NULL on failure. free() it. */
char *record_to_json(const struct record *record);
/* Parses JSON text into record (strings copied). 0, or -1 with *why. */
int record_from_json(const char *text, struct record *record, const char **why);
void record_free(struct record *record);

/* STATE/containers/NAME/config.json */
int record_path(const char *root, const char *name, char *path, size_t size);
/* Writes the record atomically. 0 or -1 (reported). */
int record_save(const char *root, const struct record *record);
/* Loads NAME's record; a truncated or unparsable one loads as STATUS_BROKEN
 * with only its name filled in. 0, or -1 when there is none (reported
 * unless quiet). */
int record_load(const char *root, const char *name, struct record *record, bool quiet);

/* Reads a process's identity now; -1 when it does not exist or has ended
 * (a zombie). */
int process_identity_of(pid_t pid, struct process_identity *identity);
/* True when the process recorded is the one alive under that PID. */
bool process_is_alive(const struct process_identity *identity);

/* The status as ps shows it, checked against the kernel: a record saying
 * running whose init is gone (or whose PID now names another process) is
 * exited. */
enum record_status record_live_status(const struct record *record);

/* Calls visit for every container of the state root, sorted by creation.
 * Returns how many, or -1. */
int record_each(const char *root, int (*visit)(struct record *record, void *context), void *context);

/* Finds a container by name, ID, or a unique prefix of its ID; fills name.
 * 0 or -1 (reported: none, or ambiguous). */
int record_find(const char *root, const char *name_or_id, char *name, size_t size);

#endif
