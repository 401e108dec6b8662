#!/usr/bin/env bats
# Chapter 5: a detached container's log is written by its monitor, never by
# the container, and rotated at a size (--log-max-size, --log-max-files), as
# docker's json-file driver does: a container cannot fill the disk.
bats_require_minimum_version 1.5.0

load helpers

setup() {
	mydocker_setup
	NAME="lg$$"
}

teardown() {
	remove_containers_and_check
}

# Bytes of container $1's log files on disk, all of them.
log_bytes() {
	stat -c %s "$MYDOCKER_ROOT/containers/$1"/container.log* 2> /dev/null | awk '{ sum += $1 } END { print sum + 0 }'
}

# Whether container $1 has ended (its monitor wrote how).
ended() {
	"$MYDOCKER" ps -a | awk -v name="$1" '$2 == name' | grep -q exited
}

# Whether the numbers on stdin (one a line, then END) follow each other.
in_order() {
	awk '$0 == "END" { end = 1; next } NR > 1 && $1 != previous + 1 { print "line " NR ": " $1 " after " previous; bad = 1 }
	     { previous = $1 } END { exit bad || !end }'
}

@test "--log-max-size 100k: a container writing as fast as it can never has more than 300 KiB of log; logs prints the newest lines, in order" {
	# 1.3 MB of lines, a dozen rotations: bounded by size, not time (an
	# emulated machine writes a few hundred KB a second).
	"$MYDOCKER" run -d --name "$NAME" --log-max-size 100k busybox sh -c 'seq 200000; echo END'
	local most=0 bytes
	# Watched, as often as we can, until the container ends (bounded).
	local deadline=$((SECONDS + 120))
	until ended "$NAME"; do
		bytes=$(log_bytes "$NAME")
		[ "$bytes" -le "$most" ] || most=$bytes
		[ "$SECONDS" -lt "$deadline" ]
	done
	bytes=$(log_bytes "$NAME")
	[ "$bytes" -le "$most" ] || most=$bytes
	echo "most on disk: $most bytes"
	# 3 files of 100 KiB at most (the default --log-max-files), plus one write.
	[ "$most" -le $((3 * 102400 + 65536)) ]
	# It did rotate: three files, the oldest lines gone.
	[ -e "$MYDOCKER_ROOT/containers/$NAME/container.log.2" ]
	[ ! -e "$MYDOCKER_ROOT/containers/$NAME/container.log.3" ]
	# The oldest line kept may be cut by a rotation: left out.
	"$MYDOCKER" logs "$NAME" | tail -n +2 > "$BATS_TEST_TMPDIR/logs"
	[ "$(tail -1 "$BATS_TEST_TMPDIR/logs")" = END ]
	[ "$(head -1 "$BATS_TEST_TMPDIR/logs")" -gt 1 ]
	in_order < "$BATS_TEST_TMPDIR/logs"
}

@test "logs -f follows across rotations: every line, in order, then it ends with the container" {
	# Enough files that nothing is rotated away: -f must cross ~20 rotations.
	"$MYDOCKER" run -d --name "$NAME" --log-max-size 64k --log-max-files 50 busybox sh -c 'seq 200000; echo END'
	# Bounded; the container's end decides (an emulated machine is slow).
	run --separate-stderr timeout 300 "$MYDOCKER" logs -f "$NAME"
	[ "$status" -eq 0 ]
	[ "${#lines[@]}" -eq 200001 ]
	in_order <<< "$output"
	ls "$MYDOCKER_ROOT/containers/$NAME"/container.log.1?
	# logs without -f reads the same, across the files.
	[ "$("$MYDOCKER" logs "$NAME" | md5sum)" = "$(printf '%s\n' "$output" | md5sum)" ]
}

@test "--log-max-files 1 keeps one file, emptied when full; the container's stdout and stderr both go to it" {
	"$MYDOCKER" run -d --name "$NAME" --log-max-size 4k --log-max-files 1 busybox sh -c 'seq 10000; echo to stderr >&2; echo END'
	eventually ended "$NAME"
	[ ! -e "$MYDOCKER_ROOT/containers/$NAME/container.log.1" ]
	[ "$(log_bytes "$NAME")" -le 4096 ]
	run "$MYDOCKER" logs "$NAME"
	[ "${lines[-2]}" = "to stderr" ]
	[ "${lines[-1]}" = END ]
}

@test "bad --log-max-size and --log-max-files are refused in one line, with nothing made" {
	run --separate-stderr "$MYDOCKER" run -d --log-max-size 10x busybox true
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--log-max-size 10x"* ]]
	run --separate-stderr "$MYDOCKER" run -d --log-max-size 0 busybox true
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"--log-max-size 0"* ]]
	for files in 0 -1 many; do
		run --separate-stderr "$MYDOCKER" run -d --log-max-files "$files" busybox true
		[ "$status" -eq 2 ]
		[[ "$stderr" == *"--log-max-files $files"* ]]
	done
	[ -z "$(ls "$MYDOCKER_ROOT/containers" 2> /dev/null)" ]
}

@test "rm removes every rotated file with the container" {
	"$MYDOCKER" run -d --name "$NAME" --log-max-size 4k busybox sh -c 'seq 10000'
	eventually ended "$NAME"
	[ -e "$MYDOCKER_ROOT/containers/$NAME/container.log.2" ]
	"$MYDOCKER" rm "$NAME"
	[ ! -e "$MYDOCKER_ROOT/containers/$NAME" ]
}
