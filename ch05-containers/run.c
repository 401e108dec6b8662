/* mydocker run: chapter 4's run, now kept: a record of every container, its
 * output in a log when detached (-d), an environment (-e), an init that
 * reaps (--init). A detached container is watched by a small monitor
 * process (the runtime, forked and detached), which records how it ended;
 * the command the user typed prints the ID and returns at once. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <linux/mount.h>
#include <time.h>
#include <unistd.h>

#include "cgroup.h"
#include "containers.h"
#include "devices.h"
#include "file.h"
#include "log.h"
#include "options.h"
#include "process.h"
#include "reaper.h"
#include "recovery.h"
#include "rootless.h"
#include "rootfs.h"
#include "security.h"
#include "size.h"
#include "trace.h"

/* container->chapter is a managed_container, whose first member is
 * chapter 4's image_container: chapter 4's steps read it as theirs. */
static struct managed_container *managed(struct container *container)
{
	return container->chapter;
}

static int set_detached(struct container *container, const char *value)
{
	(void)value;
	managed(container)->detached = true;
	return 0;
}

static int add_env(struct container *container, const char *value)
{
	struct managed_container *self = managed(container);
	const char *equals = strchr(value, '=');

	if (!equals || equals == value) {
		log_error("-e %s: an environment variable is KEY=VALUE", value);
		return -1;
	}
	if (self->env_count >= RECORD_MAX_ENV - 8) {
		log_error("-e %s: too many variables", value);
		return -1;
	}
	self->env[self->env_count++] = value;
	return 0;
}

static int set_remove_on_exit(struct container *container, const char *value)
{
	(void)value;
	managed(container)->remove_on_exit = true;
	return 0;
}

static int set_reaper(struct container *container, const char *value)
{
	(void)value;
	managed(container)->reaper = true;
	return 0;
}

static int set_disk_layer(struct container *container, const char *value)
{
	(void)value;
	managed(container)->disk_layer = true;
	return 0;
}

static int set_log_max_size(struct container *container, const char *value)
{
	const char *why = "must be at least 1 byte";
	unsigned long long bytes = 0;

	if (parse_size(value, &bytes, &why) < 0 || bytes == 0) {
		log_error("--log-max-size %s: %s", value, why);
		return -1;
	}
	managed(container)->log.max_size = bytes;
	return 0;
}

static int set_log_max_files(struct container *container, const char *value)
{
	const char *why;
	long long files;

	if (parse_number(value, 1, 100, &files, &why) < 0) {
		log_error("--log-max-files %s: %s", value, why);
		return -1;
	}
	managed(container)->log.max_files = (int)files;
	return 0;
}

const struct run_option container_run_options[] = {
	{ "detach", 'd', NULL, set_detached, "run in the background: print the ID, output to the log" },
	{ "env", 'e', "KEY=VALUE", add_env, "set an environment variable (repeatable; PATH defaults to the image's)" },
	{ "rm", 0, NULL, set_remove_on_exit, "remove the container when it ends (foreground only)" },
	{ "init", 0, NULL, set_reaper, "run a small init as PID 1 that reaps zombies and passes signals on" },
	{ "disk-layer", 0, NULL, set_disk_layer,
	  "with --rm: keep the container's layer on disk (by default a --rm container's writes live in memory)" },
	{ "log-max-size", 0, "SIZE", set_log_max_size, "-d: start a new log file past SIZE (default 10m)" },
	{ "log-max-files", 0, "N", set_log_max_files, "-d: log files kept, the current one included (default 3)" },
	{ "cgroup-manager", 0, "cgroupfs|systemd", set_cgroup_manager,
	  "who makes the cgroup: mydocker, or a systemd scope (the default where systemd runs, on cgroup v2)" },
	{ NULL, 0, NULL, NULL, NULL },
};

/* ---- the parent's steps that chapter 5 adds ---- */

/* The layer stays after the container (ps -a, logs, commit, rm), unless the
 * start failed or --rm. */
