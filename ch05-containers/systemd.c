/* The systemd cgroup manager; see systemd.h. A production concern of the
 * final runtime, not a lesson of chapter 2 (whose library writes the
 * cgroup files itself, as the book does): so it lives here, in chapter 5,
 * plugged into run's cgroup steps. systemd makes each container a
 * transient scope, mydocker-NAME.scope in machine.slice, holding init,
 * with the limits as the unit's properties, and Delegate=yes: what is
 * below the scope is ours, and systemd re-applies the limits rather than
 * taking them back. org.freedesktop.systemd1(5) StartTransientUnit,
 * JobRemoved; sd-bus(3); systemd.resource-control(5). */
#include "systemd.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <systemd/sd-bus.h>
#include <unistd.h>

#include "cgroup.h"
#include "containers.h"
#include "file.h"
#include "log.h"
#include "rootless.h"
#include "size.h"
#include "trace.h"

#define SYSTEMD_SERVICE "org.freedesktop.systemd1"
#define SYSTEMD_PATH "/org/freedesktop/systemd1"
#define SYSTEMD_MANAGER "org.freedesktop.systemd1.Manager"
/* Where the scopes go: the system's slice for containers and virtual
 * machines (systemd-nspawn's, podman's), and the user's for applications. */
#define SYSTEM_SLICE "machine.slice"
#define USER_SLICE "app.slice"

/* systemd queues a job and answers at once; the job is done when its
 * JobRemoved signal comes. Bounded: a stuck manager must not hang run. */
enum { JOB_TIMEOUT_USEC = 30 * 1000 * 1000 };

static struct cgroup_manager *manager_of(struct container *container)
{
	return &((struct managed_container *)container->chapter)->cgroup_manager;
}

int set_cgroup_manager(struct container *container, const char *value)
{
	if (strcmp(value, "cgroupfs") != 0 && strcmp(value, "systemd") != 0) {
		log_error("--cgroup-manager %s: cgroupfs or systemd", value);
		return -1;
	}
	manager_of(container)->asked = value;
	return 0;
}

bool systemd_running(void)
{
	static int running = -1;

	if (running < 0)
		running = path_exists("/run/systemd/system");
	return running;
}

/* Why the manager was chosen, for --trace. */
static const char *reason(const struct cgroup_manager *manager)
{
	if (manager->asked)
		return "--cgroup-manager";
	if (manager->user)
		return "not root: the user's own systemd, over the user bus";
	return systemd_running() ? "systemd is PID 1 (/run/systemd/system exists), cgroups v2" : "no systemd here";
}

int cgroup_manager_choose(struct container *container)
{
	struct cgroup_manager *manager = manager_of(container);
	bool asked_systemd = manager->asked && strcmp(manager->asked, "systemd") == 0;
	bool v2 = cgroup_mode() == CGROUP_MODE_V2;

	if (asked_systemd && (!systemd_running() || !v2)) {
		log_error("--cgroup-manager systemd: %s; use --cgroup-manager cgroupfs",
			  !systemd_running() ? "systemd is not running here (no /run/systemd/system)"
					     : "mydocker's systemd manager needs cgroup v2 (this machine's cgroups are not)");
		return -1;
	}
	manager->user = rootless();
	if (manager->user && manager->asked && !asked_systemd && container->has_limits) {
		log_error("--cgroup-manager cgroupfs: a user who is not root writes no cgroup files; the user's systemd "
			  "makes the container's scope (leave the option out)");
		return -1;
	}
	manager->kind = asked_systemd || manager->user || (!manager->asked && systemd_running() && v2)
				? CGROUP_MANAGER_SYSTEMD
				: CGROUP_MANAGER_CGROUPFS;
	if (container->has_limits)
		trace_note("cgroup manager: %s (%s)", manager->kind == CGROUP_MANAGER_SYSTEMD ? "systemd" : "cgroupfs",
			   reason(manager));
	return 0;
}

/* ---- the user's systemd: what it was delegated ---- */

/* user@UID.service's cgroup: what the user's systemd was given. */
static void user_service_directory(char *directory, size_t size)
{
	snprintf(directory, size, "/sys/fs/cgroup/user.slice/user-%u.slice/user@%u.service", getuid(), getuid());
}

