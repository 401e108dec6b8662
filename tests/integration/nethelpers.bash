# For network tests and the tour, on a machine others use too: a
# 10.213.X.0/24 and a host TCP port that nothing here has, and a bounded
# wait for a listener. Sourced by helpers.bash (bats) and tour/ch06.sh.

# A 10.213.X.0/24 with no address or route on this machine: prints X.
# The first X tried depends on our PID, so parallel runs start apart.
free_subnet_number() {
	local x try
	for try in $(seq 0 200); do
		x=$(( (20 + $$ + try * 7 + ${1:-0} * 31) % 230 + 20 ))
		if ! ip -o addr | grep -q "10\.213\.$x\." && ! ip route | grep -q "10\.213\.$x\."; then
			echo "$x"
			return 0
		fi
	done
	return 1
}

# A TCP port of the host that no DNAT rule (another run's) and no listener
# has: prints it. Two runs mapping one port would answer for each other.
free_host_port() {
	local port try
	for try in $(seq 0 200); do
		port=$(( 20000 + ($$ * 13 + try * 7 + ${1:-0} * 101) % 20000 ))
		iptables -t nat -S | grep -q -- "--dport $port " && continue
		grep -qi ":$(printf '%04X' "$port") " /proc/net/tcp /proc/net/tcp6 && continue
		echo "$port"
		return 0
	done
	return 1
}

# Starts `sleep` in a network namespace of its own (unshare -n), its PID
# appended to file $1 (for teardown); prints the PID once the process is in
# it (until unshare(2) has run, $! is still in the host's namespace).
start_in_new_netns() {
	local pid deadline=$((SECONDS + 5))
	unshare -n sleep 1000 >/dev/null 2>&1 &
	pid=$!
	echo "$pid" >> "$1"
	while [ "$(readlink "/proc/$pid/ns/net")" = "$(readlink /proc/self/ns/net)" ]; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
	done
	echo "$pid"
}

# Waits (at most 5 s) until something in PID's network namespace listens on
# TCP port PORT (IPv4, or IPv6 and so both, as busybox httpd does).
wait_for_listener() {
	local pid=$1 hex deadline=$((SECONDS + 5))
	hex=$(printf '%04X' "$2")
	until nsenter -t "$pid" -n cat /proc/net/tcp /proc/net/tcp6 | awk '{print $2, $4}' | grep -q ":$hex 0A"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
	done
}

# A network of the test's own for $MYDOCKER: a bridge named PREFIX and a
# number, on a free 10.213.X.0/24 (OFFSET spreads tests apart). Sets NET,
# X and SUBNET.
create_test_network() {
	NET="$1$(( ($$ + BATS_TEST_NUMBER) % 100000 ))"
	X=$(free_subnet_number "$(( BATS_TEST_NUMBER + ${2:-0} ))")
	SUBNET="10.213.$X.0/24"
	"$MYDOCKER" network create --driver bridge --subnet "$SUBNET" "$NET"
}

# Teardown for tests on a test network: containers, the network, the check.
remove_test_network_and_check() {
	remove_containers
	"$MYDOCKER" network rm "$NET" >/dev/null 2>&1 || true
	leftover_check
}
