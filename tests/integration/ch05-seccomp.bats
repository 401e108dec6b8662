#!/usr/bin/env bats
# The seccomp filter and the capability sets (NOTES.md, Security): each
# test makes the refused call for real from inside a container, aimed at a
# harmless marker, and checks the host afterwards (leftover_check).
bats_require_minimum_version 1.5.0

load helpers

setup() {
	mydocker_setup ch06-network/mydocker
	NAME="sc$$"
	MARKER="$BATS_TEST_TMPDIR/pwned"
}

teardown() {
	remove_containers_and_check
	[ ! -e "$MARKER" ]
}

# Runs "$@" under script(1), whose terminal is the caller's, then plays the
# caller's shell: each line typed into that terminal within a second of the
# end is run as a command. Prints what was said on the terminal.
in_caller_shell() {
	local script="$BATS_TEST_TMPDIR/caller.sh"
	printf '%q ' "$@" > "$script"
	printf '\nwhile read -t 1 line; do echo "RAN [$line]"; eval "$line"; done\n' >> "$script"
	# script's input: a fifo we hold open, so it never sees an end of input.
	local fifo="$BATS_TEST_TMPDIR/terminal-input"
	[ -p "$fifo" ] || mkfifo "$fifo"
	exec 8<> "$fifo"
	script -q -c "bash $script" /dev/null <&8 | tr -d '\r\0'
	exec 8>&-
}

# The legacy TIOCSTI (Linux 6.2 can turn it off for all: then there is
# nothing to push, and nothing to show).
tiocsti_allowed() {
	[ "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo 1)" = 1 ]
}

@test "CVE-2019-10063: TIOCSTI with bit 32 set is refused like TIOCSTI, in run -t and exec -t" {
	tiocsti_allowed || skip "dev.tty.legacy_tiocsti=0: the kernel refuses TIOCSTI to all"
	# Without the filter the kernel drops the high bits and pushes the keys
	# (into the container's own pty here): the request is real.
	run in_caller_shell "$MYDOCKER" run --rm -t --privileged -v "$HELPERS:/h" busybox /h/tiocsti --high-bits "true"
	[[ "$output" == *"pushed 4 of 4 bytes"* ]]
	run in_caller_shell "$MYDOCKER" run --rm -t -v "$HELPERS:/h" busybox /h/tiocsti --high-bits "true"
	[[ "$output" == *"pushed 0 of 4 bytes: Operation not permitted"* ]]
	"$MYDOCKER" run -d --name "$NAME" -v "$HELPERS:/h" busybox sleep 1000
	run in_caller_shell "$MYDOCKER" exec -t "$NAME" /h/tiocsti --high-bits "true"
	[[ "$output" == *"pushed 0 of 4 bytes: Operation not permitted"* ]]
}

@test "CVE-2019-10063: a container on the caller's terminal cannot type a command into the caller's shell, even with bit 32 set" {
	tiocsti_allowed || skip "dev.tty.legacy_tiocsti=0: the kernel refuses TIOCSTI to all"
	local keys="touch $MARKER"$'\n'
	# The attack works on this machine: the helper run on the host types
	# the line, and the caller's shell runs it.
	run in_caller_shell "$HELPERS/tiocsti" --high-bits "$keys"
	[[ "$output" == *"RAN [touch $MARKER]"* ]]
	[ -e "$MARKER" ]
	rm "$MARKER"
	# From a container whose terminal is the caller's (exec -t, run -i if
	# it still hands the terminal over), both request widths: nothing runs.
	"$MYDOCKER" run -d --name "$NAME" -v "$HELPERS:/h" busybox sleep 1000
	for wide in "" --high-bits; do
		run in_caller_shell "$MYDOCKER" exec -t "$NAME" /h/tiocsti $wide "$keys"
		[[ "$output" == *"Operation not permitted"* ]]
		[[ "$output" != *RAN* ]]
		run in_caller_shell "$MYDOCKER" run --rm -i -v "$HELPERS:/h" busybox /h/tiocsti $wide "$keys"
		[[ "$output" != *RAN* ]]
		[ ! -e "$MARKER" ]
	done
}

@test "io_uring and AF_VSOCK sockets fail with EPERM, in run and in exec; --privileged reaches them" {
	run "$MYDOCKER" run --rm -v "$HELPERS:/h" busybox /h/refused
	[ "$status" -eq 0 ]
	[[ "$output" == *"io_uring_setup: Operation not permitted"* ]]
	[[ "$output" == *"io_uring_enter: Operation not permitted"* ]]
	[[ "$output" == *"io_uring_register: Operation not permitted"* ]]
	[[ "$output" == *"socket(AF_VSOCK): Operation not permitted"* ]]
	[[ "$output" == *"socket(AF_VSOCK|1<<32): Operation not permitted"* ]]
	"$MYDOCKER" run -d --name "$NAME" -v "$HELPERS:/h" busybox sleep 1000
	run "$MYDOCKER" exec "$NAME" /h/refused
	[ "$(grep -c "Operation not permitted" <<< "$output")" = 5 ]
	# Without the filter the same calls get the kernel's own answers.
	run "$MYDOCKER" run --rm --privileged -v "$HELPERS:/h" busybox /h/refused
	[[ "$output" == *"io_uring_enter: Bad file descriptor"* ]]
	[[ "$output" != *"socket(AF_VSOCK): Operation not permitted"* ]]
}

@test "CVE-2022-24769: the inheritable and ambient capability sets are empty, in run and in exec" {
	run "$MYDOCKER" run --rm busybox grep -E '^Cap(Inh|Amb|Eff):' /proc/self/status
	[[ "$output" == *"CapInh:	0000000000000000"* ]]
	[[ "$output" == *"CapAmb:	0000000000000000"* ]]
	[[ "$output" == *"CapEff:	00000000a80405fb"* ]]
	"$MYDOCKER" run -d --name "$NAME" busybox sleep 1000
	run "$MYDOCKER" exec "$NAME" grep -E '^Cap(Inh|Amb):' /proc/self/status
	[[ "$output" == *"CapInh:	0000000000000000"* ]]
	[[ "$output" == *"CapAmb:	0000000000000000"* ]]
	# A caller with inheritable capabilities passes none of them in
	# (capsh: Debian's libcap2-bin).
	if command -v capsh > /dev/null; then
		run capsh --inh=cap_net_admin,cap_sys_admin -- -c 'grep CapInh /proc/self/status; "$0" run --rm busybox grep CapInh /proc/self/status' "$MYDOCKER"
		[ "${lines[0]}" = "CapInh:	0000000000201000" ]
		[ "${lines[1]}" = "CapInh:	0000000000000000" ]
	fi
}