/* Why nothing is delegated to this user, or NULL when the user's systemd
 * runs on cgroup v2. */
static const char *why_not_delegated(const char *service)
{
	if (cgroup_mode() != CGROUP_MODE_V2)
		return "only a cgroup v2 subtree can be";
	if (!systemd_running())
		return "no systemd to delegate one";
	if (!path_exists(service))
		return "no systemd user manager for this user (no user@UID.service: log in, or loginctl enable-linger)";
	return NULL;
}

/* Where sd_bus_open_user looks: $DBUS_SESSION_BUS_ADDRESS, else
 * $XDG_RUNTIME_DIR/bus, which a login session (pam_systemd) provides. NULL
 * when it can be tried; else why not, said before anything is made. */
static const char *why_no_user_bus(void)
{
	const char *runtime_directory = getenv("XDG_RUNTIME_DIR");
	char bus[PATH_MAX];

	if (getenv("DBUS_SESSION_BUS_ADDRESS"))
		return NULL;
	if (!runtime_directory || !*runtime_directory)
		return "no user bus: XDG_RUNTIME_DIR is not set (not a login session)";
	if (snprintf(bus, sizeof(bus), "%s/bus", runtime_directory) >= (int)sizeof(bus) || access(bus, F_OK) < 0)
		return "no user bus at $XDG_RUNTIME_DIR/bus (not a login session)";
	return NULL;
}

int systemd_user_delegates(const struct cgroup_limits *limits)
{
	const char *needed[8], *why;
	char service[128], file[160], controllers[256], padded[260], word[40];
	int count = cgroup_controllers_needed(limits, needed, 8);
	struct passwd *user = getpwuid(getuid());

	user_service_directory(service, sizeof(service));
	if ((why = why_not_delegated(service)) || (why = why_no_user_bus())) {
		log_error("limits (-m, --cpu-*, --cpuset, --pids-limit) need cgroups: this machine (cgroups %s) does not "
			  "delegate cgroups to user %s (%s); run without them, or as root",
			  cgroup_mode_name(cgroup_mode()), user ? user->pw_name : "this user", why);
		return -1;
	}
	snprintf(file, sizeof(file), "%s/cgroup.controllers", service);
	if (read_file(file, controllers, sizeof(controllers), false) < 0)
		return -1;
	controllers[strcspn(controllers, "\n")] = '\0';
	snprintf(padded, sizeof(padded), " %s ", controllers);
	for (int i = 0; i < count; i++) {
		snprintf(word, sizeof(word), " %s ", needed[i]);
		if (strcmp(needed[i], "cpuacct") != 0 && !strstr(padded, word)) {
			log_error("the user's systemd is not delegated the %s controller (%s: \"%s\"); see Delegate= in "
				  "systemd.resource-control(5), for user@.service",
				  needed[i], file, controllers);
			return -1;
		}
	}
	return 0;
}

/* ---- D-Bus: a call to the manager, and the job it queues ---- */

struct job {
	char path[256]; /* the job's object path, from the call's answer */
	bool done;
	char result[32]; /* "done", or "failed", "canceled", "timeout"... */
};

static int on_job_removed(sd_bus_message *message, void *userdata, sd_bus_error *error)
{
	struct job *job = userdata;
	const char *path, *unit, *result;
	uint32_t id;

	(void)error;
	if (sd_bus_message_read(message, "uoss", &id, &path, &unit, &result) >= 0 && strcmp(path, job->path) == 0) {
		job->done = true;
		snprintf(job->result, sizeof(job->result), "%s", result);
	}
	return 0;
}

/* Dispatches what comes in until the job is removed, bounded. The signal
 * may have come with the call's answer: it waits, queued, until here. */
static int wait_for_job(sd_bus *bus, struct job *job)
{
	long long deadline = trace_clock_us() + JOB_TIMEOUT_USEC;

	while (!job->done) {
		int result = sd_bus_process(bus, NULL);

		if (result > 0)
			continue;
		if (result == 0 && trace_clock_us() >= deadline)
			result = -ETIMEDOUT;
		if (result == 0)
			result = sd_bus_wait(bus, (uint64_t)(deadline - trace_clock_us()));
		if (result < 0)
			return result;
	}
	return 0;
}

