/* A container's record; see record.h. jansson(3): json_pack, json_unpack. */
#include "record.h"

#include <dirent.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "file.h"
#include "log.h"
#include "statefile.h"

static const char *const status_names[] = { "created", "running", "exited", "broken" };

static json_t *string_array(char *const *strings)
{
	json_t *array = json_array();

	for (int i = 0; array && strings[i]; i++)
		if (json_array_append_new(array, json_string(strings[i])) < 0) {
			json_decref(array);
			return NULL;
		}
	return array;
}

static json_t *identity_object(const struct process_identity *identity)
{
	return json_pack("{s:i, s:I}", "pid", (int)identity->pid, "start_time", (json_int_t)identity->start_time);
}

char *record_to_json(const struct record *record)
{
	json_t *object = json_pack(
		"{s:s, s:s, s:s, s:o, s:o, s:I, s:s, s:i, s:o, s:o, s:b, s:b, s:s, s:s, s:s, s:s}", "id", record->id, "name",
		record->name, "image", record->image, "command", string_array(record->command), "env",
		string_array(record->env), "created", (json_int_t)record->created, "status", status_names[record->status],
		"exit_code", record->exit_code, "init", identity_object(&record->init), "monitor",
		identity_object(&record->monitor), "detached", record->detached, "remove_on_exit", record->remove_on_exit,
		"cgroup", record->cgroup, "ip", record->ip, "network", record->network, "ports", record->ports);
	char *text;

	if (!object) {
		log_error("cannot build the record of %s", record->name);
		return NULL;
	}
	text = json_dumps(object, JSON_INDENT(2) | JSON_SORT_KEYS);
	json_decref(object);
	return text;
}

/* Copies a JSON array of strings into a NULL-terminated owned array. */
static int copy_strings(json_t *array, char **strings, size_t max)
{
	size_t index;
	json_t *value;

	if (!json_is_array(array) || json_array_size(array) > max)
		return -1;
	json_array_foreach(array, index, value) {
		if (!json_is_string(value) || !(strings[index] = strdup(json_string_value(value))))
			return -1;
	}
	strings[json_array_size(array)] = NULL;
	return 0;
}

static int copy_text(char *buf, size_t size, const char *text)
{
	return snprintf(buf, size, "%s", text) < (int)size ? 0 : -1;
}

int record_from_json(const char *text, struct record *record, const char **why)
{
	json_t *object = json_loads(text, 0, NULL);
	json_t *command, *env;
	const char *id, *name, *image, *status, *cgroup, *ip, *network, *ports;
	json_int_t created, init_start, monitor_start;
	int init_pid, monitor_pid, exit_code, detached, remove_on_exit;
	int result = -1;

	memset(record, 0, sizeof(*record));
	*why = "not JSON";
	if (!object)
		return -1;
	*why = "a field is missing or of the wrong type";
	if (json_unpack(object, "{s:s, s:s, s:s, s:o, s:o, s:I, s:s, s:i, s:{s:i, s:I}, s:{s:i, s:I}, s:b, s:b, s:s, s:s, s:s, s:s}",
			"id", &id, "name", &name, "image", &image, "command", &command, "env", &env, "created", &created,
			"status", &status, "exit_code", &exit_code, "init", "pid", &init_pid, "start_time", &init_start,
			"monitor", "pid", &monitor_pid, "start_time", &monitor_start, "detached", &detached,
			"remove_on_exit", &remove_on_exit, "cgroup", &cgroup, "ip", &ip, "network", &network, "ports", &ports) < 0)
		goto out;
	*why = "a field is too long or holds a bad value";
	if (copy_text(record->id, sizeof(record->id), id) < 0 || copy_text(record->name, sizeof(record->name), name) < 0 ||
	    copy_text(record->image, sizeof(record->image), image) < 0 ||
	    copy_text(record->cgroup, sizeof(record->cgroup), cgroup) < 0 || copy_text(record->ip, sizeof(record->ip), ip) < 0 ||
	    copy_text(record->network, sizeof(record->network), network) < 0 ||
	    copy_text(record->ports, sizeof(record->ports), ports) < 0 || store_name_problem(record->name) ||
	    copy_strings(command, record->command, RECORD_MAX_ARGS) < 0 || copy_strings(env, record->env, RECORD_MAX_ENV) < 0)
		goto out;
	record->status = STATUS_BROKEN;
	for (int i = STATUS_CREATED; i <= STATUS_EXITED; i++)
		if (strcmp(status, status_names[i]) == 0)
			record->status = (enum record_status)i;
	if (record->status == STATUS_BROKEN || init_pid < 0 || monitor_pid < 0)
		goto out;
	record->created = (time_t)created;
	record->exit_code = exit_code;
	record->init = (struct process_identity){ init_pid, (unsigned long long)init_start };
	record->monitor = (struct process_identity){ monitor_pid, (unsigned long long)monitor_start };
	record->detached = detached;
	record->remove_on_exit = remove_on_exit;
	result = 0;
out:
	if (result < 0)
		record_free(record);
	json_decref(object);
	return result;
}

void record_free(struct record *record)
{
	for (int i = 0; record->command[i]; i++)
		free(record->command[i]);
	for (int i = 0; record->env[i]; i++)
		free(record->env[i]);
	record->command[0] = record->env[0] = NULL;
}

int record_path(const char *root, const char *name, char *path, size_t size)
{
	return path_join(path, size, "%s/containers/%s/config.json", root, name);
}

