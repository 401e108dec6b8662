# Chapter 6: networks (sourced by tour/tour.sh). Two plain processes in new
# network namespaces stand in for containers: a bridge, a veth each, an
# address from IPAM, a mapped port; then everything is removed again.
chapter "Chapter 6: networks"
CH06=./ch06-network/netdemo
CH06_ROOT="$TOUR_SCRATCH/ch06-root"
CH06_PIDS=()
BUSYBOX=/bin/busybox

# Everything the chapter made goes, even if a claim failed or the tour is
# interrupted: processes by PID, then each network's containers, then it.
ch06_cleanup() {
	local pid name id
	for pid in "${CH06_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
	for name in $(ls "$CH06_ROOT/networks" 2>/dev/null); do
		[ -d "$CH06_ROOT/networks/$name/endpoints" ] || continue
		for id in $(ls "$CH06_ROOT/networks/$name/endpoints" | sed -n 's/\.json$//p'); do
			MYDOCKER_TRACE=0 $CH06 --root "$CH06_ROOT" disconnect "$name" "$id" 2>/dev/null
		done
		MYDOCKER_TRACE=0 $CH06 --root "$CH06_ROOT" rm "$name" 2>/dev/null
	done
	CH06_PIDS=()
}
# Ahead of tour.sh's own EXIT action, which is kept.
eval "ch06_old_trap=($(trap -p EXIT))"
trap "ch06_cleanup; ${ch06_old_trap[2]:-}" EXIT

# A "container": a process in a new network namespace, once it is in it.
ch06_container() {
	local deadline=$((SECONDS + 5))
	unshare -n sleep 600 >/dev/null 2>&1 &
	CH06_PIDS+=($!)
	while [ "$(readlink "/proc/$!/ns/net")" = "$(readlink /proc/self/ns/net)" ]; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
	done
}
# free_subnet_number, free_host_port, wait_for_listener: the tests' own, so the tour too
# takes only what nobody else uses.
. tests/integration/nethelpers.bash

x=$(free_subnet_number)
port=$(free_host_port)
net="mdtour$$"
net=${net:0:15}
forward_before=$(cat /proc/sys/net/ipv4/ip_forward)
narrate "A network is a bridge (a virtual switch) holding the gateway address, and a NAT rule out."
show $CH06 --root "$CH06_ROOT" create --driver bridge --subnet "10.213.$x.0/24" "$net"
show ip -br addr show dev "$net"
bridge_made() {
	ip -o -4 addr show dev "$net" | grep -q "inet 10.213.$x.1/24" && ip -o link show "$net" | grep -q ',UP' &&
		iptables -t nat -S POSTROUTING | grep -q "10.213.$x.0/24 ! -o $net .*mydocker:$net.*MASQUERADE"
}
claim CH06-1 "network create: an up bridge holding 10.213.$x.1/24, and a MASQUERADE rule tagged mydocker:$net" bridge_made

narrate "Two processes in new network namespaces play the containers. Each gets a veth pair:"
narrate "one end on the bridge, the other moved inside, renamed eth0, addressed, routed."
ch06_container; one=${CH06_PIDS[0]}
ch06_container; two=${CH06_PIDS[1]}
show $CH06 --root "$CH06_ROOT" connect -p $port:80 "$net" 0a1b2c3d4e "$one"
MYDOCKER_TRACE=0 $CH06 --root "$CH06_ROOT" connect "$net" 5f6e7d8c9b "$two" >/dev/null
show nsenter -t "$one" -n ip -br addr
show nsenter -t "$one" -n ip route
show $CH06 --root "$CH06_ROOT" ls
# Each netdemo call is a new process: the network it lists was found on disk.
listed_by_another_process() { MYDOCKER_TRACE=0 $CH06 --root "$CH06_ROOT" ls 2>/dev/null | grep -q "$net"; }
ch06_listed=1; listed_by_another_process && ch06_listed=0
eth0_ready() {
	nsenter -t "$one" -n ip -o -4 addr show dev eth0 | grep -q "inet 10.213.$x.2/24" &&
		nsenter -t "$one" -n ip route show default | grep -q "via 10.213.$x.1 dev eth0" &&
		nsenter -t "$one" -n ip -o link show lo | grep -q ',UP'
}
claim CH06-2 "inside: eth0 with 10.213.$x.2/24 from IPAM, lo up, default route via 10.213.$x.1" eth0_ready
show nsenter -t "$two" -n $BUSYBOX ping -c 1 -W 2 "10.213.$x.2"
pings() { nsenter -t "$two" -n $BUSYBOX ping -c 1 -W 2 "10.213.$x.2" && nsenter -t "$one" -n $BUSYBOX ping -c 1 -W 2 "10.213.$x.3"; }
tcp_talk() {
	local got listener
	nsenter -t "$one" -n $BUSYBOX nc -l -p 5000 > "$TOUR_SCRATCH/ch06-received" &
	listener=$!
	wait_for_listener "$one" 5000 || { kill "$listener"; return 1; }
	echo "hello over the bridge" | nsenter -t "$two" -n $BUSYBOX nc -w 3 "10.213.$x.2" 5000
	wait "$listener"
	got=$(cat "$TOUR_SCRATCH/ch06-received")
	[ "$got" = "hello over the bridge" ]
}
claim CH06-3 "the two containers ping each other across the bridge and talk TCP (a line sent by busybox nc arrives)" \
	eval 'pings && tcp_talk'