static sd_bus *open_bus(bool user)
{
	sd_bus *bus = NULL;
	int result = user ? sd_bus_open_user(&bus) : sd_bus_open_system(&bus);

	if (result < 0) {
		log_error("cannot reach %s over D-Bus: %s; use --cgroup-manager cgroupfs",
			  user ? "the user's systemd (the user bus, $XDG_RUNTIME_DIR/bus)" : "systemd (the system bus)",
			  strerror(-result));
		return NULL;
	}
	return bus;
}

/* Sends call (a method of the manager that queues a job) and waits for
 * the job. 0; 1 when missing_ok and the unit does not exist; -1 reported. */
static int run_job(sd_bus *bus, sd_bus_message *call, const char *unit, bool missing_ok)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *reply = NULL;
	sd_bus_slot *slot = NULL;
	struct job job = { .done = false };
	const char *path = NULL;
	int result = sd_bus_match_signal(bus, &slot, SYSTEMD_SERVICE, SYSTEMD_PATH, SYSTEMD_MANAGER, "JobRemoved",
					 on_job_removed, &job);

	if (result >= 0)
		result = sd_bus_call(bus, call, JOB_TIMEOUT_USEC, &error, &reply);
	if (result >= 0)
		result = sd_bus_message_read(reply, "o", &path);
	if (result >= 0) {
		snprintf(job.path, sizeof(job.path), "%s", path);
		trace_note("systemd queued job %s for %s; waiting for its JobRemoved signal", job.path, unit);
		result = wait_for_job(bus, &job);
	}
	if (result < 0 && missing_ok && sd_bus_error_has_name(&error, "org.freedesktop.systemd1.NoSuchUnit"))
		result = 1;
	else if (result < 0)
		log_error("systemd, %s: %s", unit, error.message ? error.message : strerror(-result));
	else if (strcmp(job.result, "done") != 0) {
		log_error("systemd's job for %s ended \"%s\" (journalctl -u %s says why)", unit, job.result, unit);
		result = -1;
	}
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	sd_bus_slot_unref(slot);
	return result < 0 ? -1 : result;
}

/* ---- the scope's properties: the limits in systemd's words ---- */

struct unit_property {
	const char *name;
	uint64_t value;
};

/* systemd.resource-control(5): UINT64_MAX is "infinity"; CPUQuotaPerSecUSec
 * is run time per second of wall time (cgroup's cpu.max, per 1 s). */
static int limit_properties(const struct cgroup_limits *limits, struct unit_property properties[], int max)
{
	int count = 0;

	if (limits->memory_bytes && count + 2 <= max) {
		properties[count++] = (struct unit_property){ "MemoryMax", limits->memory_bytes };
		/* Swap held to nothing, as cgroupfs does: else the limit only
		 * moves the excess to swap. */
		properties[count++] = (struct unit_property){ "MemorySwapMax",
							      limits->memory_bytes == SIZE_UNLIMITED ? UINT64_MAX : 0 };
	}
	if (limits->cpu_shares && count < max)
		properties[count++] = (struct unit_property){ "CPUWeight", cgroup_shares_to_weight(limits->cpu_shares) };
	if (limits->cpu_quota_percent && count < max)
		properties[count++] = (struct unit_property){ "CPUQuotaPerSecUSec", limits->cpu_quota_percent * 10000ULL };
	if (limits->pids_max && count < max)
		properties[count++] =
			(struct unit_property){ "TasksMax", limits->pids_max < 0 ? UINT64_MAX : (uint64_t)limits->pids_max };
	return count;
}

/* "0-1,3" (validated by the option's parser) as AllowedCPUs' bitmask:
 * bit N of byte N / 8 for CPU N. Returns the bytes used. */
static size_t cpuset_mask(const char *cpus, uint8_t *mask, size_t size)
{
	size_t used = 0;

	memset(mask, 0, size);
	for (const char *range = cpus; *range; range += strcspn(range, ",") + (range[strcspn(range, ",")] ? 1 : 0)) {
		char *end;
		unsigned long first = strtoul(range, &end, 10), last = *end == '-' ? strtoul(end + 1, NULL, 10) : first;

		for (unsigned long cpu = first; cpu <= last && cpu / 8 < size; cpu++) {
			mask[cpu / 8] |= (uint8_t)(1u << (cpu % 8));
			used = used > cpu / 8 + 1 ? used : cpu / 8 + 1;
		}
	}
	return used;
}