int record_save(const char *root, const struct record *record)
{
	char path[PATH_MAX];
	char *text = record_to_json(record);
	int result;

	if (!text)
		return -1;
	/* Replaced whole, for readers; not fsynced: a power cut ends every
	 * container, and ps checks a "running" one against the kernel anyway
	 * (an empty record reads as broken, which rm -f removes). */
	result = record_path(root, record->name, path, sizeof(path)) < 0 ? -1 : write_file_atomically(path, text, 0600);
	free(text);
	return result;
}

int record_load(const char *root, const char *name, struct record *record, bool quiet)
{
	static char text[1 << 20];
	char path[PATH_MAX];
	const char *why;

	memset(record, 0, sizeof(*record));
	if (store_name_problem(name) || record_path(root, name, path, sizeof(path)) < 0) {
		if (!quiet)
			log_error("no such container: %s", name);
		return -1;
	}
	if (read_file(path, text, sizeof(text), true) < 0) {
		/* A directory without a record: a start killed before it wrote
		 * one. Still a container, broken, for rm -f. */
		*strrchr(path, '/') = '\0';
		if (!path_exists(path)) {
			if (!quiet)
				log_error("no such container: %s", name);
			return -1;
		}
		text[0] = '\0';
	}
	if (record_from_json(text, record, &why) < 0) {
		/* Still a container: ps shows it broken, rm -f removes it. */
		snprintf(record->name, sizeof(record->name), "%s", name);
		snprintf(record->id, sizeof(record->id), "?");
		record->status = STATUS_BROKEN;
	}
	return 0;
}

int process_identity_of(pid_t pid, struct process_identity *identity)
{
	char path[64], text[1024];
	const char *after_name;
	unsigned long long start = 0;
	char state = '?';

	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	if (pid <= 0 || read_file(path, text, sizeof(text), true) < 0)
		return -1;
	/* The name (field 2) may hold spaces and ')': skip to the last ')'. */
	after_name = strrchr(text, ')');
	/* Then fields 3..: state is 3, starttime is 22, the 20th after ')'. */
	if (!after_name || sscanf(after_name + 2, "%c %*d %*d %*d %*d %*d %*u %*u %*u %*u %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu",
				  &state, &start) != 2)
		return -1;
	/* A zombie has ended; only its parent has not yet read how. */
	if (state == 'Z' || state == 'X')
		return -1;
	identity->pid = pid;
	identity->start_time = start;
	return 0;
}

bool process_is_alive(const struct process_identity *identity)
{
	struct process_identity now;

	return identity->pid > 0 && process_identity_of(identity->pid, &now) == 0 && now.start_time == identity->start_time;
}

enum record_status record_live_status(const struct record *record)
{
	if (record->status == STATUS_RUNNING && !process_is_alive(&record->init))
		return STATUS_EXITED;
	return record->status;
}

struct listed {
	struct record *records;
	int count;
	int capacity;
};

static int compare_created(const void *a, const void *b)
{
	const struct record *left = a, *right = b;

	return left->created < right->created ? -1 : left->created > right->created;
}

int record_each(const char *root, int (*visit)(struct record *record, void *context), void *context)
{
	char path[PATH_MAX];
	struct listed listed = { 0 };
	struct dirent *entry;
	DIR *dir;
	int result = 0;

	if (path_join(path, sizeof(path), "%s/containers", root) < 0)
		return -1;
	if (!(dir = opendir(path)))
		return errno == ENOENT ? 0 : (log_errno("opendir %s", path), -1);
	while ((entry = readdir(dir))) {
		if (entry->d_name[0] == '.' || store_name_problem(entry->d_name))
			continue;
		if (listed.count == listed.capacity) {
			int capacity = listed.capacity ? 2 * listed.capacity : 64;
			struct record *grown = realloc(listed.records, (size_t)capacity * sizeof(*grown));

			if (!grown) {
				result = -1;
				break;
			}
			listed.records = grown;
			listed.capacity = capacity;
		}
		if (record_load(root, entry->d_name, &listed.records[listed.count], true) == 0)
			listed.count++;
	}
	closedir(dir);
	qsort(listed.records, (size_t)listed.count, sizeof(*listed.records), compare_created);
	for (int i = 0; i < listed.count; i++) {
		if (result == 0 && visit(&listed.records[i], context) < 0)
			result = -1;
		record_free(&listed.records[i]);
	}
	free(listed.records);
	return result < 0 ? -1 : listed.count;
}

struct finding {
	const char *wanted;
	char found[CONTAINER_NAME_MAX + 1];
	int matches;
	bool exact;
};

static int match_container(struct record *record, void *context)
{
	struct finding *finding = context;
	size_t length = strlen(finding->wanted);

	if (finding->exact)
		return 0;
	if (strcmp(record->name, finding->wanted) == 0 || strcmp(record->id, finding->wanted) == 0) {
		snprintf(finding->found, sizeof(finding->found), "%s", record->name);
		finding->exact = true;
		finding->matches = 1;
	} else if (length >= 3 && strncmp(record->id, finding->wanted, length) == 0) {
		snprintf(finding->found, sizeof(finding->found), "%s", record->name);
		finding->matches++;
	}
	return 0;
}

int record_find(const char *root, const char *name_or_id, char *name, size_t size)
{
	struct finding finding = { .wanted = name_or_id };

	if (record_each(root, match_container, &finding) < 0)
		return -1;
	if (finding.matches != 1) {
		log_error(finding.matches ? "%s names more than one container: give more of the ID" : "no such container: %s",
			  name_or_id);
		return -1;
	}
	return snprintf(name, size, "%s", finding.found) < (int)size ? 0 : -1;
}
