#!/usr/bin/env bats
# Chapter 6, security: what a container (or any neighbour on a bridge) can
# reach of the host and of other networks. Each attack is tried for real,
# aimed at a marker the test serves itself, on bridges, containers and
# namespaces the test made; teardown stops the servers it started (by PID),
# removes its namespace and links, and checks the host (leftover_check).
bats_require_minimum_version 1.5.0

load helpers

setup() {
	leftover_setup
	MYDOCKER="$REPO/ch06-network/mydocker"
	[ -x "$MYDOCKER" ] || skip "chapter 6's mydocker is not built"
	export MYDOCKER_ROOT="$BATS_TEST_TMPDIR/state"
	: > "$BATS_TEST_TMPDIR/pids"
	: > "$BATS_TEST_TMPDIR/roots"
	create_test_network mdi
	NEIGHBOUR="${NET}n"
}

teardown() {
	local pid root
	while read -r pid; do
		[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done < "$BATS_TEST_TMPDIR/pids"
	ip link del "${NEIGHBOUR}h" 2>/dev/null || true
	while read -r root; do
		[ -n "$root" ] || continue
		MYDOCKER_ROOT="$root" remove_containers
		for net in $(ls "$root/networks" 2>/dev/null); do
			MYDOCKER_ROOT="$root" "$MYDOCKER" network rm "$net" >/dev/null 2>&1 || true
		done
	done < "$BATS_TEST_TMPDIR/roots"
	remove_test_network_and_check
}

# A second network, in state root $1 (may be this test's own): sets NET2.
second_network() {
	local first=$NET x=$X
	echo "$1" >> "$BATS_TEST_TMPDIR/roots"
	MYDOCKER_ROOT="$1" create_test_network mdj 1
	NET2=$NET
	NET=$first
	X=$x
}

# The neighbour: a process in a network namespace of its own (unshare -n;
# no `ip netns`, whose /run/netns mount would outlive the test), with a veth
# on the bridge, address .200. Sets NEIGHBOUR_PID.
start_neighbour() {
	NEIGHBOUR_PID=$(start_in_new_netns "$BATS_TEST_TMPDIR/pids")
	ip link add "${NEIGHBOUR}h" type veth peer name "${NEIGHBOUR}p"
	ip link set "${NEIGHBOUR}p" netns "$NEIGHBOUR_PID"
	ip link set "${NEIGHBOUR}h" master "$NET" up
	nsenter -t "$NEIGHBOUR_PID" -n ip addr add "10.213.$X.200/24" dev "${NEIGHBOUR}p"
	nsenter -t "$NEIGHBOUR_PID" -n ip link set "${NEIGHBOUR}p" up
}

# A host server on 127.0.0.1:$1 serving the marker file; its PID is
# recorded for teardown; returns once it listens.
serve_marker_on_loopback() {
	mkdir -p "$BATS_TEST_TMPDIR/www"
	echo "host-only marker" > "$BATS_TEST_TMPDIR/www/index.html"
	busybox httpd -f -p "127.0.0.1:$1" -h "$BATS_TEST_TMPDIR/www" &
	SERVER=$!
	echo "$SERVER" >> "$BATS_TEST_TMPDIR/pids"
	wait_for_listener $$ "$1"
}

# rawnet (tests/helpers/rawnet.c, built static by `make helpers`), copied
# into a directory a container gets with -v "$TOOLS:/t".
copy_rawnet() {
	[ -x "$REPO/tests/helpers/rawnet" ]
	TOOLS="$BATS_TEST_TMPDIR/tools"
	mkdir -p "$TOOLS"
	cp "$REPO/tests/helpers/rawnet" "$TOOLS/"
}

# The host's neighbour entry for address $1 on the test's bridge: asked
# for alone (a dump, `ip neigh show`, is cut short when other links change
# meanwhile: "Dump was interrupted").
neighbour_entry() {
	ip neigh get "$1" dev "$NET" 2>&1
}

ip_of() {
	MYDOCKER_ROOT=${2:-$MYDOCKER_ROOT} "$MYDOCKER" ps -a | awk -v name="$1" '$2 == name {print $NF}'
}

# The packets counted by this network's loopback guard (filter INPUT).
guard_packets() {
	iptables -L INPUT -v -n -x | awk -v tag="mydocker:$NET " '$0 ~ tag && /127\.0\.0\.0\/8/ {print $1}'
}

@test "CVE-2020-8558: a neighbour on the bridge cannot reach a host service bound to 127.0.0.1" {
	local port before
	port=$(free_host_port)
	serve_marker_on_loopback "$port"
	# The host itself reaches it: the marker is there to be stolen.
	[ "$(timeout 2 busybox wget -q -O - "http://127.0.0.1:$port/")" = "host-only marker" ]
	# The neighbour: a namespace on the bridge that routes 127.0.0.1
	# through the gateway (route_localnet on its own end lets it send so).
	start_neighbour
	nsenter -t "$NEIGHBOUR_PID" -n sh -c "echo 1 > /proc/sys/net/ipv4/conf/${NEIGHBOUR}p/route_localnet"
	nsenter -t "$NEIGHBOUR_PID" -n ip route add 127.0.0.1/32 via "10.213.$X.1" dev "${NEIGHBOUR}p"
	before=$(guard_packets)
	[ -n "$before" ]
	run nsenter -t "$NEIGHBOUR_PID" -n timeout 3 busybox wget -q -O - "http://127.0.0.1:$port/"
	[ "$status" -ne 0 ]
	[[ "$output" != *"host-only marker"* ]]
	# The packets did reach the host by the bridge, and the guard dropped them.
	[ "$(guard_packets)" -gt "$before" ]
	# The server is still there for the host.
	[ "$(timeout 2 busybox wget -q -O - "http://127.0.0.1:$port/")" = "host-only marker" ]
}

@test "-p: a port a host program holds is refused in one line naming it, and nothing is made" {
	local port links_before
	port=$(free_host_port)
	serve_marker_on_loopback "$port"
	links_before=$(ip -o link show | wc -l)
	run --separate-stderr "$MYDOCKER" run --rm --net "$NET" -p "$port:80" busybox true
	[ "$status" -eq 125 ]
	[ "$stderr" = "mydocker: host port $port is in use (by PID $SERVER, $(cat "/proc/$SERVER/comm")): pick another" ]
	# Nothing made: no record, no endpoint, no veth, no DNAT rule.
	[ -z "$(ls "$MYDOCKER_ROOT/containers" 2>/dev/null)" ]
	[ -z "$(ls "$MYDOCKER_ROOT/networks/$NET/endpoints")" ]
	[ "$(ip -o link show | wc -l)" -eq "$links_before" ]
	! iptables -t nat -S | grep -q -- "--dport $port "
	# The host's server still answers itself.
	[ "$(timeout 2 busybox wget -q -O - "http://127.0.0.1:$port/")" = "host-only marker" ]
	# The next container gets the network's first address: none was taken.
	"$MYDOCKER" run -d --name next --net "$NET" busybox sleep 1000
	[ "$(ip_of next)" = "10.213.$X.2" ]
}

@test "-p: two state roots mapping one host port: the second is refused while the first container lives" {
	local port other="$BATS_TEST_TMPDIR/other"
	port=$(free_host_port)
	second_network "$other"
	"$MYDOCKER" run -d --name web --net "$NET" -p "$port:80" busybox httpd -f -p 80 -h /etc
	run --separate-stderr env MYDOCKER_ROOT="$other" "$MYDOCKER" run --rm --net "$NET2" -p "$port:80" busybox true
	[ "$status" -eq 125 ]
	[[ "$stderr" == "mydocker: host port $port is in use (by PID "*", mydocker): pick another" ]]
	[ -z "$(ls "$other/containers" 2>/dev/null)" ]
	# The first keeps its port: the host reaches its container.
	eventually sh -c "timeout 2 busybox wget -q -O - http://127.0.0.1:$port/group | grep -q '^root:'"
	# Once it is gone, the port is free again.
	"$MYDOCKER" rm -f web
	MYDOCKER_ROOT="$other" "$MYDOCKER" run --rm --net "$NET2" -p "$port:80" busybox true
}

@test "networks are isolated: no ping, no TCP from one to another; each still reaches its own" {
	local web1 web2
	copy_rawnet
	second_network "$MYDOCKER_ROOT"
	"$MYDOCKER" run -d --name web1 --net "$NET" busybox httpd -f -p 80 -h /etc
	"$MYDOCKER" run -d --name web2 --net "$NET2" busybox httpd -f -p 80 -h /etc
	"$MYDOCKER" run -d --name client1 --net "$NET" -v "$TOOLS:/t" busybox sleep 1000
	"$MYDOCKER" run -d --name client2 --net "$NET2" -v "$TOOLS:/t" busybox sleep 1000
	web1=$(ip_of web1)
	web2=$(ip_of web2)
	# Its own neighbours: ping (ICMP datagram socket) and HTTP.
	"$MYDOCKER" exec client1 /t/rawnet ping "$web1"
	"$MYDOCKER" exec client2 /t/rawnet ping "$web2"
	eventually "$MYDOCKER" exec client1 sh -c "timeout 2 wget -q -O - http://$web1/passwd | grep -q '^root:'"
	eventually "$MYDOCKER" exec client2 sh -c "timeout 2 wget -q -O - http://$web2/passwd | grep -q '^root:'"
	# The other network's: nothing, either way.
	run "$MYDOCKER" exec client1 /t/rawnet ping "$web2"
	[ "$status" -ne 0 ]
	[[ "$output" == *"no reply"* ]]
	run "$MYDOCKER" exec client2 /t/rawnet ping "$web1"
	[ "$status" -ne 0 ]
	run "$MYDOCKER" exec client1 sh -c "timeout 3 wget -q -O - http://$web2/passwd"
	[ "$status" -ne 0 ]
	[[ "$output" != *"root:"* ]]
	run "$MYDOCKER" exec client2 sh -c "timeout 3 wget -q -O - http://$web1/passwd"
	[ "$status" -ne 0 ]
	[[ "$output" != *"root:"* ]]
	# The isolation chains hold one rule per network in each stage.
	[ "$(iptables -S MYDOCKER-ISOLATION-STAGE-2 | grep -c -e "mydocker:$NET\"" -e "mydocker:$NET2\"")" -eq 2 ]
}

@test "CVE-2020-13401: accept_ra is 0 on the bridge, the host end of the veth, and inside (all, default, eth0)" {
	[ -d /proc/sys/net/ipv6 ] || skip "this kernel has no IPv6"
	local veth
	"$MYDOCKER" run -d --name ra --net "$NET" busybox sleep 1000
	veth=$(ip -o link show master "$NET" | awk -F': ' '{print $2}' | sed 's/@.*//')
	[ -n "$veth" ]
	[ "$(cat "/proc/sys/net/ipv6/conf/$NET/accept_ra")" = 0 ]
	[ "$(cat "/proc/sys/net/ipv6/conf/$veth/accept_ra")" = 0 ]
	run "$MYDOCKER" exec ra cat /proc/sys/net/ipv6/conf/all/accept_ra /proc/sys/net/ipv6/conf/default/accept_ra \
		/proc/sys/net/ipv6/conf/eth0/accept_ra
	[ "$output" = "$(printf '0\n0\n0')" ]
}

@test "CAP_NET_RAW is dropped: packet sockets fail with EPERM, ping still works; --cap-add NET_RAW brings it back" {
	copy_rawnet
	run "$MYDOCKER" run --rm --net "$NET" -v "$TOOLS:/t" busybox sh -c \
		'grep CapEff /proc/self/status; /t/rawnet packet; arping -c 1 -I eth0 10.213.'"$X"'.1; /t/rawnet ping 10.213.'"$X"'.1'
	[[ "$output" == *"CapEff:	00000000a80405fb"* ]]
	[[ "$output" == *"packet socket: Operation not permitted"* ]]
	[[ "$output" == *"arping: socket: Operation not permitted"* ]]
	[[ "$output" == *"reply from 10.213.$X.1"* ]]
	run "$MYDOCKER" run --rm --net "$NET" --cap-add NET_RAW -v "$TOOLS:/t" busybox sh -c \
		'/t/rawnet packet; ping -c 1 -W 2 10.213.'"$X"'.1'
	[ "$status" -eq 0 ]
	[[ "$output" == *"packet socket"* ]]
	[[ "$output" != *"not permitted"* ]]
}

@test "forged ARP: a default container cannot move the host's neighbour entry of another container" {
	local victim victim_mac attacker_mac
	copy_rawnet
	# All three first: a port joining the bridge may change the bridge's
	# MAC, and the kernel then forgets the bridge's neighbour entries.
	"$MYDOCKER" run -d --name victim --net "$NET" busybox sleep 1000
	"$MYDOCKER" run -d --name attacker --net "$NET" -v "$TOOLS:/t" busybox sleep 1000
	"$MYDOCKER" run -d --name raw --net "$NET" --cap-add NET_RAW -v "$TOOLS:/t" busybox sleep 1000
	victim=$(ip_of victim)
	victim_mac=$("$MYDOCKER" exec victim cat /sys/class/net/eth0/address)
	attacker_mac=$("$MYDOCKER" exec raw cat /sys/class/net/eth0/address)
	busybox ping -c 1 -W 2 "$victim" >/dev/null
	[[ "$(neighbour_entry "$victim")" == *"lladdr $victim_mac "* ]]
	run "$MYDOCKER" exec attacker /t/rawnet arp eth0 "$victim"
	[ "$status" -ne 0 ]
	[[ "$output" == *"Operation not permitted"* ]]
	[[ "$(neighbour_entry "$victim")" == *"lladdr $victim_mac "* ]]
	# The same attack with CAP_NET_RAW given back does move it: the test
	# aims at something real.
	forged() {
		"$MYDOCKER" exec raw /t/rawnet arp eth0 "$victim" >/dev/null &&
			[[ "$(neighbour_entry "$victim")" == *"lladdr $attacker_mac "* ]]
	}
	eventually forged
}
