#!/usr/bin/env bats
# Chapter 6: the final runtime on a network: containers talk, a mapped port
# answers the host, everything is released. Each test makes its own state
# root, network (a bridge named mdr...) and 10.213.X.0/24 subnet that nothing
# here uses, talks only to those addresses, and removes all it made.
bats_require_minimum_version 1.5.0

load helpers

setup() {
	mydocker_setup ch06-network/mydocker
	create_test_network mdr
}

teardown() {
	remove_test_network_and_check
}

ip_of() {
	"$MYDOCKER" ps -a | awk -v name="$1" '$2 == name {print $NF}'
}

# busybox wget's own -T segfaults (Debian's 1.35): timeout(1) bounds it.
answers() {
	timeout 2 busybox wget -q -O - "$1" 2>/dev/null | grep -q "$2"
}

@test "network ls shows the network; its bridge holds the gateway, up" {
	run "$MYDOCKER" network ls
	[[ "$output" == *"$NET"*"$SUBNET"*"10.213.$X.1"*bridge* ]]
	ip -o addr show dev "$NET" | grep -q "10.213.$X.1/24"
	ip -o link show dev "$NET" | grep -q "state UP\|,UP"
}

@test "two containers on one network reach each other: ping and TCP" {
	"$MYDOCKER" run -d --name web --net "$NET" busybox httpd -f -p 80 -h /etc
	# busybox's ping opens a raw socket: CAP_NET_RAW, out of the default set.
	"$MYDOCKER" run -d --name client --net "$NET" --cap-add NET_RAW busybox sleep 1000
	local web_ip
	web_ip=$(ip_of web)
	[[ "$web_ip" == 10.213.$X.* ]]
	run "$MYDOCKER" exec client ping -c 1 -W 2 "$web_ip"
	[ "$status" -eq 0 ]
	eventually "$MYDOCKER" exec client sh -c "timeout 2 wget -q -O - http://$web_ip/passwd | grep -q '^root:'"
	# eth0 inside, with a default route through the gateway; lo up.
	run --separate-stderr "$MYDOCKER" exec client sh -c 'ip -o addr show eth0; ip route; ip -o link show lo'
	[[ "$output" == *"inet $(ip_of client)/24"* ]]
	[[ "$output" == *"default via 10.213.$X.1"* ]]
	[[ "$output" == *"lo:"*UP* ]]
}

@test "a mapped port answers the host, through 127.0.0.1 and the bridge's address" {
	local port=$(( 20000 + ($$ + BATS_TEST_NUMBER) % 20000 ))
	"$MYDOCKER" run -d --name web --net "$NET" -p "$port:80" busybox httpd -f -p 80 -h /etc
	eventually answers "http://127.0.0.1:$port/group" '^root:'
	answers "http://10.213.$X.1:$port/group" '^root:'
	iptables -t nat -S | grep -q -- "--dport $port"
	"$MYDOCKER" rm -f web
	! iptables -t nat -S | grep -q -- "--dport $port"
}

@test "10 containers started at once get 10 distinct addresses" {
	for i in $(seq 10); do
		"$MYDOCKER" run -d --name "c$i" --net "$NET" busybox sleep 1000 >/dev/null &
	done
	wait
	run "$MYDOCKER" ps
	[ "$(echo "$output" | grep -c "10.213.$X.")" -eq 10 ]
	[ "$(echo "$output" | awk '{print $NF}' | grep "10.213.$X." | sort -u | wc -l)" -eq 10 ]
}

@test "stop and rm release the veth, the rules and the address; the address is handed out again" {
	"$MYDOCKER" run -d --name first --net "$NET" -p 39999:80 busybox sleep 1000
	local address veths
	address=$(ip_of first)
	veths=$(ip -o link show master "$NET" | wc -l)
	[ "$veths" -eq 1 ]
	"$MYDOCKER" stop -t 1 first
	[ "$(ip -o link show master "$NET" | wc -l)" -eq 0 ]
	! iptables-save | grep -q "mydocker:$NET/"
	"$MYDOCKER" rm first
	"$MYDOCKER" run -d --name second --net "$NET" busybox sleep 1000
	[ "$(ip_of second)" = "$address" ]
}

@test "network rm is refused while a container uses it, then removes the bridge and its rules" {
	"$MYDOCKER" run -d --name user --net "$NET" busybox sleep 1000
	run "$MYDOCKER" network rm "$NET"
	[ "$status" -ne 0 ]
	[[ "$output" == *"in use"* ]]
	"$MYDOCKER" rm -f user
	"$MYDOCKER" network rm "$NET"
	! ip link show "$NET" 2>/dev/null
	! iptables-save | grep -q "mydocker:$NET"
}

@test "bad input is refused with nothing made: -p without --net, an unknown network, a bad port" {
	for bad in "-p 8080:80" "--net nosuchnet" "--net $NET -p 80" "--net $NET -p 0:80" "--net $NET -p 70000:80"; do
		run "$MYDOCKER" run $bad busybox true
		[ "$status" -ne 0 ]
		[ -z "$(ls -A "$MYDOCKER_ROOT/containers" 2>/dev/null)" ]
	done
	[ "$(ip -o link show master "$NET" | wc -l)" -eq 0 ]
	for bad in "--subnet 10.213.$X.0/24 other" "--subnet 10.213.$X.128/25 other" "--subnet nonsense other" \
		"--driver overlay --subnet 10.214.$X.0/24 other" "--subnet 10.214.$X.0/24 $NET" \
		"--subnet 10.214.$X.0/24 averyveryverylongname"; do
		run "$MYDOCKER" network create $bad
		[ "$status" -ne 0 ]
	done
	run "$MYDOCKER" network ls
	[ "$(echo "$output" | grep -c bridge)" -eq 1 ]
}
