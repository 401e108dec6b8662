#!/usr/bin/env bats
# commit against a container that fights back: a directory swapped for a
# symlink to a host directory while the container is packed. The walk goes
# by descriptors and the container is frozen meanwhile (NOTES.md, Security:
# "commit walks by descriptors, frozen"); afterwards nothing stays frozen
# and no cgroup is left, even when the commit fails or is killed.
bats_require_minimum_version 1.5.0

load helpers

setup() {
	mydocker_setup ch06-network/mydocker
}

teardown() {
	remove_containers_and_check
}

logged() {
	"$MYDOCKER" logs "$1" | grep -qx "$2"
}

init_pid() {
	"$MYDOCKER" ps | awk -v name="$1" '$2 == name {print $4}'
}

# The line of /proc/PID/cgroup for the hierarchy that freezes: v2's "0::",
# else v1's freezer.
freezer_line() {
	grep -E '^0::|:freezer:' "/proc/$1/cgroup" | grep -E ':freezer:' || grep '^0::' "/proc/$1/cgroup"
}

freeze_groups() {
	find /sys/fs/cgroup -maxdepth 3 -type d -name 'mydocker-commit-*' 2>/dev/null
}

# The container counts in /count, ten times a second.
counter_value() {
	cat "/proc/$1/root/count" 2>/dev/null
}

counter_moved() {
	[ "$(counter_value "$1")" != "$2" ]
}

counts_on() {
	eventually counter_moved "$1" "$(counter_value "$1")"
}

# Whether commit has container $1 frozen now: a freeze group exists (v1),
# or the container's own group says so (v2: wherever it is, a systemd
# scope too).
frozen_now() {
	[ -n "$(freeze_groups)" ] ||
		grep -qs '^frozen 1' "$(cgroup_file_of "$(init_pid "$1")" freezer cgroup.events)"
}

thawed() {
	! frozen_now "$1"
}

# After a commit (done, failed or killed): no freeze group, container $1
# not frozen (the guardian may still be at it: polled), in the cgroup it
# was in before, and running (its counter moves).
not_frozen() {
	local name=$1 pid=$2 line_before=$3
	eventually thawed "$name"
	[ "$(freezer_line "$pid")" = "$line_before" ]
	counts_on "$pid"
}

@test "commit during a directory/symlink swap race never packs the host's files (20 commits, each tar listed)" {
	[ -x "$HELPERS/swapdir" ]
	local secret="$BATS_TEST_TMPDIR/host-secret"
	mkdir -m 700 "$secret"
	echo "host only" > "$secret/root-only-marker"
	chmod 600 "$secret/root-only-marker"
	"$MYDOCKER" run -d --name racer -v "$HELPERS:/h" busybox /h/swapdir /data /link "$secret"
	eventually logged racer swapping
	local pid i found=no
	pid=$(init_pid racer)
	# The attack is real: a walk by path from the host, through
	# /proc/PID/root, reaches the host's marker when /data is the link.
	for i in $(seq 2000); do
		if ls "/proc/$pid/root/data/" 2>/dev/null | grep -q root-only-marker; then
			found=yes
			break
		fi
	done
	[ "$found" = yes ]
	for i in $(seq 20); do
		"$MYDOCKER" commit racer "race$i"
		tar -tvf "$MYDOCKER_ROOT/images/race$i.tar" > "$BATS_TEST_TMPDIR/list"
		echo "commit $i:"
		grep -E ' (data|link)( |/|$)' "$BATS_TEST_TMPDIR/list"
		run ! grep -q root-only-marker "$BATS_TEST_TMPDIR/list"
		# The container's own file once, and the link packed as a link,
		# whichever of the two places each held at the freeze.
		[ "$(grep -c '/container-file$' "$BATS_TEST_TMPDIR/list")" -eq 1 ]
		[ "$(grep -c "^l.* -> $secret\$" "$BATS_TEST_TMPDIR/list")" -eq 1 ]
	done
	# The race went on all along: it is still swapping after the commits.
	kill -0 "$pid"
	[ -f "$secret/root-only-marker" ]
}

@test "a symlink in the container is committed as a symlink, never followed" {
	"$MYDOCKER" run -d --name linker busybox sh -c \
		'ln -s /etc/hostname /hn; mkdir /d; ln -s ../etc /d/up; ln -s /nowhere /dangling; echo made; sleep 1000'
	eventually logged linker made
	"$MYDOCKER" commit linker linkimage
	tar -tvf "$MYDOCKER_ROOT/images/linkimage.tar" > "$BATS_TEST_TMPDIR/list"
	grep -q '^l.* hn -> /etc/hostname$' "$BATS_TEST_TMPDIR/list"
	grep -q '^l.* d/up -> \.\./etc$' "$BATS_TEST_TMPDIR/list"
	grep -q '^l.* dangling -> /nowhere$' "$BATS_TEST_TMPDIR/list"
	# Nothing under the links: they were not walked.
	run ! grep -q ' d/up/' "$BATS_TEST_TMPDIR/list"
	run "$MYDOCKER" run --rm linkimage sh -c 'readlink /hn; readlink /d/up'
	[ "${lines[0]}" = /etc/hostname ]
	[ "${lines[1]}" = ../etc ]
}

@test "commit leaves no frozen container and no cgroup: after a commit, a failed one, a killed one" {
	"$MYDOCKER" run -d --name box busybox sh -c \
		'i=0; while true; do i=$((i + 1)); echo $i > /count; sleep 0.1; done'
	local pid line
	pid=$(init_pid box)
	eventually test -f "/proc/$pid/root/count"
	line=$(freezer_line "$pid")
	"$MYDOCKER" commit box done1
	not_frozen box "$pid" "$line"
	# A failed commit: a path longer than a tar path may be (4096 bytes),
	# made of two shorter ones (one moved under the other).
	local deep
	deep=$(printf 'dddddddddd/%.0s' $(seq 300))
	"$MYDOCKER" exec box sh -c "mkdir -p /tmp/a/$deep /tmp/b/$deep && mv /tmp/a /tmp/b/$deep"
	run "$MYDOCKER" commit box failed
	[ "$status" -ne 0 ]
	[[ "$output" == *"File name too long"* ]]
	[ ! -e "$MYDOCKER_ROOT/images/failed.tar" ]
	not_frozen box "$pid" "$line"
	"$MYDOCKER" exec box sh -c "mv /tmp/b/$deep/a /tmp/a && rm -rf /tmp/a /tmp/b"
	# A commit killed (SIGKILL) while the container is frozen: its
	# guardian thaws the container and removes the group.
	"$MYDOCKER" exec box dd if=/dev/zero of=/big bs=1M count=200 2>/dev/null
	"$MYDOCKER" commit box killed & local commit=$!
	EVENTUALLY_SECONDS=60 eventually frozen_now box
	kill -KILL "$commit"
	wait "$commit" || true
	not_frozen box "$pid" "$line"
	[ ! -e "$MYDOCKER_ROOT/images/killed.tar" ]
	run "$MYDOCKER" images
	[[ "$output" != *killed* ]]
}
