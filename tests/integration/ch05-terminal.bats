#!/usr/bin/env bats
# Chapter 5: the caller's terminal is never a container's. Without -t, a
# container's stdin, stdout and stderr are pipes the runtime relays (the
# monitor, into the log, with -d), and every process entering it starts a
# session of its own (NOTES.md, Security: "The caller's terminal is never a container's").
bats_require_minimum_version 1.5.0

load helpers

setup() {
	mydocker_setup
	NAME="tm$$"
	GATE="$BATS_TEST_TMPDIR/gate"
	mkdir -p "$GATE"
}

teardown() {
	if [ -n "${SCRIPT_PID:-}" ]; then
		kill "$SCRIPT_PID" 2>/dev/null || true
		wait "$SCRIPT_PID" 2>/dev/null || true
	fi
	remove_containers_and_check
}

@test "without -t: stdout and stderr apart, the exit code, MBs in order, EOF on stdin ends the container's input" {
	run --separate-stderr "$MYDOCKER" run --rm busybox sh -c 'echo out; echo err >&2; exit 3'
	[ "$status" -eq 3 ]
	[ "$output" = out ]
	[ "$stderr" = err ]
	# 2 MB and more, in order.
	[ "$("$MYDOCKER" run --rm busybox seq 300000 | md5sum)" = "$(seq 300000 | md5sum)" ]
	# -i: the caller's input, then its end (cat ends); without -i: nothing.
	[ "$(printf 'a\nb\n' | "$MYDOCKER" run --rm -i busybox sh -c 'cat; echo end')" = "$(printf 'a\nb\nend')" ]
	[ "$(echo unread | "$MYDOCKER" run --rm busybox sh -c 'cat; echo end')" = end ]
	# A command that closes its stdout early still says the rest on stderr.
	run --separate-stderr "$MYDOCKER" run --rm busybox sh -c 'exec >&-; sleep 0.2; echo late >&2'
	[ "$status" -eq 0 ]
	[ "$stderr" = late ]
	# A reader that goes away: the container's writer gets EPIPE and ends.
	run timeout 20 bash -c "'$MYDOCKER' run --rm busybox yes | head -1"
	[ "$status" -eq 0 ]
	[ "${lines[0]}" = y ]
}

@test "exec without -t: the same pipes, exit code and stdin's end; no descriptor added" {
	"$MYDOCKER" run -d --name "$NAME" busybox sleep 1000
	run --separate-stderr "$MYDOCKER" exec "$NAME" sh -c 'echo out; echo err >&2; exit 4'
	[ "$status" -eq 4 ]
	[ "$output" = out ]
	[ "$stderr" = err ]
	[ "$(printf 'a\nb\n' | "$MYDOCKER" exec -i "$NAME" sh -c 'cat; echo end')" = "$(printf 'a\nb\nend')" ]
	[ "$("$MYDOCKER" exec "$NAME" seq 300000 | md5sum)" = "$(seq 300000 | md5sum)" ]
	run "$MYDOCKER" exec "$NAME" sh -c 'sleep 100 & ls /proc/$!/fd | tr "\n" " "; readlink /proc/$!/fd/1; kill $!'
	[[ "$output" == "0 1 2 pipe:"* ]]
}

# Starts "$@" (after $1) in the background (SIGNALLED), its output in
# $BATS_TEST_TMPDIR/signal.out; waits until that holds $1 (it is ready).
start_until_ready() {
	local out="$BATS_TEST_TMPDIR/signal.out" ready=$1
	shift
	# Emptied here: the job's own redirection comes later, and the last
	# run's "ready" must not count.
	: > "$out"
	"$@" >> "$out" 2>&1 &
	SIGNALLED=$!
	eventually grep -q "$ready" "$out"
}

