#!/usr/bin/env bats
# Hardening, chapter 6's final runtime: a SIGKILL before each step of `run`
# on a network with a mapped port, then `rm -f`: the machine is exactly as
# before: mounts, cgroups, links, iptables rules (leftover_check), the IPAM
# bitmap, and the state root. (Chapter 5's steps are walked in
# ch05-hardening.bats; chapter 6 inserts its network steps into them.)
bats_require_minimum_version 1.5.0

load helpers
load nethelpers

setup() {
	leftover_setup
	MYDOCKER="$REPO/ch06-network/mydocker"
	[ -x "$MYDOCKER" ] || skip "chapter 6's mydocker is not built"
	export MYDOCKER_ROOT="$BATS_TEST_TMPDIR/state"
	PORT=$(free_host_port "$((BATS_TEST_NUMBER + 50))")
	NAME="hf$$"
	create_test_network mdh 50
}

teardown() {
	remove_test_network_and_check
}

# The state root's paths and every file's checksum (the IPAM bitmap
# among them), images left out; locks may stay.
state_root() {
	(cd "$MYDOCKER_ROOT" && find . -path ./images -prune -o -type f ! -name '*.lock' -print0 | sort -z |
		xargs -0 -r sha256sum; find . -path ./images -prune -o -type d -print | sort)
}

@test "fault injection on a network: a SIGKILL before each step, then rm -f: links, rules, IPAM bitmap as before" {
	"$MYDOCKER" run --rm --net "$NET" -p "$PORT:80" busybox true
	state_root > "$BATS_TEST_TMPDIR/state-before"
	host_state | sort > "$BATS_TEST_TMPDIR/host-before-walk"
	for step in $("$MYDOCKER" steps | cut -f1); do
		run env MYDOCKER_FAIL_AT="$step" "$MYDOCKER" run --name "$NAME" --net "$NET" -p "$PORT:80" busybox true
		echo "# $step: run exited $status" >&3
		killed_or_init_gone "$step"
		# Killed right after the network step: its rule, link and address
		# are really there, for rm -f to release.
		if [ "$("$MYDOCKER" steps | grep -B1 -F "$step" | head -1 | cut -f2)" != "" ] &&
		   "$MYDOCKER" steps | grep -A1 "connect to the network" | tail -1 | grep -q "^$step	"; then
			iptables -t nat -S | grep -q -- "--dport $PORT "
			! state_root | diff -q "$BATS_TEST_TMPDIR/state-before" - >/dev/null
		fi
		"$MYDOCKER" rm -f "$NAME" 2>/dev/null || [ ! -e "$MYDOCKER_ROOT/containers/$NAME" ]
		state_root | diff "$BATS_TEST_TMPDIR/state-before" -
		host_state | sort | diff "$BATS_TEST_TMPDIR/host-before-walk" -
	done
}
