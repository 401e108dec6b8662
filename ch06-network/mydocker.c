/* mydocker, chapter 6: the final runtime. Chapter 5's subcommands and
 * tables, with networks: `mydocker network create|ls|rm`, and run's --net
 * and -p, whose step comes right after chapter 5's "put init in the cgroup".
 *   sudo ./ch06/mydocker network create --subnet 10.213.7.0/24 web
 *   sudo ./ch06/mydocker run -d --net web -p 8080:80 busybox httpd -f -p 80 */
#include <stdlib.h>

#include "containers.h"
#include "log.h"
#include "netrun.h"
#include "security.h"

static const struct subcommand network_commands[] = {
	{ "network", command_network, "create, list and remove networks" },
	{ NULL, NULL, NULL },
};

static const struct run_option *const chapter6_options[] = { run_options, image_run_options, container_run_options,
							      security_run_options, network_run_options, NULL };

int main(int argc, char **argv)
{
	struct mydocker_flavor flavor = chapter5_flavor;
	struct parent_step *steps = parent_steps_insert(chapter5_run_steps, STEP_JOIN_CGROUP, network_parent_steps);
	int code;

	if (!steps)
		return 125;
	flavor.example = "sudo ./ch06/mydocker run -d --net web -p 8080:80 busybox httpd -f -p 80";
	flavor.run_steps = steps;
	flavor.run_options = chapter6_options;
	flavor.extra_commands = network_commands;
	flavor.container_size = sizeof(struct networked_container);
	flavor.check = check_network_options;
	flavor.release = release_network;
	code = mydocker_main(argc, argv, &flavor);
	free(steps);
	return code;
}
