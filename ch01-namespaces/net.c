/* net: a new network namespace starts with one device, the loopback, and
 * even that is down: no address, no route, no way out until someone adds a
 * veth (chapter 6). network_namespaces(7), netdevice(7).
 *   sudo ./ch01/net -- ip link  */
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "demo.h"
#include "log.h"

/* In the child: every device of this namespace, and whether it is up. */
static int list_devices(void *context)
{
	struct if_nameindex *devices = if_nameindex();
	int sock = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	int result = 0;

	(void)context;
	if (!devices || sock < 0) {
		log_errno("list network devices");
		result = -1;
		goto out;
	}
	for (struct if_nameindex *device = devices; device->if_index; device++) {
		struct ifreq request;

		memset(&request, 0, sizeof(request));
		snprintf(request.ifr_name, sizeof(request.ifr_name), "%s", device->if_name);
		if (ioctl(sock, SIOCGIFFLAGS, &request) < 0) {
			log_errno("SIOCGIFFLAGS %s", device->if_name);
			result = -1;
			goto out;
		}
		say("inside: device %u %s, %s", device->if_index, device->if_name, request.ifr_flags & IFF_UP ? "up" : "down");
	}
out:
	if (sock >= 0)
		close(sock);
	if (devices)
		if_freenameindex(devices);
	return result;
}

int main(int argc, char **argv)
{
	struct namespace_demo demo = { .flags = CLONE_NEWNET, .inside = list_devices };
	int code = demo_arguments(argc, argv, "Runs COMMAND in a new network namespace: only lo, and it is down.", NULL,
				  &demo.command);

	if (code != DEMO_RUN)
		return code;
	return run_namespace_demo(&demo);
}