static int append_cpuset(sd_bus_message *message, const char *cpus)
{
	uint8_t mask[128];
	size_t used = cpuset_mask(cpus, mask, sizeof(mask));

	if (sd_bus_message_open_container(message, 'r', "sv") < 0 || sd_bus_message_append(message, "s", "AllowedCPUs") < 0 ||
	    sd_bus_message_open_container(message, 'v', "ay") < 0 ||
	    sd_bus_message_append_array(message, 'y', mask, used) < 0 || sd_bus_message_close_container(message) < 0)
		return -1;
	return sd_bus_message_close_container(message);
}

/* StartTransientUnit(name, "fail", properties, no auxiliary units). */
static int append_scope(sd_bus_message *message, bool user, const char *scope, pid_t pid,
			const struct cgroup_limits *limits)
{
	const char *slice;
	struct unit_property properties[8];
	int count = limit_properties(limits, properties, 8);
	char description[160];
	int result;

	snprintf(description, sizeof(description), "mydocker container %s", scope);
	result = sd_bus_message_append(message, "ss", scope, "fail");
	slice = user ? USER_SLICE : SYSTEM_SLICE;
	if (result >= 0)
		result = sd_bus_message_open_container(message, 'a', "(sv)");
	if (result >= 0)
		result = sd_bus_message_append(message, "(sv)(sv)(sv)(sv)(sv)(sv)", "Description", "s", description, "Slice",
					       "s", slice, "Delegate", "b", 1, "CollectMode", "s", "inactive-or-failed",
					       "KillSignal", "i", SIGKILL, "PIDs", "au", 1, (uint32_t)pid);
	for (int i = 0; i < count && result >= 0; i++) {
		result = sd_bus_message_append(message, "(sv)", properties[i].name, "t", properties[i].value);
		trace_note("  %s=%llu", properties[i].name, (unsigned long long)properties[i].value);
	}
	if (result >= 0 && limits->cpuset[0]) {
		result = append_cpuset(message, limits->cpuset);
		trace_note("  AllowedCPUs=%s", limits->cpuset);
	}
	if (result >= 0)
		result = sd_bus_message_close_container(message);
	if (result >= 0)
		result = sd_bus_message_append(message, "a(sa(sv))", 0);
	return result;
}

/* A method of the manager about one unit, run as a job: StartTransientUnit
 * (with the scope's properties) or StopUnit. 0, 1 (missing, when
 * missing_ok), or -1 reported. */
static int manage_unit(bool user, const char *method, const char *unit, pid_t pid,
		       const struct cgroup_limits *limits, bool missing_ok)
{
	sd_bus *bus = open_bus(user);
	sd_bus_message *call = NULL;
	int result;

	if (!bus)
		return -1;
	trace_note("%s(\"%s\") on %s%s%s", method, unit, user ? "the user's systemd" : "systemd",
		   limits ? ": Delegate=yes KillSignal=SIGKILL CollectMode=inactive-or-failed Slice=" : "",
		   limits ? (user ? USER_SLICE : SYSTEM_SLICE) : "");
	result = sd_bus_message_new_method_call(bus, &call, SYSTEMD_SERVICE, SYSTEMD_PATH, SYSTEMD_MANAGER, method);
	if (result >= 0)
		result = limits ? append_scope(call, user, unit, pid, limits) : sd_bus_message_append(call, "ss", unit, "fail");
	if (result < 0) {
		log_error("D-Bus message %s(%s): %s", method, unit, strerror(-result));
		result = -1;
	} else {
		result = run_job(bus, call, unit, missing_ok);
	}
	sd_bus_message_unref(call);
	sd_bus_flush_close_unref(bus);
	return result;
}

/* ---- run's steps ---- */

static void scope_name(const char *cgroup_name, char *scope, size_t size)
{
	snprintf(scope, size, "%s.scope", cgroup_name);
}

int step_create_cgroup_before_init(struct container *container)
{
	if (manager_of(container)->kind != CGROUP_MANAGER_CGROUPFS || cgroup_mode() != CGROUP_MODE_V2)
		return 0;
	return step_create_cgroup(container);
}

