/* `mydocker network create|ls|rm`; see netcli.h. */
#include "netcli.h"

#include <getopt.h>
#include <stdio.h>
#include <string.h>

#include "log.h"
#include "network.h"

static const char usage_text[] =
	"usage: mydocker network create [--driver bridge] --subnet CIDR NAME\n"
	"       mydocker network ls | list\n"
	"       mydocker network rm | remove NAME\n"
	"A network is a Linux bridge NAME holding the subnet's first address, with NAT\n"
	"out; containers join it with `mydocker run --net NAME [-p HOST:CONTAINER]`.\n";

static int usage_error(const char *what)
{
	log_error("network %s", what);
	fputs(usage_text, stderr);
	return 2;
}

static int create(const char *root, int argc, char **argv)
{
	static const struct option options[] = { { "driver", required_argument, NULL, 'd' },
						 { "subnet", required_argument, NULL, 's' },
						 { NULL, 0, NULL, 0 } };
	const char *driver = NETWORK_DRIVER_BRIDGE, *subnet = NULL;
	int option;

	opterr = 0;
	optind = 1;
	while ((option = getopt_long(argc, argv, "+d:s:", options, NULL)) != -1) {
		if (option == 'd')
			driver = optarg;
		else if (option == 's')
			subnet = optarg;
		else
			return usage_error("create: unknown option or missing value");
	}
	if (!subnet || optind + 1 != argc)
		return usage_error("create needs --subnet CIDR and one NAME");
	return network_create(root, argv[optind], driver, subnet) == 0 ? 0 : 1;
}

static int list(const char *root, int argc, char **argv)
{
	(void)argv;
	if (argc != 1)
		return usage_error("ls takes no arguments");
	return network_list(root, stdout) == 0 ? 0 : 1;
}

static int remove_network(const char *root, int argc, char **argv)
{
	if (argc != 2)
		return usage_error("rm needs one NAME");
	return network_remove(root, argv[1]) == 0 ? 0 : 1;
}

static const struct {
	const char *name;
	int (*run)(const char *root, int argc, char **argv);
} actions[] = {
	{ "create", create }, { "ls", list }, { "list", list }, { "rm", remove_network }, { "remove", remove_network },
};

bool network_command_known(const char *action)
{
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(action, actions[i].name) == 0)
			return true;
	return false;
}

int network_command(const char *root, int argc, char **argv)
{
	if (argc < 1 || strcmp(argv[0], "--help") == 0) {
		fputs(usage_text, argc < 1 ? stderr : stdout);
		return argc < 1 ? 2 : 0;
	}
	for (size_t i = 0; i < sizeof(actions) / sizeof(actions[0]); i++)
		if (strcmp(argv[0], actions[i].name) == 0)
			return actions[i].run(root, argc, argv);
	return usage_error("needs create, ls or rm");
}