static void undo_layers_unless_kept(struct container *container)
{
	if (!container->started || managed(container)->remove_on_exit)
		undo_make_layers(container);
}

/* On cgroup v1, init moves itself into its cgroups: a thread that writes
 * "0" into a `tasks` file moves alone, and the kernel skips the lock that
 * stops every fork and exit on the machine while a process moves, whose
 * RCU grace period made the parent's cgroup.procs write the slowest step
 * of a start (7-17 ms on this machine, against 0.1 ms). init is
 * single-threaded: the thread is the process. The cgroups are made after
 * the record, while init sets the container up; so init keeps a
 * descriptor of a detached copy of the cgroup filesystems' tree
 * (open_tree(2), OPEN_TREE_CLONE) through pivot_root, and
 * moves in once told which files (the "go" message), before the command
 * runs; the descriptor is closed there. On v2 (no `tasks` file) init starts
 * in its cgroup (clone3's CLONE_INTO_CGROUP), or, where systemd manages
 * the cgroups, systemd moves it into its scope (systemd.c); only where
 * the kernel has no CLONE_INTO_CGROUP does the parent write init's PID to
 * cgroup.procs, as the book does. */
#define CGROUP_ROOT "/sys/fs/cgroup"

static int step_tell_cgroup_root(struct container *container)
{
	/* Whether init will move itself is known once the cgroups exist;
	 * opening the directory costs nothing if it does not. */
	if (cgroup_mode() == CGROUP_MODE_V2 || (!container->has_limits && !devices_cgroup_wanted(container)))
		return 0;
	return message_add(&container->config, "cgroup-root", CGROUP_ROOT);
}

static int step_join_cgroups(struct container *container)
{
	struct managed_container *self = managed(container);
	char files[4096] = "";

	if (config_value(container, "cgroup-root") &&
	    (!container->cgroup || cgroup_tasks_files(container->cgroup, CGROUP_ROOT, files, sizeof(files)) == 0) &&
	    devices_cgroup_tasks_file(container, CGROUP_ROOT, files, sizeof(files)) == 0) {
		self->init_joins_cgroups = true;
		return files[0] ? message_add(&container->go, "join-cgroups", files) : 0;
	}
	return step_join_cgroup(container);
}

static int step_join_devices_unless_init_does(struct container *container)
{
	return managed(container)->init_joins_cgroups ? 0 : step_join_devices_cgroup(container);
}

/* init's: its descriptor of CGROUP_ROOT, from before pivot_root. */
static int init_cgroup_root = -1;

static int init_open_cgroup_root(struct container *container)
{
	const char *root = config_value(container, "cgroup-root");

	if (!root)
		return 0;
	/* A copy of the tree, the hierarchies mounted on it included, attached
	 * nowhere: pivot_root's detaching of the old root leaves it whole. */
	init_cgroup_root = (int)syscall(SYS_open_tree, AT_FDCWD, root, OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE);
	if (init_cgroup_root < 0) {
		log_errno("open_tree %s", root);
		return -1;
	}
	return 0;
}

static int init_join_cgroups(struct container *container)
{
	const char *cursor = NULL;
	const char *files = message_next(&container->go, "join-cgroups", &cursor);
	int result = 0;

	if (files && init_cgroup_root < 0) {
		log_error("told to move into cgroups, with no descriptor of %s kept", CGROUP_ROOT);
		result = -1;
	} else if (files) {
		result = cgroup_join_self(init_cgroup_root, files);
	}
	if (init_cgroup_root >= 0)
		close(init_cgroup_root);
	init_cgroup_root = -1;
	return result;
}

/* A container thrown away at its end (--rm) keeps its layer in memory:
 * init mounts a tmpfs on the container's directory in its own mount
 * namespace. Nothing of the layer touches the disk, at the start or at the
 * end (every mkdir and rmdir is a journaled write); what the container
 * writes counts against its memory limit. --disk-layer keeps it on disk.
 * The tmpfs is sized: left to itself it may grow to half the host's RAM,
 * and two containers would fill it. -m's size when given; else
 * DEFAULT_LAYER_BYTES: 1 GiB holds a package cache or a build's scratch,
 * and stays below what any machine that runs containers has. A size the
 * host cannot spare now (more than half of MemAvailable) keeps the layer
 * on disk, where a full layer costs disk space, not the host's memory. */
