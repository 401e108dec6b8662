#!/usr/bin/env bats
bats_require_minimum_version 1.5.0
# Chapter 6: networks. "Containers" are plain processes in new network
# namespaces (unshare -n sleep), joined to a bridge by netdemo. Every test
# uses its own state root, bridge names starting with "mdt", and subnets of
# 10.213.X.0/24 that nothing on this machine uses; teardown kills what the
# test started (by PID) and removes what it made, even after a failure.

load helpers

setup() {
	leftover_setup
	NETDEMO="$REPO/ch06-network/netdemo"
	ROOT=$(mktemp -d /tmp/mydocker-ch06-test.XXXXXX)
	BUSYBOX=/bin/busybox
	TAG="mdt$(( $$ % 100000 ))"
	FORWARD_BEFORE=$(cat /proc/sys/net/ipv4/ip_forward)
	: > "$BATS_TEST_TMPDIR/pids"
	: > "$BATS_TEST_TMPDIR/links"
}

teardown() {
	local pid name id
	# Containers first, so their records can be released.
	while read -r pid; do
		[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	done < "$BATS_TEST_TMPDIR/pids"
	for name in $(ls "$ROOT/networks" 2>/dev/null); do
		[ -d "$ROOT/networks/$name/endpoints" ] || continue
		for id in $(ls "$ROOT/networks/$name/endpoints" | sed -n 's/\.json$//p'); do
			"$NETDEMO" --root "$ROOT" disconnect "$name" "$id" || true
		done
		"$NETDEMO" --root "$ROOT" rm "$name" || true
	done
	while read -r name; do
		[ -n "$name" ] && ip link del "$name" 2>/dev/null
	done < "$BATS_TEST_TMPDIR/links"
	rm -rf "$ROOT"
	leftover_check
}

# Starts a "container": a process in a new network namespace. Prints its PID
# once the process is in it (before, netdemo would refuse it).
start_container() {
	start_in_new_netns "$BATS_TEST_TMPDIR/pids"
}

create_network() {
	"$NETDEMO" --root "$ROOT" create --driver bridge --subnet "$2" "$1"
}

@test "CH06-1 network create makes a bridge holding the gateway address, up, and a MASQUERADE rule; ls shows it" {
	local x name=${TAG}a
	x=$(free_subnet_number)
	create_network "$name" "10.213.$x.0/24"
	# The kernel's view, not the program's words.
	ip -o link show "$name" type bridge | grep -q "state UP\|,UP"
	ip -o -4 addr show dev "$name" | grep -q "inet 10.213.$x.1/24"
	iptables -t nat -S POSTROUTING | grep -- "-s 10.213.$x.0/24 ! -o $name" | grep -q "mydocker:$name.*MASQUERADE"
	iptables -S FORWARD | grep -q "mydocker:$name"
	[ "$(cat /proc/sys/net/ipv4/ip_forward)" = 1 ]
	[ -f "$ROOT/networks/$name/network.json" ]
	run "$NETDEMO" --root "$ROOT" ls
	[ "$status" -eq 0 ]
	[[ "${lines[0]}" == NAME*SUBNET*GATEWAY*DRIVER*CONTAINERS ]]
	[[ "$output" == *"$name"*"10.213.$x.0/24"*"10.213.$x.1"*bridge* ]]
	run "$NETDEMO" --root "$ROOT" list
	[[ "$output" == *"$name"* ]]
}

@test "CH06-2 a connected process gets eth0 with an address from IPAM, lo up and a default route through the gateway" {
	local x name=${TAG}b pid address
	x=$(free_subnet_number)
	create_network "$name" "10.213.$x.0/24"
	pid=$(start_container)
	address=$("$NETDEMO" --root "$ROOT" connect "$name" 0123abcd99 "$pid")
	[ "$address" = "10.213.$x.2" ]
	nsenter -t "$pid" -n ip -o -4 addr show dev eth0 | grep -q "inet 10.213.$x.2/24"
	nsenter -t "$pid" -n ip -o link show lo | grep -q "UP"
	[ "$(nsenter -t "$pid" -n ip route show default)" = "default via 10.213.$x.1 dev eth0 proto static " ] ||
		nsenter -t "$pid" -n ip route show default | grep -q "default via 10.213.$x.1 dev eth0"
	# The host end, named after the container ID, is on the bridge.
	ip -o link show md0123abcd | grep -q "master $name"
}

@test "CH06-3 two containers on one network ping each other and talk TCP" {
	local x name=${TAG}c one two a1 a2 got
	x=$(free_subnet_number)
	create_network "$name" "10.213.$x.0/24"
	one=$(start_container)
	two=$(start_container)
	a1=$("$NETDEMO" --root "$ROOT" connect "$name" one "$one")
	a2=$("$NETDEMO" --root "$ROOT" connect "$name" two "$two")
	[ "$a1" != "$a2" ]
	nsenter -t "$one" -n $BUSYBOX ping -c 1 -W 2 "$a2"
	nsenter -t "$two" -n $BUSYBOX ping -c 1 -W 2 "$a1"
	# TCP: one listens, two sends a line.
	nsenter -t "$one" -n $BUSYBOX nc -l -p 5000 > "$BATS_TEST_TMPDIR/received" &
	echo $! >> "$BATS_TEST_TMPDIR/pids"
	wait_for_listener "$one" 5000
	echo "hello over the bridge" | nsenter -t "$two" -n $BUSYBOX nc -w 3 "$a1" 5000
	wait "$(tail -n 1 "$BATS_TEST_TMPDIR/pids")" || true
	got=$(cat "$BATS_TEST_TMPDIR/received")
	[ "$got" = "hello over the bridge" ]
}

@test "CH06-4 a -p mapped port answers the host (127.0.0.1, its own address, the gateway) and another host" {
	local x y name=${TAG}d pid address host_address port
	x=$(free_subnet_number)
	port=$(free_host_port)
	y=$(free_subnet_number 1)
	[ "$x" != "$y" ]
	create_network "$name" "10.213.$x.0/24"
	pid=$(start_container)
	address=$("$NETDEMO" --root "$ROOT" connect -p "$port:80" "$name" web "$pid")
	mkdir -p "$BATS_TEST_TMPDIR/www"
	echo "hello from the container" > "$BATS_TEST_TMPDIR/www/index.html"
	nsenter -t "$pid" -n $BUSYBOX httpd -f -p 80 -h "$BATS_TEST_TMPDIR/www" &
	echo $! >> "$BATS_TEST_TMPDIR/pids"
	wait_for_listener "$pid" 80
	iptables -t nat -S PREROUTING | grep -q "mydocker:$name/web.*--to-destination $address:80"
	iptables -t nat -S OUTPUT | grep -q "mydocker:$name/web.*--to-destination $address:80"
	# The host itself: OUTPUT's DNAT (127.0.0.1 also needs route_localnet).
	[ "$(timeout 5 $BUSYBOX wget -q -O - "http://127.0.0.1:$port/")" = "hello from the container" ]
	[ "$(timeout 5 $BUSYBOX wget -q -O - "http://10.213.$x.1:$port/")" = "hello from the container" ]
	host_address=$(ip -o -4 addr show scope global | awk '$2 !~ /^md/ && $4 !~ /^10\.213\./ {split($4, a, "/"); print a[1]; exit}')
	if [ -n "$host_address" ]; then
		[ "$(timeout 5 $BUSYBOX wget -q -O - "http://$host_address:$port/")" = "hello from the container" ]
	fi
	# Another host: a namespace behind a veth of its own, through PREROUTING.
	local outside
	outside=$(start_container)
	echo "${TAG}o" >> "$BATS_TEST_TMPDIR/links"
	ip link add "${TAG}o" type veth peer name "${TAG}p"
	ip link set "${TAG}p" netns "$outside"
	ip addr add "10.213.$y.1/30" dev "${TAG}o"
	ip link set "${TAG}o" up
	nsenter -t "$outside" -n ip addr add "10.213.$y.2/30" dev "${TAG}p"
	nsenter -t "$outside" -n ip link set "${TAG}p" up
	[ "$(nsenter -t "$outside" -n timeout 5 $BUSYBOX wget -q -O - "http://10.213.$y.1:$port/")" = "hello from the container" ]
}

@test "CH06-5 ten connects at once get ten distinct addresses" {
	local x name=${TAG}e i pids=() connects=()
	x=$(free_subnet_number)
	create_network "$name" "10.213.$x.0/24"
	for i in $(seq 1 10); do
		pids+=("$(start_container)")
	done
	# All ten at once: IPAM's flock is all that keeps them apart.
	for i in $(seq 0 9); do
		"$NETDEMO" --root "$ROOT" connect "$name" "c$i" "${pids[$i]}" > "$BATS_TEST_TMPDIR/address.$i" &
		connects+=($!)
	done
	for i in $(seq 0 9); do
		wait "${connects[$i]}"
	done
	cat "$BATS_TEST_TMPDIR"/address.* | sort > "$BATS_TEST_TMPDIR/all"
	[ "$(wc -l < "$BATS_TEST_TMPDIR/all")" -eq 10 ]
	[ "$(sort -u "$BATS_TEST_TMPDIR/all" | wc -l)" -eq 10 ]
	# And each process really holds its own.
	for i in $(seq 0 9); do
		nsenter -t "${pids[$i]}" -n ip -o -4 addr show dev eth0 | grep -q "inet $(cat "$BATS_TEST_TMPDIR/address.$i")/24"
	done
}

@test "CH06-6 disconnect and network rm leave no veth, no bridge, no mydocker rule; the address is free again" {
	local x name=${TAG}f pid first again port
	x=$(free_subnet_number)
	port=$(free_host_port 1)
	create_network "$name" "10.213.$x.0/24"
	pid=$(start_container)
	first=$("$NETDEMO" --root "$ROOT" connect -p "$port:80" "$name" abcdef0123 "$pid")
	ip link show mdabcdef01
	"$NETDEMO" --root "$ROOT" disconnect "$name" abcdef0123
	run ! ip link show mdabcdef01
	run ! nsenter -t "$pid" -n ip link show eth0
	[ "$(iptables-save | grep -c "mydocker:$name/")" -eq 0 ]
	# The address comes back to the next container.
	again=$("$NETDEMO" --root "$ROOT" connect "$name" abcdef0123 "$pid")
	[ "$again" = "$first" ]
	"$NETDEMO" --root "$ROOT" disconnect "$name" abcdef0123
	"$NETDEMO" --root "$ROOT" rm "$name"
	run ! ip link show "$name"
	[ "$(iptables-save | grep -c "mydocker:$name")" -eq 0 ]
	[ ! -e "$ROOT/networks/$name" ]
	run "$NETDEMO" --root "$ROOT" ls
	[[ "$output" != *"$name"* ]]
}

@test "CH06-7 network rm is refused while a container uses the network" {
	local x name=${TAG}g pid
	x=$(free_subnet_number)
	create_network "$name" "10.213.$x.0/24"
	pid=$(start_container)
	"$NETDEMO" --root "$ROOT" connect "$name" busy "$pid"
	run --separate-stderr "$NETDEMO" --root "$ROOT" rm "$name"
	[ "$status" -ne 0 ]
	[[ "$stderr" == *"in use"*busy* ]]
	ip link show "$name"
	iptables -t nat -S | grep -q "mydocker:$name"
	"$NETDEMO" --root "$ROOT" disconnect "$name" busy
	"$NETDEMO" --root "$ROOT" remove "$name"
	run ! ip link show "$name"
}

@test "CH06-8 bad input is refused and creates nothing: bad CIDR, overlap, long name, unknown driver, taken name" {
	local x name=${TAG}h host_route
	x=$(free_subnet_number)
	create_network "$name" "10.213.$x.0/24"
	iptables-save | grep "mydocker:$TAG" | sort > "$BATS_TEST_TMPDIR/rules-before"
	host_route=$(ip -o -4 route show scope link | awk '$1 ~ /\// {print $1; exit}')
	refused() { run --separate-stderr "$NETDEMO" --root "$ROOT" "$@"; [ "$status" -ne 0 ] && [ -n "$stderr" ]; }
	refused create --driver bridge --subnet 10.213.$x.0 ${TAG}i
	refused create --driver bridge --subnet 10.213.$x.5/24 ${TAG}i
	refused create --driver bridge --subnet 10.213.300.0/24 ${TAG}i
	refused create --driver bridge --subnet 10.213.$x.0/31 ${TAG}i
	refused create --driver bridge --subnet 10.213.$x.128/25 ${TAG}i
	[[ "$stderr" == *overlaps*"$name"* ]]
	refused create --driver bridge --subnet 10.213.0.0/16 ${TAG}i
	if [ -n "$host_route" ]; then
		refused create --driver bridge --subnet "$host_route" ${TAG}i
		[[ "$stderr" == *overlaps* ]]
	fi
	refused create --driver bridge --subnet 10.213.$((x + 1)).0/24 mydocker-name-is-too-long
	[[ "$stderr" == *15* ]]
	refused create --driver overlay --subnet 10.213.$((x + 1)).0/24 ${TAG}i
	[[ "$stderr" == *driver* ]]
	refused create --driver bridge --subnet 10.213.$((x + 1)).0/24 "$name"
	[[ "$stderr" == *exists* ]]
	refused create --driver bridge --subnet 10.213.$((x + 1)).0/24 lo
	refused create --driver bridge --subnet 10.213.$((x + 1)).0/24 "../etc"
	# Nothing new: links this test could have made (others' runs may add
	# their own meanwhile), rules, records.
	run ! ip link show "${TAG}i"
	run ! ip link show mydocker-name-i # what libnl would have cut it to
	iptables-save | grep "mydocker:$TAG" | sort | diff "$BATS_TEST_TMPDIR/rules-before" -
	[ "$(ls "$ROOT/networks" | grep -vc -e '^lock$' -e '^ip_forward-was-off$')" -eq 1 ]
	# Bad -p specs are refused before anything is made.
	local pid
	pid=$(start_container)
	for spec in 0:80 70000:80 a:b 80; do
		refused connect -p "$spec" "$name" bad0bad0ff "$pid"
	done
	run ! nsenter -t "$pid" -n ip link show eth0
	[ ! -e "$ROOT/networks/$name/endpoints/bad0bad0ff.json" ]
	run ! ip link show mdbad0bad0
	# A process of the host's own namespace would put eth0 and a default
	# route on the host: refused.
	refused connect "$name" 0000ffff00 $$
	[[ "$stderr" == *"host's network namespace"* ]]
	run ! ip link show md0000ffff
	run ! ip link show md0000ffffp
	[ ! -e "$ROOT/networks/$name/endpoints/0000ffff00.json" ]
}

@test "CH06-9 networks live on disk: another netdemo process lists and removes them; ip_forward is put back" {
	local x name=${TAG}j
	x=$(free_subnet_number)
	create_network "$name" "10.213.$x.0/24"
	# Each netdemo run is a fresh process: the record is all it knows.
	run "$NETDEMO" --root "$ROOT" ls
	[[ "$output" == *"$name"* ]]
	if [ "$FORWARD_BEFORE" = 0 ]; then
		[ -f "$ROOT/networks/ip_forward-was-off" ]
	fi
	"$NETDEMO" --root "$ROOT" rm "$name"
	# Back to what it was, unless another mydocker network (another run) needs it.
	if [ "$FORWARD_BEFORE" = 0 ] && ! iptables -S FORWARD | grep -q "mydocker:"; then
		[ "$(cat /proc/sys/net/ipv4/ip_forward)" = 0 ]
	fi
}