@test "SIGTERM and SIGINT sent to run and exec reach the command (it is in a session of its own)" {
	local trap='trap "echo got TERM; exit 7" TERM; trap "echo got INT; exit 8" INT; echo ready; while :; do sleep 0.05; done'
	local code=0
	# A background job starts with SIGINT ignored: env sets it back.
	start_until_ready ready env --default-signal=INT "$MYDOCKER" run --rm busybox sh -c "$trap"
	kill -TERM "$SIGNALLED"
	wait "$SIGNALLED" || code=$?
	[ "$code" -eq 7 ]
	grep -qx "got TERM" "$BATS_TEST_TMPDIR/signal.out"
	"$MYDOCKER" run -d --name "$NAME" busybox sleep 1000
	for signal in TERM INT; do
		code=0
		start_until_ready ready env --default-signal=INT "$MYDOCKER" exec "$NAME" sh -c "$trap"
		kill -"$signal" "$SIGNALLED"
		wait "$SIGNALLED" || code=$?
		[ "$code" -eq $([ "$signal" = TERM ] && echo 7 || echo 8) ]
		grep -qx "got $signal" "$BATS_TEST_TMPDIR/signal.out"
	done
}

# Runs "$@" under script(1): a terminal of its own, the "caller's"; its
# output in $BATS_TEST_TMPDIR/terminal.out. In the background when
# BACKGROUND is set (SCRIPT_PID). script's input is a fifo held open: it
# never sees an end of input.
under_terminal() {
	local command fifo="$BATS_TEST_TMPDIR/terminal-input"
	command=$(printf '%q ' "$@")
	[ -p "$fifo" ] || mkfifo "$fifo"
	exec 8<> "$fifo"
	if [ -n "${BACKGROUND:-}" ]; then
		script -q -c "$command" /dev/null <&8 > "$BATS_TEST_TMPDIR/terminal.out" 2>&1 &
		SCRIPT_PID=$!
	else
		script -q -c "$command; echo exit=\$?" /dev/null <&8 > "$BATS_TEST_TMPDIR/terminal.out" 2>&1
	fi
}

@test "no process in a container has the caller's terminal: /dev/tty is ENXIO, each is a session leader (run, run -i, exec)" {
	"$MYDOCKER" run -d --name "$NAME" busybox sleep 1000
	local probe='echo probe > /dev/tty; echo sid=$(cut -d" " -f6 /proc/$$/stat) pid=$$'
	under_terminal "$MYDOCKER" run --rm busybox sh -c "$probe"
	grep -q "can't create /dev/tty: No such device or address" "$BATS_TEST_TMPDIR/terminal.out"
	grep -q "sid=1 pid=1" "$BATS_TEST_TMPDIR/terminal.out"
	under_terminal "$MYDOCKER" run --rm -i busybox sh -c "$probe"
	grep -q "can't create /dev/tty: No such device or address" "$BATS_TEST_TMPDIR/terminal.out"
	under_terminal "$MYDOCKER" exec "$NAME" sh -c "$probe"
	grep -q "can't create /dev/tty: No such device or address" "$BATS_TEST_TMPDIR/terminal.out"
	grep -Eq "sid=([0-9]+) pid=\1" "$BATS_TEST_TMPDIR/terminal.out"
	grep -q "exit=0" "$BATS_TEST_TMPDIR/terminal.out"
}