#define DEFAULT_LAYER_BYTES (1ULL << 30)

static unsigned long long layer_bytes(const struct container *container)
{
	unsigned long long memory = container->limits.memory_bytes;

	return memory && memory != SIZE_UNLIMITED ? memory : DEFAULT_LAYER_BYTES;
}

/* Half of what /proc/meminfo calls available (what can be had without
 * swapping), in bytes; 0 when unknown. */
static unsigned long long memory_to_spare(void)
{
	char text[8192];
	const char *line;

	if (read_file("/proc/meminfo", text, sizeof(text), true) < 0 || !(line = strstr(text, "MemAvailable:")))
		return 0;
	return strtoull(line + strlen("MemAvailable:"), NULL, 10) * 1024 / 2;
}

static int step_make_container_layers(struct container *container)
{
	struct managed_container *self = managed(container);
	unsigned long long size = layer_bytes(container), spare;

	self->image.layers.in_memory = self->remove_on_exit && !self->disk_layer;
	if (self->image.layers.in_memory && size > (spare = memory_to_spare())) {
		trace_note("--rm: the layer stays on disk: a tmpfs of %llu MiB is more than this host can spare now "
			   "(half of MemAvailable: %llu MiB)",
			   size >> 20, spare >> 20);
		self->image.layers.in_memory = false;
	}
	return step_make_layers(container);
}

/* exec and commit wait on this lock (flock(2), shared) until the start is
 * over: before init has pivoted, its mount namespace's root is the host's. */