narrate "-p $port:80 is two DNAT rules: PREROUTING for other hosts, OUTPUT for the host itself."
show sh -c "iptables -t nat -S | grep mydocker:$net/"
mkdir -p "$TOUR_SCRATCH/ch06-www"
echo "hello from the container" > "$TOUR_SCRATCH/ch06-www/index.html"
nsenter -t "$one" -n $BUSYBOX httpd -f -p 80 -h "$TOUR_SCRATCH/ch06-www" &
CH06_PIDS+=($!)
wait_for_listener "$one" 80
show $BUSYBOX wget -q -O - http://127.0.0.1:$port/
port_answers() {
	[ "$(timeout 5 $BUSYBOX wget -q -O - http://127.0.0.1:$port/)" = "hello from the container" ] &&
		[ "$(timeout 5 $BUSYBOX wget -q -O - "http://10.213.$x.1:$port/")" = "hello from the container" ]
}
claim CH06-4 "the mapped port answers the host on 127.0.0.1:$port and on the gateway's $port" port_answers

rm_refused() { ! MYDOCKER_TRACE=0 $CH06 --root "$CH06_ROOT" rm "$net" 2>/dev/null && ip link show "$net" >/dev/null; }
claim CH06-7 "network rm is refused while containers use the network" rm_refused

reused() {
	local again
	MYDOCKER_TRACE=0 $CH06 --root "$CH06_ROOT" disconnect "$net" 5f6e7d8c9b || return 1
	again=$(MYDOCKER_TRACE=0 $CH06 --root "$CH06_ROOT" connect "$net" 5f6e7d8c9b "$two") && [ "$again" = "10.213.$x.3" ]
}
ch06_reused=1; reused && ch06_reused=0

narrate "Disconnect both, remove the network: no veth, no bridge, no rule with mydocker in it."
show $CH06 --root "$CH06_ROOT" disconnect "$net" 0a1b2c3d4e
MYDOCKER_TRACE=0 $CH06 --root "$CH06_ROOT" disconnect "$net" 5f6e7d8c9b
show $CH06 --root "$CH06_ROOT" rm "$net"
all_gone() {
	! ip link show "$net" >/dev/null 2>&1 && ! ip link show md0a1b2c3d >/dev/null 2>&1 &&
		! ip link show md5f6e7d8c >/dev/null 2>&1 && ! iptables-save | grep -q "mydocker:$net"
}
forward_back() {
	# Another network still up (not ours) may keep it on.
	[ "$(cat /proc/sys/net/ipv4/ip_forward)" = "$forward_before" ] || iptables -S FORWARD | grep -q 'mydocker:'
}
claim CH06-6 "disconnect frees the address (handed out again) and rm leaves no veth, bridge or mydocker rule" \
	eval '[ "$ch06_reused" = 0 ] && all_gone'
claim CH06-9 "networks live on disk (each netdemo call, a new process, found them); ip_forward is back to $forward_before" \
	eval '[ "$ch06_listed" = 0 ] && forward_back'
explain CH06-5 "the book's IPAM kept a character per address and read 2000 bytes: a /16 handed one address twice; ours is a bitmap under a flock, /8 to /30, ten connects at once get ten addresses" \
	"NOTES.md, Chapter 6; tests/integration/ch06-network.bats"
ch06_cleanup