# The spy: every descriptor of every process it can see, opened through
# /proc/PID/fd; one that is a terminal gets a harmless marker written into
# it, and is noted in /gate/hits. Then each PID it looked at is noted as
# seen (/gate/seen.PID).
write_spy() {
	cat > "$GATE/spy.sh" <<-'EOF'
	#!/bin/sh
	pids=$(ls -d /proc/[0-9]*)
	for pid in $pids; do
		for fd in $pid/fd/*; do
			if { [ -t 3 ] && echo SPY-MARKER >&3; } 2> /dev/null 3<> "$fd"; then
				echo "$fd" >> /gate/hits
			fi
		done
	done
	for pid in $pids; do : > /gate/seen.${pid#/proc/}; done
	EOF
	chmod +x "$GATE/spy.sh"
}

# The command run from the terminal: looks around once itself, then waits
# (bounded) until the spy and the host have both looked at it.
TARGET='/gate/spy.sh; i=0; until [ -e /gate/seen.$$ ] && [ -e /gate/host-looked ]; do i=$((i + 1)); [ $i -lt 400 ] || exit 9; sleep 0.05; done; echo target-done'

# The host's /proc/PID of each process in the PID namespace of $1 (a PID
# on the host); -ef compares the namespaces' inodes, without a fork.
processes_beside() {
	local pid
	for pid in /proc/[0-9]*; do
		[ "$pid/ns/pid" -ef "/proc/$1/ns/pid" ] && echo "$pid"
	done
	return 0
}

# Prints each descriptor, of the processes in the PID namespace of $1,
# that is on the host's devpts: a host terminal.
host_ptys_in() {
	local host_pts pid fd
	host_pts=$(stat -c %d /dev/pts/ptmx)
	for pid in $(processes_beside "$1"); do
		for fd in "$pid"/fd/*; do
			[ "$(stat -L -c %d "$fd" 2> /dev/null)" != "$host_pts" ] || echo "$fd -> $(readlink "$fd")"
		done
	done
}

# The host PID of the container's process running the target, once it runs.
target_pid() {
	local pid
	for pid in $(processes_beside "$1"); do
		grep -q "host-looked" "$pid/cmdline" 2> /dev/null && echo "${pid#/proc/}" && return 0
	done
	return 1
}

# The host PID of container $1's init, once its record has it.
init_pid_of() {
	"$MYDOCKER" ps | awk -v name="$1" '$2 == name { print $4 }' | grep .
}

# Runs the target from a terminal with "$@" (a mydocker command line whose
# container's init is $INIT, or is found by name $TARGET_NAME); checks,
# from the host, while the target waits, that no process of that container
# holds a host terminal; then that the marker never reached the terminal.
attack_while() {
	rm -f "$GATE"/seen.* "$GATE/host-looked"
	BACKGROUND=1 under_terminal "$@"
	local init=${INIT:-} pid
	if [ -z "$init" ]; then
		eventually init_pid_of "$TARGET_NAME" > /dev/null
		init=$(init_pid_of "$TARGET_NAME")
	fi
	eventually target_pid "$init" > /dev/null
	pid=$(target_pid "$init")
	[ -e "/proc/$pid/fd/0" ]
	run host_ptys_in "$init"
	[ -z "$output" ]
	touch "$GATE/host-looked"
	wait "$SCRIPT_PID"
	SCRIPT_PID=
	grep -q target-done "$BATS_TEST_TMPDIR/terminal.out"
	run grep -c SPY-MARKER "$BATS_TEST_TMPDIR/terminal.out"
	[ "$output" = 0 ]
}

@test "a detached container's process finds no host terminal to write to or read from, while exec, run and run -i are used from one" {
	write_spy
	"$MYDOCKER" run -d --name "$NAME" -v "$GATE:/gate" busybox sh -c 'while :; do /gate/spy.sh; sleep 0.05; done'
	INIT=$(init_pid_of "$NAME")
	attack_while "$MYDOCKER" exec "$NAME" sh -c "$TARGET"
	INIT=$(init_pid_of "$NAME")
	attack_while "$MYDOCKER" exec -i "$NAME" sh -c "$TARGET"
	INIT=
	TARGET_NAME="$NAME-run"
	attack_while "$MYDOCKER" run --rm --name "$TARGET_NAME" -v "$GATE:/gate" busybox sh -c "$TARGET"
	TARGET_NAME="$NAME-run-i"
	attack_while "$MYDOCKER" run --rm -i --name "$TARGET_NAME" -v "$GATE:/gate" busybox sh -c "$TARGET"
	# The spy looked (it saw the targets) and found no terminal at all.
	[ -e "$GATE/seen.1" ]
	[ ! -e "$GATE/hits" ]
}