static int step_lock_while_starting(struct container *container)
{
	struct managed_container *self = managed(container);

	self->start_lock = open(self->image.layers.directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (self->start_lock < 0 || flock(self->start_lock, LOCK_EX) < 0) {
		log_errno("lock %s while the container starts", self->image.layers.directory);
		return -1;
	}
	return 0;
}

static void undo_lock_while_starting(struct container *container)
{
	struct managed_container *self = managed(container);

	if (self->start_lock >= 0)
		close(self->start_lock);
	self->start_lock = -1;
}

static int step_unlock_started(struct container *container)
{
	undo_lock_while_starting(container);
	return 0;
}

int container_lock(const char *root, const char *name, int operation)
{
	char directory[PATH_MAX];
	int fd;

	if (path_join(directory, sizeof(directory), "%s/containers/%s", root, name) < 0)
		return -1;
	fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	/* Gone: the caller says what that means (errno stays ENOENT). */
	if (fd < 0 && errno == ENOENT)
		return -1;
	if (fd < 0 || flock(fd, operation) < 0) {
		log_errno("wait for %s to start", name);
		if (fd >= 0)
			close(fd);
		return -1;
	}
	return fd;
}

int wait_until_started(const char *root, const char *name)
{
	int fd = container_lock(root, name, LOCK_SH);

	/* Gone: a start that failed has undone all it made. */
	if (fd < 0)
		return errno == ENOENT ? 0 : -1;
	close(fd);
	return 0;
}

/* -d: the monitor relays the container's output into its log (never
 * the container itself: it could fill the disk), rotated at a size. */
static int step_open_log(struct container *container)
{
	struct managed_container *self = managed(container);

	if (!self->detached)
		return 0;
	if (path_join(self->log.path, sizeof(self->log.path), "%s/container.log", self->image.layers.directory) < 0)
		return -1;
	return rotating_log_open(&self->log);
}

static void undo_open_log(struct container *container)
{
	rotating_log_close(&managed(container)->log);
}

/* Where the container's output goes while it starts (init's errors and
 * narration: to the user, -d too) and once it runs (-d: the log). */
static void describe_relay(struct container *container, bool started, struct relay *relay)
{
	struct managed_container *self = managed(container);

	*relay = (struct relay){ .pipes = &self->stdio, .stdin_fd = -1, .until_fd = -1, .signal_fd = -1 };
	relay->sinks[0] = (struct relay_sink){ .fd = self->detached ? STDERR_FILENO : STDOUT_FILENO };
	relay->sinks[1] = (struct relay_sink){ .fd = STDERR_FILENO };
	if (started && self->detached)
		relay->sinks[0].log = relay->sinks[1].log = &self->log;
	if (started && self->stdio.ours[0] >= 0)
		relay->stdin_fd = STDIN_FILENO;
}

/* Without -t, pipes: the container never holds the caller's terminal.
 * -d: one pipe for stdout and stderr, whose order the log keeps. */
static int step_make_stdio_pipes(struct container *container)
{
	struct managed_container *self = managed(container);

	if (container->tty)
		return 0;
	return stdio_pipes_open(&self->stdio, container->interactive, self->detached);
}

/* What init said before it failed reaches the user, then the pipes close. */
static void undo_make_stdio_pipes(struct container *container)
{
	struct managed_container *self = managed(container);
	struct relay relay;

	describe_relay(container, container->started, &relay);
	stdio_pipes_close_container_ends(&self->stdio);
	relay_drain(&relay);
	stdio_pipes_close(&self->stdio);
}

/* init sets the container up while the parent waits: what it says
 * meanwhile is relayed (a full pipe would stop it half-way). */
static int step_relay_until_command(struct container *container)
{
	struct managed_container *self = managed(container);
	struct relay relay;

	if (!container->tty) {
		describe_relay(container, false, &relay);
		relay.until_fd = container->ready_fd;
		/* In the foreground, the same place before and after: copy all. */
		relay.drain = !self->detached;
		stdio_pipes_close_container_ends(&self->stdio);
		relay_run(&relay);
	}
	return step_wait_for_command(container);
}

/* The stdio_hooks: the child's side ... */
static int attach_stdio_pipes(struct container *container)
{
	/* -t: terminal_attach gives it its own session and pty. */
	return container->tty ? 0 : stdio_pipes_attach(&managed(container)->stdio);
}

/* ... and the parent's, while it waits for the container to end. */
static void relay_stdio(struct container *container)
{
	struct relay relay;

	describe_relay(container, true, &relay);
	relay.until_fd = relay_pidfd(container->child.pid);
	relay.drain = true;
	if (relay.until_fd < 0)
		return;
	relay_run(&relay);
	close(relay.until_fd);
}

static const struct stdio_hooks relayed_stdio = { attach_stdio_pipes, relay_stdio };

/* The environment: the image's PATH and the usual, then -e's, last wins. */
static int step_describe_environment(struct container *container)
{
	struct managed_container *self = managed(container);
	char hostname[CONTAINER_NAME_MAX + 16];
	char layer_size[32];
	const char *defaults[] = { "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", "HOME=/root",
				   hostname, container->tty ? "TERM=xterm" : NULL };
	int count = 0;

	snprintf(hostname, sizeof(hostname), "HOSTNAME=%s", self->image.name);
	snprintf(layer_size, sizeof(layer_size), "%llu", layer_bytes(container));
	for (size_t i = 0; i < sizeof(defaults) / sizeof(defaults[0]); i++) {
		bool overridden = false;
		size_t key = defaults[i] ? (size_t)(strchr(defaults[i], '=') - defaults[i] + 1) : 0;

		for (int j = 0; defaults[i] && j < self->env_count; j++)
			overridden |= strncmp(self->env[j], defaults[i], key) == 0;
		if (defaults[i] && !overridden && message_add(&container->config, "env", defaults[i]) < 0)
			return -1;
	}
	for (int j = 0; j < self->env_count; j++)
		if (message_add(&container->config, "env", self->env[j]) < 0)
			return -1;
	if (self->reaper && message_add(&container->config, "reaper", "yes") < 0)
		return -1;
	/* --rm: the layer goes with the container, so overlay need not sync
	 * it (volatile): that sync was most of a short container's exit. */
	if (self->remove_on_exit && message_add(&container->config, "layer-thrown-away", "yes") < 0)
		return -1;
	if (self->image.layers.in_memory &&
	    (message_add(&container->config, "layer-in-memory", self->image.layers.directory) < 0 ||
	     message_add(&container->config, "layer-size", layer_size) < 0))
		return -1;
	/* The record keeps what init was given, for exec. */
	for (const char *cursor = NULL, *value; (value = message_next(&container->config, "env", &cursor));)
		if (count < RECORD_MAX_ENV && !(self->record.env[count++] = strdup(value)))
			return -1;
	return 0;
}

/* The record, written once (temp file, fsync, rename, fsync of the
 * directory: a few ms on a disk), while init re-executes itself: with
 * init's PID, and the names of what is made after it (cgroups, network),
 * so that `rm -f` finds whatever a crash leaves. From here `ps` lists it. */
static int step_save_record(struct container *container)
{
	struct managed_container *self = managed(container);
	struct record *record = &self->record;

	snprintf(record->name, sizeof(record->name), "%s", self->image.name);
	snprintf(record->image, sizeof(record->image), "%s", self->image.image);
	snprintf(record->cgroup, sizeof(record->cgroup), "%s", container->has_limits ? container->name : "");
	for (int i = 0; container->command[i] && i < RECORD_MAX_ARGS; i++)
		if (!(record->command[i] = strdup(container->command[i])))
			return -1;
	record->created = time(NULL);
	record->status = STATUS_RUNNING;
	record->exit_code = -1;
	record->detached = self->detached;
	record->remove_on_exit = self->remove_on_exit;
	if (process_identity_of(container->child.pid, &record->init) < 0 ||
	    process_identity_of(getpid(), &record->monitor) < 0) {
		log_error("cannot read the start time of PID %d", (int)container->child.pid);
		return -1;
	}
	return record_save(self->image.root, record);
}

/* The slow parts overlap: init re-executes itself while the record is
 * written, and sets the container up (overlay, /dev, pivot_root, masks,
 * capabilities, seccomp) while the parent puts it in its cgroups (a v1
 * cgroup join waits for an RCU grace period: milliseconds) and, in chapter
 * 6, connects its network. The command runs only once all of that is done:
 * init waits for the parent's word (init_wait_to_run_command). */
const struct parent_step chapter5_run_steps[] = {
	{ "unpack the image once: the shared, read-only lower layer", step_unpack_image, NULL },
	{ "make the container's directory and layer: upper, work, merged (--rm: in memory, by init)",
	  step_make_container_layers, undo_layers_unless_kept },
	{ "hold the container's lock while it starts (exec and commit wait for it)", step_lock_while_starting,
	  undo_lock_while_starting },
	{ "make missing volume directories on the host", step_make_volume_sources, NULL },
	{ "open the container's log (-d): the monitor writes it", step_open_log, undo_open_log },
	{ "open a pseudo-terminal (-t)", step_open_terminal, undo_open_terminal },
	{ "make pipes for its stdin, stdout and stderr (not -t): never our terminal", step_make_stdio_pipes,
	  undo_make_stdio_pipes },
	{ "tell init its layers, volumes, hostname and console", step_describe_root, NULL },
	{ "tell init its environment", step_describe_environment, NULL },
	{ "tell init where the cgroups are (v1: it will move itself in)", step_tell_cgroup_root, NULL },
	/* v2, cgroupfs: the cgroup first, so that init starts in it (clone3's
	 * CLONE_INTO_CGROUP): no cgroup.procs write, no RCU grace period. Made
	 * before the record names it: a crash right here leaves an empty
	 * mydocker-NAME group (a name `rm` does not know yet). */
	{ "create the cgroup before init (v2, cgroupfs: init starts in it)", step_create_cgroup_before_init,
	  undo_create_container_cgroup },
	{ "start init in new namespaces (clone; v2, cgroupfs: clone3 into its cgroup; it waits)", step_start_init_in_cgroup,
	  undo_start_init },
	{ "map the user to root inside (user namespace only)", step_map_user, NULL },
	{ "let init go on: it re-executes itself, protected, and waits for its configuration", step_release_init, NULL },
	{ "send init its configuration: it sets the container up meanwhile", step_send_config_early, NULL },
	{ "write the record: init's PID, before anything else is made (rm -f finds a crashed start)", step_save_record,
	  NULL },
	/* v1: made here, init moves itself in; systemd: a scope whose PIDs
	 * name init, which must exist first. */
	{ "create the cgroup with the limits (v1; systemd: a scope holding init)", step_create_cgroup_for_init,
	  undo_create_container_cgroup },
	{ "create the devices cgroup (v1: mydocker-dev-ID; v2: a BPF program on its cgroup): only null, zero, full, random, urandom, tty, pts",
	  step_create_devices_cgroup, undo_create_devices_cgroup },
	{ STEP_JOIN_CGROUP, step_join_cgroups, NULL },
	{ "put init in the devices cgroup (v1: init moves itself)", step_join_devices_unless_init_does, NULL },
	{ "let init run the command: it is told its cgroups", step_let_init_run_command, NULL },
	{ "wait until init runs the command, relaying what it says meanwhile", step_relay_until_command, NULL },
	{ "the container has started: let exec and commit in", step_unlock_started, NULL },
	{ NULL, NULL, NULL },
};

/* run --rm: the layer in memory (step_make_container_layers). */
static int init_layer_in_memory(struct container *container)
{
	const char *directory = config_value(container, "layer-in-memory");
	const char *made[] = { config_value(container, "upperdir"), config_value(container, "workdir"),
			       config_value(container, "rootfs") };
	const mode_t modes[] = { 0755, 0700, 0755 };
	const char *size = config_value(container, "layer-size");
	char options[64];

	if (!directory)
		return 0;
	/* On the container's directory, in this mount namespace only: the
	 * host sees the directory with its record, never the layer. A write
	 * past its size fails with ENOSPC (step_make_container_layers). */
	if (!size) {
		log_error("told to keep the layer in memory, but not its size");
		return -1;
	}
	snprintf(options, sizeof(options), "mode=0700,size=%s", size);
	if (k_mount("tmpfs", directory, "tmpfs", MS_NOSUID | MS_NODEV, options) < 0)
		return -1;
	for (int i = 0; i < 3; i++)
		if (!made[i] || k_mkdir(made[i], modes[i]) < 0)
			return -1;
	return 0;
}

const struct init_step chapter5_init_steps[] = {
	{ "make every mount private (MS_PRIVATE|MS_REC)", init_make_mounts_private },
	{ "keep a descriptor of the cgroup filesystems (v1), to move in later", init_open_cgroup_root },
	{ "--rm: the layer in memory: a tmpfs on the container's directory, here only", init_layer_in_memory },
	{ "mount the overlay: the image below, the container's layer above", init_mount_overlay_or_fuse },
	{ "refuse an image whose /proc, /sys or /dev is a symbolic link", init_refuse_linked_kernel_mounts },
	{ "bind the volumes, each target resolved inside the root", init_bind_volumes },
	{ "make a minimal /dev", init_make_dev },
	/* proc and sys before pivot_root: in a user namespace (rootless) the
	 * kernel mounts them only while the host's are in view. */
	{ "mount a proc for the new PID namespace, in the new root", init_mount_proc_in_root },
	{ "mount /sys read-only, in the new root", init_mount_sys_in_root },
	{ "pivot_root into the merged view and drop the old root", init_pivot_root },
	{ "mask /proc's and /sys's telling files; /proc/sys and others read-only", init_mask_paths },
	{ "set the hostname to the container's name", init_set_hostname },
	{ "check the working directory is inside the new root", init_check_working_directory },
	{ "keep the default capabilities (Docker's 14 less NET_RAW); set no_new_privs", init_drop_capabilities },
	{ "install the seccomp filter", init_filter_system_calls },
	{ "wait until the parent lets us run the command (record, cgroups, network done)", init_wait_to_run_command },
	{ "move into our cgroups: \"0\" into each tasks file (v1), then close the descriptor", init_join_cgroups },
	{ "stay as PID 1 to reap zombies (--init)", init_become_reaper },
	{ NULL, NULL },
};

int command_init(const struct mydocker_flavor *flavor, int argc, char **argv)
{
	struct container container = { .config_fd = -1 };

	if (!runtime_is_init(argc, argv)) {
		log_error("init is started by mydocker run itself");
		return 2;
	}
	/* init's steps read only the configuration it was sent. */
	return runtime_init(flavor->init_steps, &container);
}

/* ---- mydocker run ---- */

/* A container without --pids-limit may not fork without end: a fork bomb
 * took 3000 of the host's processes. 2048 as podman; --pids-limit -1 (or
 * 0, or max) for none. Rootless containers get no cgroup of ours, so no
 * default either (rootless_check_run). */
#define DEFAULT_PIDS_LIMIT 2048

static void default_pids_limit(struct container *container)
{
	if (container->limits.pids_max != 0)
		return;
	if (rootless()) {
		trace_note("rootless: no default pids limit (%d): this user makes no cgroups", DEFAULT_PIDS_LIMIT);
		return;
	}
	container->limits.pids_max = DEFAULT_PIDS_LIMIT;
	container->has_limits = true;
}

static void usage(FILE *out, const struct mydocker_flavor *flavor)
{
	fprintf(out, "usage: mydocker run [OPTIONS] [IMAGE] [--] COMMAND [ARG...]\n"
		     "Runs COMMAND in a new container of IMAGE (default busybox), kept until `mydocker rm`.\n");
	print_run_options(out, flavor->run_options);
	fprintf(out, "Bounds by default: at most %d processes (--pids-limit -1: none); a --rm container's layer in "
		     "memory of -m's size, else %llu MiB, on disk when the host cannot spare that.\n",
		DEFAULT_PIDS_LIMIT, DEFAULT_LAYER_BYTES >> 20);
	fprintf(out, "Example:\n  %s\n", flavor->example);
}

/* How it ended, in the record (which --rm is about to remove anyway). */
static void record_exit(struct managed_container *self, int code)
{
	self->record.status = STATUS_EXITED;
	self->record.exit_code = code;
	if (!self->remove_on_exit)
		record_save(self->image.root, &self->record);
}

static int run_foreground(struct container *container)
{
	struct managed_container *self = managed(container);
	int code = EXIT_RUNTIME_FAILED;

	const struct parent_step *steps = self->mydocker->flavor->run_steps;

	if (runtime_start(steps, container) == 0) {
		code = runtime_wait(container);
		record_exit(self, code);
		runtime_cleanup(steps, container);
	}
	return code;
}

/* The monitor: starts the container, tells the waiting parent its ID over
 * ready_fd, lets go of the terminal, relays the container's output into
 * the log while it waits (relay_stdio), records, cleans up. */
static void monitor_detached(struct container *container, int ready_fd)
{
	struct managed_container *self = managed(container);
	const struct parent_step *steps = self->mydocker->flavor->run_steps;
	int null = open("/dev/null", O_RDWR | O_CLOEXEC);
	int code;

	if (setsid() < 0 || null < 0)
		_exit(EXIT_RUNTIME_FAILED);
	if (runtime_start(steps, container) < 0)
		_exit(EXIT_RUNTIME_FAILED);
	if (write(ready_fd, self->record.id, strlen(self->record.id)) < 0)
		_exit(EXIT_RUNTIME_FAILED);
	close(ready_fd);
	/* From here nobody reads our stdout or stderr. */
	dup2(null, STDIN_FILENO);
	dup2(null, STDOUT_FILENO);
	dup2(null, STDERR_FILENO);
	code = runtime_wait(container);
	record_exit(self, code);
	runtime_cleanup(steps, container);
	_exit(0);
}

static int run_detached(struct container *container)
{
	char id[sizeof(managed(container)->record.id)] = "";
	int ready[2];
	pid_t monitor;
	ssize_t got;

	if (pipe2(ready, O_CLOEXEC) < 0) {
		log_errno("pipe");
		return EXIT_RUNTIME_FAILED;
	}
	fflush(NULL);
	monitor = fork();
	if (monitor < 0) {
		log_errno("fork the monitor");
		return EXIT_RUNTIME_FAILED;
	}
	if (monitor == 0) {
		close(ready[0]);
		monitor_detached(container, ready[1]);
	}
	close(ready[1]);
	while ((got = read(ready[0], id, sizeof(id) - 1)) < 0 && errno == EINTR)
		;
	close(ready[0]);
	if (got <= 0) {
		/* The monitor said why on our stderr; it undid what it made. */
		wait_for_exit(monitor);
		return EXIT_RUNTIME_FAILED;
	}
	id[got] = '\0';
	printf("%s\n", id);
	return 0;
}

/* The ID, and the name (the ID when none was given). */
static int name_container(struct managed_container *self)
{
	if (store_new_id(self->record.id, sizeof(self->record.id)) < 0)
		return -1;
	if (!self->image.name[0])
		snprintf(self->image.name, sizeof(self->image.name), "%s", self->record.id);
	return 0;
}

/* The options, the image and the command: 0 to go on, else the exit code
 * (2 for usage, 125 when nothing could be made). */
static int describe_run(struct container *container, int argc, char **argv)
{
	static char *default_command[] = { "/bin/sh", NULL };
	struct managed_container *self = managed(container);
	const struct mydocker_flavor *flavor = self->mydocker->flavor;
	int first = parse_run_options(argc, argv, flavor->run_options, container);
	char **command;

	if (first == OPTIONS_HELP || first == OPTIONS_BAD) {
		if (first == OPTIONS_HELP)
			usage(stdout, flavor);
		return first == OPTIONS_HELP ? -1 : 2;
	}
	if (self->detached && (self->remove_on_exit || container->tty)) {
		log_error("-d does not go with %s: a detached container's output goes to its log",
			  self->remove_on_exit ? "--rm" : "-t");
		return 2;
	}
	if (self->disk_layer && !self->remove_on_exit) {
		log_error("--disk-layer goes with --rm: a container kept after its end has its layer on disk already");
		return 2;
	}
	default_pids_limit(container);
	if (rootless_check_run(container) < 0 || cgroup_manager_choose(container) < 0 ||
	    (flavor->check && flavor->check(container) < 0) ||
	    name_container(self) < 0 ||
	    image_container_resolve(container, argv + first, &command) < 0)
		return EXIT_RUNTIME_FAILED;
	if (!command[0] && (self->detached || !isatty(STDIN_FILENO))) {
		usage(stderr, flavor);
		return 2;
	}
	if (!command[0]) {
		container->interactive = container->tty = true;
		command = default_command;
	}
	return runtime_describe(container, command, self->image.name) < 0 ? EXIT_RUNTIME_FAILED : 0;
}

int command_run(struct mydocker *mydocker, int argc, char **argv)
{
	struct managed_container *self = calloc(1, mydocker->flavor->container_size);
	struct container container = { .config_fd = -1, .chapter = self, .protect_binary = true, .stdio = &relayed_stdio };
	int code;

	if (!self) {
		log_errno("calloc");
		return EXIT_RUNTIME_FAILED;
	}
	self->start_lock = -1;
	self->log = (struct rotating_log){ .fd = -1, .max_size = LOG_DEFAULT_MAX_SIZE, .max_files = LOG_DEFAULT_MAX_FILES };
	stdio_pipes_init(&self->stdio);
	self->mydocker = mydocker;
	self->image.root_option = mydocker->root_option;
	code = describe_run(&container, argc, argv);
	if (code == 0)
		code = self->detached ? run_detached(&container) : run_foreground(&container);
	message_free(&container.config);
	message_free(&container.go);
	record_free(&self->record);
	free(self);
	return code < 0 ? 0 : code;
}
