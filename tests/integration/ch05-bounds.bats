#!/usr/bin/env bats
# Bounds a container gets without asking (NOTES.md, Security: "bounds by
# default"): a pids limit of 2048 against a fork bomb, and a --rm layer in
# memory no bigger than -m, or 1 GiB, or kept on disk when the host cannot
# spare that much. Each tries for real and checks the host afterwards.
bats_require_minimum_version 1.5.0

load helpers

setup() {
	mydocker_setup ch06-network/mydocker
}

teardown() {
	remove_containers_and_check
}

logged_forks() {
	"$MYDOCKER" logs "$1" | grep -q '^forked '
}

# None of the bomb's processes is left on the host.
no_bomb_left() {
	! pgrep -x forkbomb >/dev/null
}

# Runs the bounded bomb (3000 forks) detached with the flags given; leaves
# its line "forked F refused R" in $output and its cgroup's count of
# processes in $held. The bomb is removed (every process killed) after.
bomb() {
	"$MYDOCKER" run -d --name bomb -v "$HELPERS:/h" "$@" busybox /h/forkbomb 3000
	# Thousands of forks take seconds on a busy machine: a longer bound.
	EVENTUALLY_SECONDS=120 eventually logged_forks bomb
	output=$("$MYDOCKER" logs bomb)
	held=$(cat "$(cgroup_file_of "$(pgrep -o -x forkbomb)" pids pids.current)" 2>/dev/null || echo none)
	echo "$* -> $output, $held in the group"
	# The host can still fork while the bomb holds what it got.
	/bin/true
	"$MYDOCKER" rm -f bomb
	EVENTUALLY_SECONDS=60 eventually no_bomb_left
}

@test "a fork bomb in a container without flags stops at the default pids limit, 2048; the host keeps none of it" {
	[ -x "$HELPERS/forkbomb" ]
	bomb
	# The bomb itself and 2047 children: the kernel refused the rest.
	[ "$output" = "forked 2047 refused 953" ]
	[ "$held" -le 2048 ]
}

@test "--pids-limit N overrides the default; -1 and 0 mean no limit, as docker's" {
	bomb --pids-limit 100
	[ "$output" = "forked 99 refused 2901" ]
	for none in -1 0; do
		bomb --pids-limit "$none"
		[ "$output" = "forked 3000 refused 0" ]
	done
	run "$MYDOCKER" run --rm --pids-limit -2 busybox true
	[ "$status" -eq 2 ]
	[[ "$output" == *"--pids-limit -2: a pids limit is a number of processes"* ]]
}

# The size of / in the container, in KiB (the overlay reports its upper
# layer's filesystem: the tmpfs when the layer is in memory).
root_size_kib() {
	"$MYDOCKER" run --rm "$@" busybox sh -c 'df -k / | tail -1' | awk '{print $2}'
}

@test "a --rm container's layer in memory is 1 GiB by default and -m's size with -m; a write past it fails with ENOSPC" {
	local available
	available=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo)
	[ "$available" -ge $((2 * 1048576)) ] || skip "this host cannot spare 1 GiB (MemAvailable ${available} kB): the layer stays on disk"
	[ "$(root_size_kib)" -eq 1048576 ]
	[ "$(root_size_kib -m 64m)" -eq 65536 ]
	run "$MYDOCKER" run --rm busybox sh -c 'dd if=/dev/zero of=/big bs=1M count=1100; ls -l /big'
	[[ "$output" == *"No space left on device"* ]]
	[[ "$output" == *" 1073741824 "*/big* ]]
}

@test "a --rm layer the host cannot spare stays on disk, and --trace says so" {
	local available spare
	available=$(awk '/^MemAvailable:/ {print $2}' /proc/meminfo)
	# All that is available as -m: more than the half the layer may take.
	run "$MYDOCKER" --trace run --rm -m "${available}k" busybox sh -c 'df -k / | tail -1'
	[ "$status" -eq 0 ]
	[[ "$output" == *"the layer stays on disk"* ]]
	# The size shown is the disk's, not a tmpfs of -m's size.
	spare=$(echo "$output" | awk '$1 == "overlay" {print $2}' | tail -1)
	[ -n "$spare" ]
	[ "$spare" -ne "$available" ]
	[ "$spare" -eq "$(df -k --output=size "$MYDOCKER_ROOT" | tail -1 | tr -d ' ')" ]
}
