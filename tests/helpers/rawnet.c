/* What a process in a container can and cannot do on the network without
 * CAP_NET_RAW; ch06-isolation.bats runs it there (built static: it runs in
 * the busybox image).
 *   rawnet ping ADDRESS      one echo through an ICMP datagram socket
 *                            (icmp(7), ping_group_range): "reply from ADDRESS"
 *   rawnet packet            opens AF_PACKET: "packet socket" or the errno text
 *   rawnet arp IFACE ADDRESS sends forged ARP replies, "ADDRESS is at my MAC",
 *                            to everyone on IFACE's link (packet(7), arp(7))
 * Exit status 0 when the act succeeded. */
#include <arpa/inet.h>
#include <errno.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/if_ether.h>
#include <netinet/ip_icmp.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

static int ping(const char *address)
{
	struct sockaddr_in to = { .sin_family = AF_INET };
	struct icmphdr echo = { .type = ICMP_ECHO, .un.echo.sequence = htons(1) };
	char reply[256];
	int fd = socket(AF_INET, SOCK_DGRAM, IPPROTO_ICMP);
	struct pollfd wait = { .fd = fd, .events = POLLIN };

	if (fd < 0 || inet_pton(AF_INET, address, &to.sin_addr) != 1) {
		printf("ping socket: %s\n", strerror(errno));
		return 1;
	}
	if (sendto(fd, &echo, sizeof(echo), 0, (struct sockaddr *)&to, sizeof(to)) < 0 || poll(&wait, 1, 3000) != 1 ||
	    recv(fd, reply, sizeof(reply), 0) < (ssize_t)sizeof(echo) || ((struct icmphdr *)reply)->type != ICMP_ECHOREPLY) {
		printf("no reply from %s: %s\n", address, strerror(errno));
		return 1;
	}
	printf("reply from %s\n", address);
	return 0;
}

static int packet(void)
{
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ALL));

	if (fd < 0) {
		printf("packet socket: %s\n", strerror(errno));
		return 1;
	}
	printf("packet socket\n");
	return 0;
}

/* An ARP reply, broadcast: sender ADDRESS at our MAC. */
static int arp(const char *interface, const char *address)
{
	struct {
		struct ether_header ethernet;
		struct ether_arp arp;
	} __attribute__((packed)) frame = { 0 };
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_ARP), .sll_halen = ETH_ALEN };
	struct ifreq request = { 0 };
	struct in_addr claimed;
	int fd = socket(AF_PACKET, SOCK_RAW, htons(ETH_P_ARP));

	snprintf(request.ifr_name, sizeof(request.ifr_name), "%s", interface);
	/* The index, then the MAC: one union in struct ifreq holds either. */
	if (fd < 0 || inet_pton(AF_INET, address, &claimed) != 1 || ioctl(fd, SIOCGIFINDEX, &request) < 0 ||
	    (to.sll_ifindex = request.ifr_ifindex, ioctl(fd, SIOCGIFHWADDR, &request) < 0)) {
		printf("arp: %s\n", strerror(errno));
		return 1;
	}
	memset(to.sll_addr, 0xff, ETH_ALEN);
	memset(frame.ethernet.ether_dhost, 0xff, ETH_ALEN);
	memcpy(frame.ethernet.ether_shost, request.ifr_hwaddr.sa_data, ETH_ALEN);
	frame.ethernet.ether_type = htons(ETHERTYPE_ARP);
	frame.arp.arp_hrd = htons(ARPHRD_ETHER);
	frame.arp.arp_pro = htons(ETHERTYPE_IP);
	frame.arp.arp_hln = ETH_ALEN;
	frame.arp.arp_pln = 4;
	frame.arp.arp_op = htons(ARPOP_REPLY);
	memcpy(frame.arp.arp_sha, request.ifr_hwaddr.sa_data, ETH_ALEN);
	memcpy(frame.arp.arp_spa, &claimed, 4);
	/* Target = sender: a gratuitous reply, which the kernel applies at
	 * once (no locktime) to an entry it has. */
	memcpy(frame.arp.arp_tha, request.ifr_hwaddr.sa_data, ETH_ALEN);
	memcpy(frame.arp.arp_tpa, &claimed, 4);
	for (int i = 0; i < 3; i++)
		if (sendto(fd, &frame, sizeof(frame), 0, (struct sockaddr *)&to, sizeof(to)) < 0) {
			printf("arp send: %s\n", strerror(errno));
			return 1;
		}
	printf("sent\n");
	return 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && strcmp(argv[1], "ping") == 0)
		return ping(argv[2]);
	if (argc == 2 && strcmp(argv[1], "packet") == 0)
		return packet();
	if (argc == 4 && strcmp(argv[1], "arp") == 0)
		return arp(argv[2], argv[3]);
	fprintf(stderr, "usage: rawnet ping ADDRESS | packet | arp IFACE ADDRESS\n");
	return 2;
}