/* systemd moved init into the scope: the group, for whoever reads it
 * (exec, the devices program), is the cgroup init is now in. */
static int open_scope_group(struct container *container, const char *scope)
{
	char directory[1024];
	const char *last;

	if (cgroup_of_process(container->child.pid, directory, sizeof(directory)) < 0 ||
	    !(last = strrchr(directory, '/')) || strcmp(last + 1, scope) != 0) {
		log_error("systemd started %s, but init (PID %d) is not in it", scope, (int)container->child.pid);
		return -1;
	}
	trace_note("init is in %s", directory);
	container->cgroup = cgroup_open_path(directory);
	container->child.in_cgroup = container->cgroup != NULL;
	return container->cgroup ? 0 : -1;
}

int step_create_cgroup_for_init(struct container *container)
{
	struct cgroup_manager *manager = manager_of(container);
	char scope[sizeof(container->name) + 8];

	if (!container->has_limits)
		return 0;
	if (manager->kind == CGROUP_MANAGER_CGROUPFS)
		return cgroup_mode() == CGROUP_MODE_V2 ? 0 : step_create_cgroup(container);
	scope_name(container->name, scope, sizeof(scope));
	if (manage_unit(manager->user, "StartTransientUnit", scope, container->child.pid, &container->limits, false) < 0)
		return -1;
	manager->scope_started = true;
	return open_scope_group(container, scope);
}

void undo_create_container_cgroup(struct container *container)
{
	struct cgroup_manager *manager = manager_of(container);
	char scope[sizeof(container->name) + 8];

	if (!manager->scope_started) {
		undo_create_cgroup(container);
		return;
	}
	/* systemd kills what is left (KillSignal=SIGKILL) and removes the
	 * cgroup; a scope already gone with its processes is no error. */
	scope_name(container->name, scope, sizeof(scope));
	manage_unit(manager->user, "StopUnit", scope, 0, NULL, true);
	manager->scope_started = false;
	cgroup_close(container->cgroup);
	container->cgroup = NULL;
}

void systemd_scope_remove(const char *name)
{
	char scope[256], directory[512];

	if (!systemd_running() || cgroup_mode() != CGROUP_MODE_V2)
		return;
	scope_name(name, scope, sizeof(scope));
	/* Asked only when its cgroup is there: most containers' monitors
	 * stopped theirs, and a bus connection costs milliseconds. */
	if (rootless()) {
		char service[128];

		user_service_directory(service, sizeof(service));
		snprintf(directory, sizeof(directory), "%s/%s/%s", service, USER_SLICE, scope);
	} else {
		snprintf(directory, sizeof(directory), "/sys/fs/cgroup/%s/%s", SYSTEM_SLICE, scope);
	}
	if (path_exists(directory))
		manage_unit(rootless(), "StopUnit", scope, 0, NULL, true);
}

int systemd_scope_attach(const char *name, pid_t pid)
{
	sd_bus_error error = SD_BUS_ERROR_NULL;
	sd_bus_message *call = NULL, *reply = NULL;
	sd_bus *bus = open_bus(rootless());
	char scope[256];
	int result;

	if (!bus)
		return -1;
	scope_name(name, scope, sizeof(scope));
	trace_note("AttachProcessesToUnit(\"%s\", \"\", [%d]) on %s", scope, (int)pid,
		   rootless() ? "the user's systemd" : "systemd");
	result = sd_bus_message_new_method_call(bus, &call, SYSTEMD_SERVICE, SYSTEMD_PATH, SYSTEMD_MANAGER,
						"AttachProcessesToUnit");
	if (result >= 0)
		result = sd_bus_message_append(call, "ssau", scope, "", 1, (uint32_t)pid);
	if (result >= 0)
		result = sd_bus_call(bus, call, JOB_TIMEOUT_USEC, &error, &reply);
	if (result < 0)
		log_error("systemd, join %s: %s", scope, error.message ? error.message : strerror(-result));
	sd_bus_error_free(&error);
	sd_bus_message_unref(reply);
	sd_bus_message_unref(call);
	sd_bus_flush_close_unref(bus);
	return result < 0 ? -1 : 0;
}
