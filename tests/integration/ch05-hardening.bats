#!/usr/bin/env bats
# Hardening and fault tolerance (NOTES.md, Security): each test tries the
# attack or the crash, and checks the host afterwards (leftover_check, and
# the state root compared with what it was).
bats_require_minimum_version 1.5.0

load helpers

setup() {
	leftover_setup
	MYDOCKER="$REPO/ch05-containers/mydocker"
	export MYDOCKER_ROOT="$BATS_TEST_TMPDIR/state"
	NAME="hd$$"
}

teardown() {
	for name in $(ls "$MYDOCKER_ROOT/containers" 2>/dev/null); do
		"$MYDOCKER" rm -f "$name" >/dev/null 2>&1 || true
	done
	leftover_check
}

# The state root as a list of paths, images left out (unpacked once).
state_root() {
	(cd "$MYDOCKER_ROOT" && find . -path ./images -prune -o -print | sort)
}

# A run that exits at once, its output in $BATS_TEST_TMPDIR/out.
in_container() {
	"$MYDOCKER" run --rm "$@" > "$BATS_TEST_TMPDIR/out" 2> "$BATS_TEST_TMPDIR/err"
}

@test "fault injection: a SIGKILL before each step of run, then rm -f: the host is as before" {
	# Warm-up: the image is unpacked once; from here the state root is stable.
	"$MYDOCKER" run --rm busybox true
	state_root > "$BATS_TEST_TMPDIR/state-before"
	local steps
	steps=$("$MYDOCKER" steps | cut -f1)
	[ "$(echo "$steps" | grep -c '^parent:')" -ge 15 ]
	[ "$(echo "$steps" | grep -c '^init:')" -ge 10 ]
	for step in $steps; do
		run -0 -137 env MYDOCKER_FAIL_AT="$step" "$MYDOCKER" run --name "$NAME" -m 64m busybox true
		echo "# $step: run exited $status" >&3
		# Killed with the cgroup made and init started: both are there.
		if [ "$step" = parent:16 ]; then
			[ -d "/sys/fs/cgroup/memory/mydocker-$NAME" ]
			[ "$(cat "/sys/fs/cgroup/memory/mydocker-$NAME/cgroup.procs")" != "" ]
		fi
		# Nothing is named crashed before the record: then rm has nothing to do.
		"$MYDOCKER" rm -f "$NAME" 2>/dev/null || [ ! -e "$MYDOCKER_ROOT/containers/$NAME" ]
		state_root | diff "$BATS_TEST_TMPDIR/state-before" -
		leftover_check
	done
}

@test "fault injection with -d: the monitor killed before each parent step; rm -f cleans up" {
	"$MYDOCKER" run --rm busybox true
	state_root > "$BATS_TEST_TMPDIR/state-before"
	for step in $("$MYDOCKER" steps | cut -f1 | grep '^parent:'); do
		run env MYDOCKER_FAIL_AT="$step" "$MYDOCKER" run -d --name "$NAME" --pids-limit 50 busybox sleep 1000
		"$MYDOCKER" rm -f "$NAME" 2>/dev/null || [ ! -e "$MYDOCKER_ROOT/containers/$NAME" ]
		state_root | diff "$BATS_TEST_TMPDIR/state-before" -
		leftover_check
	done
}

@test "fault injection names a step by part of its name too, and only that step" {
	run -137 env MYDOCKER_FAIL_AT="cgroup, before" "$MYDOCKER" run --name "$NAME" busybox true
	run -137 env MYDOCKER_FAIL_AT="seccomp" "$MYDOCKER" run --name "$NAME-b" busybox true
	[[ "$output" == *"before init step"* ]]
	"$MYDOCKER" rm -f "$NAME" "$NAME-b"
	[ -z "$(ls "$MYDOCKER_ROOT/containers")" ]
}
