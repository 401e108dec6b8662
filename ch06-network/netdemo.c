/* netdemo: chapter 6's network library, driven from the command line until
 * the runtime (mydocker run --net NAME -p H:C) calls it itself. Any process
 * stands in for a container: its network namespace is joined by PID.
 *   sudo ./ch06/netdemo create --driver bridge --subnet 10.213.7.0/24 md-demo
 *   sudo unshare -n sleep 600 &  sudo ./ch06/netdemo connect -p 8080:80 md-demo c1 $!
 * ip-link(8), ip-address(8), iptables(8), network_namespaces(7). */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cidr.h"
#include "log.h"
#include "netcli.h"
#include "network.h"
#include "ports.h"
#include "size.h"
#include "trace.h"

enum { EXIT_USAGE = 2, EXIT_FAILED = 1 };

static const char usage_text[] =
	"usage: netdemo [--root DIR] [--trace] COMMAND ...\n"
	"  create --driver bridge --subnet CIDR NAME   a bridge NAME with the subnet's first address, NAT out\n"
	"  ls | list                                   NAME SUBNET GATEWAY DRIVER CONTAINERS\n"
	"  rm | remove NAME                            refused while a container is connected\n"
	"  connect [-p HOST:CONTAINER]... NETWORK ID PID  veth into PID's network namespace, eth0 + address\n"
	"  disconnect NETWORK ID                       veth, address and port rules released\n"
	"  --root DIR   state root (default $MYDOCKER_ROOT or /var/lib/mydocker)\n"
	"  --trace      narrate every netlink request and iptables command (or MYDOCKER_TRACE=1)\n"
	"Example:\n"
	"  sudo ./ch06/netdemo create --driver bridge --subnet 10.213.7.0/24 md-demo\n"
	"  sudo unshare -n sleep 600 & sudo ./ch06/netdemo connect -p 8080:80 md-demo c1 $!\n";

static int usage_error(const char *format, const char *word)
{
	fprintf(stderr, "netdemo: ");
	fprintf(stderr, format, word);
	fprintf(stderr, "\n%s", usage_text);
	return EXIT_USAGE;
}

static int result_code(int result)
{
	return result == 0 ? 0 : EXIT_FAILED;
}

/* /proc/PID/ns/net, opened: the namespace stays ours to use even if PID
 * exits meanwhile. */
static int open_netns(const char *pid_text)
{
	char path[64];
	long long pid;
	const char *why;
	int fd;

	if (parse_number(pid_text, 1, 1 << 22, &pid, &why) < 0) {
		log_error("PID \"%s\": %s", pid_text, why);
		return -1;
	}
	snprintf(path, sizeof(path), "/proc/%lld/ns/net", pid);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		log_errno("open %s (is process %lld running?)", path, pid);
	return fd;
}

static int command_connect(const char *root, int argc, char **argv)
{
	struct port_mapping ports[ENDPOINT_PORTS_MAX];
	struct endpoint endpoint;
	char address[IPV4_TEXT_SIZE];
	int count = 0, option, netns, result;
	const char *why;

	while ((option = getopt(argc, argv, "+p:")) != -1) {
		if (option != 'p')
			return usage_error("connect: %s", "bad option");
		if (count == ENDPOINT_PORTS_MAX)
			return usage_error("connect: %s", "too many -p");
		if (port_mapping_parse(optarg, &ports[count++], &why) < 0) {
			log_error("-p %s: %s", optarg, why);
			return EXIT_USAGE;
		}
	}
	if (optind + 3 != argc)
		return usage_error("connect needs %s", "NETWORK ID PID");
	netns = open_netns(argv[optind + 2]);
	if (netns < 0)
		return EXIT_FAILED;
	result = network_connect(root, argv[optind], argv[optind + 1], netns, ports, count, &endpoint);
	close(netns);
	if (result == 0) {
		ipv4_format(endpoint.address, address);
		printf("%s\n", address);
	}
	return result_code(result);
}

static int command_disconnect(const char *root, int argc, char **argv)
{
	if (argc != 3)
		return usage_error("disconnect needs %s", "NETWORK ID");
	return result_code(network_disconnect(root, argv[1], argv[2]));
}

static const struct {
	const char *name;
	int (*run)(const char *root, int argc, char **argv);
} commands[] = {
	{ "connect", command_connect },
	{ "disconnect", command_disconnect },
};

int main(int argc, char **argv)
{
	const char *root = getenv("MYDOCKER_ROOT") && *getenv("MYDOCKER_ROOT") ? getenv("MYDOCKER_ROOT")
										  : "/var/lib/mydocker";
	int i = 1;

	log_set_program("netdemo");
	trace_init("parent");
	/* Options of netdemo itself come before the command. */
	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "--help") == 0) {
			fputs(usage_text, stdout);
			return 0;
		} else if (strcmp(argv[i], "--trace") == 0) {
			trace_enable(true);
		} else if (strcmp(argv[i], "--root") == 0 && i + 1 < argc) {
			root = argv[++i];
		} else {
			return usage_error("unknown option %s", argv[i]);
		}
	}
	if (i == argc)
		return usage_error("%s", "a COMMAND is needed (the demo is `sudo make tour`, tour/ch06.sh)");
	/* create, ls, rm: the same code as `mydocker network`. */
	if (network_command_known(argv[i]))
		return network_command(root, argc - i, argv + i);
	for (size_t c = 0; c < sizeof(commands) / sizeof(commands[0]); c++) {
		if (strcmp(argv[i], commands[c].name) == 0) {
			optind = 1;
			return commands[c].run(root, argc - i, argv + i);
		}
	}
	return usage_error("unknown command %s", argv[i]);
}
