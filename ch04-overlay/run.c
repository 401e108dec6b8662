/* run: chapter 3's runtime, now on an image (seed 003). The image is
 * unpacked once into a read-only lower layer that every container of it
 * shares; each container gets its own upper, work and merged directories,
 * keyed by its name. init mounts the overlay, binds the volumes, makes a
 * minimal /dev, pivot_root()s into the merged view and drops the old root.
 *   sudo ./ch04/run -it /bin/sh
 *   sudo ./ch04/run --name hello1 -v /tmp/data:/data busybox sh -c 'ls /' */
#include <stdio.h>
#include <unistd.h>

#include "imagerun.h"
#include "log.h"
#include "options.h"
#include "process.h"
#include "rootfs.h"
#include "runmain.h"
#include "runtime.h"
#include "trace.h"

/* The parent's steps: chapter 3's, with the image and the layers first. */
static const struct parent_step run_steps[] = {
	{ "unpack the image once: the shared, read-only lower layer", step_unpack_image, NULL },
	{ "make the container's layer: upper, work, merged", step_make_layers, undo_make_layers },
	{ "make missing volume directories on the host", step_make_volume_sources, NULL },
	{ "open a pseudo-terminal (-t)", step_open_terminal, undo_open_terminal },
	{ "tell init its layers, volumes, hostname and console", step_describe_root, NULL },
	{ "create the cgroup with the limits", step_create_cgroup, undo_create_cgroup },
	{ "start init in new namespaces (clone, then execve /proc/self/exe init)", step_start_init, undo_start_init },
	{ "map the user to root inside (user namespace only)", step_map_user, NULL },
	{ "put init in the cgroup, before it runs anything", step_join_cgroup, NULL },
	{ "let init go on", step_release_init, NULL },
	{ "send init its configuration over the pipe", step_send_config, NULL },
	{ "wait until init runs the command", step_wait_for_command, NULL },
	{ NULL, NULL, NULL },
};

/* init's steps: chapter 3's two, with the root filesystem between them. */
static const struct init_step init_steps[] = {
	{ "make every mount private (MS_PRIVATE|MS_REC)", init_make_mounts_private },
	{ "mount the overlay: the image below, the container's layer above", init_mount_overlay },
	{ "bind the volumes", init_bind_volumes },
	{ "make a minimal /dev", init_make_dev },
	{ "pivot_root into the merged view and drop the old root", init_pivot_root },
	{ "mount a proc for the new PID namespace", init_mount_proc },
	{ "mount /sys read-only", init_mount_sys },
	{ "set the hostname to the container's name", init_set_hostname },
	{ NULL, NULL },
};

static const struct run_option *const option_tables[] = { run_options, image_run_options, NULL };

static void usage(FILE *out)
{
	fprintf(out, "usage: run [OPTIONS] [IMAGE] [--] COMMAND [ARG...]\n"
		     "Runs COMMAND as PID 1 of new namespaces, on IMAGE (default busybox) under overlayfs.\n");
	print_run_options(out, option_tables);
	fprintf(out, "With no command, on a terminal: -it /bin/sh. Example:\n"
		     "  sudo ./ch04/run --name hello1 -v /tmp/data:/data busybox sh -c 'ls /'\n");
}

int main(int argc, char **argv)
{
	struct image_container image = { 0 };
	struct container container = { .config_fd = -1, .chapter = &image };
	char **command;
	int first;
	int code = run_main_start(argc, argv, init_steps, option_tables, &container, usage, &first);

	if (code != RUN_GO_ON)
		return code;
	if (image_container_resolve(&container, argv + first, &command) < 0)
		return EXIT_RUNTIME_FAILED;
	return run_main_finish(run_steps, &container, command, image.name, usage);
}
